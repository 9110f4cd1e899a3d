/**
 * Temporal history is a list of protobuf events with encoded payloads; the audit needs to know
 * which event is which message. This is the one place that knows it, and it knows it only through
 * the message definitions (`definition.name`, whose types also type the decoded payloads) and the
 * exported workflow and activity names: a renamed message is a compile error or a changed golden
 * file, never a silently empty audit. Pure: histories in, typed facts out.
 */
import {
  defaultPayloadConverter,
  type Payload,
  type SignalDefinition,
  type UpdateDefinition,
} from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { ACTIVITY_NAME, type DeliveryReport, type Notification, type UndeliveredMail } from '../activities/types';
import type { Cancel, SetDate, TaskActionInput } from '../domain/actions';
import type { AmendmentAnswer, AmendmentInput } from '../domain/amendments';
import { CLAIM_HEADER, CLAIM_KEY_MEMO } from '../domain/claims';
import { sealRefusedSignals, type RefusedSignal } from './seal-refusals';
import type { Clock } from '../domain/clock';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../domain/ids';
import {
  amendPlanUpdate,
  cancelConferenceUpdate,
  setConferenceDateUpdate,
  taskActionSignal,
  taskActionUpdate,
  tasksChangedSignal,
  type ConferenceInput,
  type ResponsibilityInput,
  type ResponsibilityResult,
} from '../domain/messages';
import type { DateChange, TaskView } from '../domain/views';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import type * as workflows from '../workflows/index';
import { firstBoard } from '../workflows/responsibility/board';
import { RULES_MEMO, SEEDED_BOARDS_BASELINE } from '../domain/run-rules';
import { CALENDAR_MEMO } from '../domain/calendar';

/** The workflow types read here; the compiler checks that each is a workflow the worker registers. */
const TYPE = WORKFLOW_TYPE satisfies Record<string, keyof typeof workflows>;

/** The history of one workflow; the workflow id is read from the history when not given. */
export interface WorkflowHistory {
  workflowId?: string;
  history: History;
}

/** Where a fact was recorded: the event's id in its workflow and its real time (UTC ISO). */
export interface EventRef {
  eventId: number;
  at: string;
}

/** The conference's own record of a date set or moved, an amendment of its plan, or its cancellation, in event order. */
export type ConferenceChange = (
  | { kind: 'date'; event: EventRef; args: SetDate; result: DateChange }
  | { kind: 'amend'; event: EventRef; args: AmendmentInput; result: AmendmentAnswer }
  | { kind: 'cancel'; event: EventRef; args: Cancel }
) &
  Proof;

/**
 * How a message was proven, as history holds it: the claim in its header (domain/claims.ts,
 * undefined when none), the Temporal client identity that sent it, and the real instant the
 * workflow judged it at (the next workflow task's start; a claim's expiry is checked against it).
 */
export interface Proof {
  claim?: unknown;
  identity?: string | null;
  judgedAt?: string;
}

/** A unit's action on a task as it reached the workflow: an Update it accepted, or a Signal. */
export interface TaskAttempt extends Proof {
  event: EventRef;
  args: TaskActionInput;
  source: 'update' | 'signal';
}

/** A notification the workflow scheduled (reminder, escalation, refusal, …). */
export interface NotificationFact {
  event: EventRef;
  notification: Notification;
}

/** Mails of a notification that a server refused for good (the notify activity's report). */
export interface UndeliveredFact {
  event: EventRef;
  notification: Notification;
  mails: UndeliveredMail[];
}

interface Common {
  workflowId: string;
  /** Mails the workflow's notifications could not deliver, in event order (absent: none). */
  undelivered?: UndeliveredFact[];
  /** The first event (the start), if the history has any. */
  first: EventRef | undefined;
  clock: Clock | undefined;
  /** Task id → the clause of the plan it comes from. */
  clauses: Map<string, string>;
  /** The public key (hex) the workflow verifies claims of who acts with; none before claims. */
  claimKey?: string | undefined;
  /** The Temporal client identity that started the workflow. */
  starterIdentity?: string | null;
  /** Signals the workflow dropped because Kehoach did not seal them for it (./seal-refusals); absent: none. */
  sealRefused?: SealRefusedSignal[];
}

/** A Signal the workflow dropped for its seal, at its event. */
export type SealRefusedSignal = Omit<RefusedSignal, 'event'> & { event: EventRef };

