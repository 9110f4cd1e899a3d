/**
 * Simulated units for rehearsals: they read the conference's status and act on their tasks the
 * way real offices do — most a little before the deadline, some after it, an approver who sends
 * a budget estimate back once — while the organizer sets the date and then moves it. A small
 * script of living-plan moves (a district asks for more time and the organizer grants it, the
 * organizer returns completed work) runs at given plan times, and the organizer amends the plan
 * (adds a task) while it runs (./seed-script has the seed plan's). The demo, the end-to-end tests
 * and the cluster test drive the seed plan with it.
 *
 * One look at the board, one kind of move: a date step, an amendment, a scripted move, or else
 * every task some unit should act on now. The simulation's memory between looks (what it has
 * done, what the units were answered, when each task was first seen) is the state of
 * {@link UnitsSimulation}.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Actor, TaskActionRequest } from '../domain/actions';
import { planNowIso } from '../domain/clock';
import { refusalDetails } from '../domain/errors';
import { TaskSchema, type Plan, type Task } from '../domain/plan/schema';
import { phaseOpensAt } from '../domain/schedule';
import {
  actionRule,
  actionsOpenTo,
  awaitedUnits,
  LIVING_PLAN_ACTIONS,
  planActionsOpenTo,
  unitsFor,
  type Stewards,
} from '../domain/task-kinds';
import { addSpan, localDateOf, spanToMs, toLocalIso } from '../domain/time';
import type { ActionRecord, ConferenceResult, ConferenceStatus, TaskView } from '../domain/views';
import { actOnTask, amendPlan, conferenceHandle, conferenceStatus, setConferenceDate } from '../client/conference';
import { actorOf, type AmendmentStep, type LivingPlanStep } from './seed-script';

export interface DateStep {
  /** Plan instant (UTC ISO) at which the organizer sets or moves the date. */
  atPlan: string;
  date: string;
  reason: string;
}

export interface SimulatedAction {
  /** Plan time when the unit acted. */
  at: string;
  actor: Actor;
  action: TaskActionRequest['action'] | 'setDate' | 'addTask';
  taskId?: string;
  responsibilityId?: string;
  requestId: string;
  /** The task's state after the action, the date set, or the plan version an amendment made. */
  outcome: string;
  late?: boolean;
  /** What the task's history recorded (a living-plan move: the old and the new value). */
  record?: ActionRecord;
}

export interface SimulationOptions {
  client: Client;
  conferenceId: string;
  plan: Plan;
  /** Units that act a few plan hours after their deadlines instead of before. */
  lateUnits?: string[];
  /** Approval tasks the approver sends back once before approving. */
  sendBackOnce?: string[];
  dateSteps?: DateStep[];
  /** Tasks the organizer adds while the plan runs (SEED_AMENDMENTS for the seed plan). */
  amendments?: AmendmentStep[];
  /** Living-plan moves to make at given plan times (SEED_LIVING_PLAN for the seed plan). */
  livingPlan?: LivingPlanStep[];
  /**
   * `realistic` (default): on-time units act shortly before deadlines, as offices do.
   * `prompt`: on-time units act as soon as a task opens, leaving days of plan time to spare, so
   * a loaded machine or a worker restart cannot make their work late (tests).
   */
  pace?: 'realistic' | 'prompt';
  /** Real milliseconds between two looks at the board. */
  pollMs?: number;
  onAction?: (a: SimulatedAction) => void;
  /** Called after every look at the board (for progress displays). */
  onStatus?: (s: ConferenceStatus) => void;
  signal?: AbortSignal;
}

/** A unit's move on one task. */
interface Move {
  task: TaskView;
  request: TaskActionRequest;
}

/** Runs the units until the conference finishes; returns what they did and the result. */
export async function simulateUnits(
  opts: SimulationOptions,
): Promise<{ actions: SimulatedAction[]; result: ConferenceResult }> {
  return new UnitsSimulation(opts).run();
}

/** The units of one conference, acting until it finishes. */
class UnitsSimulation {
  private readonly client: Client;
  private readonly conferenceId: string;
  private readonly plan: Plan;
  private readonly late: Set<string>;
  private readonly prompt: boolean;
  private readonly sendBackOnce: Set<string>;
  /** Date steps and amendments not yet taken, in order. */
  private readonly steps: DateStep[];
  private readonly amendments: AmendmentStep[];
  /** Scripted living-plan moves not yet taken. */
  private readonly script: LivingPlanStep[];
  /** Each task as the plan (or an amendment) gives it. */
  private readonly specs: Map<string, Task>;
  private readonly leads: Map<string, string>;
  /** When each task was first seen actionable (plan time). */
  private readonly firstSeen = new Map<string, string>();
  /** The answers units got back: fresher than the conference's board, which hears from the children a moment later. */
  private readonly answered = new Map<string, TaskView>();
  private readonly actions: SimulatedAction[] = [];

