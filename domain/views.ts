/**
 * What the workflows report: a task's state as a unit, an organizer or an auditor sees it.
 * JSON-shaped only (no Date, no Map), because these cross the workflow boundary.
 *
 * Each view is a zod schema and its type is inferred from it, so the web API describes these
 * same shapes (web/schemas.ts adds only OpenAPI metadata). Each enum is defined once, here or in
 * the module that owns it (phase: plan/primitives.ts; task kind: the plan's task union; action
 * name and link role: actions.ts), and imported everywhere else.
 *
 * Not for workflow run time: workflows import these as types only (`import type`), because every
 * module a workflow imports at run time is built again in each cached workflow (see
 * workflows/preload.ts). The tally they need is in `counts.ts`. An optional field is
 * `.exactOptional()`: absent or present, never `undefined` (exactOptionalPropertyTypes).
 */
import { z } from 'zod';
import { ActorSchema, EvidenceFileSchema, LinkRoleSchema, RequestIdSchema, TaskActionSchema } from './actions';
import { ClockSchema } from './clock-schema';
import { IdSchema, IsoInstantSchema, LocalDateSchema, PhaseSchema } from './plan/primitives';
import { DueRuleSchema, TaskSchema } from './plan/schema';

// ---- enums ----

/** Where a task is: waiting on another task or the date, open, submitted for approval, sent back, done, cancelled. */
export const TaskStateSchema = z.enum(['blocked', 'open', 'submitted', 'sentBack', 'done', 'cancelled', 'withdrawn']);
export type TaskState = z.infer<typeof TaskStateSchema>;

/** The kinds of task, read from the plan's task union (once, submission, approval, signoff, phased). */
export const TaskKindSchema = z.enum(TaskSchema.options.map((o) => o.shape.kind.value));

/** The actions a unit takes on a task, read from the action union (complete, submit, approve…). */
export const ActionNameSchema = z.enum(TaskActionSchema.options.map((o) => o.shape.action.value));

