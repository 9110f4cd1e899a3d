/**
 * Plan time versus real time. A real conference runs on the wall clock; a rehearsal compresses
 * the plan (for example one plan day per two seconds) so the demo and the tests exercise the
 * seed plan's real deadline structure in seconds. Every timer in the workflows goes through
 * `realMsOf`, and every recorded instant through `planNowIso`, so both modes share one code path.
 *
 * Workflow-safe: pure arithmetic on ISO strings and milliseconds. `Clock` is defined once, by the
 * schema in `clock-schema.ts`, and imported here as a type only: workflows never need to check a
 * clock, and every module a workflow imports at run time is evaluated again in each cached workflow.
 */
import type { Clock } from './clock-schema';

export type { Clock };

export const DAY_MS = 86_400_000;

export const REAL_CLOCK: Clock = { mode: 'real' };

/** The plan instant corresponding to the real instant `realNowMs`. */
export function planNowIso(clock: Clock, realNowMs: number): string {
  if (clock.mode === 'real') return new Date(realNowMs).toISOString();
  const realStart = Date.parse(clock.realStart ?? new Date(realNowMs).toISOString());
  const planMs = Date.parse(clock.planStart) + ((realNowMs - realStart) * DAY_MS) / clock.msPerPlanDay;
  return new Date(Math.floor(planMs)).toISOString();
}

/** The real instant (ms since epoch) at which the plan instant `planIso` happens. */
export function realMsOf(clock: Clock, planIso: string): number {
  if (clock.mode === 'real') return Date.parse(planIso);
  const realStart = Date.parse(clock.realStart ?? clock.planStart);
  return realStart + Math.ceil(((Date.parse(planIso) - Date.parse(clock.planStart)) * clock.msPerPlanDay) / DAY_MS);
}
