/** History cost: how many events Temporal stores for a conference, a task action, a bare message. */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { cancelConference } from '../client/conference';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../domain/ids';
import type { Plan } from '../domain/plan/schema';
import type { BenchContext } from './context';
import { driveConference, sleep, startBenchConference } from './driver';
import { note } from './progress';
import type { Ratios } from './rounds';
import { median, round } from './stats';
import { bareSignal, bareUpdate } from './workflows';

// @temporalio/proto is CommonJS: take the namespace from its default export under ESM.
const EventType = proto.temporal.api.enums.v1.EventType;

export interface EventCount {
  events: number;
  workflows: number;
  activities: number;
  timers: number;
}

export async function workflowEvents(client: Client, workflowId: string): Promise<EventCount> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  return {
    events: events.length,
    workflows: 1,
    activities: events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length,
    timers: events.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED).length,
  };
}

/** Events of a conference: its own workflow plus every responsibility's. */
export async function conferenceEvents(client: Client, plan: Plan, conferenceId: string): Promise<EventCount> {
  const ids = [
    conferenceWorkflowId(conferenceId),
    ...plan.responsibilities.map((r) => responsibilityWorkflowId(conferenceId, r.id)),
  ];
  const counts = await Promise.all(ids.map((id) => workflowEvents(client, id)));
  return counts.reduce(
    (a, c) => ({
      events: a.events + c.events,
      workflows: a.workflows + c.workflows,
      activities: a.activities + c.activities,
      timers: a.timers + c.timers,
    }),
    { events: 0, workflows: 0, activities: 0, timers: 0 },
  );
}

export interface HistoryCost {
  /** Events of a completed seed conference: parent and every responsibility. */
  eventsPerConference: number;
  workflowsPerConference: number;
  /** Events of a conference just started and idle (its fixed cost). */
  eventsPerIdleConference: number;
  actionsPerConference: number;
  /** (completed − idle) ÷ actions: what one task action adds, routing and completion included. */
  eventsPerTaskAction: number;
  eventsPerBareUpdate: number;
  eventsPerBareSignal: number;
  /**
   * Notifications and timers of a completed conference. Not 0: a full run's clock passes one plan
   * day per second, so reminders fire while the units wait on dependencies and phases, each with
   * its activity, its workflow tasks and its report to the conference. `withoutAlarms` leaves them out.
   */
  activitiesPerConference: number;
  timersPerConference: number;
}

/** The history cost of the seed plan with its reminders and progress reports taken out: what the actions cost. */
export interface ActionHistoryCost extends HistoryCost {
  /** The same figures with the seed plan as it is, reminders and all. */
  withAlarms: HistoryCost;
}

/**
 * The seed plan without reminders (`remindBefore: []`) or a progress report: the alarms its
 * compressed clock fires are a cost of the plan's calendar, not of the units' actions. Deadlines
 * stay (units act before them), and so do the notices an action itself sends (a send-back…).
 */
export function withoutAlarms(plan: Plan): Plan {
  const { progressReportEvery: _report, ...conference } = plan.conference;
  return {
    ...plan,
    conference,
    responsibilities: plan.responsibilities.map((r) => ({
      ...r,
      tasks: r.tasks.map((t) => ({ ...t, remindBefore: [] })),
    })),
  };
}

async function historyCost(
  client: Client,
  plan: Plan,
  taskQueue: string,
  target: { workflowId: string },
  prefix: string,
  completed: { id: string; actions: number }[],
): Promise<HistoryCost> {
  const idleId = `${prefix}-idle`;
  await startBenchConference(client, plan, idleId, taskQueue);
  await sleep(1000);
  const idle = await conferenceEvents(client, plan, idleId);
  const counts = await Promise.all(
    completed.map(async (c) => ({ ...(await conferenceEvents(client, plan, c.id)), actions: c.actions })),
  );
  const eventsPerConference = median(counts.map((c) => c.events));
  const actions = median(counts.map((c) => c.actions));
  await cancelConference(client, idleId, { reason: 'Kết thúc đo', actor: { unitId: plan.organizer, person: 'Bench' } });

  // Bare: what one Update and one Signal add to a trivial workflow's history.
  const bare = client.workflow.getHandle(target.workflowId);
  const per = async (n: number, f: (i: number) => Promise<unknown>): Promise<number> => {
    const before = (await workflowEvents(client, target.workflowId)).events;
    for (let i = 0; i < n; i++) await f(i);
    await sleep(300);
    const after = (await workflowEvents(client, target.workflowId)).events;
    return (after - before) / n;
  };
  const eventsPerBareUpdate = await per(20, (i) => bare.executeUpdate(bareUpdate, { args: [{ n: i }] }));
  // One signal at a time with a pause, so each gets its own workflow task (none are batched).
  const eventsPerBareSignal = await per(20, async (i) => {
    await bare.signal(bareSignal, { n: i });
    await sleep(20);
  });
  return {
    eventsPerConference,
    workflowsPerConference: counts[0]?.workflows ?? 1 + plan.responsibilities.length,
    eventsPerIdleConference: idle.events,
    actionsPerConference: actions,
    eventsPerTaskAction: round((eventsPerConference - idle.events) / actions, 1),
    eventsPerBareUpdate: round(eventsPerBareUpdate, 1),
    eventsPerBareSignal: round(eventsPerBareSignal, 1),
    activitiesPerConference: median(counts.map((c) => c.activities)),
    timersPerConference: median(counts.map((c) => c.timers)),
  };
}

/**
 * The history phase: the cost of the conferences the rounds completed (`withAlarms`), then of K
 * conferences of the seed plan without its alarms, driven to completion the same way (the figures
 * the target judges), and `ratios.historyPerAction` (events per task action ÷ per bare Update).
 */
export async function measureHistory(
  ctx: BenchContext,
  completed: { id: string; actions: number }[],
  ratios: Ratios,
): Promise<ActionHistoryCost> {
  note('History cost…');
  const { client, plan, engineQueue, target, tag } = ctx;
  const withAlarms = await historyCost(client, plan, engineQueue, target, `bench-${tag}-history`, completed);
  const quiet = withoutAlarms(plan);
  const ids = [0, 1].map((i) => `bench-${tag}-history-quiet-${i}`);
  await Promise.all(ids.map((id) => startBenchConference(client, quiet, id, engineQueue, true)));
  const driven = await Promise.all(ids.map((id) => driveConference(client, quiet, id)));
  const history: ActionHistoryCost = {
    ...(await historyCost(
      client,
      quiet,
      engineQueue,
      target,
      `bench-${tag}-history-quiet`,
      ids.map((id, i) => ({ id, actions: driven[i]?.actions ?? 0 })),
    )),
    withAlarms,
  };
  ratios.historyPerAction = {
    p50: round(history.eventsPerTaskAction / history.eventsPerBareUpdate),
    p95: Number.NaN,
    p99: Number.NaN,
    baseline: 'bareUpdate (events)',
  };
  return history;
}
