/**
 * Writes a conference's signed audit dossier into a folder or a zip: every workflow's history as
 * `temporal workflow show --output json` writes it, the plan in force, the refusals merged into
 * the audit, the audit rows (JSON, CSV, Markdown), the evidence files of the actions that count
 * (or their hashes only), then the chained manifest and its signature. Files are streamed and
 * hashed on the way (an evidence file of hundreds of MB is never held whole); the zip is written
 * under a temporary name and appears only once complete.
 *
 * Library: yazl (streamed zip writing, no native code, the counterpart of yauzl that reads it).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import yazl from 'yazl';
import type { RefusalLogEntry } from '../client/refusal-log';
import { keyFingerprint, signText } from '../domain/signature';
import type { Lang } from '../domain/time';
import type { WorkflowHistory } from './decode';
import {
  DOSSIER_FORMAT,
  DOSSIER_PATH,
  DossierError,
  chainEntries,
  dossierContent,
  evidencePath,
  historyPath,
  manifestText,
  type Manifest,
  type ManifestEntry,
  type SignatureFile,
} from './dossier';
import type { AuditRow } from './row';

/** The content of a stored evidence file, by its SHA-256 (the evidence store's `get`). */
export type EvidenceReader = (sha256: string) => Readable | Promise<Readable>;

/** The audit's renderers (present/audit `formatAudit`), passed in: presenters sit above this layer. */
export type RowRenderer = (rows: AuditRow[], format: 'json' | 'csv' | 'md', lang: Lang) => string;

export interface DossierExport {
  conferenceId: string;
  /** The conference's history first, then its children's; each with its workflow id. */
  histories: readonly (WorkflowHistory & { workflowId: string })[];
  /** The plan in force (the conference's `planInForce` Query). */
  plan: unknown;
  /** The conference's status (its `conferenceStatus` Query): written when given. */
  status?: unknown;
  /** The access links' records (`accessLinks` Query: hashes only): written when given. */
  links?: unknown;
  /** Refusals merged into the audit (they left no history). */
  refusals: readonly RefusalLogEntry[];
  lang: Lang;
  render: RowRenderer;
  /** Where evidence files are read from; null: their hashes only (`--no-files`). */
  evidence: EvidenceReader | null;
  key: { secretKey: string; publicKey: string };
  /** UTC ISO; now when absent. */
  exportedAt?: string;
}

export interface DossierSummary {
  out: string;
  kind: 'zip' | 'folder';
  files: number;
  histories: number;
  rows: number;
  evidence: number;
  evidenceIncluded: number;
  bytes: number;
  publicKey: string;
  fingerprint: string;
  chainHead: string;
}

