/**
 * The plan's smallest building blocks, which actions and commands reuse: an id and a calendar
 * day. Kept apart from `schema.ts` so the workflows, which validate actions but never a whole
 * plan, do not build the plan schema in every workflow they run (each workflow has its own copy
 * of every module it imports; see `workflows/preload.ts`).
 *
 * Workflow-safe: no I/O, no Node built-ins.
 */
import { z } from 'zod';
import { REASON } from '../reasons';

/** Lower-case slug, used for unit, responsibility and task ids (they appear in workflow ids). */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, REASON.slug.en)
  .max(64);
export type Id = z.infer<typeof IdSchema>;

/** A calendar day, `YYYY-MM-DD`, in Vietnam. */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, REASON.date.en)
  .refine((s) => isRealDate(s), REASON.realDate.en);
export type LocalDate = z.infer<typeof LocalDateSchema>;

/**
 * A UTC instant as `Date.prototype.toISOString` writes it (seconds and fraction optional).
 * Written out rather than `z.iso.datetime()`, which costs ~500 KiB in every cached workflow
 * that builds it (measured with bench-style probes; zod builds a large pattern per schema).
 */
export const IsoInstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/, {
    message: REASON.instant.en,
    abort: true,
  })
  .refine((s) => isRealDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), REASON.realInstant.en);

/**
 * The phases of a phased duty (security, power, propaganda): before, during and after the
 * conference. One enum for the plan, the actions that confirm a phase, and the views.
 */
export const PhaseSchema = z.enum(['before', 'during', 'after']);
export type Phase = z.infer<typeof PhaseSchema>;

/** A local date and time, `YYYY-MM-DDTHH:MM`, in Vietnam: a new deadline set while the plan runs. */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, REASON.localDateTime.en)
  .refine((s) => isRealDate(s.slice(0, 10)), REASON.realDate.en);

/** True when `YYYY-MM-DD` names a day of the calendar (not 2023-02-30). */
export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
