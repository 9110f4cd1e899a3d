/**
 * The plan's tasks flattened with the path each has in the file, and indexed by id: the one walk
 * every cross-check shares, so a check reports the path an author can find in the YAML.
 * Workflow-safe: no I/O, no Node built-ins.
 */
import type { Plan, Task } from './schema';

export interface TaskEntry {
  task: Task;
  /** Path of the task, e.g. `responsibilities[3].tasks[1]`. */
  path: string;
}

/** Every task in plan order. */
export function listTasks(plan: Plan): TaskEntry[] {
  return plan.responsibilities.flatMap((r, ri) =>
    r.tasks.map((task, ti) => ({ task, path: `responsibilities[${ri}].tasks[${ti}]` })),
  );
}

/** Tasks by id; the first of a duplicated id wins (the duplicate is reported by its own check). */
export function indexTasks(tasks: readonly TaskEntry[]): Map<string, TaskEntry> {
  const byId = new Map<string, TaskEntry>();
  for (const entry of tasks) if (!byId.has(entry.task.id)) byId.set(entry.task.id, entry);
  return byId;
}
