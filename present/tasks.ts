/**
 * A task as the board and the inbox show it, for the CLI and the web alike: the deadline that
 * matters now, why it has none yet, whose move it is, the overdue and late marks, and a unit's
 * inbox. Whose move it is comes from domain/task-kinds, never restated here.
 */
import { awaits, isClosed, isLivingPlanAction, ownerUnits } from '../domain/task-kinds';
import { formatShortLocal } from '../domain/time';
import type { ActionRecord, ConferenceStatus, TaskView } from '../domain/views';
import { ACTION_LABEL, say, type Lang } from './words';
import type { Bilingual } from '../domain/bilingual';

/**
 * The deadline that matters now: the next unconfirmed phase of a phased duty, else the task's
 * (the one in force: an extension or a return replaces the plan's rule in the engine itself).
 */
export function currentDue(t: TaskView): string | null {
  const phase = t.phases.find((p) => p.confirmedAt === undefined && p.due !== null);
  return phase?.due ?? t.due;
}

/**
 * The years without their holiday announcement that the deadline shown now (`currentDue`) was
 * counted across in working days: empty when it is not provisional.
 */
export function provisionalYearsOfDue(t: TaskView): number[] {
  const phase = t.phases.find((p) => p.confirmedAt === undefined && p.due !== null);
  return (phase ? phase.provisionalYears : t.provisionalYears) ?? [];
}

/** The mark beside a provisional deadline, as `plan show` writes it. */
export const PROVISIONAL_MARK = '~';

/** What the mark means, for a legend or a tooltip, naming the years. */
export function provisionalText(years: readonly number[], lang: Lang): string {
  const list = years.join(', ');
  return say(
    lang,
    `hạn tạm tính: đếm ngày làm việc theo ngày nghỉ lễ năm ${list} của Bộ luật Lao động, chưa có thông báo nghỉ lễ, Tết của năm; sẽ tính lại khi có thông báo`,
    `provisional deadline: working days counted on the Labour Code's holidays of ${list}, before the year's holiday announcement; recomputed when it comes`,
  );
}

/** Why a task has no deadline yet: it waits for the invitation's date, or for an earlier task. */
export function waitingText(t: TaskView, lang: Lang, long = false): string {
  if (t.waitingFor === 'date') {
    return long
      ? say(lang, 'chờ giấy mời (ngày hội nghị)', 'awaits the conference date')
      : say(lang, 'chờ giấy mời', 'awaits the date');
  }
  if (t.waitingFor === 'task') {
    return long ? say(lang, 'chờ việc trước', 'awaits an earlier task') : say(lang, 'chờ việc trước', 'awaits a task');
  }
  return '—';
}

/** Open and past its deadline. */
export function isOverdue(t: TaskView): boolean {
  return t.overdue && !isClosed(t.state);
}

export const OVERDUE_WORD = { vi: 'QUÁ HẠN', en: 'OVERDUE' } as const;
export const LATE_WORD = { vi: 'trễ hạn', en: 'late' } as const;

/** Who is expected to act now (the approvers once submitted, signers who have not signed). */
export function owners(t: TaskView, name: (id: string) => string = (id) => id): string {
  return ownerUnits(t).map(name).join(', ');
}

/**
 * Tasks on which `unit` is awaited now (to do, to approve, to sign), soonest deadline first;
 * given the plan's organizer, the organizer's inbox also holds the extension requests it has
 * to answer.
 */
export function inboxOf(s: ConferenceStatus, unit: string, organizer?: string): TaskView[] {
  const tasks = s.responsibilities
    .flatMap((r) => r.tasks)
    .filter((t) => awaits(t, unit) || (unit === organizer && awaitsAnswer(t)));
  const key = (t: TaskView): string => currentDue(t) ?? '9999';
  return tasks.sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
}

/** Whether a unit has a part in a task: it does it, approves it or signs it. */
export function involves(t: TaskView, unitId: string): boolean {
  return t.assignees.includes(unitId) || t.deciders.includes(unitId);
}

/** Tasks awaiting the unit now, and the unit's other tasks (done, blocked, with someone else). */
export function unitTasks(s: ConferenceStatus, unitId: string): { awaiting: TaskView[]; others: TaskView[] } {
  const awaiting = inboxOf(s, unitId);
  const ids = new Set(awaiting.map((t) => t.id));
  const others = s.responsibilities.flatMap((r) => r.tasks).filter((t) => !ids.has(t.id) && involves(t, unitId));
  return { awaiting, others };
}