  constructor(private readonly opts: SimulationOptions) {
    this.client = opts.client;
    this.conferenceId = opts.conferenceId;
    this.plan = opts.plan;
    this.late = new Set(opts.lateUnits ?? []);
    this.prompt = opts.pace === 'prompt';
    this.sendBackOnce = new Set(opts.sendBackOnce ?? []);
    this.steps = [...(opts.dateSteps ?? [])];
    this.amendments = [...(opts.amendments ?? [])];
    this.script = [...(opts.livingPlan ?? [])];
    this.specs = new Map(opts.plan.responsibilities.flatMap((r) => r.tasks.map((t) => [t.id, t] as const)));
    this.leads = new Map(opts.plan.responsibilities.map((r) => [r.id, r.lead] as const));
  }

  async run(): Promise<{ actions: SimulatedAction[]; result: ConferenceResult }> {
    for (;;) {
      if (this.opts.signal?.aborted) throw new Error('simulation aborted');
      let status: ConferenceStatus;
      try {
        status = await conferenceStatus(this.client, this.conferenceId);
      } catch {
        // No worker for a moment (restart): look again shortly.
        await sleep(this.opts.pollMs ?? 50);
        continue;
      }
      this.opts.onStatus?.(status);
      if (status.status !== 'running') break;
      const now = planNowIso(status.clock, Date.now());
      if (await this.takeDateStep(now)) continue;
      if (await this.takeAmendment(now)) continue;
      const scripted = this.scriptedMove(status, now);
      if (scripted) {
        // Taken once: a move the engine refuses is dropped, so that the task it held goes on.
        this.script.splice(this.script.indexOf(scripted.step), 1);
        await this.act(scripted.move, now);
        continue;
      }
      const moves = this.nextMoves(status, now);
      if (moves.length === 0) {
        await sleep(this.opts.pollMs ?? 50);
        continue;
      }
      // Units work side by side: one move per task, all at once.
      await Promise.all(moves.map((m) => this.act(m, now)));
    }
    const result = await conferenceHandle(this.client, this.conferenceId).result();
    return { actions: this.actions, result };
  }

  /** The organizer sets or moves the date when the next step is due; true when one was. */
  private async takeDateStep(now: string): Promise<boolean> {
    const step = this.steps[0];
    if (!step || step.atPlan > now) return false;
    this.steps.shift();
    const requestId = randomUUID();
    try {
      const change = await setConferenceDate(this.client, this.conferenceId, {
        date: step.date,
        reason: step.reason,
        actor: actorOf(this.plan.organizer),
        requestId,
      });
      this.record({ at: now, actor: change.by, action: 'setDate', requestId, outcome: change.to });
    } catch (err) {
      // A machine too slow for the rehearsal's pace reaches the step after its date: dropped.
      if (!refusalDetails(err)) throw err;
    }
    return true;
  }

  /** The organizer adds a task when the next amendment is due; true when one was. */
  private async takeAmendment(now: string): Promise<boolean> {
    const amendment = this.amendments[0];
    if (!amendment || amendment.atPlan > now) return false;
    this.amendments.shift();
    const requestId = randomUUID();
    const task = TaskSchema.parse(amendment.task);
    let answer;
    try {
      answer = await amendPlan(this.client, this.conferenceId, {
        op: 'addTask',
        responsibilityId: amendment.responsibilityId,
        task,
        reason: amendment.reason,
        actor: actorOf(this.plan.organizer),
        requestId,
      });
    } catch (err) {
      // Refused (the plan moved on in a way the amendment no longer fits): dropped, like a move.
      if (!refusalDetails(err)) throw err;
      return true;
    }
    // The units work on the added task like on any other.
    this.specs.set(task.id, task);
    this.record({
      at: now,
      actor: answer.amendment.by,
      action: 'addTask',
      taskId: task.id,
      responsibilityId: amendment.responsibilityId,
      requestId,
      outcome: `v${answer.planVersion}`,
    });
    return true;
  }

