/**
 * Simulated units for the benchmark. Unlike demo/simulated-units.ts (which acts on plan time, a
 * margin before each deadline, to rehearse lateness), these units act the moment a task is
 * actionable, so the engine — not the rehearsal clock — sets the pace.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { actOnTask, conferenceStatus, startConference } from '../client/conference';
import type { TaskActionRequest } from '../domain/actions';
import { planNowIso, type Clock } from '../domain/clock';
import { refusalDetails } from '../domain/errors';
import type { LocalDate, Plan, Task } from '../domain/plan/schema';
import { phaseOpensAt, type ConferenceHours } from '../domain/schedule';
import { actionRule, actionsOpenTo, awaitedUnits } from '../domain/task-kinds';
import type { ConferenceStatus, TaskView } from '../domain/views';

/** The conference date of the conferences that Updates and Queries are measured on. */
export const BENCH_DATE = '2023-03-30';

/**
 * For Update and Query latency: a rehearsal that starts on 14/3/2023 with one plan day per 10
 * real minutes. No deadline, reminder or weekly progress report comes due during a run, so no
 * timer fires and no notification is sent — what is measured is acting on tasks. Phases
 * "during" and "after" never open (they open on day −1 and after the session), so Updates
 * there go to every other kind of action.
 */
export function benchClock(): Clock {
  return { mode: 'rehearsal', planStart: '2023-03-14T01:00:00.000Z', msPerPlanDay: 600_000 };
}

/**
 * For full conferences: the earliest date the seed plan accepts (23/3: the cluster report, day
 * −3, must fall after the districts' reports of 20/3), a rehearsal from 11/3 08:00 and one plan
 * day per real second. The first deadline (the agenda, day −10 17:00) comes 2.4 s after the
 * start, and units act at once, so no deadline passes; the "during" and "after" phases open on
 * day −1 (10.7 s) and when the session ends (12.1 s): that is the floor of a full conference.
 */
export const FULL_RUN = {
  date: '2023-03-23',
  clock: { mode: 'rehearsal', planStart: '2023-03-11T01:00:00.000Z', msPerPlanDay: 1000 } satisfies Clock,
  /** Real seconds from start until the last phase can be confirmed (session end, 23/3 11:30 local). */
  floorSeconds: (Date.parse('2023-03-23T04:30:00.000Z') - Date.parse('2023-03-11T01:00:00.000Z')) / 86_400_000,
};

export function taskSpecs(plan: Plan): Map<string, Task> {
  return new Map(plan.responsibilities.flatMap((r) => r.tasks.map((t) => [t.id, t] as const)));
}

export async function startBenchConference(
  client: Client,
  plan: Plan,
  conferenceId: string,
  taskQueue: string,
  full = false,
): Promise<void> {
  await startConference(client, {
    conferenceId,
    plan,
    taskQueue,
    ...(full ? { clock: FULL_RUN.clock, date: FULL_RUN.date } : { clock: benchClock(), date: BENCH_DATE }),
  });
}

/** What a unit needs to know about the conference to decide whether a phase is open. */
export interface Moment {
  planNow: string;
  date: LocalDate | null;
  hours: ConferenceHours;
}

export function momentOf(status: ConferenceStatus, plan: Plan): Moment {
  return {
    planNow: planNowIso(status.clock, Date.now()),
    date: status.date,
    hours: { startTime: plan.conference.startTime, length: plan.conference.length },
  };
}

const actor = (unitId: string): { unitId: string; person: string } => ({ unitId, person: `Cán bộ ${unitId}` });

