/**
 * What a living-plan action changed, in one short phrase with the old and the new value
 * ("hạn 20/03/2023 17:00 → 22/03/2023 17:00", "giao lại: b → a"), in Vietnamese or English.
 * Shared by the audit rows, the CLI's answers and the demo, so the three say it the same way.
 * Pure; deadlines are UTC instants shown in Vietnam time.
 */
import type { ActionName } from './actions';
import { formatShortLocal, type Lang } from './time';

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