/** Writes the dossier at `out` (a `.zip` file, else a folder that must be new or empty). */
export async function exportDossier(input: DossierExport, out: string): Promise<DossierSummary> {
  const exportedAt = input.exportedAt ?? new Date().toISOString();
  const sink = out.toLowerCase().endsWith('.zip') ? await zipSink(out, new Date(exportedAt)) : await folderSink(out);
  try {
    const { rows, evidence } = dossierContent(input.histories, input.refusals, input.lang);
    const listed = new ListedSink(sink);
    await writeHistories(listed, input.histories);
    await listed.add(DOSSIER_PATH.plan, text(JSON.stringify(input.plan, null, 2)));
    if (input.status !== undefined) await listed.add(DOSSIER_PATH.status, text(JSON.stringify(input.status, null, 2)));
    if (input.links !== undefined) await listed.add(DOSSIER_PATH.links, text(JSON.stringify(input.links, null, 2)));
    await listed.add(DOSSIER_PATH.refusals, text(JSON.stringify(input.refusals, null, 2)));
    await listed.add(DOSSIER_PATH.rowsJson, text(input.render(rows, 'json', input.lang)));
    await listed.add(DOSSIER_PATH.rowsCsv, text(input.render(rows, 'csv', input.lang)));
    await listed.add(DOSSIER_PATH.rowsMd, text(input.render(rows, 'md', input.lang)));
    if (input.evidence) await writeEvidence(listed, evidence, input.evidence);

    const files = chainEntries(listed.entries);
    const manifest: Manifest = {
      format: DOSSIER_FORMAT,
      conferenceId: input.conferenceId,
      exportedAt,
      lang: input.lang,
      publicKey: input.key.publicKey,
      evidence: evidence.map((f) => ({ ...f, included: input.evidence !== null })),
      files,
      chainHead: files.at(-1)?.chain ?? '',
    };
    await writeSigned(sink, manifest, input.key);
    await sink.finish();
    return {
      out,
      kind: sink.kind,
      files: files.length + 2,
      histories: input.histories.length,
      rows: rows.length,
      evidence: evidence.length,
      evidenceIncluded: input.evidence ? evidence.length : 0,
      bytes: sink.bytes(),
      publicKey: input.key.publicKey,
      fingerprint: keyFingerprint(input.key.publicKey),
      chainHead: manifest.chainHead,
    };
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

/** A text file's bytes, ending in a newline. */
function text(s: string): Buffer {
  return Buffer.from(s.endsWith('\n') ? s : `${s}\n`, 'utf8');
}

/** A sink that lists what it is given, in order, for the manifest. */
class ListedSink {
  readonly entries: Omit<ManifestEntry, 'chain'>[] = [];
  constructor(private readonly sink: Sink) {}

  async add(
    path: string,
    data: Buffer | Readable,
    workflowId?: string,
    compress = true,
  ): Promise<{ sha256: string; size: number }> {
    const { sha256, size } = await this.sink.add(path, data, compress);
    this.entries.push({ path, sha256, size, ...(workflowId ? { workflowId } : {}) });
    return { sha256, size };
  }
}

/** Each workflow's history under its own file name; two workflows that would share one are refused. */
async function writeHistories(listed: ListedSink, histories: DossierExport['histories']): Promise<void> {
  const seen = new Set<string>();
  for (const h of histories) {
    const path = historyPath(h.workflowId);
    if (seen.has(path))
      throw new DossierError(path, 'hai quy trình trùng tên tệp lịch sử', 'two workflows share a history file name');
    seen.add(path);
    await listed.add(path, text(historyText(h.history)), h.workflowId);
  }
}

/** The evidence files, each read from the store and checked against the hash history records. */
async function writeEvidence(
  listed: ListedSink,
  evidence: ReturnType<typeof dossierContent>['evidence'],
  reader: EvidenceReader,
): Promise<void> {
  for (const f of evidence) {
    const path = evidencePath(f.sha256);
    // Media files are compressed already: stored as they are, read back at disk speed.
    const got = await (async () => listed.add(path, await reader(f.sha256), undefined, false))().catch(
      (err: unknown) => {
        throw new DossierError(
          path,
          `không đọc được tệp minh chứng "${f.name}" từ kho (${firstLine(err)})`,
          `cannot read evidence file "${f.name}" from the store (${firstLine(err)})`,
          { cause: err },
        );
      },
    );
    if (got.sha256 !== f.sha256 || got.size !== f.size)
      throw new DossierError(
        path,
        `nội dung tệp minh chứng "${f.name}" không khớp mã băm ghi trong lịch sử (đọc được ${got.size} byte, SHA-256 ${got.sha256})`,
        `the content of evidence file "${f.name}" does not match the hash recorded in history (read ${got.size} bytes, SHA-256 ${got.sha256})`,
      );
  }
}

/** The manifest and its signature, last: they are not listed in the manifest. */
async function writeSigned(sink: Sink, manifest: Manifest, key: DossierExport['key']): Promise<void> {
  const body = manifestText(manifest);
  const signature: SignatureFile = {
    algorithm: 'Ed25519',
    publicKey: key.publicKey,
    signature: signText(body, key.secretKey),
  };
  await sink.add(DOSSIER_PATH.manifest, Buffer.from(body, 'utf8'), true);
  await sink.add(DOSSIER_PATH.signature, text(JSON.stringify(signature, null, 2)), true);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

// ---- where the files go ----

interface Sink {
  kind: 'zip' | 'folder';
  add(path: string, data: Buffer | Readable, compress: boolean): Promise<{ sha256: string; size: number }>;
  finish(): Promise<void>;
  abort(): Promise<void>;
  /** Bytes of content written (before compression). */
  bytes(): number;
}

/** A pass-through that hashes what flows through it. */
function hashing(): { stream: Transform; result(): { sha256: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  return { stream, result: () => ({ sha256: (digest ??= hash.digest('hex')), size }) };
}

function bufferHash(data: Buffer): { sha256: string; size: number } {
  return { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

async function folderSink(dir: string): Promise<Sink> {
  let existing: string[] = [];
  try {
    existing = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR')
      throw new DossierError(
        'out',
        `"${dir}" là một tệp: hãy chọn thư mục mới, hoặc tên tệp kết thúc bằng .zip`,
        `"${dir}" is a file: choose a new folder, or a file name ending in .zip`,
      );
    if (code !== 'ENOENT') throw err;
  }
  if (existing.length > 0)
    throw new DossierError(
      'out',
      `thư mục "${dir}" đã có tệp; hãy chọn thư mục mới hoặc trống`,
      `the folder "${dir}" is not empty; choose a new or empty folder`,
    );
  let total = 0;
  return {
    kind: 'folder',
    async add(path, data, _compress) {
      const target = join(dir, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      if (Buffer.isBuffer(data)) {
        await writeFile(target, data, { flag: 'wx' });
        total += data.length;
        return bufferHash(data);
      }
      const h = hashing();
      await pipeline(data, h.stream, createWriteStream(target, { flags: 'wx' }));
      total += h.result().size;
      return h.result();
    },
    async finish() {},
    async abort() {},
    bytes: () => total,
  };
}

async function zipSink(file: string, mtime: Date): Promise<Sink> {
  const part = `${file}.part`;
  if (await exists(file))
    throw new DossierError(
      'out',
      `tệp "${file}" đã có; hãy chọn tên khác (hồ sơ không ghi đè)`,
      `the file "${file}" exists; choose another name (a dossier never overwrites)`,
    );
  await mkdir(dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  const output = createWriteStream(part, { flags: 'w' });
  let failure: Error | undefined;
  zip.on('error', (err: unknown) => {
    failure = err instanceof Error ? err : new Error(String(err));
    output.destroy(failure);
  });
  const check = (): void => {
    if (failure) throw failure;
  };
  const written = pipeline(zip.outputStream, output);
  written.catch(() => undefined); // awaited in finish(); abort() ignores it
  let total = 0;
  return {
    kind: 'zip',
    async add(path, data, compress) {
      check();
      if (Buffer.isBuffer(data)) {
        zip.addBuffer(data, path, { mtime, compress });
        total += data.length;
        return bufferHash(data);
      }
      const h = hashing();
      zip.addReadStream(h.stream, path, { mtime, compress });
      // yazl reads its entries one after the other, so this ends once the file is in the zip.
      await Promise.race([pipeline(data, h.stream), written.then(() => undefined)]);
      check();
      total += h.result().size;
      return h.result();
    },
    async finish() {
      zip.end();
      await written;
      check();
      await rename(part, file);
    },
    async abort() {
      output.destroy();
      await written.catch(() => undefined);
      await rm(part, { force: true });
    },
    bytes: () => total,
  };
}

// ---- histories as the official CLI exports them ----

/**
 * History → proto JSON, the norm of `temporal workflow show --output json`. When npm installed
 * two copies of protobufjs, the SDK's converter fails ("type must be a Type"): then the copy that
 * @temporalio/proto's own types come from converts it (as audit/read does the other way).
 */
/**
 * The history as `temporal workflow show --output json` writes it, its maps (payload metadata,
 * search attributes, memo and header fields) with their keys sorted: the server sends a map's
 * entries in no fixed order, and a dossier written twice from the same history, or again from an
 * archive, must come out byte for byte the same.
 */
function historyText(history: History): string {
  return JSON.stringify(JSON.parse(historyJson(history)), sortMapKeys, 2);
}

const MAP_FIELDS = new Set(['metadata', 'indexedFields', 'fields']);

function sortMapKeys(this: unknown, key: string, value: unknown): unknown {
  if (!MAP_FIELDS.has(key) || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

function historyJson(history: History): string {
  try {
    return historyToJSON(history);
  } catch (err) {
    if (!(err instanceof TypeError) || !/must be a Type/.test(err.message)) throw err;
  }
  const protoRequire = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const protojson = protoRequire('protobufjs/ext/protojson') as { toJson(type: unknown, value: unknown): unknown };
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return JSON.stringify(protojson.toJson(root.lookupType('temporal.api.history.v1.History'), message), null, 2);
}