/** How far a conference or a responsibility has got. */
export const RunStatusSchema = z.enum(['running', 'completed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** How a conference ended. */
export const OutcomeSchema = RunStatusSchema.exclude(['running']);

/** What a blocked task waits for: the conference date, or another task. */
export const WaitingForSchema = z.enum(['date', 'task']);

// ---- views ----

/** One accepted action on a task; `at` is plan time (UTC ISO). */
export const ActionRecordSchema = z.object({
  action: ActionNameSchema,
  actor: ActorSchema,
  requestId: RequestIdSchema,
  at: IsoInstantSchema,
  note: z.string().exactOptional(),
  evidence: z.array(z.string()).exactOptional(),
  files: z.array(EvidenceFileSchema).exactOptional().describe('Evidence files, by SHA-256'),
  fields: z.record(z.string(), z.union([z.string(), z.number()])).exactOptional(),
  reason: z.string().exactOptional(),
  phase: PhaseSchema.exactOptional(),
  late: z.boolean(),
  /** The living plan's changes, with the old and the new value. */
  until: IsoInstantSchema.exactOptional().describe('The deadline asked for or set (extension, return)'),
  previousDue: IsoInstantSchema.nullable().exactOptional().describe('The deadline in force before this action'),
  decision: z.enum(['grant', 'refuse']).exactOptional(),
  percent: z.number().exactOptional(),
  assignees: z.array(IdSchema).exactOptional().describe('The units the task moved to (reassign)'),
  previousAssignees: z.array(IdSchema).exactOptional(),
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;

/** A mail the recipient's server refused for good: shown on the board ("không gửi được thư tới …"). */
export const UndeliveredMailSchema = z.object({
  unitId: IdSchema,
  address: z.string(),
  reason: z.string(),
  /** The notice's kind (reminder, overdue, returned, …) and its idempotency key. */
  notice: z.string(),
  key: z.string(),
  at: IsoInstantSchema.describe('Plan time (UTC) of the attempt'),
});
export type UndeliveredMail = z.infer<typeof UndeliveredMailSchema>;

export const PhaseViewSchema = z.object({
  phase: PhaseSchema,
  label: z.string(),
  due: IsoInstantSchema.nullable(),
  provisionalYears: z
    .array(z.number().int())
    .exactOptional()
    .describe("Years without their holiday announcement this phase's deadline was counted across: it may move"),
  confirmedAt: IsoInstantSchema.exactOptional(),
  confirmedBy: ActorSchema.exactOptional(),
});
export type PhaseView = z.infer<typeof PhaseViewSchema>;

export const TaskViewSchema = z.object({
  id: IdSchema,
  responsibilityId: IdSchema,
  title: z.string(),
  titleEn: z.string().exactOptional(),
  kind: TaskKindSchema,
  clause: z.string(),
  assignees: z.array(IdSchema),
  deciders: z.array(IdSchema).describe('Units that approve (approval) or sign (signoff); empty otherwise'),
  dependsOn: z.array(IdSchema),
  state: TaskStateSchema,
  due: IsoInstantSchema.nullable().describe('UTC instant (plan time), null until it can be known'),
  waitingFor: WaitingForSchema.nullable(),
  provisionalYears: z
    .array(z.number().int())
    .exactOptional()
    .describe(
      'Years without their holiday announcement the deadline was counted across in working days (the law’s days alone): it is provisional and moves if the announcement, when it comes, says otherwise',
    ),
  organizerChoice: z.boolean(),
  overdue: z.boolean(),
  late: z.boolean().exactOptional().describe('Set when done: whether it was done after its deadline'),
  completedAt: IsoInstantSchema.exactOptional(),
  completedBy: ActorSchema.exactOptional(),
  signedBy: z.array(IdSchema),
  phases: z.array(PhaseViewSchema),
  history: z.array(ActionRecordSchema),
  extensionRequest: z
    .object({ until: IsoInstantSchema, reason: z.string(), by: ActorSchema, at: IsoInstantSchema })
    .exactOptional()
    .describe('A request for more time the organizer has not answered yet'),
  progress: z
    .object({ note: z.string(), percent: z.number().exactOptional(), by: ActorSchema, at: IsoInstantSchema })
    .exactOptional()
    .describe("The assignee's latest progress note"),
  withdrawnAt: IsoInstantSchema.exactOptional(),
  undelivered: z.array(UndeliveredMailSchema).exactOptional().describe('Mails about this task that could not be sent'),
});
export type TaskView = z.infer<typeof TaskViewSchema>;

export const ResponsibilityViewSchema = z.object({
  id: IdSchema,
  title: z.string(),
  titleEn: z.string().exactOptional(),
  lead: IdSchema,
  clause: z.string(),
  status: RunStatusSchema,
  tasks: z.array(TaskViewSchema),
});
export type ResponsibilityView = z.infer<typeof ResponsibilityViewSchema>;

export const DateChangeSchema = z.object({
  from: LocalDateSchema.nullable(),
  to: LocalDateSchema,
  reason: z.string(),
  by: ActorSchema,
  requestId: RequestIdSchema,
  at: IsoInstantSchema,
});
export type DateChange = z.infer<typeof DateChangeSchema>;

export const CountsSchema = z.object({
  total: z.number().int(),
  done: z.number().int(),
  open: z.number().int(),
  blocked: z.number().int(),
  overdue: z.number().int(),
  late: z.number().int(),
});
export type Counts = z.infer<typeof CountsSchema>;

const TaskPatchSchema = z.object({
  title: z.string().exactOptional(),
  titleEn: z.string().exactOptional(),
  due: DueRuleSchema.exactOptional(),
});

/** One amendment of the running plan: who, when, why, and the task before → after. */
export const AmendmentRecordSchema = z.object({
  version: z.number().int(),
  op: z.enum(['addTask', 'changeTask']),
  taskId: IdSchema,
  responsibilityId: IdSchema,
  reason: z.string(),
  by: ActorSchema,
  at: IsoInstantSchema,
  requestId: z.string(),
  before: TaskPatchSchema.exactOptional(),
  after: TaskPatchSchema.exactOptional(),
});

export type AmendmentView = z.infer<typeof AmendmentRecordSchema>;

export const ConferenceStatusSchema = z.object({
  conferenceId: z.string(),
  planId: z.string(),
  title: z.string(),
  status: RunStatusSchema,
  date: LocalDateSchema.nullable(),
  window: z.object({ from: LocalDateSchema, to: LocalDateSchema, text: z.string() }),
  dateChanges: z.array(DateChangeSchema),
  cancellation: z.object({ reason: z.string(), by: ActorSchema, at: IsoInstantSchema }).exactOptional(),
  planVersion: z.number().int().exactOptional().describe('1 at start, +1 per amendment of the plan'),
  amendments: z.array(AmendmentRecordSchema).exactOptional(),
  clock: ClockSchema,
  asOf: IsoInstantSchema.describe('Plan time (UTC) when the status was last updated'),
  counts: CountsSchema,
  responsibilities: z.array(ResponsibilityViewSchema),
  undelivered: z
    .array(UndeliveredMailSchema)
    .exactOptional()
    .describe("Mails of the conference's own notices (date, report, digest) that could not be sent"),
});
export type ConferenceStatus = z.infer<typeof ConferenceStatusSchema>;

/** What a finished conference returns: enough for a report without reading history. */
export const ConferenceResultSchema = z.object({
  conferenceId: z.string(),
  outcome: OutcomeSchema,
  date: LocalDateSchema.nullable(),
  dateChanges: z.number().int(),
  counts: CountsSchema,
  cancellation: z.object({ reason: z.string(), by: ActorSchema }).exactOptional(),
  responsibilities: z.array(
    z.object({ id: IdSchema, lead: IdSchema, done: z.number().int(), late: z.number().int(), total: z.number().int() }),
  ),
});
export type ConferenceResult = z.infer<typeof ConferenceResultSchema>;

/** An access link as the conference keeps it: never the secret, only its hash. */
export const AccessLinkSchema = z.object({
  linkId: z.string(),
  unitId: IdSchema,
  role: LinkRoleSchema,
  tokenHash: z.string(),
  expiresAt: IsoInstantSchema,
  issuedBy: ActorSchema,
  issuedAt: IsoInstantSchema,
  revokedAt: IsoInstantSchema.exactOptional(),
  revokedBy: ActorSchema.exactOptional(),
});
export type AccessLink = z.infer<typeof AccessLinkSchema>;
