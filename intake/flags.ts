/**
 * A value the document does not state, marked for review: where it is in the draft, why, and
 * the sentence it came from. The draft holds a proposal there so that it has the plan's shape;
 * the organizer decides each one. Pure; no I/O.
 */
import type { Bilingual } from '../domain/bilingual';

export interface Flag {
  /** Path in the draft, as plan issues write it: `responsibilities[3].tasks[1].due`. */
  path: string;
  reason: Bilingual;
  /** The clause and sentence of the document the value belongs to, when there is one. */
  clause?: string;
  sentence?: string;
}

/** A flag before the draft is assembled: its path is relative to the object it sits on. */
export interface LocalFlag {
  field: string;
  vi: string;
  en: string;
  clause?: string;
  sentence?: string;
}

export function localFlag(
  field: string,
  vi: string,
  en: string,
  source?: { clause: string; sentence: string },
): LocalFlag {
  return {
    field,
    vi: vi.normalize('NFC'),
    en,
    ...(source ? { clause: source.clause, sentence: source.sentence } : {}),
  };
}

export function placeFlags(prefix: string, flags: readonly LocalFlag[]): Flag[] {
  return flags.map((f) => ({
    path: f.field === '' ? prefix : prefix === '' ? f.field : `${prefix}.${f.field}`,
    reason: { vi: f.vi, en: f.en },
    ...(f.clause !== undefined ? { clause: f.clause } : {}),
    ...(f.sentence !== undefined ? { sentence: f.sentence } : {}),
  }));
}