export interface ConferenceFacts extends Common {
  kind: 'conference';
  input: ConferenceInput;
  changes: ConferenceChange[];
  /** The conference's own notices (date set, deadlines a newer holiday calendar moved, …), in order. */
  notifications: NotificationFact[];
}

export interface ResponsibilityFacts extends Common {
  kind: 'responsibility';
  input: ResponsibilityInput;
  /** Every task state the workflow reported (Update answers, reports to the parent, its result), in order. */
  taskViews: TaskView[];
  /** Update and Signal attempts, in event order. */
  attempts: TaskAttempt[];
  notifications: NotificationFact[];
}

export interface OtherFacts extends Common {
  kind: 'other';
  input: unknown;
}

export type WorkflowFacts = ConferenceFacts | ResponsibilityFacts | OtherFacts;

type HistoryEvent = NonNullable<History['events']>[number];
type Payloads = { payloads?: unknown[] | null } | null | undefined;

/** An Update accepted and completed successfully, with its input and answer (not yet typed). */
interface CompletedUpdate {
  accepted: HistoryEvent;
  name: string;
  args: unknown;
  result: unknown;
}

export function decodeWorkflow(h: WorkflowHistory): WorkflowFacts {
  const events = h.history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const type = started?.workflowType?.name ?? '';
  const input = decodeFirst(started?.input);
  const first = events[0] ? ref(events[0]) : undefined;
  const memoKey = started?.memo?.fields?.[CLAIM_KEY_MEMO];
  const key = memoKey ? defaultPayloadConverter.fromPayload(memoKey) : undefined;
  const claimKey = typeof key === 'string' ? key : undefined;
  const starterIdentity = started?.identity || null;
  const sealRefused = sealRefusedSignals(events).map((r) => ({ ...r, event: ref(r.event) }));
  const clauses = new Map<string, string>();
  if (type === TYPE.conference) {
    const ci = input as ConferenceInput;
    for (const r of ci.plan?.responsibilities ?? []) for (const t of r.tasks) clauses.set(t.id, t.clause);
    const changes = conferenceChanges(events);
    // A task added while the plan ran has its clause in the amendment, not in the plan started with.
    for (const c of changes)
      if (c.kind === 'amend' && c.args.op === 'addTask') clauses.set(c.args.task.id, c.args.task.clause);
    return {
      kind: 'conference',
      workflowId: h.workflowId ?? (started?.workflowId || conferenceWorkflowId(ci.conferenceId)),
      first,
      clock: ci.clock,
      clauses,
      claimKey,
      starterIdentity,
      undelivered: undeliveredMails(events),
      input: ci,
      sealRefused,
      changes,
      notifications: notifications(events),
    };
  }
  if (type === TYPE.responsibility) {
    const ri = input as ResponsibilityInput;
    for (const t of ri.responsibility?.tasks ?? []) clauses.set(t.id, t.clause);
    return {
      kind: 'responsibility',
      workflowId:
        h.workflowId ?? (started?.workflowId || responsibilityWorkflowId(ri.conferenceId, ri.responsibility.id)),
      first,
      clock: ri.clock,
      clauses,
      claimKey,
      starterIdentity,
      undelivered: undeliveredMails(events),
      input: ri,
      taskViews: [
        ...firstViews(ri, started?.memo?.fields?.[RULES_MEMO], started?.memo?.fields?.[CALENDAR_MEMO], first?.at),
        ...taskViews(events),
      ],
      // A Signal dropped for its seal never reached the claim check or the handler: a row of its own.
      attempts: taskAttempts(events).filter((a) => !sealRefused.some((r) => r.event.eventId === a.event.eventId)),
      sealRefused,
      notifications: notifications(events),
    };
  }
  return {
    kind: 'other',
    workflowId: h.workflowId ?? started?.workflowId ?? '?',
    first,
    clock: undefined,
    clauses,
    undelivered: [],
    input,
  };
}

