/**
 * Simulated units for rehearsals: they read the conference's status and act on their tasks the
 * way real offices do — most a little before the deadline, some after it, an approver who sends
 * a budget estimate back once — while the organizer sets the date and then moves it. A small
 * script of living-plan moves (a district asks for more time and the organizer grants it, the
 * organizer returns completed work) runs at given plan times, and the organizer amends the plan
 * (adds a task) while it runs. The demo, the end-to-end tests and the benchmarks drive the seed
 * plan with it.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { ActionName, Actor, TaskActionRequest } from '../domain/actions';
import { planNowIso } from '../domain/clock';
import { refusalDetails } from '../domain/errors';
import { TaskSchema, type Plan, type Span, type Task } from '../domain/plan/schema';
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
import { actOnTask, amendPlan, conferenceHandle, conferenceStatus, setConferenceDate } from './conference';

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

/** The living plan's actions a script can take. */
export type LivingPlanAction = Extract<
  ActionName,
  | 'requestExtension'
  | 'decideExtension'
  | 'extend'
  | 'returnWork'
  | 'reassign'
  | 'withdraw'
  | 'progressNote'
  | 'comment'
>;

/**
 * One scripted living-plan move. It is taken once plan time reaches `atPlan`, the moves before it
 * on the same task are taken, and the task-kind table lets the acting unit take it (so a return
 * waits until the task is done). While a move that needs the task open waits, its unit holds
 * back its work on the task (it is asking for more time, after all).
 */
export interface LivingPlanStep {
  atPlan: string;
  taskId: string;
  action: LivingPlanAction;
  /** The acting unit; by default the first the task-kind table allows (assignee, organizer, lead). */
  by?: string;
  /** The new deadline: this span after the deadline in force (`due`) or after the plan's now. */
  until?: { after: 'due' | 'now'; span: Span };
  decision?: 'grant' | 'refuse';
  reason?: string;
  note?: string;
  percent?: number;
  assignees?: string[];
}

/**
 * The seed plan's living-plan moves, after the last date move of the demo and the tests (the
 * conference is on 30/3): Nậm Pồ reports progress on its presentation and asks one more day for
 * it, Phòng Nội vụ grants it; Phòng Nội vụ returns the hall set-up to Văn phòng, which does it again.
 */
export const SEED_LIVING_PLAN: LivingPlanStep[] = [
  {
    atPlan: '2023-03-19T02:00:00.000Z',
    taskId: 'districts.nam-po.presentation',
    action: 'progressNote',
    note: 'Đã xong phần số liệu, đang hoàn thiện phần hình ảnh.',
    percent: 70,
  },
  {
    atPlan: '2023-03-19T03:00:00.000Z',
    taskId: 'districts.nam-po.presentation',
    action: 'requestExtension',
    until: { after: 'due', span: '1d' },
    reason: 'Chờ số liệu thi đua của các xã gửi về.',
  },
  {
    atPlan: '2023-03-19T09:00:00.000Z',
    taskId: 'districts.nam-po.presentation',
    action: 'decideExtension',
    decision: 'grant',
    reason: 'Đồng ý, đề nghị gửi đúng hạn mới.',
  },
  {
    atPlan: '2023-03-20T02:00:00.000Z',
    taskId: 'hall.setup',
    action: 'returnWork',
    by: 'noi-vu',
    until: { after: 'now', span: '2d' },
    reason: 'Bổ sung sơ đồ bố trí chỗ ngồi cho 180 đại biểu.',
  },
];

/** The organizer adds a task to a responsibility once plan time reaches `atPlan`. */
export interface AmendmentStep {
  atPlan: string;
  responsibilityId: string;
  /** The task as in a plan file. */
  task: unknown;
  reason: string;
}

/**
 * The seed plan's amendment, after the date is fixed (30/3): Phòng Nội vụ adds a sound and
 * projection check of the hall, for Văn phòng, once the hall is set up, by 07:00 on the day.
 */
