/**
 * When a responsibility must wake: a reminder before each open deadline and the deadline itself
 * (the task turns overdue), for a task or for each unconfirmed phase of a phased duty. A moved
 * deadline is a new key, so its alarms fire again; a reminder from before a deadline was known is
 * skipped. Pure: the workflow arms one timer for the soonest alarm.
 */
import type { Phase, Task } from '../../domain/plan/schema';
import { isClosed } from '../../domain/task-kinds';
import type { BoardFacts, TaskRuntime } from './runtime';

/** A reminder before a deadline, or the deadline itself (the task turns overdue). */
export interface Alarm {
  key: string;
  taskId: string;
  kind: 'reminder' | 'due';
  /** Plan instant the alarm fires at. */
  at: string;
  /** The deadline it is about. */
  deadline: string;
  phase?: Phase;
}

/** What a fired alarm asks the workflow to do: tell these units. */
export interface FiredAlarm extends Alarm {
  recipients: string[];
  task: Task;
}

export interface OpenDeadline {
  key: string;
  due: string;
  reminders: string[];
  phaseOpt: { phase?: Phase };
}

/** The deadlines of a task still to be met: its own, or each unconfirmed phase's. */
export function openDeadlines(board: BoardFacts, t: TaskRuntime): OpenDeadline[] {
  const s = board.schedule(t.spec);
  if (t.spec.kind === 'phased') {
    return s.phases
      .filter((p) => p.due !== null && !t.confirmed[p.phase])
      .map((p) => ({
        key: `${t.spec.id}|${p.phase}|${p.due}`,
        due: p.due as string,
        reminders: p.reminders,
        phaseOpt: { phase: p.phase },
      }));
  }
  return s.due === null ? [] : [{ key: `${t.spec.id}|-|${s.due}`, due: s.due, reminders: s.reminders, phaseOpt: {} }];
}

/** Alarms not yet fired, soonest first (a reminder before a deadline at the same instant). */
export function pendingAlarms(board: BoardFacts, tasks: Iterable<TaskRuntime>): Alarm[] {
  const alarms: Alarm[] = [];
  for (const t of tasks) {
    if (isClosed(t.state)) continue;
    for (const d of openDeadlines(board, t)) {
      const since = board.deadlineSince.get(d.key) ?? d.due;
      if (!board.fired.has(`${d.key}|due`)) {
        alarms.push({
          key: `${d.key}|due`,
          taskId: t.spec.id,
          kind: 'due',
          at: d.due,
          deadline: d.due,
          ...d.phaseOpt,
        });
      }
      for (const at of d.reminders) {
        const key = `${d.key}|remind@${at}`;
        if (at >= since && !board.fired.has(key)) {
          alarms.push({ key, taskId: t.spec.id, kind: 'reminder', at, deadline: d.due, ...d.phaseOpt });
        }
      }
    }
  }
  return alarms.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'reminder' ? -1 : 1));
}

/** Whether a deadline of the open task has passed (its due alarm fired). */
export function isOverdue(board: BoardFacts, t: TaskRuntime): boolean {
  return !isClosed(t.state) && openDeadlines(board, t).some((d) => board.fired.has(`${d.key}|due`));
}
