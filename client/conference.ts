/**
 * Client-side operations on conferences, shared by the CLI, the web service, the demo, the
 * tests and the benchmarks: start one from a plan, act on a task, set the date, cancel, read.
 */
import { QueryNotRegisteredError, WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { openPayload } from './open-history';
import { randomUUID } from 'node:crypto';
import { toNfc, type Actor, type TaskActionInput, type TaskActionRequest } from '../domain/actions';
import type { Clock } from '../domain/clock';
import { conferenceWorkflowId, responsibilityWorkflowId, TASK_QUEUE } from '../domain/ids';
import type { AmendmentAnswer, AmendmentInput } from '../domain/amendments';
import {
  amendPlanUpdate,
  planInForceQuery,
  cancelConferenceUpdate,
  conferenceStatusQuery,
  setConferenceDateUpdate,
  taskActionSignal,
  taskActionUpdate,
  type ConferenceInput,
} from '../domain/messages';
import { ErrorType, invalidValue, refusal } from '../domain/errors';
import { formatPath } from '../domain/plan/issues';
import { checkPlan } from '../domain/plan/checks';
import { DueRuleSchema, TaskSchema, type LocalDate, type Plan } from '../domain/plan/schema';
import { ConferenceIdKey, StatusKey } from '../domain/search-attributes';
import type { ConferenceStatus, DateChange, TaskView } from '../domain/views';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { CLAIM_KEY_MEMO } from '../domain/claims';
import { CALENDAR_MEMO, CALENDAR_VERSION } from '../domain/calendar';
import { RULES_BASELINE, RULES_MEMO } from '../domain/run-rules';
import { loadSigningKey } from './signing-key';
import { actionUpdateId, claimRequestId, wouldTake } from './request-ids';
import type { conferenceWorkflow } from '../workflows/conference/workflow';

export interface StartOptions {
  conferenceId: string;
  plan: Plan;
  date?: LocalDate;
  clock: Clock;
  startedBy?: Actor;
  taskQueue?: string;
  /**
   * The public key (hex) the conference and its responsibilities verify claims of who acts with.
   * Default: the deployment's (client/signing-key.ts, made at first use).
   */
  claimKey?: string;
}

/**
 * Starts a conference and returns once its board shows every responsibility's tasks (under the
 * rules baseline the conference builds them as it starts its children; a conference of an
 * earlier release waits for each child's first report), so the caller can act on them at once.
 * Temporal refuses a second conference with the same id.
 */
export async function startConference(
  client: Client,
  opts: StartOptions,
): Promise<WorkflowHandle<typeof conferenceWorkflow>> {
  if (opts.date) {
    // The same check the workflow applies when the date is set later: no deadline before its dependency's.
    const conflict = checkPlan({ ...opts.plan, conference: { ...opts.plan.conference, date: opts.date } })[0];
    if (conflict)
      throw refusal(
        ErrorType.InvalidDate,
        'date',
        `Với ngày ${opts.date}: ${conflict.message.vi}`,
        `With ${opts.date}: ${conflict.message.en}`,
      );
  }
  const handle = await client.workflow.start<typeof conferenceWorkflow>(WORKFLOW_TYPE.conference, {
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
    // The key every claim of who acts on this conference must be signed with, and the rules it
    // runs under (domain/run-rules.ts); children inherit both.
    memo: {
      [CLAIM_KEY_MEMO]: opts.claimKey ?? loadSigningKey().publicKey,
      [RULES_MEMO]: RULES_BASELINE,
      // The holiday calendar the conference counts working days on, for its whole run.
      [CALENDAR_MEMO]: CALENDAR_VERSION,
    },
    staticSummary: opts.plan.conference.title,
    staticDetails: `${opts.plan.meta.title}\n${opts.plan.meta.issuer} — ${opts.plan.conference.venue}`,
    typedSearchAttributes: [
      { key: ConferenceIdKey, value: opts.conferenceId },
      { key: StatusKey, value: 'running' },
    ],
  });
  await waitUntilReady(handle, opts.plan.responsibilities.length);
  return handle;
}

async function waitUntilReady(
  handle: WorkflowHandle<typeof conferenceWorkflow>,
  responsibilities: number,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await readyStatus(handle);
    if (!status) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const reported = status.responsibilities.filter((r) => r.tasks.length > 0).length;
    if (reported === responsibilities || status.status !== 'running') return;
    if (Date.now() > deadline) {
      throw new Error(
        `Conference ${status.conferenceId} started, but only ${reported} of ${responsibilities} responsibilities show their tasks after 60 s. Is a worker running?`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The conference's board, or undefined while it has none yet: a new conference asks its worker
 * whether the deployment trusts its key before it opens (workflows/interceptors.ts). A conference
 * refused for its key (or for an unsealed start) ends at once: its refusal is thrown here.
 */
async function readyStatus(handle: WorkflowHandle<typeof conferenceWorkflow>): Promise<ConferenceStatus | undefined> {
  try {
    return await handle.query(conferenceStatusQuery);
  } catch (err) {
    if (!(err instanceof QueryNotRegisteredError)) throw err;
  }
  if ((await handle.describe()).status.name === 'FAILED') await handle.result();
  return undefined;
}

export function conferenceHandle(client: Client, conferenceId: string): WorkflowHandle<typeof conferenceWorkflow> {
  return client.workflow.getHandle(conferenceWorkflowId(conferenceId));
}

/**
 * The plan a conference was started with, read from the first event of its history (it never
 * changes there); undefined when the conference has no history.
 */
export async function startedPlan(client: Client, conferenceId: string): Promise<Plan | undefined> {
  const res = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId: conferenceWorkflowId(conferenceId) },
    maximumPageSize: 1,
  });
  const sealed = res.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!sealed) return undefined;
  return defaultPayloadConverter.fromPayload<ConferenceInput>(await openPayload(client, sealed)).plan;
}

