/**
 * The plan file format. This zod schema is the single definition of a plan: the TypeScript
 * types below are inferred from it, the YAML files in `plans/` are parsed with it, and the
 * workflows receive data of exactly this shape.
 *
 * Times in a plan are local to Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving time since
 * 1975); resolved deadlines are UTC instants (see `domain/schedule.ts`).
 *
 * This module is imported by workflow code: no I/O, no Node built-ins.
 */
import { z } from 'zod';
import { EVIDENCE_LIMITS } from '../limits';
import { REASON } from '../reasons';
import { IdSchema, LocalDateSchema, LocalDateTimeSchema, PhaseSchema } from './primitives';

export {
  IdSchema,
  LocalDateSchema,
  LocalDateTimeSchema,
  PhaseSchema,
  type Id,
  type LocalDate,
  type Phase,
} from './primitives';

/** A wall-clock time, `HH:MM`, in Vietnam. */
export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, REASON.time.en);
export type LocalTime = z.infer<typeof LocalTimeSchema>;

/**
 * A span such as `3d`, `5wd`, `12h`, `30m` (days, working days, hours, minutes). Working days
 * (`5wd`, "trong 05 ngày làm việc") are counted on the Vietnamese holiday calendar in
 * `domain/calendar/`.
 */
export const SpanSchema = z.string().regex(/^\d{1,4}(wd|d|h|m)$/, REASON.workingSpan.en);
export type Span = z.infer<typeof SpanSchema>;

/** A span of fixed length (`3d`, `12h`, `30m`): the conference's length, the report interval. */
export const FixedSpanSchema = z.string().regex(/^\d{1,4}(d|h|m)$/, REASON.span.en);

/** Whole days after the conference: `30d` (calendar days) or `5wd` (working days). */
export const DaySpanSchema = z.string().regex(/^\d{1,4}(wd|d)$/, REASON.daySpan.en);

const Text = z.string().trim().min(1, REASON.notEmpty.en).max(500);

/**
 * When a task is due.
 * - `absolute`: a fixed local instant in the plan ("trước ngày 20/3/2023" is written
 *   `2023-03-20T00:00`: the report must arrive before the 20th begins). Never moves.
 * - `conference`: relative to the conference day (day 0); `day: -1` is the day before
 *   (reception, visits). With `workingDays: true` the offset counts working days ("03 ngày làm
 *   việc trước ngày tổ chức": `day: -3, workingDays: true`). Moves whenever the conference date is
 *   set or moved.
 * - `afterConference`: the end of the N-th day (`30d`) or working day (`5wd`) after day 0, or
 *   `time` that day ("quyết toán trong 30 ngày sau Hội nghị"). Moves with the date.
 * - `afterTask`: a span after another task completes (settlement 10 days after the conference
 *   report is approved, ...). Unknown until that task completes.
 */
const AbsoluteDueSchema = z.object({ type: z.literal('absolute'), at: LocalDateTimeSchema }).strict();
const ConferenceDueSchema = z
  .object({
    type: z.literal('conference'),
    day: z.number().int().min(-60).max(60),
    time: LocalTimeSchema,
    workingDays: z.boolean().optional(),
  })
  .strict();
const AfterConferenceDueSchema = z
  .object({ type: z.literal('afterConference'), after: DaySpanSchema, time: LocalTimeSchema.optional() })
  .strict();
export const DueRuleSchema = z.discriminatedUnion('type', [
  AbsoluteDueSchema,
  ConferenceDueSchema,
  AfterConferenceDueSchema,
  z.object({ type: z.literal('afterTask'), task: IdSchema, after: SpanSchema }).strict(),
]);
export type DueRule = z.infer<typeof DueRuleSchema>;

/**
 * The approval stage's deadline (`approvalDue` of an approval task): the same rules as `due`
 * except `afterTask`. While the task is submitted this is the deadline in force.
 */
export const ApprovalDueRuleSchema = z.discriminatedUnion('type', [
  AbsoluteDueSchema,
  ConferenceDueSchema,
  AfterConferenceDueSchema,
]);

/**
 * When a sign-off may be signed: `during` from the day before the conference (00:00), `session`
 * from the start of the conference session. Without it, at any time.
 */
