/**
 * Checks that every deadline counted in working days (`5wd`, `workingDays: true`) falls in years
 * the holiday calendar can give at its version: since version 2, every year of the law (2021 to
 * the end of the lunar table; a year without its announcement counts as provisional, which is
 * not an issue: `plan show` marks it); on version 1, the conferences started before, 2022–2025
 * only. A year outside makes the plan (or, in the workflow and `kehoach start`, the chosen date)
 * refused, with the year.
 *
 * Deadlines are tried at every conference date still possible (the fixed date, or each day of the
 * tentative window) with every task completed on time, so a working-day deadline after another
 * task is tried at that task's own deadline. Plans without working days are not examined.
 * Workflow-safe: pure, no I/O, no Node built-ins (the workflow runs it when the date moves).
 */
import { CALENDAR_VERSION, CalendarMissingError } from '../calendar';
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
export function checkCalendar(plan: Plan, issues: PlanIssue[], calendar: number = CALENDAR_VERSION): void {
  const uses = workingDayUses(plan);
  if (uses.length === 0) return;
  const missing = new Map<string, Set<number>>();
  for (const conferenceDate of candidateDates(plan)) {
    const ctx = onTimeContext(plan, conferenceDate, calendar);
    for (const use of uses) {
      try {
        const due = resolveDueOrThrow(use.rule, ctx);
        if (use.remind !== undefined && due !== null) subtractSpan(due, use.remind, calendar);
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
          `Hạn tính theo ngày làm việc cần lịch ngày nghỉ lễ năm ${year}, năm mà lịch của hệ thống không tính được (${calendar <= 1 ? 'hội nghị này dùng lịch phiên bản 1, chỉ có các năm 2022–2025' : 'ngày nghỉ theo luật chỉ tính từ năm 2021 đến năm 2100'}); hãy tính hạn theo ngày thường ("d")`,
          `This working-day deadline needs the holiday calendar of ${year}, which the engine cannot give (${calendar <= 1 ? 'this conference runs on calendar version 1, which holds 2022–2025 only' : 'the law’s days are computed from 2021 to 2100'}); count the deadline in calendar days ("d")`,
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
function onTimeContext(plan: Plan, conferenceDate: string, calendar: number): ScheduleContext {
  const tasks = plan.responsibilities.flatMap((r) => r.tasks);
  const completedAt: Record<string, string> = {};
  const ctx = { conferenceDate, completedAt, calendar };
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
