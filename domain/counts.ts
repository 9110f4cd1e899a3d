/**
 * The tally of a board's tasks, which the conference workflow computes for its status and result.
 * Kept apart from `views.ts` so the workflows, which call it, import the view schemas as types
 * only: every module a workflow imports at run time is evaluated again in each cached workflow.
 *
 * Workflow-safe: pure, no I/O.
 */
import type { Counts, TaskView } from './views';

/** Tallies tasks; overdue counts tasks not done and past their deadline. */
export function countTasks(tasks: readonly TaskView[]): Counts {
  const c: Counts = { total: 0, done: 0, open: 0, blocked: 0, overdue: 0, late: 0 };
  for (const t of tasks) {
    // A withdrawn task is no longer part of the plan.
    if (t.state === 'withdrawn') continue;
    c.total++;
    if (t.state === 'done') c.done++;
    else if (t.state === 'blocked') c.blocked++;
    else if (t.state !== 'cancelled') c.open++;
    if (t.overdue && t.state !== 'done') c.overdue++;
    if (t.late) c.late++;
  }
  return c;
}
