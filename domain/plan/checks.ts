/**
 * Checks a plan beyond its shape: the mistakes zod cannot see because they span the document
 * (ids, references, the dependency graph, deadlines against dependencies, sums).
 *
 * Every check appends to the same list so that all problems are reported at once: a plan
 * author fixes the whole file in one pass instead of one error per run.
 * Workflow-safe: no I/O, no Node built-ins, no `Intl`.
 */
import { resolveDue } from '../schedule';
import { checkCalendar } from './check-calendar';
import { issue, type PlanIssue } from './issues';
import type { DueRule, Plan, Task } from './schema';

interface TaskEntry {
  task: Task;
  /** Path of the task, e.g. `responsibilities[3].tasks[1]`. */
  path: string;
}

/** Runs every semantic check on a plan that already has the right shape. */
export function checkPlan(plan: Plan): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const tasks = listTasks(plan);
  const byId = new Map<string, TaskEntry>();
  for (const entry of tasks) if (!byId.has(entry.task.id)) byId.set(entry.task.id, entry);

  checkDuplicateIds(plan, tasks, issues);
  checkUnitReferences(plan, issues);
  checkDependencies(tasks, byId, issues);
  checkCycles(tasks, byId, issues);
  checkDueRules(plan, tasks, byId, issues);
  checkSignoffs(tasks, issues);
  checkConference(plan, issues);
  checkCalendar(plan, issues);
  return issues;
}

function listTasks(plan: Plan): TaskEntry[] {
  return plan.responsibilities.flatMap((r, ri) =>
    r.tasks.map((task, ti) => ({ task, path: `responsibilities[${ri}].tasks[${ti}]` })),
  );
}

function checkDuplicateIds(plan: Plan, tasks: TaskEntry[], issues: PlanIssue[]): void {
  const report = (what: { vi: string; en: string }, ids: { id: string; path: string }[], note = ''): void => {
    const first = new Map<string, string>();
    for (const { id, path } of ids) {
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, path);
        continue;
      }
      issues.push(
        issue(
          `${path}.id`,
          `Mã ${what.vi} "${id}" bị trùng (đã dùng ở ${earlier})${note}`,
          `Duplicate ${what.en} id "${id}" (already used at ${earlier})`,
        ),
      );
    }
  };
  report(
    { vi: 'đơn vị', en: 'unit' },
    plan.units.map((u, i) => ({ id: u.id, path: `units[${i}]` })),
  );
  report(
    { vi: 'nhiệm vụ', en: 'responsibility' },
    plan.responsibilities.map((r, i) => ({ id: r.id, path: `responsibilities[${i}]` })),
  );
  report(
    { vi: 'công việc', en: 'task' },
    tasks.map((t) => ({ id: t.task.id, path: t.path })),
    '; mã công việc phải duy nhất trong toàn bộ kế hoạch',
  );
}

function checkUnitReferences(plan: Plan, issues: PlanIssue[]): void {
  const known = new Set(plan.units.map((u) => u.id));
  const ref = (path: string, id: string | undefined): void => {
    if (id === undefined || known.has(id)) return;
    issues.push(
      issue(path, `Không có đơn vị "${id}" trong danh sách đơn vị (units)`, `No unit "${id}" in the plan's units`),
    );
  };
  const refs = (path: string, ids: readonly string[]): void => ids.forEach((id, i) => ref(`${path}[${i}]`, id));

  ref('organizer', plan.organizer);
  ref('conference.progressReportTo', plan.conference.progressReportTo);
  plan.responsibilities.forEach((r, ri) => {
    const rp = `responsibilities[${ri}]`;
    ref(`${rp}.lead`, r.lead);
    refs(`${rp}.support`, r.support);
    r.tasks.forEach((t, ti) => {
      const tp = `${rp}.tasks[${ti}]`;
      refs(`${tp}.assignees`, t.assignees);
      ref(`${tp}.escalateTo`, t.escalateTo);
      if (t.kind === 'approval') refs(`${tp}.approvers`, t.approvers);
      if (t.kind === 'signoff') refs(`${tp}.signers`, t.signers);
    });
  });
}

