/**
 * Stores the histories of a conference and its children, exported the way an operator does
 * (`temporal workflow show --output json`), for the replay tests. Only when
 * KEHOACH_RECORD_HISTORIES=1: stored histories change only when we mean them to.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
