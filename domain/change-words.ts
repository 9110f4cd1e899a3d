/**
 * What a living-plan action changed, in one short phrase with the old and the new value
 * ("hạn 20/03/2023 17:00 → 22/03/2023 17:00", "giao lại: b → a"), in Vietnamese or English.
 * Shared by the audit rows, the CLI's answers and the demo, so the three say it the same way.
 * Pure; deadlines are UTC instants shown in Vietnam time.
 */
import type { ActionName } from './actions';
import type { DueRule } from './plan/schema';
import { formatShortLocal, type Lang } from './time';
import type { AmendmentView } from './views';

/** The parts of an accepted action's record (ActionRecord) that say what changed. */
export interface ChangeFacts {
  action: ActionName;
  until?: string | undefined;
  previousDue?: string | null | undefined;
  decision?: 'grant' | 'refuse' | undefined;
  percent?: number | undefined;
  assignees?: readonly string[] | undefined;
  previousAssignees?: readonly string[] | undefined;
}

const at = (iso: string | null | undefined, lang: Lang): string =>
  iso ? formatShortLocal(iso) : lang === 'vi' ? 'chưa có hạn' : 'none';

/**
 * The change, without the reason or the note (the caller adds those). `asked` is the deadline
 * the unit asked for, for an answer to its request. Empty for an action that changes nothing
 * (a comment) or that is not a living-plan action.
 */
export function changeText(r: ChangeFacts, lang: Lang, asked?: string): string {
  const vi = lang === 'vi';
  const from = at(r.previousDue, lang);
  const to = at(r.until, lang);
  switch (r.action) {
    case 'requestExtension':
      return vi
        ? `xin gia hạn đến ${to} (hạn đang có ${from})`
        : `asks for more time until ${to} (deadline now ${from})`;
    case 'decideExtension': {
      const askedText = asked ? (vi ? `xin đến ${at(asked, lang)}` : `asked until ${at(asked, lang)}`) : '';
      if (r.decision === 'grant') {
        const other = asked && r.until && asked !== r.until ? ` (${askedText})` : '';
        return vi
          ? `đồng ý gia hạn: hạn ${from} → ${to}${other}`
          : `extension granted: deadline ${from} → ${to}${other}`;
      }
      const why = askedText ? ` (${askedText})` : '';
      return vi
        ? `không đồng ý gia hạn${why}; hạn giữ nguyên ${from}`
        : `extension refused${why}; deadline stays ${from}`;
    }
    case 'extend':
      return vi ? `gia hạn: hạn ${from} → ${to}` : `deadline extended: ${from} → ${to}`;
    case 'returnWork':
      return vi
        ? `trả lại kết quả, công việc mở lại; hạn ${from} → ${to}`
        : `work returned, task reopened; deadline ${from} → ${to}`;
    case 'reassign': {
      const units = (u: readonly string[] | undefined): string => (u && u.length > 0 ? u.join(', ') : '—');
      return `${vi ? 'giao lại' : 'reassigned'}: ${units(r.previousAssignees)} → ${units(r.assignees)}`;
    }
    case 'withdraw':
      return vi ? `rút khỏi kế hoạch (hạn lúc rút: ${from})` : `withdrawn from the plan (deadline was ${from})`;
    case 'progressNote':
      return r.percent !== undefined ? (vi ? `tiến độ ${r.percent} %` : `progress ${r.percent}%`) : '';
    default:
      return '';
  }
}

const SPAN_UNIT = {
  vi: { d: 'ngày', wd: 'ngày làm việc', h: 'giờ', m: 'phút' },
  en: { d: 'days', wd: 'working days', h: 'hours', m: 'minutes' },
} as const;

/** A span as written in a plan (`3d`, `5wd`, `2h`) in words: "5 ngày làm việc" / "5 working days". */
export function spanText(span: string, lang: Lang): string {
  const [, n = '', unit = 'd'] = /^(\d+)(wd|d|h|m)$/.exec(span) ?? [];
  return `${n} ${SPAN_UNIT[lang][unit as 'd' | 'wd' | 'h' | 'm']}`;
}

/** "3 ngày sau khi xong t1" / "3 days after t1 is done". */
export function afterTaskText(rule: Extract<DueRule, { type: 'afterTask' }>, lang: Lang): string {
  const span = spanText(rule.after, lang);
  return lang === 'vi' ? `${span} sau khi xong ${rule.task}` : `${span} after ${rule.task} is done`;
}

/** A deadline rule in one line, as written in a plan file (`ngày hội nghị -2 lúc 17:00`). */
export function ruleText(rule: DueRule, lang: Lang): string {
  const vi = lang === 'vi';
  switch (rule.type) {
    case 'absolute':
      return `${vi ? 'trước' : 'by'} ${rule.at.replace('T', ' ')}`;
    case 'conference': {
      const day = `${rule.day >= 0 ? '+' : ''}${rule.day}`;
      return vi
        ? `ngày hội nghị ${day}${rule.workingDays ? ' ngày làm việc' : ''} lúc ${rule.time}`
        : `conference day ${day}${rule.workingDays ? ' working days' : ''} at ${rule.time}`;
    }
    case 'afterConference': {
      const span = spanText(rule.after, lang);
      const time = rule.time ? (vi ? ` lúc ${rule.time}` : ` at ${rule.time}`) : '';
      return vi ? `${span} sau hội nghị${time}` : `${span} after the conference${time}`;
    }
    case 'afterTask':
      return afterTaskText(rule, lang);
  }
}

/** The title, English title and deadline rule an amendment set, in one phrase ("—" for none). */
export function taskPatchText(patch: AmendmentView['after'], lang: Lang): string {
  if (!patch) return '—';
  const parts: string[] = [];
  if (patch.title !== undefined) parts.push(`"${patch.title}"`);
  if (patch.titleEn !== undefined) parts.push(`"${patch.titleEn}" (en)`);
  if (patch.due !== undefined) parts.push(ruleText(patch.due, lang));
  return parts.join(', ') || '—';
}

/** What an amendment did: "thêm công việc t9 vào r1" / "changed task t3". */
export function amendmentWhat(a: Pick<AmendmentView, 'op' | 'taskId' | 'responsibilityId'>, lang: Lang): string {
  const vi = lang === 'vi';
  if (a.op === 'addTask')
    return vi
      ? `thêm công việc ${a.taskId} vào ${a.responsibilityId}`
      : `added task ${a.taskId} to ${a.responsibilityId}`;
  return vi ? `sửa công việc ${a.taskId}` : `changed task ${a.taskId}`;
}

/** What an amendment changed: the new task's title and rule, or before → after. */
export function amendmentChange(a: Pick<AmendmentView, 'op' | 'before' | 'after'>, lang: Lang): string {
  return a.op === 'addTask'
    ? taskPatchText(a.after, lang)
    : `${taskPatchText(a.before, lang)} → ${taskPatchText(a.after, lang)}`;
}
