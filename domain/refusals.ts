/**
 * The log of refused attempts: what the refusing layer (web, CLI) saw of an attempt that left no
 * trace in the conference's history (an Update refused by its validator is never written; a
 * request the CLI or the web refuses itself never reaches the conference). Each entry is a
 * `refusalRecorded` Signal to the conference's own log workflow (`refusals:<conferenceId>`,
 * workflows/refusal-log.ts), so every web server and every CLI writes to the same place and the
 * conference's own history stays free of them. Workflow-safe: the schema and the bounds.
 */
import { z } from 'zod';
import { toNfc } from './actions';

/** How the log workflow keeps its history bounded. */
export const REFUSAL_LOG = {
  /** A run continues as new once its history reaches this many events (less the headroom). */
  maxEvents: 2000,
  /**
   * Events kept free below the bound: refusals that arrive while the run is handing over still
   * land in it (a Signal cannot be refused), a few events each.
   */
  headroomEvents: 12,
  /** A log with no refusal for this long ends; the next refusal starts it again. */
  idleMs: 30 * 24 * 3_600_000,
} as const;

const id = z.string().min(1).max(200);
const text = z.string().max(4000);

/** One refused attempt, as the layer that refused it saw it. */
export const RefusalLogEntrySchema = z
  .object({
    /** Real instant of the refusal (UTC ISO). */
    time: z.iso.datetime(),
    conferenceId: id,
    taskId: id.nullable(),
    action: id,
    unit: id.nullable(),
    person: z.string().max(400).nullable(),
    requestId: id.nullable(),
    field: z.string().max(400),
    reason: text,
    /** The same reason in Vietnamese (absent in early entries). */
    reasonVi: text.optional(),
    /** Refusal type from domain/errors (`cli` in entries written before it held the clients' types). */
    type: z.string().max(200),
    /** The layer that refused (absent in early entries: the CLI). */
    via: z.enum(['cli', 'web']).optional(),
  })
  .strict();

export interface RefusalLogEntry {
  time: string;
  conferenceId: string;
  taskId: string | null;
  action: string;
  unit: string | null;
  person: string | null;
  requestId: string | null;
  field: string;
  reason: string;
  reasonVi?: string;
  type: string;
  via?: 'cli' | 'web';
}

/** An entry in NFC that the schema accepts, or undefined: a malformed entry is dropped, never thrown. */
export function parseRefusalEntry(raw: unknown): RefusalLogEntry | undefined {
  const parsed = RefusalLogEntrySchema.safeParse(toNfc(raw));
  if (!parsed.success) return undefined;
  const { reasonVi, via, ...rest } = parsed.data;
  return { ...rest, ...(reasonVi !== undefined ? { reasonVi } : {}), ...(via !== undefined ? { via } : {}) };
}

/**
 * The entry cut to what the schema takes, so that an attempt is never dropped for its own excess:
 * a refused request may carry a 2,000-character name or an empty action, and that is exactly what
 * the log is for. Long texts end in "…"; an empty id is written "—".
 */
export function fitRefusalEntry(entry: RefusalLogEntry): RefusalLogEntry {
  // Typed as text, but a caller's JSON may have put anything there: written as JSON, never dropped.
  const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));
  const clip = (v: unknown, max: number): string => {
    const s = text(v);
    return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
  };
  const idText = (v: unknown): string => clip(v, 200) || '—';
  const optionalId = (v: unknown): string | null => (v === null || v === undefined ? null : idText(v));
  return {
    ...entry,
    conferenceId: idText(entry.conferenceId),
    taskId: optionalId(entry.taskId),
    action: idText(entry.action),
    unit: optionalId(entry.unit),
    person: entry.person === null || entry.person === undefined ? null : clip(entry.person, 400),
    requestId: optionalId(entry.requestId),
    field: clip(entry.field, 400),
    reason: clip(entry.reason, 4000),
    ...(entry.reasonVi !== undefined ? { reasonVi: clip(entry.reasonVi, 4000) } : {}),
    type: clip(entry.type, 200),
  };
}

/** What the log workflow starts with (and carries across continue-as-new). */
export interface RefusalLogInput {
  conferenceId: string;
  /** The history bound of one run (default REFUSAL_LOG.maxEvents; small in tests). */
  maxEvents?: number;
  /** Entries recorded by the earlier runs of this chain. */
  recordedBefore?: number;
}

/** What a log run ends with: how many entries the chain recorded, how many it dropped. */
export interface RefusalLogResult {
  recorded: number;
  dropped: number;
}
