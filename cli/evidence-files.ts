/**
 * `--file PATH` (any evidence file) and `--file FIELD=PATH` (the file of a plan field of type
 * `file`) on the action commands: each file is streamed into this machine's evidence store
 * (`openEvidenceStore`: the data folder, or S3 by env) and the action carries its record. This is
 * the local/operator path: the store must be the one the web serves from.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { EvidenceTooLargeError, EvidenceTypeError, openEvidenceStore } from '../client/evidence-store';
import { EVIDENCE_LIMITS, type EvidenceFile } from '../domain/actions';
import { fileFieldMaxBytes, type Plan } from '../domain/plan/schema';
import { CliError } from './output';

export interface StoredFiles {
  files: EvidenceFile[];
  /** Plan fields the files fill: name → SHA-256. */
  fields: Record<string, string>;
}

/** Splits `FIELD=PATH` from a plain path (a path that exists is taken whole, `=` and all). */
function parseFileOption(value: string): { field?: string; path: string } {
  const m = /^([a-zA-Z][a-zA-Z0-9]*)=(.+)$/.exec(value);
  if (!m || exists(value)) return { path: value };
  return { field: m[1] as string, path: m[2] as string };
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function storeFiles(
  options: readonly string[],
  plan: Plan | undefined,
  taskId: string,
): Promise<StoredFiles> {
  const out: StoredFiles = { files: [], fields: {} };
  if (options.length === 0) return out;
  if (options.length > EVIDENCE_LIMITS.filesPerAction) {
    throw new CliError(
      'file',
      `tối đa ${EVIDENCE_LIMITS.filesPerAction} tệp`,
      `at most ${EVIDENCE_LIMITS.filesPerAction} files`,
      2,
    );
  }
  const spec = plan?.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
  const specFields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
  const store = openEvidenceStore();
  for (const option of options) {
    const { field, path } = parseFileOption(option);
    const fieldSpec = field === undefined ? undefined : specFields.find((f) => f.name === field && f.type === 'file');
    if (field !== undefined && fieldSpec === undefined) {
      throw new CliError(
        `fields.${field}`,
        `công việc "${taskId}" không có trường tệp "${field}"`,
        `task "${taskId}" has no file field "${field}"`,
        2,
      );
    }
    if (!exists(path)) throw new CliError('file', `không đọc được tệp "${path}"`, `cannot read the file "${path}"`, 2);
    const maxBytes = fieldSpec ? fileFieldMaxBytes(fieldSpec) : EVIDENCE_LIMITS.fileBytes;
    const where = field === undefined ? 'file' : `fields.${field}`;
    try {
      const file = await store.put(createReadStream(path), {
        name: basename(path),
        maxBytes,
        ...(field ? { field } : {}),
      });
      out.files.push(file);
      if (field !== undefined) out.fields[field] = file.sha256;
    } catch (err) {
      if (err instanceof EvidenceTooLargeError) {
        throw new CliError(
          where,
          `tệp "${path}" quá lớn (tối đa ${maxBytes} byte)`,
          `the file "${path}" is too large (at most ${maxBytes} bytes)`,
          2,
        );
      }
      if (err instanceof EvidenceTypeError) {
        throw new CliError(
          where,
          `tệp "${path}" có đuôi .${err.declared} nhưng nội dung là ${err.detected}`,
          `the file "${path}" ends in .${err.declared} but its content is ${err.detected}`,
          2,
        );
      }
      throw err;
    }
  }
  return out;
}
