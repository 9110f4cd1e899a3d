/**
 * A task as the board and the inbox show it, for the CLI and the web alike: the deadline that
 * matters now, why it has none yet, whose move it is, the overdue and late marks, and a unit's
 * inbox. Whose move it is comes from domain/task-kinds, never restated here.
 */
import { awaits, isClosed, ownerUnits } from '../domain/task-kinds';
import type { ConferenceStatus, TaskView } from '../domain/views';
import { say, type Lang } from './words';

/** The deadline that matters now: the next unconfirmed phase of a phased duty, else the task's. */
export function currentDue(t: TaskView): string | null {
  const phase = t.phases.find((p) => p.confirmedAt === undefined && p.due !== null);
  return phase?.due ?? dueInForce(t);
}

/**
 * The task's deadline in force: the last one an extension granted, the organizer set or a return
 * gave (it replaces the plan's rule, as in the responsibility workflow), else the view's. The
 * conference's status recomputes `due` from the plan alone, so without this the board and the
 * inbox would show the old deadline after an extension.
 */
export function dueInForce(t: TaskView): string | null {
  if (t.kind === 'phased') return t.due;
  const set = [...t.history]
    .reverse()
    .find(
      (h) =>
        h.until !== undefined &&
        (h.action === 'extend' ||
          h.action === 'returnWork' ||
          (h.action === 'decideExtension' && h.decision === 'grant')),
    );
  return set?.until ?? t.due;
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

/** Tasks on which `unit` is awaited now (to do, to approve, to sign), soonest deadline first. */
export function inboxOf(s: ConferenceStatus, unit: string): TaskView[] {
  const tasks = s.responsibilities.flatMap((r) => r.tasks).filter((t) => awaits(t, unit));
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
