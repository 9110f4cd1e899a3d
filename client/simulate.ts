/**
 * Simulated units for rehearsals: they read the conference's status and act on their tasks the
 * way real offices do — most a little before the deadline, some after it, an approver who sends
 * a budget estimate back once — while the organizer sets the date and then moves it. The demo,
 * the end-to-end tests and the benchmarks drive the seed plan with it.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Actor, TaskActionRequest } from '../domain/actions';
import { planNowIso } from '../domain/clock';
import { refusalDetails } from '../domain/errors';
import type { Plan, Task } from '../domain/plan/schema';
import { phaseOpensAt } from '../domain/schedule';
import { actionRule, actionsOpenTo, awaitedUnits } from '../domain/task-kinds';
import { addSpan, spanToMs } from '../domain/time';
import type { ConferenceResult, ConferenceStatus, TaskView } from '../domain/views';
import { actOnTask, conferenceHandle, conferenceStatus, setConferenceDate } from './conference';

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
  action: TaskActionRequest['action'] | 'setDate';
  taskId?: string;
  responsibilityId?: string;
  requestId: string;
  /** The task's state after the action, or the date set. */
  outcome: string;
  late?: boolean;
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
  const specs = new Map(plan.responsibilities.flatMap((r) => r.tasks.map((t) => [t.id, t] as const)));
  const firstSeen = new Map<string, string>();
  /** The answers units got back: fresher than the conference's board, which hears from the children a moment later. */
  const answered = new Map<string, TaskView>();
  const actions: SimulatedAction[] = [];
  const actorOf = (unitId: string): Actor => ({ unitId, person: PEOPLE[unitId] ?? `Cán bộ ${unitId}` });

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
      const change = await setConferenceDate(client, conferenceId, {
        date: step.date,
        reason: step.reason,
        actor: actorOf(plan.organizer),
        requestId,
      });
      record({ at: now, actor: change.by, action: 'setDate', requestId, outcome: change.to });
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
      const view = await actOnTask(client, conferenceId, move.task.responsibilityId, { ...move.request, requestId });
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
        ...(last ? { late: last.late } : {}),
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

  /** Every task some unit should act on now, with the action it takes. */
  function nextMoves(status: ConferenceStatus, now: string): { task: TaskView; request: TaskActionRequest }[] {
    const moves: { task: TaskView; request: TaskActionRequest }[] = [];
    for (const reported of status.responsibilities.flatMap((r) => r.tasks)) {
      const mine = answered.get(reported.id);
      const task = mine && mine.history.length > reported.history.length ? mine : reported;
      const spec = specs.get(task.id);
      if (!spec || task.state === 'done' || task.state === 'cancelled' || task.state === 'blocked') continue;
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
          fields: Object.fromEntries(spec.fields.map((f) => [f.name, sampleValue(spec.id, f.name, f.type)])),
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

function sampleValue(taskId: string, field: string, type: 'text' | 'url' | 'integer'): string | number {
  if (type === 'integer') return 20;
  if (type === 'url') return `https://tuachua.dienbien.gov.vn/tai-lieu/${taskId}/${field}`;
  return field === 'leadingUnit' ? 'UBND huyện Mường Chà' : 'Đã hoàn thành';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
