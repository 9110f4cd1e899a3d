/**
 * How long Temporal keeps a closed workflow's history (the namespace's retention), stated and
 * checked rather than left to the server's default. Kehoach's record outlives it in the archive
 * (audit/archive.ts); retention only has to cover the time an archive may take to be written (a
 * store that refuses writes for a while, a worker down over a weekend), plus the weeks in which
 * people still look at a finished conference's board.
 *
 * - The embedded default (`npm start`'s dev server, whose `default` namespace starts at 24 h) is
 *   set to KEHOACH_RETENTION_DAYS, default {@link EMBEDDED_RETENTION_DAYS}.
 * - Any namespace shorter than {@link MIN_RETENTION_HOURS} is refused by `npm start` and the
 *   worker, in one sentence: an archive delayed longer than that would find nothing to archive.
 * - On a Temporal the operator runs (TEMPORAL_ADDRESS or TEMPORAL_PROFILE), the archive store must
 *   be named (KEHOACH_ARCHIVE_DIR or KEHOACH_ARCHIVE_S3_*, or the evidence store's S3): a default
 *   folder on one worker's disk is not where a province keeps its record.
 */
import type { Client } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';

/** The embedded default's retention, in days, unless KEHOACH_RETENTION_DAYS says otherwise. */
export const EMBEDDED_RETENTION_DAYS = 30;
/** The shortest retention Kehoach runs on: three days for an archive to get through an outage. */
export const MIN_RETENTION_HOURS = 72;

const HOUR_MS = 3_600_000;

/** The namespace's retention, in milliseconds (0 when the server states none). */
export async function namespaceRetentionMs(client: Client, namespace: string): Promise<number> {
  const d = await client.workflowService.describeNamespace({ namespace });
  const ttl = d.config?.workflowExecutionRetentionTtl;
  return ttl ? tsToMs(ttl) : 0;
}

/** The retention the embedded default is given: KEHOACH_RETENTION_DAYS, else 30 days. */
export function embeddedRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KEHOACH_RETENTION_DAYS;
  if (raw === undefined || raw === '') return EMBEDDED_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isFinite(days) || days * 24 < MIN_RETENTION_HOURS)
    throw new Error(
      `KEHOACH_RETENTION_DAYS: "${raw}" is not a number of days of at least ${MIN_RETENTION_HOURS / 24} (the time an archive may need)`,
    );
  return days;
}

/** Sets the namespace's retention (the embedded default's own namespace only). */
export async function setNamespaceRetention(client: Client, namespace: string, days: number): Promise<void> {
  await client.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(days * 24 * HOUR_MS) },
  });
}

/** One sentence when the namespace keeps histories too briefly for an archive to be written; else undefined. */
export function retentionProblem(namespace: string, retentionMs: number): string | undefined {
  if (retentionMs === 0 || retentionMs >= MIN_RETENTION_HOURS * HOUR_MS) return undefined;
  return (
    `The namespace ${namespace} keeps a closed workflow's history for ${formatRetention(retentionMs)}, ` +
    `shorter than the ${MIN_RETENTION_HOURS / 24} days an archive may need: raise it ` +
    `(temporal operator namespace update -n ${namespace} --retention ${MIN_RETENTION_HOURS}h or more) and start again.`
  );
}

/** One sentence when Kehoach runs on an operator's Temporal with no archive store named; else undefined. */
export function archiveStoreProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const external = Boolean(env.TEMPORAL_ADDRESS || env.TEMPORAL_PROFILE);
  const named = Boolean(env.KEHOACH_ARCHIVE_DIR || env.KEHOACH_ARCHIVE_S3_ENDPOINT || env.KEHOACH_EVIDENCE_S3_ENDPOINT);
  if (!external || named) return undefined;
  return (
    'No archive store is named for this Temporal: set KEHOACH_ARCHIVE_DIR to a folder every worker shares and ' +
    'you back up, or KEHOACH_ARCHIVE_S3_ENDPOINT and KEHOACH_ARCHIVE_S3_BUCKET (docs/archive.md), and start again.'
  );
}

/**
 * The namespace's retention, checked: its sentence for people ("30 days", "without limit"), or a
 * {@link RetentionError} saying what to raise it to. `npm start` and the worker both ask here.
 */
export async function checkedRetention(client: Client, namespace: string): Promise<string> {
  const ms = await namespaceRetentionMs(client, namespace);
  const problem = retentionProblem(namespace, ms);
  if (problem) throw new RetentionError(problem);
  return ms ? formatRetention(ms) : 'without limit';
}

/** A namespace that keeps histories too briefly for the archive: its message is the one sentence to show. */
export class RetentionError extends Error {}

/** A retention for people: "30 days", "1 day", "36 hours". */
export function formatRetention(ms: number): string {
  const hours = ms / HOUR_MS;
  if (hours % 24 !== 0) return `${Math.round(hours)} hours`;
  return hours === 24 ? '1 day' : `${hours / 24} days`;
}