export const SignoffOpensSchema = z.enum(['during', 'session']);
export type SignoffOpens = z.infer<typeof SignoffOpensSchema>;

/**
 * A field a submission must carry (a link to the report, a head count, the report itself as a
 * file, ...). A `file` field's value is the SHA-256 of one of the action's files; `maxBytes`
 * (file fields only) is that file's size limit, `EVIDENCE_LIMITS.fileBytes` when not given: a
 * 5-minute video needs a few hundred MB, a report a few.
 */
export const FieldSpecSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, REASON.fieldName.en),
    label: Text,
    type: z.enum(['text', 'url', 'integer', 'file']),
    required: z.boolean().default(true),
    maxBytes: z
      .number()
      .int(REASON.maxBytes.en)
      .min(1, REASON.maxBytes.en)
      .max(EVIDENCE_LIMITS.fieldMaxBytes, REASON.maxBytes.en)
      .optional(),
  })
  .strict()
  .refine((f) => f.maxBytes === undefined || f.type === 'file', {
    message: REASON.maxBytesFileOnly.en,
    path: ['maxBytes'],
  });
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

const taskCommon = {
  id: IdSchema,
  title: Text,
  /** English title, shown when the reader switches to English. */
  titleEn: Text.optional(),
  /** Clause of the plan this task carries out, e.g. "III.1.1 ¶1" or "III.2". */
  clause: Text,
  /** Units that act on the task. */
  assignees: z.array(IdSchema).min(1, REASON.assignees.en),
  /** Tasks (in any responsibility) that must be completed before this one opens. */
  dependsOn: z.array(IdSchema).default([]),
  due: DueRuleSchema,
  /** Reminders sent this long before the due instant. */
  remindBefore: z.array(SpanSchema).default(['3d', '1d']),
  /** Who is told when the task turns overdue (the lead unit is always told too). */
  escalateTo: IdSchema.optional(),
  /** `true` when the deadline is the organizer's choice rather than written in the plan. */
  organizerChoice: z.boolean().default(false),
  note: Text.optional(),
};

/**
 * Task kinds:
 * - `once`: done once by any assignee, with a note.
 * - `submission`: an assignee submits the listed fields and evidence links.
 * - `approval`: an assignee submits; an approver unit approves or sends back with a reason;
 *   a sent-back task is resubmitted. `approvalDue`, when given, is the deadline while submitted.
 * - `signoff`: every listed signer unit signs; complete when all have signed. `opensAt`, when
 *   given, is when signing opens (`during`: day −1; `session`: the session's start).
 * - `phased`: a duty before, during and after the conference; each phase is confirmed by an
 *   assignee and has its own deadline; incidents may be reported in any phase.
 */
export const TaskSchema = z.discriminatedUnion('kind', [
  z.object({ ...taskCommon, kind: z.literal('once') }).strict(),
  z
    .object({
      ...taskCommon,
      kind: z.literal('submission'),
      fields: z.array(FieldSpecSchema).default([]),
      minEvidence: z.number().int().min(0).max(20).default(0),
    })
    .strict(),
  z
    .object({
      ...taskCommon,
      kind: z.literal('approval'),
      approvers: z.array(IdSchema).min(1, REASON.approvers.en),
      /** The approval stage's deadline, in force while the task is submitted; `due` before that. */
      approvalDue: ApprovalDueRuleSchema.optional(),
      fields: z.array(FieldSpecSchema).default([]),
      minEvidence: z.number().int().min(0).max(20).default(0),
    })
    .strict(),
  z
    .object({
      ...taskCommon,
      kind: z.literal('signoff'),
      signers: z.array(IdSchema),
      /** From when signers may sign (at the conference); at any time without it. */
      opensAt: SignoffOpensSchema.optional(),
    })
    .strict(),
  z
    .object({
      ...taskCommon,
      kind: z.literal('phased'),
      /** Deadline of each phase's confirmation; the task's `due` is the last phase's. */
      phases: z
        .array(z.object({ phase: PhaseSchema, label: Text, due: DueRuleSchema }).strict())
        .min(1, REASON.phases.en),
    })
    .strict(),
]);
export type Task = z.infer<typeof TaskSchema>;
export type TaskKind = Task['kind'];