export async function conferenceStatus(client: Client, conferenceId: string): Promise<ConferenceStatus> {
  return conferenceHandle(client, conferenceId).query(conferenceStatusQuery);
}

/** Which responsibility holds a task, from the conference's own status. */
export function responsibilityOf(status: ConferenceStatus, taskId: string): string | undefined {
  return status.responsibilities.find((r) => r.tasks.some((t) => t.id === taskId))?.id;
}

/**
 * Acts on a task through an Update and returns its new state. The request id is the
 * conference's. One the caller brings (a form, `--request-id`, an API client) is checked, claimed,
 * then sent under an Update id of the request id and its payload (see ./request-ids), so a repeat
 * gets its first answer even after the responsibility closed and no id names two requests. One
 * made here, or by a caller that says it has just made it (`requestIdIsNew`: a random UUID that
 * no one has seen), cannot have been used before, so it skips the check and the claim: one
 * Update instead of a Query and two Updates.
 */
export async function actOnTask(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  action: TaskActionRequest,
  options: { requestIdIsNew?: boolean } = {},
): Promise<TaskView> {
  const isNew = action.requestId === undefined || options.requestIdIsNew === true;
  // People's words in NFC before the Update: the same name is the same string in history.
  const payload = toNfc({ ...action, requestId: action.requestId ?? randomUUID() });
  if (!isNew && (await wouldTake(client, conferenceId, responsibilityId, payload))) {
    await claimRequestId(client, conferenceId, { requestId: payload.requestId, taskId: payload.taskId });
  }
  const handle = client.workflow.getHandle(responsibilityWorkflowId(conferenceId, responsibilityId));
  return handle.executeUpdate(taskActionUpdate, { args: [payload], updateId: actionUpdateId(payload) });
}

/** The same action as a Signal: returns once Temporal has recorded it, not once it is applied. */
export async function signalTaskAction(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  action: TaskActionInput,
): Promise<void> {
  await client.workflow
    .getHandle(responsibilityWorkflowId(conferenceId, responsibilityId))
    .signal(taskActionSignal, action);
}

export async function setConferenceDate(
  client: Client,
  conferenceId: string,
  input: { date: string; reason: string; actor: Actor; requestId?: string },
): Promise<DateChange> {
  const requestId = input.requestId ?? randomUUID();
  return conferenceHandle(client, conferenceId).executeUpdate(setConferenceDateUpdate, {
    args: [{ ...input, requestId }],
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
  });
}

/** The plan in force of a running or finished conference: the plan started with, as amended since. */
export async function planInForce(client: Client, conferenceId: string): Promise<Plan> {
  return conferenceHandle(client, conferenceId).query(planInForceQuery);
}

/** An amendment as a caller writes it: the task or deadline rule as in a plan file, the request id optional. */
export type AmendmentRequest =
  | (Omit<Extract<AmendmentInput, { op: 'addTask' }>, 'task' | 'requestId'> & { task: unknown; requestId?: string })
  | (Omit<Extract<AmendmentInput, { op: 'changeTask' }>, 'due' | 'requestId'> & { due?: unknown; requestId?: string });

/**
 * Amends the running plan (organizer only): adds a task to a responsibility, or changes a task's
 * title or deadline rule. The task (or rule) is checked in full here with the plan's own schema,
 * so the workflow, which does not load that schema, checks the shape and the plan's rules.
 * Answered with the new plan version; a refusal names the path and the reason.
 */
export async function amendPlan(
  client: Client,
  conferenceId: string,
  request: AmendmentRequest,
): Promise<AmendmentAnswer> {
  const requestId = request.requestId ?? randomUUID();
  let payload: AmendmentInput;
  if (request.op === 'addTask') {
    const parsed = TaskSchema.safeParse(request.task);
    if (!parsed.success) throw schemaRefusal('task', parsed.error.issues);
    payload = { ...request, task: parsed.data, requestId };
  } else {
    const { due, ...rest } = request;
    if (due === undefined) payload = { ...rest, requestId };
    else {
      const parsed = DueRuleSchema.safeParse(due);
      if (!parsed.success) throw schemaRefusal('due', parsed.error.issues);
      payload = { ...rest, due: parsed.data, requestId };
    }
  }
  return conferenceHandle(client, conferenceId).executeUpdate(amendPlanUpdate, { args: [payload] });
}

function schemaRefusal(
  root: string,
  issues: readonly Parameters<typeof invalidValue>[0][],
): ReturnType<typeof refusal> {
  const first = issues[0];
  const { vi, en } = invalidValue(first);
  return refusal(ErrorType.InvalidPayload, formatPath([root, ...(first?.path ?? [])]), `${vi}.`, `${en}.`);
}
