/**
 * The archiving of a closed conference (`archive:<conferenceId>`), started by the conference as it
 * closes with a parent-close policy of ABANDON, so it outlives it. Its one activity waits until
 * every history of the conference is closed, writes the signed dossier to the archive store,
 * reads it back and verifies it, and is retried until it succeeds: a store that refuses writes or
 * a worker that dies only delays the archive. The activity finds an archive already written and
 * keeps it, so a retry or a second start never makes a second one. The result (the archive's
 * hash and its manifest's) stays in the memo, findable while this history lives.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities/types';
import { ARCHIVE_MEMO, type ArchiveInput, type ArchiveResult } from '../domain/archive';

const { archiveConference } = wf.proxyActivities<Activities>({
  // A dossier with large evidence files takes a while to write and read back.
  startToCloseTimeout: '30 minutes',
  // It beats every 5 s (activities/index.ts): a worker killed mid-write is replaced within 20 s.
  heartbeatTimeout: '20 seconds',
  // First retries come quickly (the conference is closing as this starts), then once a minute, forever.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  summary: 'Lưu trữ hồ sơ hội nghị',
});

export async function archiveWorkflow(input: ArchiveInput): Promise<ArchiveResult> {
  const result = await archiveConference(input);
  wf.upsertMemo({ [ARCHIVE_MEMO]: result });
  return result;
}