export const ResponsibilitySchema = z
  .object({
    id: IdSchema,
    title: Text,
    titleEn: Text.optional(),
    lead: IdSchema,
    support: z.array(IdSchema).default([]),
    clause: Text,
    tasks: z.array(TaskSchema).min(1, REASON.tasks.en),
  })
  .strict();
export type Responsibility = z.infer<typeof ResponsibilitySchema>;

export const UnitSchema = z
  .object({
    id: IdSchema,
    name: Text,
    shortName: Text,
    kind: z.enum(['office', 'agency', 'district', 'company', 'council', 'leader']),
    contacts: z
      .array(
        z.discriminatedUnion('channel', [
          z.object({ channel: z.literal('log') }).strict(),
          z.object({ channel: z.literal('webhook'), url: z.string().url() }).strict(),
          z
            .object({
              channel: z.literal('email'),
              address: z.string().email(),
              /** The language of the mails (Vietnamese unless the contact asks for English). */
              lang: z.enum(['vi', 'en']).optional(),
              /**
               * A daily digest at this hour (Vietnam time) instead of one mail per reminder: what is
               * due soon and overdue. Escalations and every other notice still go at once.
               */
              digestAt: LocalTimeSchema.optional(),
            })
            .strict(),
        ]),
      )
      .default([{ channel: 'log' }]),
  })
  .strict();
export type Unit = z.infer<typeof UnitSchema>;

export const PlanSchema = z
  .object({
    version: z.literal(1),
    id: IdSchema,
    meta: z
      .object({
        number: z.string().trim().max(100),
        title: Text,
        titleEn: Text.optional(),
        issuer: Text,
        signer: z.object({ name: Text, title: Text }).strict(),
        place: Text,
        /** As written on the document, e.g. "ngày … tháng 3 năm 2023". */
        dateText: Text,
        legalBases: z.array(Text).default([]),
        /** "Nơi nhận": who the document was sent to, as written. */
        recipients: z.array(Text).optional(),
      })
      .strict(),
    /** The unit that runs the plan (receives escalations by default, reports to the council). */
    organizer: IdSchema,
    conference: z
      .object({
        title: Text,
        venue: Text,
        /** Half a day is `4h`. */
        length: FixedSpanSchema,
        startTime: LocalTimeSchema,
        /**
         * "cuối tháng 3": the window in which the invitation will fix the date. Needed only while
         * there is no `date`; when the plan fixes the date and gives no window, the window is that
         * day (so every reader of a started conference still finds one).
         */
        window: z.object({ from: LocalDateSchema, to: LocalDateSchema, text: Text }).strict().optional(),
        /** Fixed by the invitation (giấy mời); absent until then. */
        date: LocalDateSchema.optional(),
        /** The day before the conference (reception, exchange, visits), when the plan has one. */
        dayBefore: z
          .object({ program: z.array(Text).min(1) })
          .strict()
          .optional(),
        /** How many delegates, in which groups, when the plan says. */
        delegates: z
          .object({
            total: z.number().int().positive(),
            groups: z.array(z.object({ label: Text, count: z.number().int().nonnegative() }).strict()).min(1),
          })
          .strict()
          .optional(),
        /** How often the organizer's progress report goes to the council, e.g. `7d`. */
        progressReportEvery: FixedSpanSchema.optional(),
        progressReportTo: IdSchema.optional(),
      })
      .strict()
      .refine((c) => c.window !== undefined || c.date !== undefined, {
        message: REASON.windowNeeded.en,
        path: ['window'],
      })
      .transform(({ window, ...c }) => ({ ...c, window: window ?? fixedDayWindow(c.date ?? '') })),
    units: z.array(UnitSchema).min(1),
    responsibilities: z.array(ResponsibilitySchema).min(1),
  })
  .strict();
export type Plan = z.infer<typeof PlanSchema>;

/** The window of a plan that fixes its date and gives none: that very day. */
function fixedDayWindow(date: string): { from: string; to: string; text: string } {
  const [y, m, d] = date.split('-').map(Number);
  return { from: date, to: date, text: `ngày ${d ?? ''}/${m ?? ''}/${y ?? ''}` };
}
/** What a plan file holds before defaults are applied. */
export type PlanInput = z.input<typeof PlanSchema>;

export { fileFieldMaxBytes } from '../limits';
