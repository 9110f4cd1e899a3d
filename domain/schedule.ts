/**
 * Deadline resolution: plan due rules (local time) → UTC instants.
 *
 * The conference workflow calls this whenever the conference date is set or moved and whenever
 * a task completes, so it must be pure and deterministic: same plan + same context, same answer,
 * in any replay. Workflow-safe: no I/O, no Node built-ins, no `Intl`, no wall clock.
 *
 * Decisions (also in plans/README.md):
 * - While the conference date is unknown ("thời gian cụ thể có giấy mời sau"), a task whose
 *   deadline depends on it is open but has no deadline and no reminders — it is shown as
 *   "chờ giấy mời" (`waitingFor: 'date'`). We do not schedule against the tentative window:
 *   a provisional deadline would fire reminders and escalations that the invitation may void.
 *   Absolute deadlines (the districts' reports, before 20/3/2023) always apply.
 * - "Trước ngày 20/3/2023" is the instant 2023-03-20T00:00 local (2023-03-19T17:00Z): the report
 *   must arrive before the 20th begins.
 * - A deadline relative to another task's completion is unknown until that task completes
 *   (`waitingFor: 'task'`).
 * - Reminders are not filtered against "now": the workflow skips those already in the past.
 * - Working days (`5wd`, `workingDays: true`) are counted on the holiday calendar of
 *   `domain/calendar/`, at the calendar version of the context (a conference's own, from its
 *   memo; the current one elsewhere). Since version 2 every year from 2021 has a calendar (the
 *   law's days, provisional until the year's announcement is on file); on version 1, and
 *   outside the law's years, a working-day deadline that needs a year the calendar does not hold
 *   resolves to null (no deadline, no reminders) rather than failing the workflow that asks, and
 *   the checks refuse such a plan or date (`domain/plan/check-calendar.ts`). Plans without
 *   working days resolve exactly as before.
 */
import type { DueRule, LocalDate, LocalTime, Phase, Plan, SignoffOpens, Span, Task } from './plan/schema';
import { addWorkingDays, CALENDAR_VERSION, CalendarMissingError, isProvisionalYear } from './calendar';
import {
  addLocalDays,
  addSpan,
  isWorkingDaySpan,
  localDateOf,
  localDateTimeToUtc,
  localToUtc,
  subtractSpan,
} from './time';

export interface ScheduleContext {
  /** The conference day fixed by the invitation, or null while it is not known. */
  conferenceDate: LocalDate | null;
  /** Completion instant of each completed task: taskId → UTC ISO. */
  completedAt: Readonly<Record<string, string>>;
  /** The holiday calendar version to count working days on; the current one when absent. */
  calendar?: number;
}

export interface ResolvedPhase {
  phase: Phase;
  label: string;
  /** UTC ISO, or null while not knowable. */
  due: string | null;
  /** This phase's reminders (its due minus each of the task's `remindBefore`), ascending. */
  reminders: string[];
  /** The years without their announcement this phase's deadline was counted across (`provisionalYearsOf`); absent: none. */
  provisionalYears?: number[];
}

export interface ResolvedTaskSchedule {
  /** UTC ISO, or null while not knowable; for phased tasks, the last phase's due. */
  due: string | null;
  /** Due minus each `remindBefore` span, ascending, UTC ISO; empty while `due` is null. */
  reminders: string[];
  /** One entry per phase for phased tasks, in plan order; empty otherwise. */
  phases: ResolvedPhase[];
  /** Why `due` is null: the conference date is unknown, or a task it follows is not complete. */
  waitingFor: 'date' | 'task' | null;
  /**
   * The years without their announcement the deadline (or a phase's) was counted across, ascending
   * (`provisionalYearsOf`): it may move when their announcement comes. Absent: none.
   */
  provisionalYears?: number[];
}

/**
 * Resolves one due rule to a UTC instant, or null when it cannot be known yet; the building
 * block for tasks and phases, exported for the workflows' date-change checks.
 */
