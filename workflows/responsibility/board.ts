/**
 * The state machine of one responsibility: its tasks and how each action moves them. Pure and
 * synchronous, so the Update validator can call it, and testable without a server; the workflow
 * beside it only wires it to Temporal (handlers, timers, activities). Who may act and when is in
 * domain/task-kinds and ./checks, the alarms in ./alarms, the view in ./task-view, the living
 * plan's changes in ./plan-changes. Longer than 300 lines on purpose: every transition of a task
 * stays in this one class, so one read shows the whole state machine.
 */
import { LIMITS, TaskActionSchema, toNfc, type TaskAction } from '../../domain/actions';
import type { TaskPatch } from '../../domain/amendments';
import { parseOrRefuse } from '../../domain/errors';
import type { ResponsibilityInput } from '../../domain/messages';
import type { LocalDate, Task } from '../../domain/plan/schema';
import { CALENDAR_VERSION } from '../../domain/calendar';
import { remindersFor, resolveTaskSchedule, taskInStage, type ResolvedTaskSchedule } from '../../domain/schedule';
import { awaitedUnits, deadlineSetInRun, decidersOf, isLivingPlanAction, type Stewards } from '../../domain/task-kinds';
import type { ResponsibilityView, TaskView, UndeliveredMail } from '../../domain/views';
import { isOverdue, openDeadlines, pendingAlarms, type Alarm, type FiredAlarm } from './alarms';
import { checkAllowed } from './checks';
import { applyPlanChange, type BoardNotice } from './plan-changes';
import { refuse } from './refusals';
import type { BoardFacts, BoardRules, TaskRuntime } from './runtime';
import { fingerprint, record, utf8Bytes } from './records';
import { taskView } from './task-view';

export type { Alarm, BoardNotice, FiredAlarm };

interface StoredAnswer {
  fingerprint: string;
  view: TaskView;
}

export class TaskBoard implements BoardFacts {
  private readonly tasks = new Map<string, TaskRuntime>();
  private readonly order: string[] = [];
  conferenceDate: LocalDate | null;
  private readonly externalDone: Record<string, string>;
  readonly fired = new Set<string>();
  readonly deadlineSince = new Map<string, string>();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly changed = new Set<string>();
  private cancelled = false;
  /** Who is to be told of a change to the plan (extension, return, reassignment), drained by the workflow. */
  private notices: BoardNotice[] = [];
  readonly stewards: Stewards;
  /** Bumped on every change, so the workflow's timer loop knows to recompute. */
  version = 0;
  /**
   * The holiday calendar version working days are counted on: the run's (its rules; 1 for runs
   * before versions), then a newer one the conference took up (`setCalendar`).
   */
  calendar: number;

  constructor(
    readonly input: ResponsibilityInput,
    planNow: string,
    readonly rules: BoardRules = {
      phaseWindows: true,
      openUnitsSkipBlocked: true,
      approvalStageAndSignoffWindow: true,
      replayBeforeClosed: true,
      nfcPayloads: true,
      unitNamesInNotices: true,
      calendar: CALENDAR_VERSION,
    },
  ) {
    this.conferenceDate = input.conferenceDate;
    this.calendar = rules.calendar ?? 1;
    this.externalDone = { ...input.externalDone };
    this.stewards = { organizer: input.organizer, lead: input.responsibility.lead };
    for (const spec of input.responsibility.tasks) {
      this.tasks.set(spec.id, {
        spec,
        state: 'blocked',
        assignees: [...spec.assignees],
        signedBy: [],
        confirmed: {},
        history: [],
      });
      this.order.push(spec.id);
      this.changed.add(spec.id);
    }
    this.settle(planNow);
  }

  // ---- reading ----

  /** Every task as units see it. */
  view(): ResponsibilityView {
    const r = this.input.responsibility;
    return {
      id: r.id,
      title: r.title,
      ...(r.titleEn !== undefined ? { titleEn: r.titleEn } : {}),
      lead: r.lead,
      clause: r.clause,
      status: this.cancelled ? 'cancelled' : this.allDone() ? 'completed' : 'running',
      tasks: this.order.map((id) => taskView(this, this.task(id))),
    };
  }

