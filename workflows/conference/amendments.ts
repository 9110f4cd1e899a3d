/**
 * How an amendment changes the plan in force, as pure functions the conference state calls: the
 * plan with a task added or changed (refusing an id already taken, or a change with nothing in
 * it), the values a change replaced, and the board row of a task just added. The state decides
 * the order of the checks and keeps the version and the records.
 */
import type { AmendmentInput, TaskPatch } from '../../domain/amendments';
import type { PlanIssue } from '../../domain/plan/issues';
import type { Plan, Task } from '../../domain/plan/schema';
import { decidersOf } from '../../domain/task-kinds';
import type { TaskView } from '../../domain/views';
import { refuse } from './refusals';

/** The plan with the task added to its responsibility; refuses an id the plan already has. */
export function planWithTask(plan: Plan, input: Extract<AmendmentInput, { op: 'addTask' }>): Plan {
  const ri = plan.responsibilities.findIndex((r) => r.id === input.responsibilityId);
  const path = pathOf(plan, input.task.id);
  const here = `responsibilities[${ri}].tasks[${plan.responsibilities[ri]?.tasks.length ?? 0}].id`;
  if (path) throw refuse.taskIdTaken(here, input.task.id, path);
  return {
    ...plan,
    responsibilities: plan.responsibilities.map((r, i) => (i === ri ? { ...r, tasks: [...r.tasks, input.task] } : r)),
  };
}

/** The plan with the task's title or deadline rule changed; refuses a change with nothing in it. */
export function planWithChange(plan: Plan, owner: string, input: Extract<AmendmentInput, { op: 'changeTask' }>): Plan {
  const patch = patchOf(input);
  if (Object.keys(patch).length === 0) throw refuse.nothingToChange();
  return {
    ...plan,
    responsibilities: plan.responsibilities.map((r) =>
      r.id !== owner ? r : { ...r, tasks: r.tasks.map((t) => (t.id === input.taskId ? { ...t, ...patch } : t)) },
    ),
  };
}

/** Where a task sits in the plan (`responsibilities[1].tasks[0]`), if it does. */
export function pathOf(plan: Plan, taskId: string): string | undefined {
  for (const [ri, r] of plan.responsibilities.entries()) {
    const ti = r.tasks.findIndex((t) => t.id === taskId);
    if (ti >= 0) return `responsibilities[${ri}].tasks[${ti}]`;
  }
  return undefined;
}

/** What a change replaced: the old title or deadline rule, for the record's before → after. */
export function previousValues(old: Task, patch: TaskPatch): TaskPatch {
  const was: TaskPatch = {};
  if (patch.title !== undefined) was.title = old.title;
  if (patch.titleEn !== undefined && old.titleEn !== undefined) was.titleEn = old.titleEn;
  if (patch.due !== undefined) was.due = old.due;
  return was;
}

export function issueKey(i: PlanIssue): string {
  return `${i.path} ${i.message.en}`;
}

export function patchOf(input: { title?: string; titleEn?: string; due?: Task['due'] }): TaskPatch {
  return {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.titleEn !== undefined ? { titleEn: input.titleEn } : {}),
    ...(input.due !== undefined ? { due: input.due } : {}),
  };
}

/** A task just added, as the mirror shows it until its responsibility reports it. */
export function blockedView(responsibilityId: string, task: Task): TaskView {
  return {
    id: task.id,
    responsibilityId,
    title: task.title,
    ...(task.titleEn !== undefined ? { titleEn: task.titleEn } : {}),
    kind: task.kind,
    clause: task.clause,
    assignees: [...task.assignees],
    deciders: [...decidersOf(task)],
    dependsOn: [...task.dependsOn],
    state: 'blocked',
    due: null,
    waitingFor: null,
    organizerChoice: task.organizerChoice,
    overdue: false,
    signedBy: [],
    phases: [],
    history: [],
  };
}
