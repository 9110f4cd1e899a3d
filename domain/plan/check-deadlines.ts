/**
 * Cross-checks of deadlines: a phased duty ends with its last phase, a deadline after another
 * task waits on that task, no task falls due before what it waits for, and an approval stage
 * (`approvalDue`) is not due before its task, whatever conference date is still possible. Workflow-safe: no I/O, no Node built-ins, no `Intl`.
 */
import { resolveDue } from '../schedule';
import { issue, type PlanIssue } from './issues';
import type { DueRule, Plan, Task } from './schema';
import type { TaskEntry } from './task-entries';

/** A task's deadlines (and its phases') against its own dependencies. */
export function checkDueRules(plan: Plan, tasks: TaskEntry[], byId: Map<string, TaskEntry>, issues: PlanIssue[]): void {
  for (const { task, path } of tasks) {
    const rules: { rule: DueRule; path: string }[] = [{ rule: task.due, path: `${path}.due` }];
    if (task.kind === 'phased') {
      task.phases.forEach((p, k) => rules.push({ rule: p.due, path: `${path}.phases[${k}].due` }));
      const last = task.phases[task.phases.length - 1];
      if (last && JSON.stringify(last.due) !== JSON.stringify(task.due)) {
        issues.push(
          issue(
            `${path}.due`,
            'Hạn của nhiệm vụ theo giai đoạn phải trùng với hạn của giai đoạn cuối cùng',
            "A phased duty's due must equal its last phase's due",
          ),
        );
      }
    }
    if (
      task.kind === 'approval' &&
      task.approvalDue !== undefined &&
      dueCertainlyBefore(task.approvalDue, task.due, plan)
    ) {
      issues.push(
        issue(
          `${path}.approvalDue`,
          `Hạn duyệt của công việc "${task.id}" sớm hơn hạn nộp của chính nó`,
          `The approval stage of task "${task.id}" is due before the task itself is due`,
        ),
      );
    }
    for (const { rule, path: rulePath } of rules) {
      if (rule.type === 'afterTask') checkAfterTask(task, rule.task, `${rulePath}.task`, byId, issues);
    }
    // The deadline check compares the task's phase deadlines (or its single deadline) with the
    // deadline by which each dependency is expected to finish.
    const own = task.kind === 'phased' ? rules.slice(1) : rules;
    for (const dep of task.dependsOn) {
      const depTask = byId.get(dep)?.task;
      if (!depTask || dep === task.id) continue;
      for (const { rule, path: rulePath } of own) {
        if (dueCertainlyBefore(rule, depTask.due, plan)) {
          issues.push(
            issue(
              rulePath,
              `Hạn của công việc "${task.id}" sớm hơn hạn của công việc "${dep}" mà nó phụ thuộc, với mọi ngày hội nghị có thể chọn`,
              `Task "${task.id}" is due before its dependency "${dep}" is due, whatever the conference date`,
            ),
          );
        }
      }
    }
  }
}

function checkAfterTask(
  task: Task,
  target: string,
  path: string,
  byId: Map<string, TaskEntry>,
  issues: PlanIssue[],
): void {
  if (!byId.has(target)) {
    issues.push(
      issue(
        path,
        `Hạn tính theo công việc "${target}" nhưng công việc này không có trong kế hoạch`,
        `Due rule follows task "${target}", which is not in the plan`,
      ),
    );
  } else if (!task.dependsOn.includes(target)) {
    issues.push(
      issue(
        path,
        `Hạn tính theo công việc "${target}" nên "${target}" phải có trong dependsOn của công việc này`,
        `Due rule follows task "${target}", so "${target}" must be listed in this task's dependsOn`,
      ),
    );
  }
}

/**
 * True when `rule` falls strictly before `depRule` for every conference date still possible: the
 * fixed date if there is one, otherwise every day of the tentative window. Both deadlines move by
 * 0 or 1 day per day of conference date, so their difference is monotone and checking the two
 * ends of the window is enough. An absolute deadline against a conference-relative one is thus
 * compared at the window end most favourable to the plan (the earliest date when the dependency
 * is the relative one, the latest when the task is). Rules after another task's completion have
 * no comparable instant and are never flagged.
 */
function dueCertainlyBefore(rule: DueRule, depRule: DueRule, plan: Plan): boolean {
  if (rule.type === 'afterTask' || depRule.type === 'afterTask') return false;
  const { date, window } = plan.conference;
  const candidates = date !== undefined ? [date] : [window.from, window.to];
  return candidates.every((conferenceDate) => {
    const ctx = { conferenceDate, completedAt: {} };
    const mine = resolveDue(rule, ctx);
    const theirs = resolveDue(depRule, ctx);
    return mine !== null && theirs !== null && mine < theirs;
  });
}
