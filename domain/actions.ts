/**
 * The one action contract for every way a unit acts on a task, and the organizer's commands.
 * The same payload travels as a Temporal Update (validated, answered at once) or a Signal
 * (fire-and-forget, for integrations and the `temporal` CLI). Workflow-safe.
 */
import { z } from 'zod';
import { EVIDENCE_LIMITS, LIMITS } from './limits';
import { IdSchema, IsoInstantSchema, LocalDateSchema, LocalDateTimeSchema, PhaseSchema } from './plan/primitives';
import { REASON } from './reasons';

export { EVIDENCE_LIMITS, LIMITS };

export const ActorSchema = z
  .object({
    unitId: IdSchema,
    person: z.string().trim().min(1, REASON.person.en).max(LIMITS.personChars),
  })
  .strict();
export type Actor = z.infer<typeof ActorSchema>;

export const RequestIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, REASON.requestId.en);

const UrlSchema = z
  .string()
  .max(LIMITS.urlChars)
  .regex(/^https?:\/\/\S+$/, REASON.link.en);

/**
 * An evidence file as the action records it: the store keeps the bytes under their SHA-256 (see
 * `client/evidence-store.ts`), history keeps this record. The media type is the one read from the
 * content when the file was stored, not the one its name suggests.
 */
export const EvidenceFileSchema = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, REASON.fileHash.en),
    size: z.number().int().min(0).max(EVIDENCE_LIMITS.fieldMaxBytes),
    name: z.string().trim().min(1, REASON.fileName.en).max(EVIDENCE_LIMITS.nameChars, REASON.fileName.en),
    mediaType: z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i, REASON.mediaType.en),
  })
  .strict();
export type EvidenceFile = z.infer<typeof EvidenceFileSchema>;

const common = {
  taskId: IdSchema,
  actor: ActorSchema,
  requestId: RequestIdSchema,
  note: z.string().trim().max(LIMITS.noteChars, REASON.noteLength.en).optional(),
  evidence: z.array(UrlSchema).max(LIMITS.evidenceLinks, REASON.evidenceCount.en).default([]),
  /** Evidence files, stored before the action is sent; absent in payloads older than files. */
  files: z.array(EvidenceFileSchema).max(EVIDENCE_LIMITS.filesPerAction, REASON.fileCount.en).default([]),
};

/** The phase a `confirmPhase` or `reportIncident` names (the plan's own enum). */
export const PhaseNameSchema = PhaseSchema;

const reason = (why: string) => z.string().trim().min(1, why).max(LIMITS.reasonChars);

/**
 * What changes a running plan (the living plan): a unit asks for more time, the organizer grants,
 * refuses or extends directly, returns accepted work, moves a task to another unit or withdraws
 * it; an assignee reports progress, and anyone with a part in a task comments on it.
 */
const livingPlanActions = [
  z
    .object({
      ...common,
      action: z.literal('requestExtension'),
      until: LocalDateTimeSchema,
      reason: reason(REASON.extensionWhy.en),
    })
    .strict(),
  z
    .object({
      ...common,
      action: z.literal('decideExtension'),
      decision: z.enum(['grant', 'refuse']),
      /** Another deadline than the one asked for (grant only). */
      until: LocalDateTimeSchema.optional(),
      reason: z.string().trim().max(LIMITS.reasonChars).optional(),
    })
    .strict(),
  z
    .object({ ...common, action: z.literal('extend'), until: LocalDateTimeSchema, reason: reason(REASON.extendWhy.en) })
    .strict(),
  z
    .object({
      ...common,
      action: z.literal('returnWork'),
      until: LocalDateTimeSchema,
      reason: reason(REASON.returnWhy.en),
    })
    .strict(),
  z
    .object({
      ...common,
      action: z.literal('reassign'),
      assignees: z.array(IdSchema).min(1, REASON.newUnit.en).max(10),
      reason: reason(REASON.reassignWhy.en),
    })
    .strict(),
  z.object({ ...common, action: z.literal('withdraw'), reason: reason(REASON.withdrawWhy.en) }).strict(),
  z
    .object({
      ...common,
      action: z.literal('progressNote'),
      note: z.string().trim().min(1, REASON.progressNote.en).max(LIMITS.noteChars),
      percent: z.number().int().min(0).max(100).optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      action: z.literal('comment'),
      note: z.string().trim().min(1, REASON.notEmpty.en).max(LIMITS.noteChars),
    })
    .strict(),
] as const;