export function resolveDue(rule: DueRule, ctx: ScheduleContext): string | null {
  try {
    return resolveDueOrThrow(rule, ctx);
  } catch (e) {
    if (e instanceof CalendarMissingError) return null;
    throw e;
  }
}

/**
 * Same as `resolveDue`, but a working-day deadline in a year without holiday data throws
 * `CalendarMissingError` instead of resolving to null: for the plan checks, which must say so.
 */
export function resolveDueOrThrow(rule: DueRule, ctx: ScheduleContext): string | null {
  switch (rule.type) {
    case 'absolute':
      return localDateTimeToUtc(rule.at);
    case 'conference': {
      if (ctx.conferenceDate === null) return null;
      const day = rule.workingDays
        ? addWorkingDays(ctx.conferenceDate, rule.day, ctx.calendar ?? CALENDAR_VERSION)
        : addLocalDays(ctx.conferenceDate, rule.day);
      return localToUtc(day, rule.time);
    }
    case 'afterConference': {
      if (ctx.conferenceDate === null) return null;
      const n = Number(rule.after.replace(/\D+$/, ''));
      const day = rule.after.endsWith('wd')
        ? addWorkingDays(ctx.conferenceDate, n, ctx.calendar ?? CALENDAR_VERSION)
        : addLocalDays(ctx.conferenceDate, n);
      // Without a time, the end of that day: the next day's 00:00, as "before 20/3" is 20/3 00:00.
      return rule.time === undefined ? localToUtc(addLocalDays(day, 1), '00:00') : localToUtc(day, rule.time);
    }
    case 'afterTask': {
      const completed = ctx.completedAt[rule.task];
      return completed === undefined ? null : addSpan(completed, rule.after, ctx.calendar ?? CALENDAR_VERSION);
    }
  }
}

/**
 * The years without their announcement (provisional: the law's days alone) that a working-day
 * deadline was counted across, from the day it counts from to the day it fell on; empty for a
 * deadline in calendar days or hours, or not known yet. Such a deadline may move when the year's
 * announcement arrives (a swapped day, a longer Tết), so `plan show` marks it.
 */
export function provisionalYearsOf(rule: DueRule, ctx: ScheduleContext, due: string | null): number[] {
  if (due === null) return [];
  let from: string | undefined;
  if (rule.type === 'conference' && rule.workingDays === true) from = ctx.conferenceDate ?? undefined;
  else if (rule.type === 'afterConference' && isWorkingDaySpan(rule.after)) from = ctx.conferenceDate ?? undefined;
  else if (rule.type === 'afterTask' && isWorkingDaySpan(rule.after)) {
    const completed = ctx.completedAt[rule.task];
    from = completed === undefined ? undefined : localDateOf(completed);
  }
  if (from === undefined) return [];
  const to = localDateOf(due);
  const [a, b] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))].sort((x, y) => x - y) as [number, number];
  const years: number[] = [];
  for (let y = a; y <= b; y += 1) if (isProvisionalYear(y, ctx.calendar ?? CALENDAR_VERSION)) years.push(y);
  return years;
}

/**
 * Resolves a task's deadline, reminders and (for phased duties) each phase's deadline, so a
 * responsibility workflow can (re)arm its timers from a single call.
 */
export function resolveTaskSchedule(task: Task, ctx: ScheduleContext): ResolvedTaskSchedule {
  if (task.kind !== 'phased') {
    const due = resolveDue(task.due, ctx);
    return {
      due,
      reminders: remindersFor(due, task.remindBefore, ctx.calendar),
      phases: [],
      waitingFor: due === null ? waitReason(task.due, ctx) : null,
      ...provisional(provisionalYearsOf(task.due, ctx, due)),
    };
  }
  const phases: ResolvedPhase[] = task.phases.map((p) => {
    const due = resolveDue(p.due, ctx);
    return {
      phase: p.phase,
      label: p.label,
      due,
      reminders: remindersFor(due, task.remindBefore, ctx.calendar),
      ...provisional(provisionalYearsOf(p.due, ctx, due)),
    };
  });
  const unknown = task.phases.filter((p) => resolveDue(p.due, ctx) === null);
  const due = unknown.length > 0 ? null : (phases[phases.length - 1]?.due ?? null);
  const reasons = unknown.map((p) => waitReason(p.due, ctx));
  const waitingFor = due !== null ? null : reasons.includes('date') ? 'date' : reasons.includes('task') ? 'task' : null;
  const years = [...new Set(phases.flatMap((p) => p.provisionalYears ?? []))].sort((a, b) => a - b);
  return {
    due,
    reminders: remindersFor(due, task.remindBefore, ctx.calendar),
    phases,
    waitingFor,
    ...provisional(years),
  };
}