/** The conference id a set of histories belongs to (from a workflow's input). */
export function conferenceIdOf(histories: readonly WorkflowHistory[]): string | undefined {
  for (const h of histories) {
    const input = decodeFirst(h.history.events?.[0]?.workflowExecutionStartedEventAttributes?.input);
    const id = (input as { conferenceId?: unknown } | undefined)?.conferenceId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** Children named by the parent's history, in the order it started them. */
export function childWorkflowIds(parent: History): string[] {
  const ids = new Set<string>();
  for (const e of parent.events ?? []) {
    const init = e.startChildWorkflowExecutionInitiatedEventAttributes;
    const start = e.childWorkflowExecutionStartedEventAttributes;
    // The archiving the conference starts as it closes is not part of its record: it writes it.
    if ((init ?? start)?.workflowType?.name === WORKFLOW_TYPE.archive) continue;
    const initiated = init?.workflowId;
    const started = start?.workflowExecution?.workflowId;
    if (initiated) ids.add(initiated);
    if (started) ids.add(started);
  }
  return [...ids];
}

// ---- the messages of each workflow ----

function conferenceChanges(events: HistoryEvent[]): ConferenceChange[] {
  return completedUpdates(events).flatMap((u): ConferenceChange[] => {
    const proof = updateProof(events, u.accepted);
    if (isUpdate(u, setConferenceDateUpdate))
      return [{ kind: 'date', event: ref(u.accepted), args: u.args, result: u.result, ...proof }];
    if (isUpdate(u, amendPlanUpdate))
      return [{ kind: 'amend', event: ref(u.accepted), args: u.args, result: u.result, ...proof }];
    if (isUpdate(u, cancelConferenceUpdate))
      return [{ kind: 'cancel', event: ref(u.accepted), args: u.args, ...proof }];
    return [];
  });
}

function taskAttempts(events: HistoryEvent[]): TaskAttempt[] {
  const updates = completedUpdates(events).flatMap((u) =>
    isUpdate(u, taskActionUpdate)
      ? [{ accepted: u.accepted, args: u.args, source: 'update' as const, ...updateProof(events, u.accepted) }]
      : [],
  );
  const signals = events.flatMap((e, i) => {
    const s = e.workflowExecutionSignaledEventAttributes;
    if (!s || !isSignal(s.signalName, taskActionSignal)) return [];
    // The workflow judged the signal at the start of the next workflow task (its Date.now()).
    const task = events.slice(i + 1).find((n) => n.workflowTaskStartedEventAttributes);
    return [
      {
        accepted: e,
        args: decodeFirst(s.input) as SignalArg<typeof taskActionSignal>,
        source: 'signal' as const,
        claim: headerClaim(s.header),
        identity: s.identity || null,
        judgedAt: eventTime(task ?? e),
      },
    ];
  });
  return [...updates, ...signals]
    .sort((a, b) => eventIdOf(a.accepted) - eventIdOf(b.accepted))
    .map(({ accepted, ...rest }) => ({ event: ref(accepted), ...rest }));
}

/**
 * Under the rules baseline a responsibility never reports its first board: the conference built
 * it from the child's input (workflows/conference/children.ts), and so is it rebuilt here, from
 * the input in the child's first event. Earlier runs reported it, and get nothing here.
 */
function firstViews(
  input: ResponsibilityInput,
  rulesField: Payload | undefined,
  calendarField: Payload | undefined,
  at: string | undefined,
): TaskView[] {
  const rules = rulesField ? defaultPayloadConverter.fromPayload(rulesField) : undefined;
  if (typeof rules !== 'number' || rules < SEEDED_BOARDS_BASELINE) return [];
  // Counted on the calendar the child started on, as it did (1 for runs before versions).
  const calendar = calendarField ? defaultPayloadConverter.fromPayload(calendarField) : undefined;
  try {
    // The instant only dates when deadlines became known, which the view does not show.
    return firstBoard(input, at ?? '', typeof calendar === 'number' && calendar > 0 ? calendar : 1).view().tasks;
  } catch {
    return []; // not a responsibility's input as kehoach writes it: nothing to rebuild
  }
}

function taskViews(events: HistoryEvent[]): TaskView[] {
  const taskActions = new Set(
    completedUpdates(events)
      .filter((u) => isUpdate(u, taskActionUpdate))
      .map((u) => eventIdOf(u.accepted)),
  );
  const out: TaskView[] = [];
  for (const e of events) {
    const done = e.workflowExecutionUpdateCompletedEventAttributes;
    if (done?.outcome?.success && taskActions.has(toNumber(done.acceptedEventId))) {
      const v = decodeFirst(done.outcome.success) as TaskView | undefined;
      if (v && Array.isArray(v.history)) out.push(v);
    }
    const sig = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    if (sig && isSignal(sig.signalName, tasksChangedSignal)) {
      const payload = decodeFirst(sig.input) as Partial<SignalArg<typeof tasksChangedSignal>> | undefined;
      out.push(...(payload?.tasks ?? []));
    }
    const result = e.workflowExecutionCompletedEventAttributes?.result;
    if (result) out.push(...((decodeFirst(result) as ResponsibilityResult | undefined)?.tasks ?? []));
  }
  return out;
}

function notifications(events: HistoryEvent[]): NotificationFact[] {
  return events.flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name !== ACTIVITY_NAME.notify) return [];
    const n = decodeFirst(a.input) as Notification | undefined;
    return n ? [{ event: ref(e), notification: n }] : [];
  });
}

