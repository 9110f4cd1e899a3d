/**
 * `kehoach archive <conference>`: the operator's way to archive a closed conference's record now —
 * one closed before archiving existed, or terminated outside Kehoach — and to see where a
 * conference's archive is and what its hashes are. A conference archives itself as it closes; this
 * starts the same workflow (`archive:<id>`), or finds the one already started, and waits for it.
 */
import type { Command } from 'commander';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ArchiveResultSchema, type ArchiveResult } from '../domain/archive';
import { archiveWorkflowId, conferenceWorkflowId } from '../domain/ids';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { isGone } from '../audit/archive';
import { openArchiveReader } from '../present/record';
import { addOutputOptions, CliError, printJson, printLine, say, withClient, type OutputOptions } from './output';

export function registerArchiveCommand(program: Command): void {
  addOutputOptions(
    program
      .command('archive')
      .description(
        'Lưu trữ hồ sơ có ký của một hội nghị đã kết thúc (vượt thời hạn lưu của Temporal) / archive a closed conference’s signed record',
      )
      .argument('<conference>', 'mã hội nghị / conference id'),
  ).action(async (conferenceId: string, o: OutputOptions) => {
    await withClient(
      o,
      async (client) => {
        let result: ArchiveResult | undefined;
        try {
          const d = await client.workflow.getHandle(conferenceWorkflowId(conferenceId)).describe();
          if (d.status.name === 'RUNNING')
            throw new CliError(
              'conference',
              `hội nghị "${conferenceId}" vẫn đang chạy; hồ sơ được lưu trữ khi hội nghị kết thúc`,
              `conference "${conferenceId}" is still running; its record is archived when it closes`,
              1,
            );
          const handle = await client.workflow
            .start(WORKFLOW_TYPE.archive, {
              workflowId: archiveWorkflowId(conferenceId),
              // The conference's own queue: its workers have the archive store.
              taskQueue: d.taskQueue,
              args: [{ conferenceId }],
            })
            .catch((err: unknown) => {
              if (err instanceof WorkflowExecutionAlreadyStartedError)
                return client.workflow.getHandle(archiveWorkflowId(conferenceId));
              throw err;
            });
          result = ArchiveResultSchema.parse(await handle.result());
        } catch (err) {
          if (!isGone(err)) throw err;
          // Temporal has forgotten it: the archive says where and what it is.
          const archived = await openArchiveReader().open(conferenceId);
          if (!archived) throw err;
          return report(o, {
            conferenceId,
            location: archived.location,
            name: archived.name,
            chainHead: archived.manifest.chainHead,
            archivedAt: archived.manifest.exportedAt,
          });
        }
        report(o, result);
      },
      { conferenceId },
    );
  });
}

function report(
  o: OutputOptions,
  r: Pick<ArchiveResult, 'conferenceId' | 'location' | 'name' | 'chainHead' | 'archivedAt'> & Partial<ArchiveResult>,
): void {
  if (o.json) return printJson(r);
  printLine(
    say(
      o.lang,
      `Hồ sơ của hội nghị ${r.conferenceId} đã được lưu trữ: ${r.name} trong ${r.location}, lúc ${r.archivedAt}.`,
      `The record of conference ${r.conferenceId} is archived: ${r.name} in ${r.location}, at ${r.archivedAt}.`,
    ),
  );
  if (r.sha256) printLine(`  SHA-256: ${r.sha256} (${r.bytes ?? 0} byte)`);
  if (r.manifestSha256) printLine(`  manifest.json SHA-256: ${r.manifestSha256}`);
  printLine(say(o.lang, `  Mã cuối chuỗi băm: ${r.chainHead}`, `  Chain head: ${r.chainHead}`));
}
