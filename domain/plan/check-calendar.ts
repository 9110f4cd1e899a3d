/**
 * Checks that every deadline counted in working days (`5wd`, `workingDays: true`) falls in years
 * whose holidays the engine knows (`domain/calendar/<year>.ts`). Working days are not guessed: a
 * year without its calendar file makes the plan (or, in the workflow and `kehoach start`, the
 * chosen date) refused, with the year and the file to add.
 *
 * Deadlines are tried at every conference date still possible (the fixed date, or each day of the
 * tentative window) with every task completed on time, so a working-day deadline after another
 * task is tried at that task's own deadline. Plans without working days are not examined.
 * Workflow-safe: pure, no I/O, no Node built-ins (the workflow runs it when the date moves).
 */
import { calendarPath, CalendarMissingError } from '../calendar';
import { resolveDue, resolveDueOrThrow, type ScheduleContext } from '../schedule';
import { addLocalDays, isWorkingDaySpan, subtractSpan } from '../time';
import { issue, type PlanIssue } from './issues';
import type { DueRule, Plan } from './schema';

/** Beyond this many days, a tentative window is tried at its two ends only. */
const MAX_WINDOW_DAYS = 400;

interface WorkingDayUse {
  path: string;
  taskId: string;
  /** The rule counted in working days, or the task's own rule when a reminder is. */
  rule: DueRule;
  /** A working-day reminder (`remindBefore: [2wd]`) before the task's deadline. */
  remind?: string;
}

/** Appends one issue per place and missing year; does nothing for a plan without working days. */
export function checkCalendar(plan: Plan, issues: PlanIssue[]): void {
  const uses = workingDayUses(plan);
  if (uses.length === 0) return;
  const missing = new Map<string, Set<number>>();
  for (const conferenceDate of candidateDates(plan)) {
    const ctx = onTimeContext(plan, conferenceDate);
    for (const use of uses) {
      try {
        const due = resolveDueOrThrow(use.rule, ctx);
        if (use.remind !== undefined && due !== null) subtractSpan(due, use.remind);
      } catch (e) {
        if (!(e instanceof CalendarMissingError)) throw e;
        const years = missing.get(use.path) ?? new Set<number>();
        years.add(e.year);
        missing.set(use.path, years);
      }
    }
  }
  for (const [path, years] of missing) {
    for (const year of [...years].sort()) {
      issues.push(
        issue(
          path,
          `Hạn tính theo ngày làm việc cần lịch ngày nghỉ lễ năm ${year}, nhưng chưa có tệp ${calendarPath(year)}; cần bổ sung tệp này theo thông báo nghỉ lễ, Tết năm ${year} (hoặc tính hạn theo ngày thường, "d")`,
          `This working-day deadline needs the holiday calendar of ${year}, but there is no ${calendarPath(year)}; add that file from the official ${year} holiday announcement (or count the deadline in calendar days, "d")`,
        ),
      );
    }
  }
}

function workingDayUses(plan: Plan): WorkingDayUse[] {
  const uses: WorkingDayUse[] = [];
  plan.responsibilities.forEach((r, ri) =>
    r.tasks.forEach((task, ti) => {
      const path = `responsibilities[${ri}].tasks[${ti}]`;
      const rules: { rule: DueRule; path: string }[] = [{ rule: task.due, path: `${path}.due` }];
      if (task.kind === 'phased')
        task.phases.forEach((p, k) => rules.push({ rule: p.due, path: `${path}.phases[${k}].due` }));
      for (const r of rules) if (countsWorkingDays(r.rule)) uses.push({ ...r, taskId: task.id });
      task.remindBefore.forEach((span, k) => {
        if (!isWorkingDaySpan(span)) return;
        for (const r of task.kind === 'phased' ? rules.slice(1) : rules) {
          uses.push({ path: `${path}.remindBefore[${k}]`, taskId: task.id, rule: r.rule, remind: span });
        }
      });
    }),
  );
  return uses;
}

function countsWorkingDays(rule: DueRule): boolean {
  if (rule.type === 'conference') return rule.workingDays === true;
  if (rule.type === 'afterConference' || rule.type === 'afterTask') return isWorkingDaySpan(rule.after);
  return false;
}

/** The fixed date, or every day of the tentative window (its two ends when it is very long). */
function candidateDates(plan: Plan): string[] {
  const { date, window } = plan.conference;
  if (date !== undefined) return [date];
  if (window.from > window.to) return [window.from];
  const dates: string[] = [];
  for (let d = window.from; d <= window.to && dates.length <= MAX_WINDOW_DAYS; d = addLocalDays(d, 1)) dates.push(d);
  return dates.length > MAX_WINDOW_DAYS ? [window.from, window.to] : dates;
}

/** Every task completed exactly at its deadline, so deadlines after a task can be tried. */
function onTimeContext(plan: Plan, conferenceDate: string): ScheduleContext {
  const tasks = plan.responsibilities.flatMap((r) => r.tasks);
  const completedAt: Record<string, string> = {};
  const ctx = { conferenceDate, completedAt };
  for (let changed = true, rounds = 0; changed && rounds <= tasks.length; rounds += 1) {
    changed = false;
    for (const task of tasks) {
      if (completedAt[task.id] !== undefined) continue;
      const due = resolveDue(task.due, ctx);
      if (due !== null) {
        completedAt[task.id] = due;
        changed = true;
      }
    }
  }
  return ctx;
}
