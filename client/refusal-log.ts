/**
 * Refused attempts that left no trace in Temporal: an Update refused by its validator is never
 * written to history, and a request the CLI refuses itself (an unknown task) never reaches the
 * server. The layer that refused them appends one JSON line each to
 * `${KEHOACH_DATA_DIR:-data}/refusals.jsonl`, and `kehoach audit` merges them in.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { toNfc } from '../domain/actions';

export interface RefusalLogEntry {
  /** Real instant of the refusal (UTC ISO). */
  time: string;
  conferenceId: string;
  taskId: string | null;
  action: string;
  unit: string | null;
  person: string | null;
  requestId: string | null;
  field: string;
  reason: string;
  /** The same reason in Vietnamese (absent in early entries). */
  reasonVi?: string;
  /** Refusal type from domain/errors (`cli` in entries written before it held the clients' types). */
  type: string;
  /** The layer that refused (absent in early entries: the CLI). */
  via?: 'cli' | 'web';
}

export function refusalLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.KEHOACH_DATA_DIR || 'data', 'refusals.jsonl');
}

export async function appendRefusal(entry: RefusalLogEntry, path = refusalLogPath()): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify(entry)}\n`, 'utf8');
}

/** Who tried what: the request as the refusing layer saw it. */
export type RefusedAttempt = Pick<
  RefusalLogEntry,
  'conferenceId' | 'taskId' | 'action' | 'unit' | 'person' | 'requestId'
>;

/** Appends one refused attempt with the refusal's field, reasons and type; a log that cannot be written is not an error of the caller's. */
export async function logRefusal(
  attempt: RefusedAttempt,
  refusal: { field: string; en: string; vi: string; type: string },
  via: 'cli' | 'web',
  path = refusalLogPath(),
): Promise<void> {
  const entry: RefusalLogEntry = {
    time: new Date().toISOString(),
    ...toNfc(attempt),
    field: refusal.field,
    reason: refusal.en,
    reasonVi: refusal.vi,
    type: refusal.type,
    ...(via === 'web' ? { via } : {}),
  };
  await appendRefusal(entry, path).catch(() => undefined);
}

/** The logged refusals of one conference; a missing log is an empty one, a torn line is skipped. */
export async function readRefusals(conferenceId: string, path = refusalLogPath()): Promise<RefusalLogEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: RefusalLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as RefusalLogEntry;
      if (entry.conferenceId === conferenceId) out.push(entry);
    } catch {
      // a line cut short by a crash: the rest of the log is still good
    }
  }
  return out;
}