export const TaskActionSchema = z.discriminatedUnion('action', [
  z.object({ ...common, action: z.literal('complete') }).strict(),
  z
    .object({
      ...common,
      action: z.literal('submit'),
      fields: z
        .record(z.string().max(64), z.union([z.string().max(LIMITS.fieldChars), z.number().finite()]))
        .refine((f) => Object.keys(f).length <= LIMITS.fields, REASON.fieldCount.en)
        .default({}),
    })
    .strict(),
  z.object({ ...common, action: z.literal('approve') }).strict(),
  z
    .object({
      ...common,
      action: z.literal('sendBack'),
      reason: z.string().trim().min(1, REASON.sendBackReason.en).max(LIMITS.reasonChars),
    })
    .strict(),
  z.object({ ...common, action: z.literal('sign') }).strict(),
  z.object({ ...common, action: z.literal('confirmPhase'), phase: PhaseNameSchema }).strict(),
  z
    .object({
      ...common,
      action: z.literal('reportIncident'),
      phase: PhaseNameSchema,
      note: z.string().trim().min(1, REASON.incident.en).max(LIMITS.noteChars),
    })
    .strict(),
  ...livingPlanActions,
]);
export type TaskAction = z.infer<typeof TaskActionSchema>;
export type TaskActionInput = z.input<typeof TaskActionSchema>;
export type ActionName = TaskAction['action'];

export const SetDateSchema = z
  .object({
    date: LocalDateSchema,
    reason: z.string().trim().min(1, REASON.dateReason.en).max(LIMITS.reasonChars),
    actor: ActorSchema,
    requestId: RequestIdSchema,
  })
  .strict();
export type SetDate = z.infer<typeof SetDateSchema>;

export const CancelSchema = z
  .object({
    reason: z.string().trim().min(1, REASON.cancelReason.en).max(LIMITS.reasonChars),
    actor: ActorSchema,
    requestId: RequestIdSchema,
  })
  .strict();
export type Cancel = z.infer<typeof CancelSchema>;

/** An action as a caller writes it: the request id may be left for the client to generate. */
export type TaskActionRequest = TaskActionInput extends infer T
  ? T extends unknown
    ? Omit<T, 'requestId'> & { requestId?: string }
    : never
  : never;

/** What an access link lets its holder do: act as its unit, run the conference, or read the audit. */
export const LinkRoleSchema = z.enum(['unit', 'organizer', 'auditor']);
export type LinkRole = z.infer<typeof LinkRoleSchema>;

/**
 * The organizer issues a unit an access link. Only the SHA-256 hash of its secret travels to the
 * workflow (and so to history); the secret itself is shown once to the organizer.
 */
export const IssueLinkSchema = z
  .object({
    linkId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, REASON.linkId.en),
    unitId: IdSchema,
    role: LinkRoleSchema,
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/, REASON.tokenHash.en),
    expiresAt: IsoInstantSchema,
    actor: ActorSchema,
    requestId: RequestIdSchema,
  })
  .strict();
export type IssueLink = z.infer<typeof IssueLinkSchema>;

export const RevokeLinkSchema = z
  .object({ linkId: z.string().min(1).max(64), actor: ActorSchema, requestId: RequestIdSchema })
  .strict();
export type RevokeLink = z.infer<typeof RevokeLinkSchema>;

/**
 * A request id claimed for one task of the conference, before the action goes to the task's
 * responsibility: request ids are the conference's, so one id cannot name two requests.
 */
/** The progress report's request: empty today, an object so that it carries its seal (domain/seal.ts). */
export const ProgressReportRequestSchema = z.object({}).strict();

export const RequestClaimSchema = z.object({ requestId: RequestIdSchema, taskId: IdSchema }).strict();
export type RequestClaim = z.infer<typeof RequestClaimSchema>;

/**
 * Every string of a payload in Unicode NFC, keys included: Vietnamese typed on some keyboards
 * (or pasted from macOS) arrives decomposed ("Nguyễn" as "Nguye\u0302\u0303n"), looks the same, and
 * would not match, sort or search as the same name. Applied where people's text comes in.
 * Workflow-safe (String.prototype.normalize is deterministic).
 */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => toNfc(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.normalize('NFC'), toNfc(v)]),
    ) as T;
  }
  return value;
}
