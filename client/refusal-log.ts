/**
 * Refused attempts that left no trace in the conference's history: an Update refused by its
 * validator is never written to history, and a request the CLI or the web refuses itself never
 * reaches the server. The layer that refused records each one as a `refusalRecorded` Signal to
 * the conference's refusal log workflow (`refusals:<conferenceId>`, workflows/refusal-log.ts),
 * sent with signalWithStart: every web server and every CLI, wherever it runs, writes to the same
 * log, and the conference's own history stays free of them. Only when Temporal cannot be reached
 * is the entry appended to this machine's `${KEHOACH_DATA_DIR:-data}/refusals.jsonl` (the only
 * place before this log existed). `readRefusals` reads both and merges them, each entry once.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { openHistory } from './open-history';
import { canonicalJson } from '../domain/signature';
import { toNfc } from '../domain/actions';
import { conferenceWorkflowId, refusalLogWorkflowId, TASK_QUEUE } from '../domain/ids';
import { refusalRecordedSignal } from '../domain/messages';
import { fitRefusalEntry, parseRefusalEntry, type RefusalLogEntry, type RefusalLogInput } from '../domain/refusals';
import { WORKFLOW_TYPE } from '../domain/workflow-types';

export type { RefusalLogEntry } from '../domain/refusals';

/** How long a refusal may take to reach Temporal before it goes to the local file instead. */
const SEND_DEADLINE_MS = 5_000;

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

/** The conference's task queue (its workers run its log too), remembered per client. */
const queues = new WeakMap<Client, Map<string, string>>();
async function taskQueueOf(client: Client, conferenceId: string): Promise<string> {
  let known = queues.get(client);
  if (!known) queues.set(client, (known = new Map<string, string>()));
  const hit = known.get(conferenceId);
  if (hit) return hit;
  const queue = await client.workflow
    .getHandle(conferenceWorkflowId(conferenceId))
    .describe()
    .then((d) => d.taskQueue)
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return TASK_QUEUE;
      throw err;
    });
  known.set(conferenceId, queue);
  return queue;
}

/** Sends one entry to the conference's refusal log workflow, starting it if it is not running. */
export async function recordRefusal(
  client: Client,
  entry: RefusalLogEntry,
  opts: { maxEvents?: number } = {},
): Promise<void> {
  const input: RefusalLogInput = {
    conferenceId: entry.conferenceId,
    ...(opts.maxEvents !== undefined ? { maxEvents: opts.maxEvents } : {}),
  };
  await client.withDeadline(Date.now() + SEND_DEADLINE_MS, async () =>
    client.workflow.signalWithStart(WORKFLOW_TYPE.refusalLog, {
      workflowId: refusalLogWorkflowId(entry.conferenceId),
      taskQueue: await taskQueueOf(client, entry.conferenceId),
      args: [input],
      signal: refusalRecordedSignal,
      signalArgs: [entry],
    }),
  );
}

/**
 * Records one refused attempt with the refusal's field, reasons and type: to the conference's
 * refusal log in Temporal, or, when Temporal cannot be reached (or no client is given), to the
 * local file. A log that cannot be written is not an error of the caller's.
 */
export async function logRefusal(
  client: Client | undefined,
  attempt: RefusedAttempt,
  refusal: { field: string; en: string; vi: string; type: string },
  via: 'cli' | 'web',
  path = refusalLogPath(),
): Promise<void> {
  const entry = fitRefusalEntry({
    time: new Date().toISOString(),
    ...toNfc(attempt),
    field: refusal.field,
    reason: refusal.en,
    reasonVi: refusal.vi,
    type: refusal.type,
    ...(via === 'web' ? { via } : {}),
  });
  if (client) {
    try {
      await recordRefusal(client, entry);
      return;
    } catch {
      // Temporal out of reach: keep it here rather than lose it.
    }
  }
  await appendRefusal(entry, path).catch(() => undefined);
}

/** The local file's refusals of one conference; a missing file is an empty one, a torn line is skipped. */
export async function readLocalRefusals(conferenceId: string, path = refusalLogPath()): Promise<RefusalLogEntry[]> {
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

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

/** Every run of the log: the newest chain followed back run by run, and every other run visibility knows. */
async function logRuns(client: Client, workflowId: string): Promise<Map<string, History>> {
  const runs = new Map<string, History>();
  const history = async (runId: string): Promise<History | undefined> => {
    try {
      return await openHistory(client, await client.workflow.getHandle(workflowId, runId).fetchHistory(), workflowId);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  };
  let runId: string | undefined;
  try {
    runId = (await client.workflow.getHandle(workflowId).describe()).runId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return runs;
    throw err;
  }
  // The newest run, then back through its chain (read from history: no visibility delay).
  while (runId && !runs.has(runId)) {
    const h = await history(runId);
    if (!h) break;
    runs.set(runId, h);
    runId = h.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  // Earlier chains (a log that ended idle and was started again by a later refusal).
  for await (const execution of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    if (runs.has(execution.runId)) continue;
    const h = await history(execution.runId);
    if (h) runs.set(execution.runId, h);
  }
  return runs;
}

/** Whether a history is a run of the refusal log workflow (an exported file, say). */
export function isRefusalLogHistory(history: History): boolean {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name === WORKFLOW_TYPE.refusalLog;
}

/**
 * The entries one run of the refusal log recorded: its Signals' payloads that the schema accepts,
 * for this conference (the workflow's own rule: a malformed entry, or another conference's, is dropped).
 */
export function refusalsInHistory(history: History, conferenceId: string): RefusalLogEntry[] {
  const out: RefusalLogEntry[] = [];
  for (const event of history.events ?? []) {
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (signal?.signalName !== refusalRecordedSignal.name) continue;
    const payload = signal.input?.payloads?.[0];
    let raw: unknown;
    try {
      raw = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
    } catch {
      continue;
    }
    const entry = parseRefusalEntry(raw);
    if (entry && entry.conferenceId === conferenceId) out.push(entry);
  }
  return out;
}

/** The entries the refusal log workflow recorded, from the Signals in every run's history. */
export async function readTemporalRefusals(client: Client, conferenceId: string): Promise<RefusalLogEntry[]> {
  const runs = await logRuns(client, refusalLogWorkflowId(conferenceId));
  return [...runs.values()].flatMap((history) => refusalsInHistory(history, conferenceId));
}

/** Each identical entry once, oldest first. */
export function mergeRefusals(...lists: readonly RefusalLogEntry[][]): RefusalLogEntry[] {
  const seen = new Set<string>();
  const out: RefusalLogEntry[] = [];
  for (const entry of lists.flat()) {
    const key = canonicalJson(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
}

/**
 * The refusals of one conference: the refusal log in Temporal (when a client is given) merged
 * with the local file's (written before the log existed, or while Temporal was out of reach),
 * each identical entry once, oldest first.
 */
export async function readRefusals(
  client: Client | undefined,
  conferenceId: string,
  path = refusalLogPath(),
): Promise<RefusalLogEntry[]> {
  const [remote, local] = await Promise.all([
    client ? readTemporalRefusals(client, conferenceId) : Promise.resolve([]),
    readLocalRefusals(conferenceId, path),
  ]);
  return mergeRefusals(remote, local);
}
