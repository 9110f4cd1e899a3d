/**
 * The auditor's dossier: `kehoach audit export <conference> --out DIR|FILE.zip` gathers the
 * conference's histories, plan in force, audit rows and evidence into one signed dossier;
 * `kehoach audit verify FILE.zip|DIR` checks one offline, with no server and no secret: the
 * signature, every hash, and the rows rebuilt from the histories.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DossierError } from '../audit/dossier';
import { exportDossier, type DossierSummary, type EvidenceReader, type RowRenderer } from '../audit/dossier-export';
import { verifyDossier, type Finding, type VerifyReport } from '../audit/dossier-verify';
import { openArchiveStore, type LocalArchive } from '../client/archive-store';
import { openEvidenceStore } from '../client/evidence-store';
import { archiveName } from '../domain/archive';
import { ConferenceIdSchema } from '../domain/ids';
import { refusalLogPath } from '../client/refusal-log';
import { loadSigningKey } from '../client/signing-key';
import { formatAdministrativeDate, type Lang } from '../domain/time';
import { formatAudit } from '../present/audit';
import { openConferenceRecord } from '../present/record';
import { CliError, explain, fail, printJson, printLine, say, withClient } from './output';

interface ExportOptions {
  out: string;
  files: boolean;
  refusalLog: string | boolean;
  lang: Lang;
  json?: boolean;
}

interface VerifyOptions {
  key?: string;
  lang: Lang;
  json?: boolean;
}

const render: RowRenderer = (rows, format, lang) => formatAudit(rows, format, lang);

/**
 * The evidence files, read from the deployment's store (the data folder or the S3-compatible store
 * the environment names) with their hash checked before the first byte leaves it.
 */
function evidenceReader(): EvidenceReader {
  const store = openEvidenceStore();
  return async (sha256) => (await store.open(sha256)).stream;
}

/** Adds `export` and `verify` to `kehoach audit`. */
export function registerDossierCommands(audit: Command): void {
  // The audit's own options (--lang, --json, …) are read before `export`/`verify` only, so each
  // subcommand gets its own.
  audit.enablePositionalOptions();

  audit
    .command('export')
    .description(
      'Xuất hồ sơ kiểm tra có ký: lịch sử, kế hoạch đang áp dụng, nhật ký, minh chứng / export a signed audit dossier',
    )
    .argument('<conference>', 'mã hội nghị / conference id')
    .requiredOption('--out <path>', 'thư mục mới hoặc tệp .zip / a new folder or a .zip file')
    .option('--no-files', 'chỉ ghi mã băm của tệp minh chứng / evidence files by hash only')
    .option('--refusal-log <file>', 'nhật ký từ chối của CLI / the CLI refusal log')
    .option('--no-refusal-log', 'bỏ qua nhật ký từ chối / leave out the CLI refusal log')
    .addOption(new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi'))
    .option('--json', 'in JSON cho máy đọc / print JSON for machines')
    .action(exportCommand);

  audit
    .command('verify')
    .description(
      'Kiểm tra hồ sơ không cần máy chủ: chữ ký, mã băm, dựng lại nhật ký / check a dossier offline: signature, hashes, rows rebuilt',
    )
    .argument(
      '<dossier>',
      'tệp .zip, thư mục, hoặc mã hội nghị đã lưu trữ / a .zip file, a folder, or an archived conference id',
    )
    .option(
      '--key <key>',
      'khóa công khai bắt buộc (hex, hoặc tệp chứa nó) / the public key required (hex, or a file holding it)',
    )
    .addOption(new Option('--lang <lang>', 'ngôn ngữ / language').choices(['vi', 'en']).default('vi'))
    .option('--json', 'in JSON cho máy đọc / print JSON for machines')
    .action(verifyCommand);
}

/** `kehoach audit export <conference>`: the dossier written, then what it holds and how to check it. */
async function exportCommand(conferenceId: string, o: ExportOptions): Promise<void> {
  await withClient(
    o,
    async (client) => {
      // Temporal's histories while they live, the conference's archive after: the same dossier.
      const record = await openConferenceRecord(client, conferenceId).catch((err: unknown) => {
        throw explain(err, conferenceId);
      });
      const key = signingKey();
      const logPath = typeof o.refusalLog === 'string' ? o.refusalLog : refusalLogPath();
      const summary = await exportDossier(
        {
          conferenceId,
          histories: await record.histories(),
          plan: await record.plan(),
          status: await record.status(),
          links: await record.links(),
          refusals: await record.refusals(o.refusalLog !== false ? logPath : false),
          lang: o.lang,
          render,
          evidence: o.files ? evidenceReader() : null,
          key,
        },
        o.out,
      ).catch((err: unknown) => {
        throw err instanceof DossierError ? new CliError(err.field, err.vi, err.en, 1, { cause: err }) : err;
      });
      if (o.json) return printJson(summary);
      printExportSummary(conferenceId, summary, o);
    },
    { conferenceId },
  );
}

function printExportSummary(conferenceId: string, summary: DossierSummary, o: ExportOptions): void {
  const l = o.lang;
  printLine(
    say(
      l,
      `Đã xuất hồ sơ kiểm tra của hội nghị ${conferenceId} vào ${summary.out}, ${formatAdministrativeDate(new Date().toISOString(), 'vi')}:`,
      `Exported the audit dossier of conference ${conferenceId} to ${summary.out}, ${formatAdministrativeDate(new Date().toISOString(), 'en')}:`,
    ),
  );
  printLine(
    say(
      l,
      `  ${summary.histories} lịch sử quy trình, ${summary.rows} dòng nhật ký, ${summary.evidence} tệp minh chứng (${o.files ? `kèm ${summary.evidenceIncluded}` : 'chỉ mã băm'}), ${summary.files} tệp, ${summary.bytes} byte`,
      `  ${summary.histories} workflow histories, ${summary.rows} audit rows, ${summary.evidence} evidence files (${o.files ? `${summary.evidenceIncluded} included` : 'hashes only'}), ${summary.files} files, ${summary.bytes} bytes`,
    ),
  );
  printLine(say(l, `Ký bởi khóa ${summary.fingerprint}`, `Signed by key ${summary.fingerprint}`));
  printLine(say(l, `Khóa công khai: ${summary.publicKey}`, `Public key: ${summary.publicKey}`));
  printLine(
    say(l, 'Kiểm tra: ', 'Check it with: ') + `npx kehoach audit verify ${summary.out} --key ${summary.publicKey}`,
  );
}

/** `kehoach audit verify <dossier>`: a file, a folder or an archived conference checked offline; exit 1 when not valid. */
async function verifyCommand(path: string, o: VerifyOptions): Promise<void> {
  try {
    const requireKey = o.key === undefined ? undefined : await publicKeyArg(o.key);
    // A conference id instead of a file: its archive in the deployment's archive store.
    const archived = existsSync(path) ? undefined : await archivedCopy(path);
    const report = await verifyDossier(archived?.path ?? path, {
      render,
      ...(requireKey ? { requireKey } : {}),
    }).finally(() => archived?.release());
    if (o.json) printJson(report);
    else printVerifyReport(report, o.lang);
    if (!report.ok) process.exitCode = 1;
  } catch (err) {
    if (err instanceof CliError) return fail(err, o.lang);
    if (err instanceof DossierError) return fail(new CliError(err.field, err.vi, err.en, 1), o.lang);
    fail(explain(err), o.lang);
  }
}

function signingKey(): ReturnType<typeof loadSigningKey> {
  try {
    return loadSigningKey();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new CliError(
      'signing-key',
      `không đọc được khóa ký của hệ thống: ${why}`,
      `cannot read the deployment's signing key: ${why}`,
      1,
      { cause: err },
    );
  }
}

/** `--key`: a public key in hex, or a file holding one. */
async function publicKeyArg(value: string): Promise<string> {
  const hex = /^[0-9a-fA-F]{64}$/;
  if (hex.test(value.trim())) return value.trim().toLowerCase();
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new CliError(
      'key',
      `cần khóa công khai (64 chữ số hex) hoặc tệp chứa nó; không đọc được "${value}" (${code})`,
      `needs a public key (64 hex digits) or a file holding one; cannot read "${value}" (${code})`,
      2,
    );
  }
  const found = text.trim();
  if (!hex.test(found))
    throw new CliError(
      'key',
      `tệp "${value}" không chứa khóa công khai (64 chữ số hex)`,
      `the file "${value}" does not hold a public key (64 hex digits)`,
      2,
    );
  return found.toLowerCase();
}