export const SEED_AMENDMENTS: AmendmentStep[] = [
  {
    atPlan: '2023-03-19T04:00:00.000Z',
    responsibilityId: 'hall',
    task: {
      id: 'hall.sound-check',
      kind: 'once',
      title: 'Kiểm tra hệ thống âm thanh, màn hình trình chiếu tại Hội trường',
      titleEn: 'Check the sound system and the projection screen in the hall',
      clause: 'III.1.2',
      assignees: ['van-phong'],
      dependsOn: ['hall.setup'],
      due: { type: 'conference', day: 0, time: '07:00' },
      organizerChoice: true,
    },
    reason: 'Bổ sung theo ý kiến của Thường trực Hội đồng Thi đua - Khen thưởng huyện.',
  },
];

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

const PEOPLE: Record<string, string> = {
  'noi-vu': 'Nguyễn Thị Lan',
  'van-phong': 'Trần Văn Hùng',
  'vh-tt-th': 'Vàng A Dế',
  'tc-kh': 'Lò Thị Hoa',
  'cong-an': 'Thào A Lử',
  'dien-luc': 'Đỗ Minh Quang',
  'hoi-dong-tdkt': 'Mùa A Chứ',
  'lanh-dao-huyen': 'Lường Tuấn Anh',
  'tua-chua': 'Lường Tuấn Anh',
  'muong-cha': 'Sùng A Hồ',
  'muong-nhe': 'Lò Văn Puôn',
  'nam-po': 'Giàng A Dình',
  'dien-bien-dong': 'Vừ A Bằng',
};