  private async act(move: Move, now: string): Promise<void> {
    const requestId = randomUUID();
    try {
      const view = await actOnTask(
        this.client,
        this.conferenceId,
        move.task.responsibilityId,
        { ...move.request, requestId },
        { requestIdIsNew: true },
      );
      this.answered.set(view.id, view);
      const last = view.history.at(-1);
      this.record({
        at: last?.at ?? now,
        actor: move.request.actor,
        action: move.request.action,
        taskId: move.task.id,
        responsibilityId: move.task.responsibilityId,
        requestId,
        outcome: view.state,
        ...(last ? { late: last.late, record: last } : {}),
      });
    } catch (err) {
      // The board moved on between our look and our act (a dependency not yet routed, or the
      // responsibility just finished): look again.
      if (!refusalDetails(err) && !(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  private record(a: SimulatedAction): void {
    this.actions.push(a);
    this.opts.onAction?.(a);
  }

  /** The freshest view of a task: the answer a unit got, or the board's. */
  private freshest(reported: TaskView): TaskView {
    const mine = this.answered.get(reported.id);
    return mine && mine.history.length > reported.history.length ? mine : reported;
  }

  /**
   * The first scripted move that is due and allowed now. The acting unit and whether the move is
   * open to it come from the task-kind table (planActionsOpenTo), as the units' own moves do.
   */
  private scriptedMove(status: ConferenceStatus, now: string): { step: LivingPlanStep; move: Move } | undefined {
    const tasks = new Map(
      status.responsibilities.flatMap((r) => r.tasks.map((t) => [t.id, this.freshest(t)] as const)),
    );
    for (const [i, step] of this.script.entries()) {
      if (step.atPlan > now || this.script.slice(0, i).some((s) => s.taskId === step.taskId)) continue;
      const task = tasks.get(step.taskId);
      const rule = LIVING_PLAN_ACTIONS[step.action];
      if (!task || !rule) continue;
      const stewards: Stewards = {
        organizer: this.plan.organizer,
        lead: this.leads.get(task.responsibilityId) ?? this.plan.organizer,
      };
      const by = step.by ?? unitsFor(task, rule, stewards)[0];
      if (by === undefined || !planActionsOpenTo(task, by, stewards).includes(step.action)) continue;
      const request = scriptedRequest(step, task, by, now);
      if (request) return { step, move: { task, request } };
    }
    return undefined;
  }

  /** Tasks a scripted move waits on while open: their unit holds back its work. */
  private held(): Set<string> {
    return new Set(
      this.script.filter((s) => LIVING_PLAN_ACTIONS[s.action]?.states.includes('done') === false).map((s) => s.taskId),
    );
  }

  /** Every task some unit should act on now, with the action it takes. */
  private nextMoves(status: ConferenceStatus, now: string): Move[] {
    const moves: Move[] = [];
    const holding = this.held();
    for (const reported of status.responsibilities.flatMap((r) => r.tasks)) {
      const task = this.freshest(reported);
      const spec = this.specs.get(task.id);
      if (!spec || task.state === 'done' || task.state === 'cancelled' || task.state === 'blocked') continue;
      if (task.state === 'withdrawn' || holding.has(task.id)) continue;
      if (!this.firstSeen.has(task.id)) this.firstSeen.set(task.id, now);
      const request = this.moveFor(spec, task, now, status);
      if (request) moves.push({ task, request });
    }
    return moves;
  }

  /** The move the awaited unit makes on a task now, if it is time. */
  private moveFor(spec: Task, task: TaskView, now: string, status: ConferenceStatus): TaskActionRequest | undefined {
    // Whose move it is and what it can do come from the task-kind table; this only decides when.
    const unit = awaitedUnits(task)[0];
    if (unit === undefined) return undefined;
    const moves = actionsOpenTo(task, unit).filter((a) => actionRule(task.kind, a)?.advances);
    const sendBack =
      moves.includes('sendBack') &&
      this.sendBackOnce.has(spec.id) &&
      !task.history.some((h) => h.action === 'sendBack');
    const action = sendBack ? 'sendBack' : moves[0];
    const actor = actorOf(unit);
    const dueSoon = (): boolean =>
      task.due !== null && now >= this.actAt(unit, task.due, '2d', this.firstSeen.get(task.id));
    switch (action) {
      case 'confirmPhase': {
        const phase = task.phases.find((p) => p.confirmedAt === undefined);
        const opensAt = phase ? phaseOpensAt(phase.phase, status.date, this.plan.conference) : null;
        if (!phase?.due || opensAt === null || now < opensAt || now < this.actAt(unit, phase.due, '12h'))
          return undefined;
        return { action, taskId: spec.id, phase: phase.phase, actor, note: phase.label };
      }
      case 'sign':
        return dueSoon() ? { action, taskId: spec.id, actor } : undefined;
      case 'approve':
      case 'sendBack': {
        if (task.due === null) return undefined;
        const submittedAt = task.history.at(-1)?.at ?? now;
        if (!this.prompt && now < addSpan(submittedAt, '1h')) return undefined;
        if (action === 'approve') return { action, taskId: spec.id, actor };
        return {
          action,
          taskId: spec.id,
          actor,
          reason: 'Đề nghị bổ sung chi phí in ấn tài liệu và giải thích định mức.',
        };
      }
      case 'complete':
        return dueSoon() ? { action, taskId: spec.id, actor, note: 'Đã hoàn thành.' } : undefined;
      case 'submit':
        return dueSoon() ? submission(spec, task, actor) : undefined;
      default:
        return undefined;
    }
  }

  /**
   * When a unit acts: on-time units a margin before the deadline (or two plan days after the
   * task opened, if sooner); late units the same margin after it.
   */
  private actAt(unit: string, due: string, margin: '12h' | '2d', openedAt?: string): string {
    if (this.late.has(unit)) return addSpan(due, margin);
    if (this.prompt) return '';
    const beforeDue = new Date(Date.parse(due) - spanToMs(margin)).toISOString();
    const soon = openedAt ? addSpan(openedAt, '2d') : beforeDue;
    return soon < beforeDue ? soon : beforeDue;
  }
}

/** A submission with every field filled and the evidence the task asks for (links, no files). */
function submission(spec: Task, task: TaskView, actor: Actor): TaskActionRequest | undefined {
  if (spec.kind !== 'submission' && spec.kind !== 'approval') return undefined;
  return {
    action: 'submit',
    taskId: spec.id,
    actor,
    // The simulation attaches no files: a file field is left for a real unit.
    fields: Object.fromEntries(
      spec.fields.filter((f) => f.type !== 'file').map((f) => [f.name, sampleValue(spec.id, f.name, f.type)]),
    ),
    evidence: Array.from(
      { length: spec.minEvidence },
      (_, i) => `https://tuachua.dienbien.gov.vn/minh-chung/${spec.id}/${i + 1}`,
    ),
    ...(task.state === 'sentBack' ? { note: 'Đã bổ sung theo ý kiến thẩm định.' } : {}),
  };
}

/** A scripted move as the request its unit sends; undefined when its deadline cannot be worked out yet. */
function scriptedRequest(step: LivingPlanStep, task: TaskView, by: string, now: string): TaskActionRequest | undefined {
  const base = { taskId: task.id, actor: actorOf(by) };
  const from = step.until?.after === 'due' ? task.due : now;
  if (step.until && from === null) return undefined;
  // Vietnam wall-clock time as a person types it: after the deadline to the minute, after
  // now at the end of that working day (17:00).
  const later = step.until && from !== null ? addSpan(from, step.until.span) : null;
  const until =
    later === null ? '' : step.until?.after === 'due' ? toLocalIso(later).slice(0, 16) : `${localDateOf(later)}T17:00`;
  const reason = step.reason ?? 'Theo kịch bản diễn tập.';
  switch (step.action) {
    case 'requestExtension':
    case 'extend':
    case 'returnWork':
      return { ...base, action: step.action, until, reason };
    case 'decideExtension':
      return {
        ...base,
        action: 'decideExtension',
        decision: step.decision ?? 'grant',
        ...(until ? { until } : {}),
        ...(step.reason ? { reason: step.reason } : {}),
      };
    case 'reassign':
      return { ...base, action: 'reassign', assignees: step.assignees ?? [], reason };
    case 'withdraw':
      return { ...base, action: 'withdraw', reason };
    case 'progressNote':
      return {
        ...base,
        action: 'progressNote',
        note: step.note ?? 'Đang thực hiện.',
        ...(step.percent !== undefined ? { percent: step.percent } : {}),
      };
    case 'comment':
      return { ...base, action: 'comment', note: step.note ?? 'Ý kiến.' };
  }
}

function sampleValue(taskId: string, field: string, type: 'text' | 'url' | 'integer' | 'file'): string | number {
  if (type === 'integer') return 20;
  if (type === 'url') return `https://tuachua.dienbien.gov.vn/tai-lieu/${taskId}/${field}`;
  return field === 'leadingUnit' ? 'UBND huyện Mường Chà' : 'Đã hoàn thành';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