/** The field only where some year is provisional, so views of deadlines on announced years stay as they were. */
function provisional(years: number[]): { provisionalYears?: number[] } {
  return years.length > 0 ? { provisionalYears: years } : {};
}

/**
 * The task as its deadline stands in a state: a submitted approval task with `approvalDue` is due
 * by its approval stage; any other task, or before submission, by its own `due`.
 */
export function taskInStage(task: Task, submitted: boolean): Task {
  return submitted && task.kind === 'approval' && task.approvalDue !== undefined
    ? { ...task, due: task.approvalDue }
    : task;
}

/**
 * Resolves every task of the plan, keyed by task id (ids are unique across the plan), so the
 * conference workflow and `kehoach plan show` see the whole schedule at once.
 */
export function resolveSchedule(plan: Plan, ctx: ScheduleContext): Record<string, ResolvedTaskSchedule> {
  const out: Record<string, ResolvedTaskSchedule> = {};
  for (const responsibility of plan.responsibilities) {
    for (const task of responsibility.tasks) out[task.id] = resolveTaskSchedule(task, ctx);
  }
  return out;
}

function waitReason(rule: DueRule, ctx: ScheduleContext): 'date' | 'task' | null {
  if ((rule.type === 'conference' || rule.type === 'afterConference') && ctx.conferenceDate === null) return 'date';
  if (rule.type === 'afterTask' && ctx.completedAt[rule.task] === undefined) return 'task';
  return null;
}

/** A deadline's reminders: the due instant minus each `remindBefore` span, ascending (working days at `calendar`). */
export function remindersFor(
  due: string | null,
  remindBefore: readonly string[],
  calendar: number = CALENDAR_VERSION,
): string[] {
  if (due === null) return [];
  const instants = new Set<string>();
  for (const span of remindBefore) {
    try {
      instants.add(subtractSpan(due, span, calendar));
    } catch (e) {
      // A working-day reminder in a year without holiday data is skipped, like its deadline would be.
      if (!(e instanceof CalendarMissingError)) throw e;
    }
  }
  return [...instants].sort();
}

/** Start time and length of the conference day's session (from the plan). */
export interface ConferenceHours {
  startTime: LocalTime;
  length: Span;
}

/**
 * When a phase of a phased duty may be confirmed: "before" at any time; "during" from the day
 * before the conference (delegates arrive on day −1 for the reception, exchange and visits);
 * "after" from the end of the conference session. Null while the conference date is unknown.
 */
export function phaseOpensAt(phase: Phase, conferenceDate: LocalDate | null, hours: ConferenceHours): string | null {
  if (phase === 'before') return '';
  if (conferenceDate === null) return null;
  if (phase === 'during') return localToUtc(addLocalDays(conferenceDate, -1), '00:00');
  return addSpan(localToUtc(conferenceDate, hours.startTime), hours.length);
}

/**
 * When a sign-off with `opensAt` may be signed: `during` from the day before the conference
 * (00:00, as the "during" phase), `session` from the session's start. Null while the date is unknown.
 */
export function signoffOpensAt(
  opens: SignoffOpens,
  conferenceDate: LocalDate | null,
  hours: ConferenceHours,
): string | null {
  if (conferenceDate === null) return null;
  if (opens === 'during') return phaseOpensAt('during', conferenceDate, hours);
  return localToUtc(conferenceDate, hours.startTime);
}
