/**
 * What the board writes down about a request: the history record of an accepted action, the
 * fingerprint that tells a repeated request from a different one under the same id, and a
 * payload's size in UTF-8 bytes (without Node's Buffer: this runs in workflows). Pure.
 */
import type { TaskAction } from '../../domain/actions';
import type { ActionRecord } from '../../domain/views';

export function record(action: TaskAction, at: string, late: boolean): ActionRecord {
  return {
    action: action.action,
    actor: action.actor,
    requestId: action.requestId,
    at,
    late,
    ...(action.note !== undefined ? { note: action.note } : {}),
    ...(action.evidence.length > 0 ? { evidence: action.evidence } : {}),
    ...(action.files.length > 0 ? { files: action.files } : {}),
    ...(action.action === 'submit' ? { fields: action.fields } : {}),
    ...('reason' in action && action.reason !== undefined ? { reason: action.reason } : {}),
    ...(action.action === 'confirmPhase' || action.action === 'reportIncident' ? { phase: action.phase } : {}),
  };
}

/** Same request, same fingerprint: key order does not matter. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** UTF-8 size of a string (Vietnamese letters take two or three bytes), without Node's Buffer. */
export function utf8Bytes(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
