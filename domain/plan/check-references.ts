/**
 * Cross-checks of names: every id used once, and every unit or task a plan refers to defined in
 * it. A plan author mistypes ids more than anything else, so each bad reference is reported at
 * its own path. Workflow-safe: no I/O, no Node built-ins.
 */
import { issue, type PlanIssue } from './issues';
import type { Plan } from './schema';
import type { TaskEntry } from './task-entries';
import type { Bilingual } from '../bilingual';

/** Ids of units, responsibilities and tasks are used once each: messages and workflow ids name them. */
export function checkDuplicateIds(plan: Plan, tasks: TaskEntry[], issues: PlanIssue[]): void {
  const report = (what: Bilingual, ids: { id: string; path: string }[], note = ''): void => {
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

/** Every unit named (organizer, leads, assignees, approvers, signers, escalation) is in `units`. */
export function checkUnitReferences(plan: Plan, issues: PlanIssue[]): void {
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

/** Every task a task depends on is in the plan (else it would wait for ever). */
export function checkDependencies(tasks: TaskEntry[], byId: Map<string, TaskEntry>, issues: PlanIssue[]): void {
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