function findingLine(f: Finding, lang: Lang): string {
  const where =
    f.row !== undefined
      ? say(lang, `, dòng ${f.row}`, `, row ${f.row}`)
      : f.line !== undefined
        ? say(lang, `, dòng ${f.line}`, `, line ${f.line}`)
        : '';
  return `${f.file}${where}: ${say(lang, f.vi, f.en)}`;
}

function printVerifyReport(r: VerifyReport, lang: Lang): void {
  const when = r.exportedAt ? formatAdministrativeDate(r.exportedAt, lang) : '';
  const about = r.conferenceId
    ? say(
        lang,
        `Hội nghị ${r.conferenceId}, xuất ${when}; ${r.counts.files} tệp, ${r.counts.histories} lịch sử quy trình, ${r.counts.rows} dòng nhật ký dựng lại từ lịch sử, ${r.counts.evidence} tệp minh chứng (kèm ${r.counts.evidenceIncluded}).`,
        `Conference ${r.conferenceId}, exported ${when}; ${r.counts.files} files, ${r.counts.histories} workflow histories, ${r.counts.rows} audit rows rebuilt from history, ${r.counts.evidence} evidence files (${r.counts.evidenceIncluded} included).`,
      )
    : '';
  if (r.ok && r.signer) {
    printLine(
      say(
        lang,
        `OK: hồ sơ nguyên vẹn, ký bởi khóa ${r.signer.fingerprint}`,
        `OK: the dossier is intact, signed by key ${r.signer.fingerprint}`,
      ),
    );
    printLine(about);
    return;
  }
  if (r.signer)
    printLine(
      say(
        lang,
        `Khóa ký: ${r.signer.fingerprint} (${r.signer.signatureValid ? 'chữ ký hợp lệ' : 'chữ ký KHÔNG hợp lệ'})`,
        `Signing key: ${r.signer.fingerprint} (${r.signer.signatureValid ? 'signature valid' : 'signature NOT valid'})`,
      ),
    );
  if (about) printLine(about);
  for (const f of r.findings) printLine(findingLine(f, lang));
  printLine(
    say(
      lang,
      `KHÔNG HỢP LỆ: ${r.findings.length} chỗ không khớp.`,
      `NOT VALID: ${r.findings.length} mismatch${r.findings.length === 1 ? '' : 'es'}.`,
    ),
  );
}

/** The archive of a conference named by its id, as a local file; undefined when the name is no archived conference. */
async function archivedCopy(name: string): Promise<LocalArchive | undefined> {
  if (!ConferenceIdSchema.safeParse(name).success) return undefined;
  return openArchiveStore().get(archiveName(name));
}
