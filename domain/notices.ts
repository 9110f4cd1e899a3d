/**
 * The words of notifications and summaries, in Vietnamese and English. Workflow-safe: dates are
 * formatted by arithmetic in Vietnam time (see ./time).
 */
import type { Bilingual } from './bilingual';
import { formatAdministrativeDate, formatShortLocal } from './time';

/**
 * How many times Temporal runs the notify activity (the workflows' retry policy, in
 * workflows/outbox): at the last attempt, a mail a server still does not take is reported as
 * undelivered instead of failing the activity, so that the board shows it.
 */
export const NOTIFY_MAX_ATTEMPTS = 5;

// Its home is ./bilingual; said here too for the workflows that took it from the notices.
export type { Bilingual };

interface TaskRef {
  id: string;
  title: string;
  titleEn?: string | undefined;
}

const en = (t: TaskRef): string => t.titleEn ?? t.title;

export function reminderText(task: TaskRef, due: string, provisionalYears: readonly number[] = []): Bilingual {
  const note = provisionalNote(provisionalYears);
  return {
    vi: `Đôn đốc: "${task.title}" đến hạn lúc ${formatShortLocal(due)} (${formatAdministrativeDate(due, 'vi')}).${note.vi}`,
    en: `Reminder: "${en(task)}" is due at ${formatShortLocal(due)} (${formatAdministrativeDate(due, 'en')}).${note.en}`,
  };
}

export function overdueText(task: TaskRef, due: string, provisionalYears: readonly number[] = []): Bilingual {
  const note = provisionalNote(provisionalYears);
  return {
    vi: `Quá hạn: "${task.title}" chưa hoàn thành, hạn là ${formatShortLocal(due)}.${note.vi}`,
    en: `Overdue: "${en(task)}" is not done; it was due at ${formatShortLocal(due)}.${note.en}`,
  };
}

/**
 * The words that mark a deadline counted in working days across a year whose holiday announcement
 * is not on file (the law's days alone): it may move. Empty when none is; a leading space otherwise.
 */
export function provisionalNote(years: readonly number[]): Bilingual {
  if (years.length === 0) return { vi: '', en: '' };
  const list = years.join(', ');
  return {
    vi: ` Hạn tạm tính: chưa có thông báo nghỉ lễ, Tết năm ${list}, ngày làm việc được tính theo ngày nghỉ của Bộ luật Lao động; hạn có thể thay đổi khi có thông báo.`,
    en: ` Provisional deadline: no holiday announcement for ${list} yet, so working days are counted on the Labour Code's days off; it may move when the announcement comes.`,
  };
}

/** A phase's deadline before and after a change (a phased duty's before, during, after). */
export interface PhaseMove {
  label: string;
  from: string | null;
  to: string | null;
}

/**
 * A deadline a newer holiday calendar moved, when the announcement of `years` arrived in a
 * release: the old and the new deadline (and each phase's that moved), and whether the new one
 * is still provisional (counted across another year without its announcement).
 */
export function calendarMovedText(
  task: TaskRef,
  move: { from: string | null; to: string | null; phases: readonly PhaseMove[] },
  years: readonly number[],
  provisionalYears: readonly number[] = [],
): Bilingual {
  const at = (iso: string | null, lang: 'vi' | 'en'): string =>
    iso ? when(iso, lang) : lang === 'vi' ? 'chưa có hạn' : 'none';
  const list = years.join(', ');
  const phases = (lang: 'vi' | 'en'): string =>
    move.phases.map((p) => ` ${p.label}: ${at(p.from, lang)} → ${at(p.to, lang)}.`).join('');
  const note = provisionalNote(provisionalYears);
  return {
    vi: `Điều chỉnh hạn "${task.title}" theo thông báo nghỉ lễ, Tết năm ${list}: hạn cũ ${at(move.from, 'vi')}, hạn mới ${at(move.to, 'vi')}.${phases('vi')}${note.vi}`,
    en: `"${en(task)}" has a new deadline after the ${list} holiday announcement: it was ${at(move.from, 'en')}, it is now ${at(move.to, 'en')}.${phases('en')}${note.en}`,
  };
}

export function refusedText(taskId: string, reason: Bilingual): Bilingual {
  return {
    vi: `Yêu cầu về công việc "${taskId}" bị từ chối: ${reason.vi}`,
    en: `Request on task "${taskId}" refused: ${reason.en}`,
  };
}

export function dateChangedText(date: string, reason: string): Bilingual {
  return {
    vi: `Hội nghị tổ chức ${formatAdministrativeDate(date, 'vi')}. Lý do: ${reason}`,
    en: `The conference is set for ${formatAdministrativeDate(date, 'en')}. Reason: ${reason}`,
  };
}

export function cancelledText(reason: string): Bilingual {
  return { vi: `Hội nghị đã bị hủy. Lý do: ${reason}`, en: `The conference was cancelled. Reason: ${reason}` };
}

// ---- the living plan ----

const when = (at: string, lang: 'vi' | 'en'): string =>
  `${formatShortLocal(at)} (${formatAdministrativeDate(at, lang)})`;

/**
 * A unit's request for more time, to the organizer. The unit is named by its name in the plan;
 * without one (conferences started before names were given here) by its id.
 */
