/** History cost: how many events Temporal stores for a conference, a task action, a bare message. */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../domain/ids';
import type { Plan } from '../domain/plan/schema';

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
