/**
 * What the conference workflow knows: the date and its changes, a mirror of every task as the
 * children last reported it, the routing of dependencies between responsibilities, and the
 * organizer's commands. Pure, so it can be tested without a server. The access links live in
 * their own book (./links), the refusals' words in ./refusals and an amendment's effect on the
 * plan in ./amendments; this class decides the order in which a command is checked. Over 300
 * lines: it is the conference's whole state (date, links, amendments, mirror), each command's
 * check beside its effect; the amendment bookkeeping is the next part to move out.
 */
import { CALENDAR_VERSION } from '../../domain/calendar';
import {
  CancelSchema,
  IssueLinkSchema,
  RevokeLinkSchema,
  SetDateSchema,
  toNfc,
  type Actor,
  type Cancel,
  type IssueLink,
  type RevokeLink,
  type SetDate,
} from '../../domain/actions';
import {
  AmendmentSchema,
  asAmendment,
  type AmendmentAnswer,
  type AmendmentInput,
  type AmendmentRecord,
} from '../../domain/amendments';
import type { Clock } from '../../domain/clock';
import { parseOrRefuse } from '../../domain/errors';
import type { PlanAmended } from '../../domain/messages';
import type { PlanIssue } from '../../domain/plan/issues';
import type { LocalDate, Plan, Task } from '../../domain/plan/schema';
import { checkPlan } from '../../domain/plan/checks';
import { resolveTaskSchedule, taskInStage } from '../../domain/schedule';
import { awaitedUnits, deadlineSetInRun } from '../../domain/task-kinds';
import { localDateOf } from '../../domain/time';
import { countTasks } from '../../domain/counts';
import type {
  AccessLink,
  ConferenceResult,
  ConferenceStatus,
  DateChange,
  ResponsibilityView,
  TaskView,
  UndeliveredMail,
} from '../../domain/views';
import { blockedView, issueKey, patchOf, planWithChange, planWithTask, previousValues } from './amendments';
import { AccessLinkBook } from './links';
import { refuse } from './refusals';

/** A deadline that a newer holiday calendar moved: the task, the units it concerns, both deadlines. */
export interface CalendarMove {
  responsibilityId: string;
  taskId: string;
  title: string;
  titleEn?: string;
  /** The task's assignees and the responsibility's lead. */
  units: string[];
  from: string | null;
  to: string | null;
  /** Each phase of a phased duty whose deadline moved. */
  phases: { phase: string; label: string; from: string | null; to: string | null }[];
  /** The years the new deadline is still provisional on (absent: none). */
  provisionalYears?: number[];
}

export class ConferenceState {
  date: LocalDate | null;
  readonly dateChanges: DateChange[] = [];
  cancellation: { reason: string; by: Actor; at: string; requestId: string } | undefined;
  private readonly mirror = new Map<string, ResponsibilityView>();
  /** taskId → responsibilities (other than its own) that wait on it. */
  private readonly dependents = new Map<string, string[]>();
  private readonly routed = new Set<string>();
  private readonly finished = new Set<string>();
  /** Units awaited exclude those whose task still waits on another (patched 'status-attributes-v2'). */
  skipBlocked = true;
  /** People's text in the organizer's commands is taken in NFC (false: earlier runs kept it as sent). */
  nfc = true;
  /** The holiday calendar version working days are counted on (the run's memo; 1 for earlier runs). */
  calendar = CALENDAR_VERSION;

  private text(raw: unknown): unknown {
    return this.nfc ? toNfc(raw) : raw;
  }
  /** Bumped when a child reports, so the workflow republishes its search attributes and details. */
  version = 0;
  private readonly linkBook = new AccessLinkBook();
  /** 1 at start, +1 per amendment of the running plan. */
  planVersion = 1;
  readonly amendments: AmendmentRecord[] = [];
  private readonly amendmentPrints = new Map<string, string>();
  /** Mails of the conference's own notices that a server refused for good. */
  private readonly undelivered: UndeliveredMail[] = [];

  constructor(
    readonly conferenceId: string,
    /** The plan in force: the plan started with, amended while it runs. */
    public plan: Plan,
    date: LocalDate | null,
    readonly clock: Clock,
  ) {
    this.date = date;
    for (const r of plan.responsibilities) {
      this.mirror.set(r.id, {
        id: r.id,
        title: r.title,
        ...(r.titleEn !== undefined ? { titleEn: r.titleEn } : {}),
        lead: r.lead,
        clause: r.clause,
        status: 'running',
        tasks: [],
      });
      for (const t of r.tasks) this.routeDependencies(r.id, t);
    }
  }