  /** Tasks changed since the last call (for the parent's mirror), then forgets them. */
  drainChanges(): TaskView[] {
    const views = [...this.changed].map((id) => taskView(this, this.task(id)));
    this.changed.clear();
    return views;
  }

  /** Every task done (or withdrawn from the plan): the responsibility is complete. */
  allDone(): boolean {
    return [...this.tasks.values()].every((t) => t.state === 'done' || t.state === 'withdrawn');
  }

  /** What the workflow must tell units about changes to the plan since the last call. */
  drainNotices(): BoardNotice[] {
    const out = this.notices;
    this.notices = [];
    return out;
  }

  /** Units that someone is waiting on, for the KehoachOpenUnits search attribute. */
  openUnits(): string[] {
    const units = new Set<string>();
    for (const t of this.tasks.values()) {
      if (t.state === 'blocked' && this.rules.openUnitsSkipBlocked) continue;
      for (const u of this.awaited(t)) units.add(u);
    }
    return [...units].sort();
  }

  overdueCount(): number {
    return this.order.filter((id) => isOverdue(this, this.task(id))).length;
  }

  /** Alarms not yet fired, soonest first. */
  pendingAlarms(): Alarm[] {
    return pendingAlarms(this, this.tasks.values());
  }

  find(taskId: string): TaskRuntime | undefined {
    return this.tasks.get(taskId);
  }

  /**
   * The task's deadlines now: the plan's rule, or the deadline an extension or a return set; while
   * an approval task with `approvalDue` is submitted, the approval stage's.
   */
  schedule(spec: Task): ResolvedTaskSchedule {
    const completedAt: Record<string, string> = { ...this.externalDone };
    for (const t of this.tasks.values()) {
      const at = doneAt(t);
      if (at !== undefined) completedAt[t.spec.id] = at;
    }
    const calendar = this.calendar;
    const ctx = { conferenceDate: this.conferenceDate, completedAt, calendar };
    const runtime = this.tasks.get(spec.id);
    // The approval stage's deadline, unless the organizer set one since the submission.
    if (this.rules.approvalStageAndSignoffWindow && runtime?.state === 'submitted' && !setSinceSubmit(runtime)) {
      const staged = taskInStage(spec, true);
      if (staged !== spec) return resolveTaskSchedule(staged, ctx);
    }
    const resolved = resolveTaskSchedule(spec, ctx);
    const override = runtime?.dueOverride;
    if (override === undefined || spec.kind === 'phased') return resolved;
    return {
      due: override,
      reminders: remindersFor(override, spec.remindBefore, calendar),
      phases: [],
      waitingFor: null,
    };
  }

  /** When a task stopped blocking its dependants: done (first time), withdrawn, or done elsewhere. */
  completedAt(taskId: string): string | undefined {
    const t = this.tasks.get(taskId);
    return (t && doneAt(t)) ?? this.externalDone[taskId];
  }

  knowsUnit(unitId: string): boolean {
    return (this.input.planUnits ?? this.input.units).some((u) => u.id === unitId);
  }

  // ---- acting ----

  /**
   * Checks an action without changing anything; throws a refusal naming the field and the
   * reason. Returns the parsed action, or the stored answer for a repeated request id.
   */
  validate(raw: unknown, planNow: string): { action: TaskAction; repeat?: TaskView } {
    const replayFirst = this.rules.replayBeforeClosed === true;
    if (this.cancelled && !replayFirst) throw refuse.conferenceCancelled();
    if (utf8Bytes(JSON.stringify(raw ?? null)) > LIMITS.payloadBytes) throw refuse.tooLarge();
    const action = parseOrRefuse(TaskActionSchema, this.rules.nfcPayloads === true ? toNfc(raw) : raw);
    const stored = this.answers.get(action.requestId);
    if (stored) {
      if (stored.fingerprint !== fingerprint(action)) throw refuse.requestIdReused(action.requestId);
      return { action, repeat: stored.view };
    }
    if (this.cancelled) throw refuse.conferenceCancelled();
    checkAllowed(this, action, planNow);
    return { action };
  }