/** Runs the units until the conference finishes; returns what they did and the result. */
export async function simulateUnits(
  opts: SimulationOptions,
): Promise<{ actions: SimulatedAction[]; result: ConferenceResult }> {
  const { client, conferenceId, plan } = opts;
  const late = new Set(opts.lateUnits ?? []);
  const prompt = opts.pace === 'prompt';
  const sendBackOnce = new Set(opts.sendBackOnce ?? []);
  const steps = [...(opts.dateSteps ?? [])];
  const amendments = [...(opts.amendments ?? [])];
  const specs = new Map(plan.responsibilities.flatMap((r) => r.tasks.map((t) => [t.id, t] as const)));
  const firstSeen = new Map<string, string>();
  /** The answers units got back: fresher than the conference's board, which hears from the children a moment later. */
  const answered = new Map<string, TaskView>();
  const actions: SimulatedAction[] = [];
  const actorOf = (unitId: string): Actor => ({ unitId, person: PEOPLE[unitId] ?? `Cán bộ ${unitId}` });
  const script = [...(opts.livingPlan ?? [])];
  const leads = new Map(plan.responsibilities.map((r) => [r.id, r.lead] as const));

  for (;;) {
    if (opts.signal?.aborted) throw new Error('simulation aborted');
    let status: ConferenceStatus;
    try {
      status = await conferenceStatus(client, conferenceId);
    } catch {
      // No worker for a moment (restart): look again shortly.
      await sleep(opts.pollMs ?? 50);
      continue;
    }
    opts.onStatus?.(status);
    if (status.status !== 'running') break;
    const now = planNowIso(status.clock, Date.now());

    const step = steps[0];
    if (step && step.atPlan <= now) {
      steps.shift();
      const requestId = randomUUID();
      try {
        const change = await setConferenceDate(client, conferenceId, {
          date: step.date,
          reason: step.reason,
          actor: actorOf(plan.organizer),
          requestId,
        });
        record({ at: now, actor: change.by, action: 'setDate', requestId, outcome: change.to });
      } catch (err) {
        // A machine too slow for the rehearsal's pace reaches the step after its date: dropped.
        if (!refusalDetails(err)) throw err;
      }
      continue;
    }

    const amendment = amendments[0];
    if (amendment && amendment.atPlan <= now) {
      amendments.shift();
      const requestId = randomUUID();
      const task = TaskSchema.parse(amendment.task);
      let answer;
      try {
        answer = await amendPlan(client, conferenceId, {
          op: 'addTask',
          responsibilityId: amendment.responsibilityId,
          task,
          reason: amendment.reason,
          actor: actorOf(plan.organizer),
          requestId,
        });
      } catch (err) {
        // Refused (the plan moved on in a way the amendment no longer fits): dropped, like a move.
        if (!refusalDetails(err)) throw err;
        continue;
      }
      // The units work on the added task like on any other.
      specs.set(task.id, task);
      record({
        at: now,
        actor: answer.amendment.by,
        action: 'addTask',
        taskId: task.id,
        responsibilityId: amendment.responsibilityId,
        requestId,
        outcome: `v${answer.planVersion}`,
      });
      continue;
    }

    const scripted = scriptedMove(status, now);
    if (scripted) {
      // Taken once: a move the engine refuses is dropped, so that the task it held goes on.
      script.splice(script.indexOf(scripted.step), 1);
      await act(scripted.move, now);
      continue;
    }

    const moves = nextMoves(status, now);
    if (moves.length === 0) {
      await sleep(opts.pollMs ?? 50);
      continue;
    }
    // Units work side by side: one move per task, all at once.
    await Promise.all(moves.map((m) => act(m, now)));
  }
  const result = await conferenceHandle(client, conferenceId).result();
  return { actions, result };

  async function act(move: { task: TaskView; request: TaskActionRequest }, now: string): Promise<void> {
    const requestId = randomUUID();
    try {
      const view = await actOnTask(
        client,
        conferenceId,
        move.task.responsibilityId,
        { ...move.request, requestId },
        { requestIdIsNew: true },
      );
      answered.set(view.id, view);
      const last = view.history.at(-1);
      record({
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

  function record(a: SimulatedAction): void {
    actions.push(a);
    opts.onAction?.(a);
  }

  /** The freshest view of a task: the answer a unit got, or the board's. */
  function freshest(reported: TaskView): TaskView {
    const mine = answered.get(reported.id);
    return mine && mine.history.length > reported.history.length ? mine : reported;
  }

  /**
   * The first scripted move that is due and allowed now. The acting unit and whether the move is
   * open to it come from the task-kind table (planActionsOpenTo), as the units' own moves do.
   */
  function scriptedMove(
    status: ConferenceStatus,
    now: string,
  ): { step: LivingPlanStep; move: { task: TaskView; request: TaskActionRequest } } | undefined {
    const tasks = new Map(status.responsibilities.flatMap((r) => r.tasks.map((t) => [t.id, freshest(t)] as const)));
    for (const [i, step] of script.entries()) {
      if (step.atPlan > now || script.slice(0, i).some((s) => s.taskId === step.taskId)) continue;
      const task = tasks.get(step.taskId);
      const rule = LIVING_PLAN_ACTIONS[step.action];
      if (!task || !rule) continue;
      const stewards: Stewards = {
        organizer: plan.organizer,
        lead: leads.get(task.responsibilityId) ?? plan.organizer,
      };
      const by = step.by ?? unitsFor(task, rule, stewards)[0];
      if (by === undefined || !planActionsOpenTo(task, by, stewards).includes(step.action)) continue;
      const request = scriptedRequest(step, task, by, now);
      if (request) return { step, move: { task, request } };
    }
    return undefined;
  }

  function scriptedRequest(
    step: LivingPlanStep,
    task: TaskView,
    by: string,
    now: string,
  ): TaskActionRequest | undefined {
    const base = { taskId: task.id, actor: actorOf(by) };
    const from = step.until?.after === 'due' ? task.due : now;
    if (step.until && from === null) return undefined;
    // Vietnam wall-clock time as a person types it: after the deadline to the minute, after
    // now at the end of that working day (17:00).
    const later = step.until && from !== null ? addSpan(from, step.until.span) : null;
    const until =
      later === null
        ? ''
        : step.until?.after === 'due'
          ? toLocalIso(later).slice(0, 16)
          : `${localDateOf(later)}T17:00`;
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

  /** Tasks a scripted move waits on while open: their unit holds back its work. */
  function held(): Set<string> {
    return new Set(
      script.filter((s) => LIVING_PLAN_ACTIONS[s.action]?.states.includes('done') === false).map((s) => s.taskId),
    );
  }

  /** Every task some unit should act on now, with the action it takes. */
  function nextMoves(status: ConferenceStatus, now: string): { task: TaskView; request: TaskActionRequest }[] {
    const moves: { task: TaskView; request: TaskActionRequest }[] = [];
    const holding = held();
    for (const reported of status.responsibilities.flatMap((r) => r.tasks)) {
      const task = freshest(reported);
      const spec = specs.get(task.id);
      if (!spec || task.state === 'done' || task.state === 'cancelled' || task.state === 'blocked') continue;
      if (task.state === 'withdrawn' || holding.has(task.id)) continue;
      if (!firstSeen.has(task.id)) firstSeen.set(task.id, now);
      const request = moveFor(spec, task, now, status);
      if (request) moves.push({ task, request });
    }
    return moves;
  }

  function moveFor(spec: Task, task: TaskView, now: string, status: ConferenceStatus): TaskActionRequest | undefined {
    // Whose move it is and what it can do come from the task-kind table; this only decides when.
    const unit = awaitedUnits(task)[0];
    if (unit === undefined) return undefined;
    const moves = actionsOpenTo(task, unit).filter((a) => actionRule(task.kind, a)?.advances);
    const sendBack =
      moves.includes('sendBack') && sendBackOnce.has(spec.id) && !task.history.some((h) => h.action === 'sendBack');
    const action = sendBack ? 'sendBack' : moves[0];
    switch (action) {
      case 'confirmPhase': {
        const phase = task.phases.find((p) => p.confirmedAt === undefined);
        const opensAt = phase ? phaseOpensAt(phase.phase, status.date, plan.conference) : null;
        if (!phase?.due || opensAt === null || now < opensAt || now < actAt(unit, phase.due, '12h')) return undefined;
        return { action, taskId: spec.id, phase: phase.phase, actor: actorOf(unit), note: phase.label };
      }
      case 'sign':
        if (task.due === null || now < actAt(unit, task.due, '2d', firstSeen.get(task.id))) return undefined;
        return { action, taskId: spec.id, actor: actorOf(unit) };
      case 'approve':
      case 'sendBack': {
        if (task.due === null) return undefined;
        const submittedAt = task.history.at(-1)?.at ?? now;
        if (!prompt && now < addSpan(submittedAt, '1h')) return undefined;
        if (action === 'approve') return { action, taskId: spec.id, actor: actorOf(unit) };
        return {
          action,
          taskId: spec.id,
          actor: actorOf(unit),
          reason: 'Đề nghị bổ sung chi phí in ấn tài liệu và giải thích định mức.',
        };
      }
      case 'complete':
        if (task.due === null || now < actAt(unit, task.due, '2d', firstSeen.get(task.id))) return undefined;
        return { action, taskId: spec.id, actor: actorOf(unit), note: 'Đã hoàn thành.' };
      case 'submit':
        if (task.due === null || now < actAt(unit, task.due, '2d', firstSeen.get(task.id))) return undefined;
        if (spec.kind !== 'submission' && spec.kind !== 'approval') return undefined;
        return {
          action,
          taskId: spec.id,
          actor: actorOf(unit),
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
      default:
        return undefined;
    }
  }

  /**
   * When a unit acts: on-time units a margin before the deadline (or two plan days after the
   * task opened, if sooner); late units the same margin after it.
   */
  function actAt(unit: string, due: string, margin: '12h' | '2d', openedAt?: string): string {
    if (late.has(unit)) return addSpan(due, margin);
    if (prompt) return '';
    const beforeDue = new Date(Date.parse(due) - spanToMs(margin)).toISOString();
    const soon = openedAt ? addSpan(openedAt, '2d') : beforeDue;
    return soon < beforeDue ? soon : beforeDue;
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