  /** Records which responsibilities (other than the task's own) wait on each of its dependencies. */
  private routeDependencies(responsibilityId: string, task: Task): void {
    for (const dep of task.dependsOn) {
      if (this.ownerOf(dep) === responsibilityId) continue;
      const list = this.dependents.get(dep) ?? [];
      if (!list.includes(responsibilityId)) list.push(responsibilityId);
      this.dependents.set(dep, list);
    }
  }

  private ownerOf(taskId: string): string | undefined {
    return this.plan.responsibilities.find((r) => r.tasks.some((t) => t.id === taskId))?.id;
  }

  /** Every link issued, revoked ones too (the access-links query answers with this list). */
  get links(): AccessLink[] {
    return this.linkBook.links;
  }

  get closed(): boolean {
    return this.cancellation !== undefined || this.finished.size === this.plan.responsibilities.length;
  }

  /**
   * A child reported changed tasks. Returns the dependency signals to send: for each task newly
   * done, the responsibilities that wait on it.
   */
  tasksChanged(responsibilityId: string, tasks: TaskView[]): { to: string; taskId: string; at: string }[] {
    const view = this.mirror.get(responsibilityId);
    if (!view) return [];
    this.version++;
    for (const t of tasks) {
      const i = view.tasks.findIndex((x) => x.id === t.id);
      if (i >= 0) view.tasks[i] = t;
      else view.tasks.push(t);
    }
    const order = this.plan.responsibilities.find((r) => r.id === responsibilityId)?.tasks.map((t) => t.id) ?? [];
    view.tasks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const routes: { to: string; taskId: string; at: string }[] = [];
    for (const t of tasks) {
      // A withdrawn task no longer blocks anyone: its dependants go on from its withdrawal.
      const at = t.state === 'done' ? t.completedAt : t.state === 'withdrawn' ? t.withdrawnAt : undefined;
      if (at === undefined || this.routed.has(t.id)) continue;
      this.routed.add(t.id);
      for (const to of this.dependents.get(t.id) ?? []) routes.push({ to, taskId: t.id, at });
    }
    return routes;
  }

  /**
   * A responsibility's first board, built here from the child's own input when it started: it
   * fills in only tasks no report has brought yet (a report may come before it), so it never
   * hides a change.
   */
  seed(responsibilityId: string, tasks: TaskView[]): void {
    const view = this.mirror.get(responsibilityId);
    if (!view) return;
    const missing = tasks.filter((t) => !view.tasks.some((x) => x.id === t.id));
    if (missing.length === 0) return;
    this.version++;
    view.tasks.push(...missing);
    const order = this.plan.responsibilities.find((r) => r.id === responsibilityId)?.tasks.map((t) => t.id) ?? [];
    view.tasks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }

  childFinished(responsibilityId: string, status: ResponsibilityView['status']): void {
    this.finished.add(responsibilityId);
    const view = this.mirror.get(responsibilityId);
    if (view) view.status = status;
  }

  isRunning(responsibilityId: string): boolean {
    return !this.finished.has(responsibilityId);
  }

  /** Checks "set or move the date" without changing anything; throws a refusal. */
  validateSetDate(raw: unknown, planNow: string): SetDate {
    const input = parseOrRefuse(SetDateSchema, this.text(raw));
    const repeat = this.dateChanges.find((c) => c.requestId === input.requestId);
    if (repeat) {
      if (repeat.to !== input.date || repeat.reason !== input.reason) throw refuse.requestIdReused(input.requestId);
      return input;
    }
    this.assertOpen();
    this.assertOrganizer(input.actor);
    if (input.date < localDateOf(planNow)) throw refuse.dateInPast(input.date, localDateOf(planNow));
    // A date that puts a deadline before the deadline of what it waits for (the cluster report
    // before the districts' reports) would make the plan impossible to keep: refuse it.
    const conflict = checkPlan(
      { ...this.plan, conference: { ...this.plan.conference, date: input.date } },
      this.calendar,
    )[0];
    if (conflict) throw refuse.dateBreaksPlan(input.date, conflict.message);
    return input;
  }

