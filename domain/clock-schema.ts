/**
 * Checks a clock given from outside (the CLI's rehearsal options). Not imported by workflows:
 * see `clock.ts`.
 */
import { z } from 'zod';
import { DAY_MS, type Clock } from './clock';
import { IsoInstantSchema } from './plan/primitives';

export const ClockSchema: z.ZodType<Clock> = z.discriminatedUnion('mode', [
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
