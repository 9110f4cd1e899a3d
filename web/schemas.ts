/**
 * The API's request and response schemas, derived from the domain's (domain/actions.ts for
 * requests, domain/views.ts for answers), so a limit or a field can no longer differ between the
 * API and the engine. This module adds only OpenAPI metadata, and the shapes only the web has:
 * error bodies, the session, the inbox, the link issuing form.
 *
 * Metadata goes through zod's own `.meta()` (zod's global registry), which
 * @hono/zod-openapi 1.x reads: `id` names a component, `param` places a parameter, the other keys
 * (description, example) go into the document as they are. `.openapi()` exists only on schemas
 * built after @hono/zod-openapi extended zod, which the domain's are not.
 */
import { z } from 'zod';
import {
  ActorSchema,
  CancelSchema,
  IssueLinkSchema,
  LIMITS,
  RequestIdSchema,
  RevokeLinkSchema,
  SetDateSchema,
  TaskActionSchema,
} from '../domain/actions';
import { AmendmentSchema } from '../domain/amendments';
import { ConferenceIdSchema } from '../domain/ids';
import { IdSchema } from '../domain/plan/primitives';
import { DueRuleSchema, TaskSchema } from '../domain/plan/schema';
import * as views from '../domain/views';

export const ErrorSchema = z
  .object({
    error: z.object({
      type: z.string().meta({ example: 'KehoachWrongUnit' }),
      field: z.string().meta({ example: 'taskId' }),
      message: z.object({ vi: z.string(), en: z.string() }),
    }),
  })
  .meta({ id: 'Error' });

// ---- parameters ----

export const ConferenceParams = z.object({
  conferenceId: ConferenceIdSchema.meta({
    description: 'The conference id',
    param: { name: 'conferenceId', in: 'path' },
    example: 'tua-chua-2022',
  }),
});
export const TaskParams = ConferenceParams.extend({
  taskId: IdSchema.meta({
    description: 'The task id',
    param: { name: 'taskId', in: 'path' },
    example: 'districts.muong-cha.report',
  }),
});
export const LinkParams = ConferenceParams.extend({
  linkId: RevokeLinkSchema.shape.linkId.meta({ param: { name: 'linkId', in: 'path' } }),
});

// ---- requests: the engine's payloads, with the person instead of the actor ----

/** The person acting; the unit always comes from the access link, never from the body. */
const Person = ActorSchema.shape.person.meta({
  description: 'Full name of the person acting (the unit comes from the access link)',
});

/** What a caller of the API sends instead of the engine's `actor` and required `requestId`. */
const caller = {
  person: Person,
  requestId: RequestIdSchema.optional().meta({
    description: 'Idempotency key; the same id again has no second effect. Generated when absent.',
  }),
};

/** The action union's defaulted evidence links and files (the same in every option). */
type Evidence = (typeof TaskActionSchema.options)[number]['shape']['evidence'];
type Files = (typeof TaskActionSchema.options)[number]['shape']['files'];

/**
 * One option of the engine's action union as the API takes it: no task id (it is in the path), the
 * person instead of the actor. The fields the engine defaults (`evidence`, `files`, `fields`) stay optional
 * here, so the payload recorded in history is what the caller sent, as before.
 */
function actionBody<S extends z.core.$ZodLooseShape & { evidence: Evidence; files: Files }>(option: z.ZodObject<S>) {
  const { taskId: _t, actor: _a, requestId: _r, evidence, files, ...rest } = option.shape;
  return z.strictObject({
    ...rest,
    ...caller,
    evidence: evidence.unwrap().optional(),
    files: files
      .unwrap()
      .optional()
      .describe('Evidence files, as `POST …/tasks/{taskId}/files` returned them (uploaded first)'),
  });
}

const [
  complete,
  submit,
  approve,
  sendBack,
  sign,
  confirmPhase,
  reportIncident,
  requestExtension,
  decideExtension,
  extend,
  returnWork,
  reassign,
  withdraw,
  progressNote,
  comment,
] = TaskActionSchema.options;

/** An action on a task, as a unit sends it. Unknown keys (an `actor`, a `unitId`) are refused. */
export const ActBodySchema = z
  .discriminatedUnion('action', [
    actionBody(complete),
    actionBody(submit).extend({
      fields: submit.shape.fields
        .unwrap()
        .optional()
        .meta({ description: `At most ${LIMITS.fields} fields`, maxProperties: LIMITS.fields }),
    }),
    actionBody(approve),
    actionBody(sendBack),
    actionBody(sign),
    actionBody(confirmPhase),
    actionBody(reportIncident),
    actionBody(requestExtension),
    actionBody(decideExtension),
    actionBody(extend),
    actionBody(returnWork),
    actionBody(reassign),
    actionBody(withdraw),
    actionBody(progressNote),
    actionBody(comment),
  ])
  .meta({ id: 'TaskActionBody' });
export type ActBody = z.infer<typeof ActBodySchema>;

export const SetDateBodySchema = SetDateSchema.omit({ actor: true, requestId: true })
  .extend({
    date: SetDateSchema.shape.date.meta({ description: 'The date, YYYY-MM-DD', example: '2023-03-28' }),
    ...caller,
  })
  .meta({ id: 'SetDateBody' });

export const CancelBodySchema = CancelSchema.omit({ actor: true, requestId: true })
  .extend(caller)
  .meta({ id: 'CancelBody' });

const [addTaskAmendment, changeTaskAmendment] = AmendmentSchema.options;