  /** Records a validated date; returns the change (the first one again for a repeated request). */
  setDate(input: SetDate, planNow: string): { change: DateChange; isNew: boolean } {
    const repeat = this.dateChanges.find((c) => c.requestId === input.requestId);
    if (repeat) return { change: repeat, isNew: false };
    const change: DateChange = {
      from: this.date,
      to: input.date,
      reason: input.reason,
      by: input.actor,
      requestId: input.requestId,
      at: planNow,
    };
    this.date = input.date;
    this.dateChanges.push(change);
    return { change, isNew: true };
  }

  validateCancel(raw: unknown): Cancel {
    const input = parseOrRefuse(CancelSchema, this.text(raw));
    if (this.cancellation?.requestId === input.requestId) return input;
    this.assertOpen();
    this.assertOrganizer(input.actor);
    return input;
  }

  cancel(input: Cancel, planNow: string): void {
    this.cancellation ??= { reason: input.reason, by: input.actor, at: planNow, requestId: input.requestId };
  }

  validateIssueLink(raw: unknown): IssueLink {
    const input = parseOrRefuse(IssueLinkSchema, this.text(raw));
    if (this.linkBook.answered(input.requestId)) return input;
    this.assertOpen();
    this.assertOrganizer(input.actor);
    this.linkBook.checkIssue(input, this.plan.units);
    return input;
  }

  issueLink(input: IssueLink, planNow: string): AccessLink {
    return this.linkBook.issue(input, planNow);
  }

  validateRevokeLink(raw: unknown): RevokeLink {
    const input = parseOrRefuse(RevokeLinkSchema, this.text(raw));
    if (this.linkBook.answered(input.requestId)) return input;
    this.assertOrganizer(input.actor);
    this.linkBook.checkRevoke(input);
    return input;
  }

  revokeLink(input: RevokeLink, planNow: string): AccessLink {
    return this.linkBook.revoke(input, planNow);
  }

  /**
   * Checks an amendment of the running plan without changing anything; throws a refusal naming
   * the path and the reason. Returns the parsed amendment and the amended plan, or the first
   * answer for a repeated request id.
   */
  validateAmend(raw: unknown): { input: AmendmentInput; plan: Plan; repeat?: AmendmentRecord } {
    const input = asAmendment(parseOrRefuse(AmendmentSchema, this.text(raw)));
    const repeat = this.amendments.find((a) => a.requestId === input.requestId);
    if (repeat) {
      if (this.amendmentPrints.get(input.requestId) !== JSON.stringify(input))
        throw refuse.requestIdReused(input.requestId);
      return { input, plan: this.plan, repeat };
    }
    this.assertOpen();
    this.assertOrganizer(input.actor);
    const plan = input.op === 'addTask' ? this.planWithTask(input) : this.planWithChange(input);
    // The same rules as a plan file, at the conference's date; only what the amendment broke.
    const known = new Set(this.issuesOf(this.plan).map(issueKey));
    const broken = this.issuesOf(plan).find((i) => !known.has(issueKey(i)));
    if (broken) throw refuse.amendBreaksPlan(broken);
    return { input, plan };
  }

  private issuesOf(plan: Plan): PlanIssue[] {
    return checkPlan(
      this.date ? { ...plan, conference: { ...plan.conference, date: this.date } } : plan,
      this.calendar,
    );
  }

  private planWithTask(input: Extract<AmendmentInput, { op: 'addTask' }>): Plan {
    if (!this.plan.responsibilities.some((r) => r.id === input.responsibilityId))
      throw refuse.unknownResponsibility(input.responsibilityId);
    if (!this.isRunning(input.responsibilityId)) throw refuse.responsibilityFinished(input.responsibilityId);
    return planWithTask(this.plan, input);
  }

  private planWithChange(input: Extract<AmendmentInput, { op: 'changeTask' }>): Plan {
    const owner = this.ownerOf(input.taskId);
    if (owner === undefined) throw refuse.unknownTask(input.taskId);
    const view = this.mirror.get(owner)?.tasks.find((t) => t.id === input.taskId);
    if (!this.isRunning(owner) || view?.state === 'done' || view?.state === 'withdrawn')
      throw refuse.taskFinished(input.taskId);
    return planWithChange(this.plan, owner, input);
  }