function undeliveredMails(events: HistoryEvent[]): UndeliveredFact[] {
  const scheduled = new Map<number, Notification>();
  for (const n of notifications(events)) scheduled.set(n.event.eventId, n.notification);
  return events.flatMap((e) => {
    const done = e.activityTaskCompletedEventAttributes;
    const n = done ? scheduled.get(toNumber(done.scheduledEventId)) : undefined;
    if (!done || !n) return [];
    const report = decodeFirst(done.result) as DeliveryReport | undefined;
    return report?.undelivered?.length ? [{ event: ref(e), notification: n, mails: report.undelivered }] : [];
  });
}

// ---- Temporal's events ----

type SignalArg<D> = D extends SignalDefinition<infer Args> ? Args[0] : never;

function isUpdate<Ret, Args extends unknown[]>(
  u: CompletedUpdate,
  definition: UpdateDefinition<Ret, Args>,
): u is CompletedUpdate & { args: Args[0]; result: Ret } {
  return u.name === definition.name;
}

function isSignal<Args extends unknown[]>(
  name: string | null | undefined,
  definition: SignalDefinition<Args>,
): boolean {
  return name === definition.name;
}

/** Updates accepted and completed successfully, with their input and answer, in order of acceptance. */
function completedUpdates(events: HistoryEvent[]): CompletedUpdate[] {
  const completed = new Map<number, unknown>();
  for (const e of events) {
    const c = e.workflowExecutionUpdateCompletedEventAttributes;
    if (c?.outcome?.success) completed.set(toNumber(c.acceptedEventId), decodeFirst(c.outcome.success));
  }
  return events.flatMap((e) => {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    const id = eventIdOf(e);
    if (!a || !completed.has(id)) return [];
    return [
      {
        accepted: e,
        name: a.acceptedRequest?.input?.name ?? '',
        args: decodeFirst(a.acceptedRequest?.input?.args),
        result: completed.get(id),
      },
    ];
  });
}

/** The claim and client identity of an accepted Update (its validator checked the claim then). */
function updateProof(events: HistoryEvent[], accepted: HistoryEvent): Proof {
  const request = accepted.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
  // The validator ran in the workflow task that accepted it: the last one started before.
  const id = eventIdOf(accepted);
  const task = events.filter((e) => e.workflowTaskStartedEventAttributes && eventIdOf(e) < id).pop();
  return {
    claim: headerClaim(request?.input?.header),
    identity: request?.meta?.identity || null,
    judgedAt: eventTime(task ?? accepted),
  };
}

function headerClaim(header: { fields?: Record<string, unknown> | null } | null | undefined): unknown {
  const p = header?.fields?.[CLAIM_HEADER];
  if (!p) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(p);
  } catch {
    return { malformed: true };
  }
}

function decodeFirst(payloads: Payloads): unknown {
  const p = payloads?.payloads?.[0];
  if (!p) return undefined;
  return defaultPayloadConverter.fromPayload(p);
}

function ref(e: HistoryEvent): EventRef {
  return { eventId: eventIdOf(e), at: eventTime(e) };
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return 0;
}

function eventIdOf(e: HistoryEvent): number {
  return toNumber(e.eventId);
}

/** When an event happened (UTC ISO), from a history read off the server or from an exported file alike. */
export function eventTime(e: HistoryEvent): string {
  const t = e.eventTime;
  const ms = t ? toNumber(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
  return new Date(ms).toISOString();
}
