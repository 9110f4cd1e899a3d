/**
 * Amending a running plan (organizer only): add a task to a responsibility, or change a task's
 * title or deadline rule. Every amendment is checked by the plan's own rules (`checkPlan` on the
 * amended plan) and refused, naming the path, if it breaks one.
 *
 * Workflow-safe and light: the conference workflow parses these payloads at run time, so this
 * module does not import the plan schema (see workflows/preload.ts). The client validates the
 * task in full with `TaskSchema` before sending; here only its shape is checked, and
 * `checkPlan` does the rest.
 */
import { z } from 'zod';
import { ActorSchema, LIMITS, RequestIdSchema } from './actions';
import { IdSchema } from './plan/primitives';
import type { DueRule, Task } from './plan/schema';
import { REASON } from './reasons';

const Text = z.string().trim().min(1, REASON.notEmpty.en).max(500);
const reason = z.string().trim().min(1, REASON.notEmpty.en).max(LIMITS.reasonChars);
const DueShape = z.object({ type: z.enum(['absolute', 'conference', 'afterConference', 'afterTask']) }).loose();

/** The shape of a task as the client sent it (already parsed with TaskSchema, defaults applied). */
const TaskShape = z
  .object({
    id: IdSchema,
    kind: z.enum(['once', 'submission', 'approval', 'signoff', 'phased']),
    title: Text,
    titleEn: Text.optional(),
    clause: Text,
    assignees: z.array(IdSchema).min(1, REASON.assignees.en),
    dependsOn: z.array(IdSchema),
    due: DueShape,
    remindBefore: z.array(z.string()),
    organizerChoice: z.boolean(),
  })
  .loose();

export const AmendmentSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('addTask'),
      responsibilityId: IdSchema,
      task: TaskShape,
      reason,
      actor: ActorSchema,
      requestId: RequestIdSchema,
    })
    .strict(),
  z
    .object({
      op: z.literal('changeTask'),
      taskId: IdSchema,
      title: Text.optional(),
      titleEn: Text.optional(),
      due: DueShape.optional(),
      reason,
      actor: ActorSchema,
      requestId: RequestIdSchema,
    })
    .strict(),
]);

/** What a caller sends: `task` and `due` are a full Task and DueRule (the client checks them). */
export type AmendmentInput =
  | {
      op: 'addTask';
      responsibilityId: string;
      task: Task;
      reason: string;
      actor: z.infer<typeof ActorSchema>;
      requestId: string;
    }
  | {
      op: 'changeTask';
      taskId: string;
      title?: string;
      titleEn?: string;
      due?: DueRule;
      reason: string;
      actor: z.infer<typeof ActorSchema>;
      requestId: string;
    };

/** The parsed payload, typed as the caller's (the shape check above plus checkPlan stand for TaskSchema). */
export function asAmendment(parsed: z.infer<typeof AmendmentSchema>): AmendmentInput {
  return parsed as unknown as AmendmentInput;
}

/** What a task change touches: the title, its English title, the deadline rule. */
export interface TaskPatch {
  title?: string;
  titleEn?: string;
  due?: DueRule;
}

/** One amendment as the conference keeps it (who, when, why, before → after). */
export interface AmendmentRecord {
  version: number;
  op: 'addTask' | 'changeTask';
  taskId: string;
  responsibilityId: string;
  reason: string;
  by: z.infer<typeof ActorSchema>;
  at: string;
  requestId: string;
  before?: TaskPatch;
  after?: TaskPatch;
}

/** The conference's answer: the plan version now in force and the amendment recorded. */
export interface AmendmentAnswer {
  planVersion: number;
  amendment: AmendmentRecord;
}
