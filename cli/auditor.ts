/**
 * The auditor's command: `kehoach audit <id>` reads the conference's history from Temporal;
 * `kehoach audit --from-files <dir or files…>` reads histories exported with
 * `temporal workflow show --output json`. Both merge the CLI's refusal log for the conference.
 */
import { Option, type Command } from 'commander';
import { buildAudit, conferenceIdOf, readHistoryFiles } from '../audit';
import {
  isRefusalLogHistory,
  mergeRefusals,
  readRefusals,
  refusalLogPath,
  refusalsInHistory,
} from '../client/refusal-log';
import { formatAudit, type AuditFormat } from '../present/audit';
import { openConferenceRecord } from '../present/record';
import { registerDossierCommands } from './dossier';
import { CliError, explain, fail, printLine, withClient, type OutputOptions } from './output';

interface AuditOptions extends OutputOptions {
  format: AuditFormat;
  fromFiles?: string[];
  refusalLog?: string | boolean;
}

export function registerAuditorCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description(
      'Nhật ký kiểm tra: ai làm gì, khi nào, đúng hạn hay trễ / audit trail: who did what, when, on time or late',
    )
    .argument('[id]', 'mã hội nghị / conference id')
    .addOption(
      new Option('--format <format>', 'định dạng / format').choices(['table', 'json', 'csv', 'md']).default('table'),
    )
    .option('--json', 'như --format json / same as --format json')
    .option('--from-files <paths...>', 'lịch sử đã xuất (temporal workflow show --output json) / exported histories')
    .option('--refusal-log <file>', 'nhật ký từ chối của CLI / the CLI refusal log')
    .option('--no-refusal-log', 'bỏ qua nhật ký từ chối / leave out the CLI refusal log')
    .addOption(new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi'))
    .action(async (id: string | undefined, o: AuditOptions) => {
      const format: AuditFormat = o.json ? 'json' : o.format;
      const logPath = typeof o.refusalLog === 'string' ? o.refusalLog : refusalLogPath();
      if (o.fromFiles) {
        try {
          const files = await readHistoryFiles(o.fromFiles);
          // Exported runs of the refusal log (`refusals:<id>`) hold the refused attempts, not rows.
          const logRuns = files.filter((h) => isRefusalLogHistory(h.history));
          const histories = files.filter((h) => !isRefusalLogHistory(h.history));
          const conferenceId = id ?? conferenceIdOf(histories);
          const refusals =
            o.refusalLog !== false && conferenceId
              ? mergeRefusals(
                  logRuns.flatMap((h) => refusalsInHistory(h.history, conferenceId)),
                  await readRefusals(undefined, conferenceId, logPath),
                )
              : [];
          printLine(formatAudit(buildAudit(histories, refusals, o.lang), format, o.lang));
        } catch (err) {
          fail(err instanceof CliError ? err : unreadable(err), o.lang);
        }
        return;
      }
      if (!id) {
        return fail(
          new CliError('id', 'cần mã hội nghị hoặc --from-files', 'needs a conference id or --from-files', 2),
          o.lang,
        );
      }
      await withClient(
        o,
        async (client) => {
          // Temporal's histories while they live, the conference's archive after.
          const record = await openConferenceRecord(client, id).catch((err: unknown) => {
            throw explain(err, id);
          });
          const histories = await record.histories();
          const refusals = await record.refusals(o.refusalLog !== false ? logPath : false);
          printLine(formatAudit(buildAudit(histories, refusals, o.lang), format, o.lang));
        },
        { conferenceId: id },
      );
    });
  registerDossierCommands(audit);
}

/** Exported histories that cannot be read: the system's code in Vietnamese, its message in English. */
function unreadable(err: unknown): CliError {
  const code = (err as { code?: unknown }).code;
  const vi =
    typeof code === 'string'
      ? `không đọc được tệp lịch sử (${code})`
      : 'tệp không phải lịch sử đã xuất (cần JSON của "temporal workflow show --output json")';
  return new CliError('from-files', vi, firstLine(err));
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
