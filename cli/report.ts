/**
 * `kehoach report <id> --kind progress|final|flag-handover|audit-summary --format docx|pdf
 * [--out FILE]`: a conference's administrative document (Nghị định 30/2020 layout), built from
 * its history on the Temporal server, written to a file. PDF is LibreOffice's rendering of the
 * same .docx (engine/pdf). A kind or format that does not exist is refused before anything is
 * read (exit 2); an unknown conference exits 1, like every conference command.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { refusalLogPath } from '../client/refusal-log';
import { openConferenceRecord } from '../present/record';
import { docxToPdf, PdfConversionError } from '../engine/pdf';
import {
  conferenceRecord,
  documentDocx,
  documentFileName,
  DOCUMENT_FORMATS,
  DOCUMENT_KINDS,
  isDocumentFormat,
  isDocumentKind,
} from '../present/documents';
import { addOutputOptions, CliError, fail, printJson, printLine, say, withClient, type OutputOptions } from './output';

interface ReportOptions extends OutputOptions {
  kind: string;
  format: string;
  out?: string;
}

export function registerReportCommand(program: Command): void {
  addOutputOptions(
    program
      .command('report')
      .description(
        'Văn bản theo Nghị định 30/2020 (.docx, PDF): báo cáo tiến độ, báo cáo kết quả, biên bản bàn giao cờ, tóm tắt nhật ký / administrative documents',
      )
      .argument('<id>', 'mã hội nghị / conference id')
      .requiredOption('--kind <kind>', `loại văn bản / kind: ${DOCUMENT_KINDS.join(', ')}`)
      .option('--format <format>', `định dạng / format: ${DOCUMENT_FORMATS.join(', ')}`, 'docx')
      .option(
        '--out <file>',
        'tệp ghi ra / output file (mặc định: tên theo loại văn bản / default: named after the kind)',
      ),
  ).action(async (id: string, o: ReportOptions) => {
    const { kind, format } = o;
    if (!isDocumentKind(kind))
      return fail(
        new CliError(
          'kind',
          `không có loại văn bản "${kind}"; chọn một trong: ${DOCUMENT_KINDS.join(', ')}`,
          `no document kind "${kind}"; choose one of: ${DOCUMENT_KINDS.join(', ')}`,
          2,
        ),
        o.lang,
      );
    if (!isDocumentFormat(format))
      return fail(
        new CliError(
          'format',
          `không có định dạng "${format}"; chọn một trong: ${DOCUMENT_FORMATS.join(', ')}`,
          `no format "${format}"; choose one of: ${DOCUMENT_FORMATS.join(', ')}`,
          2,
        ),
        o.lang,
      );
    await withClient(
      o,
      async (client) => {
        const source = await openConferenceRecord(client, id);
        const status = await source.status();
        const histories = await source.histories();
        const refusals = await source.refusals(refusalLogPath());
        const record = conferenceRecord({ histories, refusals, status, nowMs: Date.now() });
        const docx = await documentDocx(kind, record);
        if (!Buffer.isBuffer(docx)) throw new CliError(docx.field, docx.vi, docx.en, 1);
        const bytes =
          format === 'pdf'
            ? await docxToPdf(docx).catch((err: unknown) => {
                if (err instanceof PdfConversionError) throw new CliError('format', err.vi, err.en, 1, { cause: err });
                throw err;
              })
            : docx;
        const path = resolve(o.out ?? documentFileName(kind, id, format));
        await writeFile(path, bytes);
        if (o.json) return printJson({ conferenceId: id, kind, format, path, bytes: bytes.length });
        printLine(say(o.lang, `Đã ghi ${path} (${bytes.length} byte).`, `Wrote ${path} (${bytes.length} bytes).`));
      },
      { conferenceId: id },
    );
  });
}