export function extensionRequestedText(
  task: TaskRef,
  unit: string | { name: string },
  until: string,
  reason: string,
): Bilingual {
  const who =
    typeof unit === 'string' ? { vi: `đơn vị ${unit}`, en: `unit ${unit}` } : { vi: unit.name, en: unit.name };
  return {
    vi: `Đề nghị gia hạn: ${who.vi} xin gia hạn "${task.title}" đến ${when(until, 'vi')}. Lý do: ${reason}`,
    en: `Extension request: ${who.en} asks to extend "${en(task)}" to ${when(until, 'en')}. Reason: ${reason}`,
  };
}

export function extensionDecidedText(task: TaskRef, until: string | null, reason: string | undefined): Bilingual {
  const why = reason ? { vi: ` Lý do: ${reason}`, en: ` Reason: ${reason}` } : { vi: '', en: '' };
  return until
    ? {
        vi: `Đồng ý gia hạn "${task.title}" đến ${when(until, 'vi')}.${why.vi}`,
        en: `Extension granted: "${en(task)}" is now due at ${when(until, 'en')}.${why.en}`,
      }
    : {
        vi: `Không đồng ý gia hạn "${task.title}"; hạn giữ nguyên.${why.vi}`,
        en: `Extension refused for "${en(task)}"; the deadline stands.${why.en}`,
      };
}

export function deadlineChangedText(task: TaskRef, until: string, reason: string): Bilingual {
  return {
    vi: `Gia hạn "${task.title}" đến ${when(until, 'vi')}. Lý do: ${reason}`,
    en: `"${en(task)}" is extended to ${when(until, 'en')}. Reason: ${reason}`,
  };
}

export function returnedText(task: TaskRef, until: string, reason: string): Bilingual {
  return {
    vi: `Trả lại kết quả "${task.title}", đề nghị hoàn thành lại trước ${when(until, 'vi')}. Lý do: ${reason}`,
    en: `The work on "${en(task)}" was returned; do it again by ${when(until, 'en')}. Reason: ${reason}`,
  };
}

export function reassignedText(task: TaskRef, from: string[], to: string[], reason: string): Bilingual {
  return {
    vi: `Giao lại "${task.title}" từ ${from.join(', ')} cho ${to.join(', ')}. Lý do: ${reason}`,
    en: `"${en(task)}" moved from ${from.join(', ')} to ${to.join(', ')}. Reason: ${reason}`,
  };
}

export function withdrawnText(task: TaskRef, reason: string): Bilingual {
  return {
    vi: `Rút "${task.title}" khỏi kế hoạch. Lý do: ${reason}`,
    en: `"${en(task)}" was withdrawn from the plan. Reason: ${reason}`,
  };
}

/** Timer summary shown in the Temporal Web UI: "Hạn: Báo cáo tổng kết — 20/03/2023 00:00". */
export function timerSummary(kind: 'reminder' | 'due', task: TaskRef, at: string): string {
  return `${kind === 'due' ? 'Hạn' : 'Đôn đốc'}: ${task.title} — ${formatShortLocal(at)}`;
}

// ---- e-mail ----

/** A mail the recipient's server refused for good (5xx, unknown mailbox): shown on the board and in the audit. */
export function undeliveredText(address: string, unitName: string, reason: string): Bilingual {
  return {
    vi: `Không gửi được thư tới ${address} (${unitName}): ${reason}`,
    en: `Could not send mail to ${address} (${unitName}): ${reason}`,
  };
}

interface DigestTask extends TaskRef {
  due: string | null;
  overdue: boolean;
}

/**
 * The daily digest of one unit: its tasks overdue, then those due within `soonMs` of `at`, or
 * null when there is nothing to say (no mail is sent then).
 */
export function digestText(unitName: string, at: string, tasks: DigestTask[], soonMs: number): Bilingual | null {
  const atMs = Date.parse(at);
  const overdue = tasks.filter((t) => t.overdue && t.due);
  const soon = tasks
    .filter((t) => !t.overdue && t.due && Date.parse(t.due) - atMs <= soonMs)
    .sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
  if (overdue.length === 0 && soon.length === 0) return null;
  const line = (t: DigestTask, lang: 'vi' | 'en'): string =>
    `- ${lang === 'vi' ? t.title : en(t)} — ${lang === 'vi' ? 'hạn' : 'due'} ${when(t.due ?? at, lang)}`;
  const part = (head: string, list: DigestTask[], lang: 'vi' | 'en'): string[] =>
    list.length ? [head, ...list.map((t) => line(t, lang))] : [];
  return {
    vi: [
      `Thư tổng hợp ${formatAdministrativeDate(at, 'vi')} gửi ${unitName}.`,
      ...part(`Quá hạn (${overdue.length}):`, overdue, 'vi'),
      ...part(`Sắp đến hạn (${soon.length}):`, soon, 'vi'),
    ].join('\n'),
    en: [
      `Daily digest of ${formatAdministrativeDate(at, 'en')} for ${unitName}.`,
      ...part(`Overdue (${overdue.length}):`, overdue, 'en'),
      ...part(`Due soon (${soon.length}):`, soon, 'en'),
    ].join('\n'),
  };
}
