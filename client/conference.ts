/**
 * Client-side operations on conferences, shared by the CLI, the web service, the demo, the
 * tests and the benchmarks: start one from a plan, act on a task, set the date, cancel, read.
 */
import { WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Actor, TaskActionInput, TaskActionRequest } from '../domain/actions';
import type { Clock } from '../domain/clock';
import { conferenceWorkflowId, responsibilityWorkflowId, TASK_QUEUE } from '../domain/ids';
import {
  cancelConferenceUpdate,
  conferenceStatusQuery,
  setConferenceDateUpdate,
  taskActionSignal,
  taskActionUpdate,
} from '../domain/messages';
import type { LocalDate, Plan } from '../domain/plan/schema';
import { ConferenceIdKey, StatusKey } from '../domain/search-attributes';
import type { ConferenceStatus, DateChange, TaskView } from '../domain/views';
import type { conferenceWorkflow } from '../workflows/conference/workflow';

export interface StartOptions {
  conferenceId: string;
  plan: Plan;
  date?: LocalDate;
  clock: Clock;
  startedBy?: Actor;
  taskQueue?: string;
}

/** Starts a conference; Temporal refuses a second one with the same id (business key). */
export async function startConference(
  client: Client,
  opts: StartOptions,
): Promise<WorkflowHandle<typeof conferenceWorkflow>> {
  return client.workflow.start('conferenceWorkflow', {
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowId: conferenceWorkflowId(opts.conferenceId),
    // An id names one conference for good: a finished or cancelled one is not restarted by accident.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [
      {
        conferenceId: opts.conferenceId,
        plan: opts.plan,
        clock: opts.clock,
        ...(opts.date ? { date: opts.date } : {}),
        ...(opts.startedBy ? { startedBy: opts.startedBy } : {}),
      },
    ],
    staticSummary: opts.plan.conference.title,
    staticDetails: `${opts.plan.meta.title}\n${opts.plan.meta.issuer} — ${opts.plan.conference.venue}`,
    typedSearchAttributes: [
      { key: ConferenceIdKey, value: opts.conferenceId },
      { key: StatusKey, value: 'running' },
    ],
  }) as Promise<WorkflowHandle<typeof conferenceWorkflow>>;
}

export function conferenceHandle(client: Client, conferenceId: string): WorkflowHandle<typeof conferenceWorkflow> {
  return client.workflow.getHandle(conferenceWorkflowId(conferenceId));
}

export async function conferenceStatus(client: Client, conferenceId: string): Promise<ConferenceStatus> {
  return conferenceHandle(client, conferenceId).query(conferenceStatusQuery);
}

/** Which responsibility holds a task, from the conference's own status. */
export function responsibilityOf(status: ConferenceStatus, taskId: string): string | undefined {
  return status.responsibilities.find((r) => r.tasks.some((t) => t.id === taskId))?.id;
}

/**
 * Acts on a task through an Update and returns its new state. The request id doubles as the
 * Update id, so Temporal also de-duplicates a retried call.
 */
export async function actOnTask(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  action: TaskActionRequest,
): Promise<TaskView> {
  const requestId = action.requestId ?? randomUUID();
  const handle = client.workflow.getHandle(responsibilityWorkflowId(conferenceId, responsibilityId));
  return handle.executeUpdate(taskActionUpdate, { args: [{ ...action, requestId } as TaskActionInput], updateId: requestId });
}

/** The same action as a Signal: returns once Temporal has recorded it, not once it is applied. */
export async function signalTaskAction(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  action: TaskActionInput,
): Promise<void> {
  await client.workflow.getHandle(responsibilityWorkflowId(conferenceId, responsibilityId)).signal(taskActionSignal, action);
}

export async function setConferenceDate(
  client: Client,
  conferenceId: string,
  input: { date: string; reason: string; actor: Actor; requestId?: string },
): Promise<DateChange> {
  const requestId = input.requestId ?? randomUUID();
  return conferenceHandle(client, conferenceId).executeUpdate(setConferenceDateUpdate, {
    args: [{ ...input, requestId }],
    updateId: requestId,
  });
}

export async function cancelConference(
  client: Client,
  conferenceId: string,
  input: { reason: string; actor: Actor; requestId?: string },
): Promise<{ cancelled: true; reason: string }> {
  const requestId = input.requestId ?? randomUUID();
  return conferenceHandle(client, conferenceId).executeUpdate(cancelConferenceUpdate, {
    args: [{ ...input, requestId }],
    updateId: requestId,
  });
}