function checkDependencies(tasks: TaskEntry[], byId: Map<string, TaskEntry>, issues: PlanIssue[]): void {
  for (const { task, path } of tasks) {
    task.dependsOn.forEach((dep, k) => {
      if (byId.has(dep)) return;
      issues.push(
        issue(
          `${path}.dependsOn[${k}]`,
          `Công việc phụ thuộc "${dep}" không có trong kế hoạch`,
          `Dependency "${dep}" is not a task of the plan`,
        ),
      );
    });
  }
}

/**
 * Finds dependency cycles (strongly connected components, Tarjan) across responsibilities and
 * reports each cycle once, at the edge leaving its first task in plan order.
 */
function checkCycles(tasks: TaskEntry[], byId: Map<string, TaskEntry>, issues: PlanIssue[]): void {
  const edges = (id: string): string[] => (byId.get(id)?.task.dependsOn ?? []).filter((d) => byId.has(d));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: Set<string>[] = [];
  let counter = 0;

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = new Set<string>();
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack.delete(w);
        component.add(w);
        if (w === v) break;
      }
      components.push(component);
    }
  };
  for (const id of byId.keys()) if (!index.has(id)) visit(id);

  for (const component of components) {
    const first = tasks.find((t) => component.has(t.task.id));
    if (!first) continue;
    const start = first.task.id;
    const selfLoop = first.task.dependsOn.includes(start);
    if (component.size === 1 && !selfLoop) continue;
    const cycle = selfLoop ? [start, start] : cycleThrough(start, component, edges);
    const k = first.task.dependsOn.indexOf(cycle[1] ?? start);
    const shown = cycle.map((id) => `"${id}"`).join(' → ');
    issues.push(
      issue(
        `${first.path}.dependsOn[${k}]`,
        `Phụ thuộc vòng tròn: ${shown}; các công việc này sẽ không bao giờ được mở`,
        `Dependency cycle: ${shown}; these tasks could never open`,
      ),
    );
  }
}

/** Shortest path start → … → start inside one strongly connected component (breadth-first). */
function cycleThrough(start: string, component: Set<string>, edges: (id: string) => string[]): string[] {
  const previous = new Map<string, string>();
  const queue = edges(start).filter((w) => component.has(w));
  for (const w of queue) previous.set(w, start);
  while (queue.length > 0) {
    const v = queue.shift() as string;
    if (v === start) break;
    for (const w of edges(v)) {
      if (!component.has(w) || previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  const path = [start];
  for (let v = previous.get(start); v !== undefined && v !== start; v = previous.get(v)) path.unshift(v);
  path.unshift(start);
  return path;
}

function checkDueRules(plan: Plan, tasks: TaskEntry[], byId: Map<string, TaskEntry>, issues: PlanIssue[]): void {
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

function checkSignoffs(tasks: TaskEntry[], issues: PlanIssue[]): void {
  for (const { task, path } of tasks) {
    if (task.kind === 'signoff' && task.signers.length === 0) {
      issues.push(
        issue(
          `${path}.signers`,
          'Công việc ký kết cần ít nhất một đơn vị ký',
          'A sign-off needs at least one signer unit',
        ),
      );
    }
  }
}

function checkConference(plan: Plan, issues: PlanIssue[]): void {
  const { window, delegates = { total: 0, groups: [] as { count: number }[] } } = plan.conference;
  if (window.from > window.to) {
    issues.push(
      issue(
        'conference.window',
        `Khoảng thời gian dự kiến không hợp lệ: ngày bắt đầu ${window.from} sau ngày kết thúc ${window.to}`,
        `Tentative window is reversed: from ${window.from} is after to ${window.to}`,
      ),
    );
  }
  const sum = delegates.groups.reduce((s, g) => s + g.count, 0);
  if (sum !== delegates.total) {
    const parts = delegates.groups.map((g) => g.count).join(' + ');
    issues.push(
      issue(
        'conference.delegates.total',
        `Tổng số đại biểu ${delegates.total} không bằng tổng các nhóm (${parts} = ${sum})`,
        `Delegate total ${delegates.total} does not equal the sum of the groups (${parts} = ${sum})`,
      ),
    );
  }
}
