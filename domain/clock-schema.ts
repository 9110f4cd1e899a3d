/**
 * How plan time runs, as a schema: the one definition of `Clock` (the type is inferred from it).
 * It checks a clock given from outside (the CLI's rehearsal options). Workflows import the type
 * only, through `clock.ts`: every module a workflow imports at run time is evaluated again in each
 * cached workflow, and they never need to check a clock.
 */
import { z } from 'zod';
import { DAY_MS } from './clock';
import { IsoInstantSchema } from './plan/primitives';

/** How plan time runs: on the wall clock, or compressed for a rehearsal. */
export const ClockSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('real') }).strict(),
  z
    .object({
      mode: z.literal('rehearsal'),
      /** The plan instant the rehearsal starts at (UTC ISO). */
      planStart: IsoInstantSchema,
      /** Real instant at which the rehearsal started (UTC ISO); set by the conference workflow. */
      realStart: IsoInstantSchema.optional(),
      /** Real milliseconds per plan day (2000 = one plan day every two seconds). */
      msPerPlanDay: z.number().int().min(50).max(DAY_MS),
    })
    .strict(),
]);
export type Clock = z.infer<typeof ClockSchema>;