  /** Applies a validated action at plan time `planNow`; returns the task's new state. */
  apply(action: TaskAction, planNow: string): TaskView {
    const t = this.task(action.taskId);
    const schedule = this.schedule(t.spec);
    const deadline =
      action.action === 'confirmPhase' ? schedule.phases.find((p) => p.phase === action.phase)?.due : schedule.due;
    if (isLivingPlanAction(action.action)) {
      const previousDue = schedule.due;
      const notices = applyPlanChange(this, t, action, planNow);
      t.history.push({ ...record(action, planNow, false), ...notices.record, previousDue });
      this.notices.push(...notices.notices);
      return this.settleAndAnswer(t, action, planNow);
    }
    const late = deadline !== null && deadline !== undefined && planNow > deadline;
    t.history.push(record(action, planNow, late));
    switch (action.action) {
      case 'complete':
      case 'approve':
        this.finish(t, action, planNow, late);
        break;
      case 'submit':
        if (t.spec.kind === 'approval') t.state = 'submitted';
        else this.finish(t, action, planNow, late);
        break;
      case 'sendBack':
        t.state = 'sentBack';
        break;
      case 'sign':
        t.signedBy.push(action.actor.unitId);
        if (t.spec.kind === 'signoff' && t.spec.signers.every((s) => t.signedBy.includes(s))) {
          this.finish(
            t,
            action,
            planNow,
            t.history.some((h) => h.late),
          );
        }
        break;
      case 'confirmPhase':
        t.confirmed[action.phase] = { at: planNow, by: action.actor };
        if (t.spec.kind === 'phased' && t.spec.phases.every((p) => t.confirmed[p.phase])) {
          this.finish(
            t,
            action,
            planNow,
            t.history.some((h) => h.action === 'confirmPhase' && h.late),
          );
        }
        break;
      case 'reportIncident':
        break;
      default:
        break;
    }
    return this.settleAndAnswer(t, action, planNow);
  }

  private settleAndAnswer(t: TaskRuntime, action: TaskAction, planNow: string): TaskView {
    this.touch(t.spec.id);
    this.settle(planNow);
    const view = taskView(this, t);
    this.answers.set(action.requestId, { fingerprint: fingerprint(action), view });
    return view;
  }

  /** The conference date was set or moved: deadlines that follow it move, reminders re-arm. */
  setConferenceDate(date: LocalDate, planNow: string): void {
    this.conferenceDate = date;
    for (const id of this.order) this.touch(id);
    this.settle(planNow);
  }

  /**
   * The conference took up a newer holiday calendar (a year's announcement arrived in a release):
   * deadlines counted in working days are counted again on it, and their alarms re-arm (a moved
   * deadline is a new alarm key). An older or the same version changes nothing.
   */
  setCalendar(version: number, planNow: string): void {
    if (!Number.isInteger(version) || version <= this.calendar) return;
    this.calendar = version;
    for (const id of this.order) this.touch(id);
    this.settle(planNow);
  }

  /** A task of another responsibility that some task here waits on is done. */
  dependencyDone(taskId: string, at: string, planNow: string): void {
    if (this.externalDone[taskId] !== undefined) return;
    this.externalDone[taskId] = at;
    for (const t of this.tasks.values()) if (t.spec.dependsOn.includes(taskId)) this.touch(t.spec.id);
    this.settle(planNow);
  }

  /** The organizer added a task to this responsibility while the plan runs (an amendment). */
  addTask(spec: Task, externalDone: Record<string, string>, planNow: string): void {
    if (this.tasks.has(spec.id)) return;
    for (const [id, at] of Object.entries(externalDone)) this.externalDone[id] ??= at;
    this.tasks.set(spec.id, {
      spec,
      state: this.cancelled ? 'cancelled' : 'blocked',
      assignees: [...spec.assignees],
      signedBy: [],
      confirmed: {},
      history: [],
    });
    this.order.push(spec.id);
    this.touch(spec.id);
    this.settle(planNow);
  }