/** The next action a unit takes on a task right now, or undefined when it waits or is done. */
export function nextAction(spec: Task, task: TaskView, moment?: Moment): TaskActionRequest | undefined {
  // Whose move and which action come from the task-kind table; the driver never sends back.
  const unit = awaitedUnits(task)[0];
  if (unit === undefined || task.state === 'blocked') return undefined;
  const action = actionsOpenTo(task, unit).find((a) => a !== 'sendBack' && actionRule(task.kind, a)?.advances);
  switch (action) {
    case 'complete':
      return { action, taskId: spec.id, actor: actor(unit), note: 'Đã hoàn thành.' };
    case 'confirmPhase': {
      const phase = task.phases.find((p) => p.confirmedAt === undefined);
      if (!phase) return undefined;
      if (moment) {
        const opensAt = phaseOpensAt(phase.phase, moment.date, moment.hours);
        if (opensAt === null || moment.planNow < opensAt) return undefined;
      }
      return { action, taskId: spec.id, phase: phase.phase, actor: actor(unit) };
    }
    case 'sign':
    case 'approve':
      return { action, taskId: spec.id, actor: actor(unit) };
    case 'submit':
      return spec.kind === 'submission' || spec.kind === 'approval' ? submission(spec, unit) : undefined;
    default:
      return undefined;
  }
}

function submission(spec: Extract<Task, { kind: 'submission' | 'approval' }>, unit: string): TaskActionRequest {
  return {
    action: 'submit',
    taskId: spec.id,
    actor: actor(unit),
    fields: Object.fromEntries(
      spec.fields.map((f) => [
        f.name,
        f.type === 'integer'
          ? 20
          : f.type === 'url'
            ? `https://tuachua.dienbien.gov.vn/tai-lieu/${spec.id}/${f.name}`
            : 'Đã xong',
      ]),
    ),
    evidence: Array.from(
      { length: spec.minEvidence },
      (_, i) => `https://tuachua.dienbien.gov.vn/minh-chung/${spec.id}/${i + 1}`,
    ),
  };
}

/** Is this error a refusal (or a finished responsibility) that a unit answers by looking again? */
export function isStaleBoard(err: unknown): boolean {
  return refusalDetails(err) !== undefined || err instanceof WorkflowNotFoundError;
}

export interface DriveResult {
  actions: number;
  refused: number;
  statusQueries: number;
}

/**
 * Drives a started conference to completion: every look at the board, each unit takes the next
 * action on every actionable task, all at once; repeats until the conference is not running.
 */
export async function driveConference(
  client: Client,
  plan: Plan,
  conferenceId: string,
  opts: { pollMs?: number; timeoutMs?: number } = {},
): Promise<DriveResult> {
  const specs = taskSpecs(plan);
  // Answers are fresher than the parent's board, which hears from the children a moment later.
  const answered = new Map<string, TaskView>();
  const result: DriveResult = { actions: 0, refused: 0, statusQueries: 0 };
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const status = await conferenceStatus(client, conferenceId);
    result.statusQueries++;
    if (Date.now() > deadline) {
      const waiting = status.responsibilities
        .flatMap((r) => r.tasks)
        .filter((t) => t.state !== 'done')
        .map((t) => `${t.id} ${t.state}${answered.has(t.id) ? ` (answered ${answered.get(t.id)?.state})` : ''}`);
      const children = status.responsibilities.filter((r) => r.status === 'running').map((r) => r.id);
      throw new Error(
        `conference ${conferenceId} did not finish in time after ${result.actions} actions (${result.refused} refused); ` +
          `tasks not done on the board: ${waiting.join(', ') || 'none'}; responsibilities running: ${children.join(', ')}`,
      );
    }
    if (status.status !== 'running') return result;
    const moment = momentOf(status, plan);
    const moves: { task: TaskView; request: TaskActionRequest }[] = [];
    for (const reported of status.responsibilities.flatMap((r) => r.tasks)) {
      const mine = answered.get(reported.id);
      const task = mine && mine.history.length > reported.history.length ? mine : reported;
      const spec = specs.get(task.id);
      const request = spec && nextAction(spec, task, moment);
      if (request) moves.push({ task, request });
    }
    if (moves.length === 0) {
      // Nothing to do until a dependency is routed or a phase opens: look again a little later
      // (a unit polling a 24 KB board every few milliseconds would load the worker by itself).
      await sleep(opts.pollMs ?? 200);
      continue;
    }
    await Promise.all(
      moves.map(async ({ task, request }) => {
        try {
          const view = await actOnTask(client, conferenceId, task.responsibilityId, request);
          answered.set(view.id, view);
          result.actions++;
        } catch (err) {
          if (!isStaleBoard(err)) throw err;
          result.refused++;
        }
      }),
    );
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
