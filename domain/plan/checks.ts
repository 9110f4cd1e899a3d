/**
 * Checks a plan beyond its shape: the mistakes zod cannot see because they span the document
 * (ids, references, the dependency graph, deadlines against dependencies, sums).
 *
 * Every check appends to the same list so that all problems are reported at once: a plan
 * author fixes the whole file in one pass instead of one error per run.
 * This file fixes the order the families run in (and so the order of the report); each family
 * has its own file: check-references, check-graph, check-deadlines, check-numbers.
 * Workflow-safe: no I/O, no Node built-ins, no `Intl`.
 */
import type { PlanIssue } from './issues';
import { checkCalendar } from './check-calendar';
import { checkDueRules } from './check-deadlines';
import { checkCycles } from './check-graph';
import { checkConference, checkSignoffs } from './check-numbers';
import { checkDependencies, checkDuplicateIds, checkUnitReferences } from './check-references';
import type { Plan } from './schema';
import { indexTasks, listTasks } from './task-entries';

/**
 * Runs every semantic check on a plan that already has the right shape; working days are counted
 * at `calendar` (a running conference's own version; the current one by default).
 */
export function checkPlan(plan: Plan, calendar?: number): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const tasks = listTasks(plan);
  const byId = indexTasks(tasks);

  checkDuplicateIds(plan, tasks, issues);
  checkUnitReferences(plan, issues);
  checkDependencies(tasks, byId, issues);
  checkCycles(tasks, byId, issues);
  checkDueRules(plan, tasks, byId, issues);
  checkSignoffs(tasks, issues);
  checkConference(plan, issues);
  checkCalendar(plan, issues, calendar);
  return issues;
}