  /** The organizer changed a task's title or deadline rule (an amendment): its alarms follow. */
  changeTask(taskId: string, patch: TaskPatch, planNow: string): void {
    const t = this.tasks.get(taskId);
    if (!t) return;
    t.spec = { ...t.spec, ...patch };
    this.touch(taskId);
    this.settle(planNow);
  }

  /** Fires every pending alarm due by `planNow`; overdue tasks follow from the fired set. */
  fireDue(planNow: string): FiredAlarm[] {
    const fired: FiredAlarm[] = [];
    for (const alarm of this.pendingAlarms()) {
      if (alarm.at > planNow) break;
      this.fired.add(alarm.key);
      const t = this.task(alarm.taskId);
      const awaited = this.awaited(t);
      const recipients =
        alarm.kind === 'due'
          ? unique([t.spec.escalateTo ?? this.input.organizer, this.input.responsibility.lead, ...awaited])
          : awaited;
      fired.push({ ...alarm, recipients, task: t.spec });
      this.touch(t.spec.id);
    }
    return fired;
  }

  /** The conference was cancelled: open tasks are closed as cancelled. */
  cancel(): void {
    this.cancelled = true;
    for (const t of this.tasks.values()) {
      if (t.state !== 'done' && t.state !== 'withdrawn') {
        t.state = 'cancelled';
        this.touch(t.spec.id);
      }
    }
  }

  // ---- internals ----

  private finish(t: TaskRuntime, action: TaskAction, planNow: string, late: boolean): void {
    t.state = 'done';
    t.completedAt = planNow;
    t.completedBy = action.actor;
    t.late = late;
  }

  /** Opens tasks whose dependencies are done and records when each deadline became known. */
  private settle(planNow: string): void {
    for (const t of this.tasks.values()) {
      if (t.state === 'blocked' && t.spec.dependsOn.every((d) => this.completedAt(d) !== undefined)) {
        t.state = 'open';
        this.touch(t.spec.id);
      }
      for (const d of openDeadlines(this, t)) {
        if (!this.deadlineSince.has(d.key)) this.deadlineSince.set(d.key, planNow);
      }
    }
    this.version++;
  }

  /** Units whose move it is on a task. */
  private awaited(t: TaskRuntime): string[] {
    const { spec } = t;
    return awaitedUnits({
      kind: spec.kind,
      state: t.state,
      assignees: t.assignees,
      deciders: decidersOf(spec),
      signedBy: t.signedBy,
    });
  }

  /** Mails about a task that could not be sent: the task shows them, and the parent hears of it. */
  mailUndelivered(taskId: string, mails: UndeliveredMail[]): void {
    const t = this.tasks.get(taskId);
    if (!t || mails.length === 0) return;
    t.undelivered = [...(t.undelivered ?? []), ...mails];
    this.touch(taskId);
  }

  private task(id: string): TaskRuntime {
    const t = this.tasks.get(id);
    if (!t) throw new Error(`unknown task ${id}`);
    return t;
  }

  private touch(id: string): void {
    this.changed.add(id);
    this.version++;
  }
}

/**
 * A responsibility's board as it stands when it starts, from its input alone: what the child
 * holds before any handler runs. Under the rules baseline the conference seeds its mirror with
 * it and the child does not report it; the audit rebuilds it the same way from the child's
 * first event.
 */
export function firstBoard(
  input: ResponsibilityInput,
  planNow: string,
  calendar: number = CALENDAR_VERSION,
): TaskBoard {
  const board = new TaskBoard(input, planNow);
  return calendar === CALENDAR_VERSION ? board : new TaskBoard(input, planNow, { ...board.rules, calendar });
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** When a task stopped blocking its dependants (a returned task keeps its first completion). */
function doneAt(t: TaskRuntime): string | undefined {
  return t.completedAt ?? t.firstDoneAt ?? t.withdrawnAt;
}

/** Whether the living plan set the task's deadline after its latest submission (an extension of the approval stage). */
function setSinceSubmit(t: TaskRuntime): boolean {
  const submitted = t.history.map((h) => h.action).lastIndexOf('submit');
  return t.history.slice(submitted + 1).some((h) => deadlineSetInRun([h]));
}
