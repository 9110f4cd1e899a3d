/**
 * When the daily digests go: units whose e-mail contact asks for one (`digestAt`, Vietnam time)
 * get one mail a day listing what is due soon and overdue, instead of a mail per reminder. The
 * conference assembles it, because it holds every task's view. Workflow-safe and pure.
 */
import type { Plan } from './plan/schema';
import { localDateOf, localToUtc, addLocalDays } from './time';

/** A task counts as due soon in a digest when its deadline is within this span of the digest. */
export const DIGEST_SOON_MS = 2 * 86_400_000;

/** The units that asked for a digest and the hour of each (the first e-mail contact's hour). */
export function digestHours(plan: Pick<Plan, 'units'>): { unitId: string; at: string }[] {
  return plan.units.flatMap((u) => {
    for (const c of u.contacts) if (c.channel === 'email' && c.digestAt) return [{ unitId: u.id, at: c.digestAt }];
    return [];
  });
}

/** The first digest instant (UTC ISO) strictly after `afterIso`, at any of `hours` (HH:MM, Vietnam). */
export function nextDigestAt(hours: readonly string[], afterIso: string): string | undefined {
  if (hours.length === 0) return undefined;
  const afterMs = Date.parse(afterIso);
  const today = localDateOf(afterIso);
  let best: string | undefined;
  for (const day of [today, addLocalDays(today, 1)])
    for (const h of hours) {
      const at = localToUtc(day, h);
      if (Date.parse(at) > afterMs && (best === undefined || at < best)) best = at;
    }
  return best;
}

/** The units whose digest is at this instant. */
export function unitsDigestedAt(hours: readonly { unitId: string; at: string }[], atIso: string): string[] {
  const day = localDateOf(atIso);
  return hours.filter((h) => localToUtc(day, h.at) === atIso).map((h) => h.unitId);
}