/** A request for more time the organizer has not answered yet, on a task still open. */
export function awaitsAnswer(t: TaskView): boolean {
  return t.extensionRequest !== undefined && !isClosed(t.state);
}

/** The deadline the unit had asked for when the action at `index` answered its request. */
export function askedBefore(history: readonly ActionRecord[], index: number): string | undefined {
  if (history[index]?.action !== 'decideExtension') return undefined;
  return history
    .slice(0, index)
    .reverse()
    .find((h) => h.action === 'requestExtension')?.until;
}

/**
 * What the living plan adds to a task on the board and in the inbox: the extension asked and
 * not yet answered, and the assignee's latest progress note.
 */
export function livingNotes(t: TaskView, lang: Lang, name: (id: string) => string = (id) => id): string[] {
  const notes: string[] = [];
  const ask = t.extensionRequest;
  if (ask && !isClosed(t.state)) {
    notes.push(
      say(
        lang,
        `${name(ask.by.unitId)} xin gia hạn đến ${formatShortLocal(ask.until)}: ${ask.reason}`,
        `${name(ask.by.unitId)} asks for more time until ${formatShortLocal(ask.until)}: ${ask.reason}`,
      ),
    );
  }
  const p = t.progress;
  if (p) {
    const percent = p.percent !== undefined ? say(lang, `${p.percent} % — `, `${p.percent}% — `) : '';
    notes.push(`${say(lang, 'tiến độ', 'progress')} ${percent}${p.note}`);
  }
  return notes;
}

/**
 * Where a task stands for a report or a picture of the plan: done on time, done late, open past
 * its deadline, open within it, waiting (for the date or an earlier task), or out of the plan
 * (withdrawn, cancelled).
 */
export type Standing = 'done' | 'late' | 'overdue' | 'open' | 'waiting' | 'closed';

export function standingOf(t: TaskView): Standing {
  if (t.state === 'done') return t.late ? 'late' : 'done';
  if (t.state === 'withdrawn' || t.state === 'cancelled') return 'closed';
  if (isOverdue(t)) return 'overdue';
  if (t.state === 'blocked' || t.waitingFor !== null) return 'waiting';
  return 'open';
}

export const STANDING_LABEL: Record<Standing, Bilingual> = {
  done: { vi: 'xong đúng hạn', en: 'done on time' },
  late: { vi: 'xong trễ hạn', en: 'done late' },
  overdue: { vi: 'quá hạn', en: 'overdue' },
  open: { vi: 'đang làm', en: 'in progress' },
  waiting: { vi: 'đang chờ', en: 'waiting' },
  closed: { vi: 'rút/hủy', en: 'withdrawn/cancelled' },
};

/**
 * The confirmation after a unit's action on a task: the action and the task by its title, and
 * "trễ hạn" when the action was recorded after the deadline. Falls back to the id for a task the
 * board no longer shows.
 */
export function actionConfirmation(t: TaskView | undefined, taskId: string, lang: Lang): string {
  if (!t) return say(lang, `Đã ghi nhận thao tác cho công việc ${taskId}.`, `Recorded your action on task ${taskId}.`);
  const last = t.history.at(-1);
  const title = lang === 'en' ? (t.titleEn ?? t.title) : t.title;
  const action = last ? ACTION_LABEL[last.action][lang].toLocaleLowerCase(lang) : undefined;
  const what = action
    ? say(lang, `"${action}" cho công việc`, `"${action}" on`)
    : say(lang, 'thao tác cho công việc', 'your action on');
  // A change to the plan (an extension, a return) is the organizer's, neither on time nor late.
  const late = last?.late && !isLivingPlanAction(last.action) ? say(lang, ' — trễ hạn', ' — late') : '';
  return say(lang, `Đã ghi nhận ${what} "${title}"${late}.`, `Recorded ${what} "${title}"${late}.`);
}

/** A unit's short name from the plan (as the board prints it), or its id when the plan does not name it. */
export function unitShortNames(
  plan: { units: readonly { id: string; shortName: string }[] } | undefined,
): (id: string) => string {
  const names = new Map((plan?.units ?? []).map((u) => [u.id, u.shortName]));
  return (id) => names.get(id) ?? id;
}
