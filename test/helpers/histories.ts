/**
 * Stores the histories of a conference and its children, exported the way an operator does
 * (`temporal workflow show --output json`), for the replay tests. Only when
 * KEHOACH_RECORD_HISTORIES=1: stored histories change only when we mean them to.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { provisionTemporalCli } from '../../engine/dev-server';

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

export async function recordHistories(
  name: string,
  conferenceId: string,
  responsibilities: string[],
  /** Other workflows to store beside them: [workflow id, file name]. */
  others: [string, string][] = [],
): Promise<void> {
  if (process.env.KEHOACH_RECORD_HISTORIES !== '1') return;
  const cli = await provisionTemporalCli();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const ids: [string, string][] = [
    [conferenceWorkflowId(conferenceId), name],
    ...responsibilities.map((r): [string, string] => [responsibilityWorkflowId(conferenceId, r), `${name}.${r}`]),
    ...others,
  ];
  for (const [workflowId, file] of ids) {
    const json = execFileSync(
      cli,
      ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('temporalAddress')],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    writeFileSync(`${HISTORIES_DIR}${file}.json`, json);
  }
}

/**
 * The workflow id a stored history ran under: a sealed payload names it (`kehoach-for`), and
 * opening it under another id would find it misdirected; a history from before sealing replays
 * under its file's name.
 */
export function workflowIdOf(file: string, history: unknown): string {
  const start = (history as { events?: { workflowExecutionStartedEventAttributes?: unknown }[] }).events?.[0]
    ?.workflowExecutionStartedEventAttributes as
    { input?: { payloads?: { metadata?: Record<string, string> }[] } } | undefined;
  const sealedFor = start?.input?.payloads?.[0]?.metadata?.['kehoach-for'];
  if (!sealedFor) return file;
  const target = Buffer.from(sealedFor, 'base64').toString('utf8');
  return target.slice(target.indexOf('/') + 1);
}

/** The stored histories (sorted by file), each under the workflow id it ran under, for `Worker.runReplayHistories`. */
export function storedHistories(
  filter: (file: string) => boolean = () => true,
): { file: string; workflowId: string; history: unknown }[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json') && filter(f))
    .sort()
    .map((file) => {
      const history = JSON.parse(readFileSync(HISTORIES_DIR + file, 'utf8')) as unknown;
      return { file, workflowId: workflowIdOf(file, history), history };
    });
}
