/**
 * The words every reader-facing output shares, in the reader's language: picking Vietnamese or
 * English, a title in the reader's language, the labels of states, actions, phases and roles,
 * and how far a deadline is. The CLI and the web pages both speak through this module.
 */
import type { LinkRole } from '../domain/actions';
import { undeliveredText } from '../domain/notices';
import { formatShortLocal, type Lang } from '../domain/time';
import type { ConferenceStatus, TaskView, UndeliveredMail } from '../domain/views';
import type { Bilingual } from '../domain/bilingual';

export type { Lang };
export { ACTION_LABEL, actionWordVi, PHASE_LABEL, stateLabel } from '../domain/labels';

export const say = (lang: Lang, vi: string, en: string): string => (lang === 'vi' ? vi : en);

/** A plan title in the reader's language (the Vietnamese one when no English one is given). */
export function titleIn(t: { title: string; titleEn?: string | undefined }, lang: Lang): string {
  return lang === 'en' ? (t.titleEn ?? t.title) : t.title;
}

/** What a reader sees for a part the plan leaves out (delegates, the day before): "không nêu". */
export function notGiven(lang: Lang): string {
  return say(lang, 'không nêu', 'not given');
}

export function roleText(role: LinkRole, lang: Lang): string {
  return {
    unit: say(lang, 'đơn vị', 'unit'),
    organizer: say(lang, 'cơ quan tổ chức', 'organizer'),
    auditor: say(lang, 'kiểm tra', 'auditor'),
  }[role];
}

export function conferenceStatusText(status: 'running' | 'completed' | 'cancelled', lang: Lang): string {
  return say(lang, { running: 'đang chạy', completed: 'đã xong', cancelled: 'đã hủy' }[status], status);
}

const WORKFLOW_STATUS: Readonly<Record<string, Bilingual>> = {
  running: { vi: 'đang chạy', en: 'running' },
  completed: { vi: 'đã xong', en: 'completed' },
  cancelled: { vi: 'đã hủy', en: 'cancelled' },
  canceled: { vi: 'đã hủy', en: 'cancelled' },
  terminated: { vi: 'bị dừng hẳn', en: 'terminated' },
  failed: { vi: 'bị lỗi', en: 'failed' },
  timed_out: { vi: 'hết thời gian chạy', en: 'timed out' },
  continued_as_new: { vi: 'chạy tiếp ở lượt mới', en: 'continued as new' },
};

/**
 * A conference's status as a list reads it: Kehoach's own (search attribute), or Temporal's when
 * the workflow ended without setting it ("terminated", "timed_out"); an unknown one as it is.
 */
export function workflowStatusText(status: string, lang: Lang): string {
  const words = Object.prototype.hasOwnProperty.call(WORKFLOW_STATUS, status) ? WORKFLOW_STATUS[status] : undefined;
  return words ? words[lang] : status;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "còn 2 ngày" / "quá hạn 5 giờ": how far a deadline is from now, in its largest whole unit,
 * computed on the server so a page needs no script and no clock of its own.
 */
export function countdown(dueIso: string, nowIso: string, lang: Lang): { text: string; overdue: boolean } {
  const diff = Date.parse(dueIso) - Date.parse(nowIso);
  const abs = Math.abs(diff);
  const [n, vi, en] =
    abs >= DAY
      ? [Math.floor(abs / DAY), 'ngày', 'day']
      : abs >= HOUR
        ? [Math.floor(abs / HOUR), 'giờ', 'hour']
        : [Math.max(1, Math.floor(abs / MINUTE)), 'phút', 'minute'];
  const enUnit = `${en}${n === 1 ? '' : 's'}`;
  if (diff >= 0) return { text: say(lang, `còn ${n} ${vi}`, `due in ${n} ${enUnit}`), overdue: false };
  return { text: say(lang, `quá hạn ${n} ${vi}`, `overdue by ${n} ${enUnit}`), overdue: true };
}

/**
 * Every mail of a conference a server refused for good, in the reader's language: "Không gửi
 * được thư tới a@x.vn (UBND huyện A): 550 … — Đôn đốc, công việc report-a". The conference's own
 * notices first, then those of each task.
 */
export function undeliveredMailLines(
  status: Pick<ConferenceStatus, 'undelivered' | 'responsibilities'>,
  unitName: (id: string) => string,
  lang: Lang,
): string[] {
  const mails: (UndeliveredMail & { task?: TaskView })[] = [
    ...(status.undelivered ?? []),
    ...status.responsibilities.flatMap((r) =>
      r.tasks.flatMap((task) => (task.undelivered ?? []).map((m) => ({ ...m, task }))),
    ),
  ];
  return mails.map((m) => {
    const text = undeliveredText(m.address, unitName(m.unitId), m.reason)[lang];
    const task = m.task ? say(lang, `, công việc "${m.task.title}"`, `, task "${titleIn(m.task, 'en')}"`) : '';
    return `${text} (${formatShortLocal(m.at)}${task})`;
  });
}
