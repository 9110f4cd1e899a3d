/**
 * Plan time versus real time. A real conference runs on the wall clock; a rehearsal compresses
 * the plan (for example one plan day per two seconds) so the demo and the tests exercise the
 * seed plan's real deadline structure in seconds. Every timer in the workflows goes through
 * `realMsOf`, and every recorded instant through `planNowIso`, so both modes share one code path.
 *
 * Workflow-safe: pure arithmetic on ISO strings and milliseconds. The schema that checks a clock
 * given on the command line is in `clock-schema.ts`: workflows never need it, and every module a
 * workflow imports is evaluated again in each cached workflow.
 */
export const DAY_MS = 86_400_000;

/** How plan time runs: on the wall clock, or compressed for a rehearsal. Checked by `ClockSchema`. */
export type Clock =
  | { mode: 'real' }
  | {
      mode: 'rehearsal';
      /** The plan instant the rehearsal starts at (UTC ISO). */
      planStart: string;
      /** Real instant at which the rehearsal started (UTC ISO); set by the conference workflow. */
      realStart?: string | undefined;
      /** Real milliseconds per plan day (2000 = one plan day every two seconds). */
      msPerPlanDay: number;
    };

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