  /**
   * Puts a validated amendment in force. Returns the answer and, for a new amendment, what the
   * responsibility concerned must be told.
   */
  amend(
    checked: { input: AmendmentInput; plan: Plan; repeat?: AmendmentRecord },
    planNow: string,
  ): {
    answer: AmendmentAnswer;
    tell?: { to: string; change: PlanAmended };
  } {
    if (checked.repeat) return { answer: { planVersion: checked.repeat.version, amendment: checked.repeat } };
    const { input } = checked;
    const before = this.plan;
    this.plan = checked.plan;
    this.planVersion++;
    this.version++;
    this.amendmentPrints.set(input.requestId, JSON.stringify(input));
    const common = {
      version: this.planVersion,
      reason: input.reason,
      by: input.actor,
      at: planNow,
      requestId: input.requestId,
    };
    if (input.op === 'addTask') {
      const { task, responsibilityId } = input;
      this.routeDependencies(responsibilityId, task);
      const externalDone: Record<string, string> = {};
      for (const dep of task.dependsOn) {
        const owner = this.ownerOf(dep);
        if (owner === undefined || owner === responsibilityId) continue;
        const v = this.mirror.get(owner)?.tasks.find((t) => t.id === dep);
        const at = v?.state === 'done' ? v.completedAt : v?.state === 'withdrawn' ? v.withdrawnAt : undefined;
        if (at !== undefined) externalDone[dep] = at;
      }
      this.mirror.get(responsibilityId)?.tasks.push(blockedView(responsibilityId, task));
      const amendment: AmendmentRecord = {
        ...common,
        op: 'addTask',
        taskId: task.id,
        responsibilityId,
        after: { title: task.title, ...(task.titleEn !== undefined ? { titleEn: task.titleEn } : {}), due: task.due },
      };
      this.amendments.push(amendment);
      return {
        answer: { planVersion: this.planVersion, amendment },
        tell: { to: responsibilityId, change: { op: 'addTask', task, externalDone } },
      };
    }
    const owner = this.ownerOf(input.taskId) as string;
    const old = before.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === input.taskId) as Task;
    const patch = patchOf(input);
    const was = previousValues(old, patch);
    const view = this.mirror.get(owner)?.tasks.find((t) => t.id === input.taskId);
    if (view) {
      if (patch.title !== undefined) view.title = patch.title;
      if (patch.titleEn !== undefined) view.titleEn = patch.titleEn;
    }
    const amendment: AmendmentRecord = {
      ...common,
      op: 'changeTask',
      taskId: input.taskId,
      responsibilityId: owner,
      before: was,
      after: patch,
    };
    this.amendments.push(amendment);
    return {
      answer: { planVersion: this.planVersion, amendment },
      tell: { to: owner, change: { op: 'changeTask', taskId: input.taskId, patch } },
    };
  }

  status(planNow: string): ConferenceStatus {
    const responsibilities = this.withCurrentDeadlines();
    const c = this.plan.conference;
    return {
      conferenceId: this.conferenceId,
      planId: this.plan.id,
      title: c.title,
      status: this.cancellation ? 'cancelled' : this.closed ? 'completed' : 'running',
      date: this.date,
      window: c.window,
      dateChanges: [...this.dateChanges],
      planVersion: this.planVersion,
      amendments: [...this.amendments],
      ...(this.cancellation
        ? { cancellation: { reason: this.cancellation.reason, by: this.cancellation.by, at: this.cancellation.at } }
        : {}),
      clock: this.clock,
      asOf: planNow,
      counts: countTasks(responsibilities.flatMap((r) => r.tasks)),
      responsibilities,
      ...(this.undelivered.length ? { undelivered: [...this.undelivered] } : {}),
    };
  }

  /**
   * Counts working days on a newer holiday calendar from now (a release brought a year's
   * announcement), and returns the deadlines that moved, as the board showed them before and
   * shows them now; none for an older or the same version. Deadlines set while the plan runs
   * (extensions, returns), done and withdrawn tasks do not move.
   */
  takeUpCalendar(version: number): CalendarMove[] {
    if (version <= this.calendar) return [];
    const before = this.withCurrentDeadlines();
    this.calendar = version;
    this.version++;
    const moves: CalendarMove[] = [];
    for (const r of this.withCurrentDeadlines()) {
      const old = before.find((b) => b.id === r.id);
      for (const t of r.tasks) {
        const was = old?.tasks.find((x) => x.id === t.id);
        if (!was) continue;
        const phases = t.phases.flatMap((p) => {
          const from = was.phases.find((x) => x.phase === p.phase)?.due ?? null;
          return from === p.due ? [] : [{ phase: p.phase, label: p.label, from, to: p.due }];
        });
        if (was.due === t.due && phases.length === 0) continue;
        moves.push({
          responsibilityId: r.id,
          taskId: t.id,
          title: t.title,
          ...(t.titleEn !== undefined ? { titleEn: t.titleEn } : {}),
          units: [...new Set([...t.assignees, r.lead])],
          from: was.due,
          to: t.due,
          phases,
          ...(t.provisionalYears ? { provisionalYears: t.provisionalYears } : {}),
        });
      }
    }
    return moves;
  }

  /** Mails of the conference's own notices that could not be sent: the status shows them. */
  mailUndelivered(mails: UndeliveredMail[]): void {
    this.undelivered.push(...mails);
    this.version++;
  }

  /**
   * The mirror with deadlines resolved against the conference's own date, so a status read
   * right after the date moves already shows the new deadlines (the children follow a moment
   * later, when the schedule signal reaches them).
   */
  private withCurrentDeadlines(): ResponsibilityView[] {
    const completedAt: Record<string, string> = {};
    for (const r of this.mirror.values()) for (const t of r.tasks) if (t.completedAt) completedAt[t.id] = t.completedAt;
    const ctx = { conferenceDate: this.date, completedAt, calendar: this.calendar };
    return this.plan.responsibilities.map((spec) => {
      const view = this.mirror.get(spec.id) as ResponsibilityView;
      const tasks = view.tasks.map((t) => {
        const taskSpec = spec.tasks.find((s) => s.id === t.id);
        if (!taskSpec || t.state === 'done' || t.state === 'withdrawn') return t;
        // A cancelled conference awaits nothing more (its children close without reporting).
        if (this.cancellation) return { ...t, state: 'cancelled' as const, overdue: false };
        // A deadline set while the plan runs (extension, return) is the child's, not the rule's.
        if (deadlineSetInRun(t.history)) return t;
        const s = resolveTaskSchedule(taskInStage(taskSpec, t.state === 'submitted'), ctx);
        // Provisional as counted here, on the conference's calendar (the child's report may be older).
        return {
          ...withoutProvisional(t),
          due: s.due,
          waitingFor: s.waitingFor,
          ...(s.provisionalYears ? { provisionalYears: s.provisionalYears } : {}),
          phases: t.phases.map((p) => {
            const resolved = s.phases.find((x) => x.phase === p.phase);
            return {
              ...withoutProvisional(p),
              due: resolved?.due ?? p.due,
              ...(resolved?.provisionalYears ? { provisionalYears: resolved.provisionalYears } : {}),
            };
          }),
        };
      });
      return { ...view, tasks };
    });
  }

  /** Units with something awaited of them (their move on an open task). */
  openUnits(): string[] {
    const units = new Set<string>();
    if (this.cancellation) return [];
    for (const r of this.mirror.values()) {
      for (const t of r.tasks) {
        if (t.state === 'blocked' && this.skipBlocked) continue;
        for (const u of awaitedUnits(t)) units.add(u);
      }
    }
    return [...units].sort();
  }

  result(): ConferenceResult {
    const responsibilities = [...this.mirror.values()];
    return {
      conferenceId: this.conferenceId,
      outcome: this.cancellation ? 'cancelled' : 'completed',
      date: this.date,
      dateChanges: this.dateChanges.length,
      counts: countTasks(responsibilities.flatMap((r) => r.tasks)),
      ...(this.cancellation ? { cancellation: { reason: this.cancellation.reason, by: this.cancellation.by } } : {}),
      responsibilities: responsibilities.map((r) => {
        const c = countTasks(r.tasks);
        return { id: r.id, lead: r.lead, done: c.done, late: c.late, total: c.total };
      }),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw refuse.closed(this.conferenceId);
  }

  private assertOrganizer(actor: Actor): void {
    if (actor.unitId !== this.plan.organizer) throw refuse.notOrganizer(this.plan.organizer, actor.unitId);
  }
}

/** A view without its provisional mark, to be marked again on the calendar in force. */
function withoutProvisional<T extends { provisionalYears?: number[] }>(view: T): Omit<T, 'provisionalYears'> {
  const copy: T = { ...view };
  delete copy.provisionalYears;
  return copy;
}