/**
 * The organizer amends the running plan: a task as written in a plan file (plans/README.md), or a
 * task's new title or deadline rule. The plan's rules are checked by the conference.
 */
export const AmendBodySchema = z
  .discriminatedUnion('op', [
    z.strictObject({
      op: z.literal('addTask'),
      responsibilityId: IdSchema.meta({ description: 'The responsibility the task joins' }),
      task: TaskSchema.meta({ description: 'The task, as in a plan file' }),
      reason: addTaskAmendment.shape.reason,
      ...caller,
    }),
    z.strictObject({
      op: z.literal('changeTask'),
      taskId: IdSchema,
      title: changeTaskAmendment.shape.title,
      titleEn: changeTaskAmendment.shape.titleEn,
      due: DueRuleSchema.optional().meta({ description: 'The new deadline rule, as in a plan file' }),
      reason: changeTaskAmendment.shape.reason,
      ...caller,
    }),
  ])
  .meta({ id: 'AmendmentBody' });
export type AmendBody = z.infer<typeof AmendBodySchema>;

/** The organizer's form: the link's id, hash and expiry instant are made by the server. */
export const IssueLinkBodySchema = IssueLinkSchema.pick({ unitId: true, role: true })
  .extend({ validDays: z.number().positive().max(366).default(30), person: Person })
  .meta({ id: 'IssueLinkBody' });

/** The link to revoke is in the path. */
export const RevokeLinkBodySchema = RevokeLinkSchema.omit({ linkId: true, actor: true, requestId: true })
  .extend({ person: Person })
  .meta({ id: 'RevokeLinkBody' });

export const AuditQuerySchema = z.object({
  format: z.enum(['json', 'csv', 'md']).default('json'),
  lang: z.enum(['vi', 'en']).default('vi'),
});

// ---- responses: the domain's views ----

/**
 * A view for the document. The generator counts a field as required when `undefined` does not
 * parse, so the views' exact optional fields (absent, never `undefined`) would be listed as
 * required: the copy made here has plain optional fields, and each shared view becomes one named
 * component. It keeps the view's type, so the handlers are checked against the whole view.
 */
function documented<T extends z.ZodType>(schema: T): T {
  return copy(schema) as unknown as T;
}

const NAMES = new Map<z.ZodType, string>([
  [ActorSchema, 'Actor'],
  [views.ActionRecordSchema, 'ActionRecord'],
  [views.PhaseViewSchema, 'PhaseView'],
  [views.TaskViewSchema, 'TaskView'],
  [views.ResponsibilityViewSchema, 'ResponsibilityView'],
  [views.DateChangeSchema, 'DateChange'],
  [views.CountsSchema, 'Counts'],
  [views.ConferenceStatusSchema, 'ConferenceStatus'],
  [views.AmendmentRecordSchema, 'Amendment'],
]);
const copies = new Map<z.ZodType, z.ZodType>();

function copy(schema: z.ZodType): z.ZodType {
  const done = copies.get(schema);
  if (done) return done;
  let out: z.ZodType = schema;
  if (schema instanceof z.ZodExactOptional) out = copy(schema.unwrap() as z.ZodType).optional();
  else if (schema instanceof z.ZodNullable) out = copy(schema.unwrap() as z.ZodType).nullable();
  else if (schema instanceof z.ZodArray) out = z.array(copy(schema.element as z.ZodType));
  else if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, copy(v as z.ZodType)]));
    out = z.object(shape);
  }
  const meta = out === schema ? undefined : z.globalRegistry.get(schema);
  if (meta) out = out.meta(meta);
  const name = NAMES.get(schema);
  if (name) out = out.meta({ id: name });
  copies.set(schema, out);
  return out;
}

export const TaskViewSchema = documented(views.TaskViewSchema);
export const DateChangeSchema = documented(views.DateChangeSchema);
export const StatusSchema = documented(views.ConferenceStatusSchema);
export const AmendmentRecordSchema = documented(views.AmendmentRecordSchema);

export const AmendmentAnswerSchema = z
  .object({ planVersion: z.number().int(), amendment: AmendmentRecordSchema })
  .meta({ id: 'AmendmentAnswer' });

export const PlanInForceSchema = z
  .object({
    planVersion: z.number().int().meta({ description: '1 at start, +1 per amendment' }),
    amendments: z.array(AmendmentRecordSchema),
    plan: z.record(z.string(), z.unknown()).meta({ description: 'The plan in force, as in a plan file' }),
  })
  .meta({ id: 'PlanInForce' });

export const InboxSchema = z
  .object({ unitId: IdSchema, awaiting: z.array(TaskViewSchema), others: z.array(TaskViewSchema) })
  .meta({ id: 'Inbox' });

/** Who a token is: the link's unit, role and expiry, for the conference it opens. */
export const SessionSchema = z
  .object({ conferenceId: ConferenceIdSchema })
  .extend(views.AccessLinkSchema.pick({ unitId: true, role: true, linkId: true, expiresAt: true }).shape)
  .meta({ id: 'Session' });

/** A link as the organizer sees it: everything but the hash of its secret. */
export const LinkViewSchema = documented(views.AccessLinkSchema.omit({ tokenHash: true })).meta({ id: 'AccessLink' });

export const IssuedLinkSchema = z
  .object({
    link: LinkViewSchema,
    token: z.string().meta({ description: 'The secret, shown once; only its hash is stored' }),
    url: z.string().meta({ description: 'The link to hand to the unit' }),
  })
  .meta({ id: 'IssuedLink' });
