/*
 * Note: schemas made by the domain modules existed before @hono/zod-openapi extended zod, so
 * they get `.describe()` (a new instance) before `.openapi()`.
 */
/**
 * The API's request and response schemas. Requests reuse the engine's own limits and schemas
 * (domain/actions.ts), minus the unit: the unit always comes from the access link. The OpenAPI
 * document is generated from these same schemas.
 */
import { z } from '@hono/zod-openapi';
import { LIMITS, LinkRoleSchema, PhaseNameSchema, RequestIdSchema } from '../domain/actions';
import { ConferenceIdSchema } from '../domain/ids';
import { IdSchema, LocalDateSchema } from '../domain/plan/schema';

export const ErrorSchema = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: 'KehoachWrongUnit' }),
      field: z.string().openapi({ example: 'taskId' }),
      message: z.object({ vi: z.string(), en: z.string() }),
    }),
  })
  .openapi('Error');

export const ConferenceParams = z.object({
  conferenceId: ConferenceIdSchema.describe('The conference id').openapi({
    param: { name: 'conferenceId', in: 'path' },
    example: 'tua-chua-2022',
  }),
});
export const TaskParams = ConferenceParams.extend({
  taskId: IdSchema.describe('The task id').openapi({
    param: { name: 'taskId', in: 'path' },
    example: 'districts.muong-cha.report',
  }),
});
export const LinkParams = ConferenceParams.extend({
  linkId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'linkId', in: 'path' } }),
});

const Person = z
  .string()
  .trim()
  .min(1, 'must name the person acting')
  .max(LIMITS.personChars)
  .openapi({ description: 'Full name of the person acting (the unit comes from the access link)' });

const Url = z
  .string()
  .max(LIMITS.urlChars)
  .regex(/^https?:\/\/\S+$/, 'must be an http(s) link');

const common = {
  person: Person,
  requestId: RequestIdSchema.optional().openapi({
    description: 'Idempotency key; the same id again has no second effect. Generated when absent.',
  }),
  note: z.string().trim().max(LIMITS.noteChars).optional(),
  evidence: z.array(Url).max(LIMITS.evidenceLinks).optional(),
};

/** An action on a task, as a unit sends it. Unknown keys (an `actor`, a `unitId`) are refused. */
export const ActBodySchema = z
  .discriminatedUnion('action', [
    z.object({ ...common, action: z.literal('complete') }).strict(),
    z
      .object({
        ...common,
        action: z.literal('submit'),
        fields: z.record(z.string().max(64), z.union([z.string().max(LIMITS.fieldChars), z.number()])).optional(),
      })
      .strict(),
    z.object({ ...common, action: z.literal('approve') }).strict(),
    z
      .object({
        ...common,
        action: z.literal('sendBack'),
        reason: z.string().trim().min(1, 'must say why it is sent back').max(LIMITS.reasonChars),
      })
      .strict(),
    z.object({ ...common, action: z.literal('sign') }).strict(),
    z.object({ ...common, action: z.literal('confirmPhase'), phase: PhaseNameSchema }).strict(),
    z
      .object({
        ...common,
        action: z.literal('reportIncident'),
        phase: PhaseNameSchema,
        note: z.string().trim().min(1, 'must describe the incident').max(LIMITS.noteChars),
      })
      .strict(),
  ])
  .openapi('TaskActionBody');
export type ActBody = z.infer<typeof ActBodySchema>;

export const SetDateBodySchema = z
  .object({
    date: LocalDateSchema.describe('The date, YYYY-MM-DD').openapi({ example: '2023-03-28' }),
    reason: z.string().trim().min(1, 'must say why the date is set or moved').max(LIMITS.reasonChars),
    person: Person,
    requestId: RequestIdSchema.optional(),
  })
  .strict()
  .openapi('SetDateBody');

export const CancelBodySchema = z
  .object({
    reason: z.string().trim().min(1, 'must say why the conference is cancelled').max(LIMITS.reasonChars),
    person: Person,
    requestId: RequestIdSchema.optional(),
  })
  .strict()
  .openapi('CancelBody');

export const IssueLinkBodySchema = z
  .object({
    unitId: IdSchema,
    role: LinkRoleSchema,
    validDays: z.number().positive().max(366).default(30),
    person: Person,
  })
  .strict()
  .openapi('IssueLinkBody');

export const RevokeLinkBodySchema = z.object({ person: Person }).strict().openapi('RevokeLinkBody');

export const AuditQuerySchema = z.object({
  format: z.enum(['json', 'csv', 'md']).default('json'),
  lang: z.enum(['vi', 'en']).default('vi'),
});

// ---- responses (the main fields; the objects carry more, see domain/views.ts) ----

const Actor = z.object({ unitId: z.string(), person: z.string() });

export const TaskViewSchema = z
  .object({
    id: z.string(),
    responsibilityId: z.string(),
    title: z.string(),
    kind: z.enum(['once', 'submission', 'approval', 'signoff', 'phased']),
    clause: z.string(),
    assignees: z.array(z.string()),
    deciders: z.array(z.string()),
    state: z.enum(['blocked', 'open', 'submitted', 'sentBack', 'done', 'cancelled']),
    due: z.string().nullable().openapi({ description: 'UTC instant (plan time), null until known' }),
    overdue: z.boolean(),
    signedBy: z.array(z.string()),
    history: z.array(
      z.object({ action: z.string(), actor: Actor, requestId: z.string(), at: z.string(), late: z.boolean() }),
    ),
  })
  .openapi('TaskView');

const DateChangeSchema = z
  .object({
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string(),
    by: Actor,
    requestId: z.string(),
    at: z.string(),
  })
  .openapi('DateChange');
export { DateChangeSchema };

export const StatusSchema = z
  .object({
    conferenceId: z.string(),
    title: z.string(),
    status: z.enum(['running', 'completed', 'cancelled']),
    date: z.string().nullable(),
    dateChanges: z.array(DateChangeSchema),
    asOf: z.string(),
    counts: z.object({
      total: z.number(),
      done: z.number(),
      open: z.number(),
      blocked: z.number(),
      overdue: z.number(),
      late: z.number(),
    }),
    responsibilities: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        lead: z.string(),
        status: z.string(),
        tasks: z.array(TaskViewSchema),
      }),
    ),
  })
  .openapi('ConferenceStatus');

export const InboxSchema = z
  .object({ unitId: z.string(), awaiting: z.array(TaskViewSchema), others: z.array(TaskViewSchema) })
  .openapi('Inbox');

export const SessionSchema = z
  .object({
    conferenceId: z.string(),
    unitId: z.string(),
    role: LinkRoleSchema,
    linkId: z.string(),
    expiresAt: z.string(),
  })
  .openapi('Session');

export const LinkViewSchema = z
  .object({
    linkId: z.string(),
    unitId: z.string(),
    role: LinkRoleSchema,
    expiresAt: z.string(),
    issuedAt: z.string(),
    issuedBy: Actor,
    revokedAt: z.string().optional(),
  })
  .openapi('AccessLink');

export const IssuedLinkSchema = z
  .object({
    link: LinkViewSchema,
    token: z.string().openapi({ description: 'The secret, shown once; only its hash is stored' }),
    url: z.string().openapi({ description: 'The link to hand to the unit' }),
  })
  .openapi('IssuedLink');
