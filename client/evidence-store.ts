/**
 * The evidence store: files kept by their SHA-256 (content-addressed), so what history records
 * (`{ sha256, size, name, mediaType }` on the action) proves which bytes a unit handed in.
 *
 * - Streamed: a file is hashed, counted and written as it arrives (to a temp file or an S3
 *   multipart upload), then moved under its hash; it is never held whole in memory.
 * - Its media type is read from the content (file-type), not from its name; a name whose
 *   extension says another type than the content is refused (`EvidenceTypeError`): a "report.pdf"
 *   that is an executable, or a video renamed ".pdf", would open in the wrong program for whoever
 *   downloads it. Text gets `text/plain`, anything unknown `application/octet-stream`.
 * - Read back only once verified: `open()` hashes the stored bytes before the first byte is
 *   given out and rejects with `EvidenceMismatchError` when they changed; the stream it gives
 *   checks the hash again while it flows and errors at the end if the bytes changed meanwhile.
 *
 * Backends: a folder under the data directory (`<dataDir>/evidence/<aa>/<sha256>`, the default),
 * or an S3-compatible object store when KEHOACH_EVIDENCE_S3_ENDPOINT is set (`evidence-s3.ts`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer, supportedExtensions } from 'file-type';
import { EVIDENCE_LIMITS, type EvidenceFile } from '../domain/actions';
import { dataDir } from './engine-file';
import type { EvidenceBackend } from './evidence-backend';
import { openS3Backend, s3SettingsFrom } from './evidence-s3';

export type { EvidenceFile };

/** What the caller says about a file it stores. */
export interface EvidenceMeta {
  /** The file's name as the user gave it (kept, NFC, without any folder part). */
  name: string;
  /** The file's size limit; `EVIDENCE_LIMITS.fileBytes` when not given. */
  maxBytes?: number;
  /** The plan field (or form input) it is for: named in the errors. */
  field?: string;
}

/** A stored file opened for reading after its hash was checked. */
export interface VerifiedFile {
  size: number;
  stream: Readable;
}

export interface EvidenceStore {
  /** `folder` or `s3`, and where (a path or `s3://bucket/prefix` at the endpoint): for logs and errors. */
  readonly kind: 'folder' | 's3';
  readonly location: string;
  put(stream: Readable, meta: EvidenceMeta): Promise<EvidenceFile>;
  /** The file's bytes; the stream errors (`EvidenceMismatchError`) rather than give out changed bytes. */
  get(sha256: string): Readable;
  /** Verifies the whole file, then gives a stream of it (which checks the hash again as it flows). */
  open(sha256: string): Promise<VerifiedFile>;
  has(sha256: string): Promise<boolean>;
}

/** Every error of the store: `code` for the callers' mapping, `field` when a form input is to blame. */
export class EvidenceError extends Error {
  constructor(
    readonly code: 'too-large' | 'type-mismatch' | 'hash-mismatch' | 'not-found' | 'bad-hash',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EvidenceError';
  }
}

/** The file is bigger than its limit; nothing was stored. */
export class EvidenceTooLargeError extends EvidenceError {
  constructor(
    readonly limit: number,
    field: string | undefined,
  ) {
    super('too-large', `${field ?? 'file'}: the file is larger than its limit of ${limit} bytes`, field);
    this.name = 'EvidenceTooLargeError';
  }
}

/** The name's extension says one type, the content another; nothing was stored. */
export class EvidenceTypeError extends EvidenceError {
  constructor(
    readonly declared: string,
    readonly detected: string,
    field: string | undefined,
  ) {
    super('type-mismatch', `${field ?? 'file'}: the name ends in .${declared} but the content is ${detected}`, field);
    this.name = 'EvidenceTypeError';
  }
}

/** The stored bytes no longer have the hash they are kept under: they are not served. */
export class EvidenceMismatchError extends EvidenceError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'hash-mismatch',
      `evidence ${expected}: the stored bytes hash to ${actual}; the file was changed after it was stored`,
    );
    this.name = 'EvidenceMismatchError';
  }
}

export class EvidenceNotFoundError extends EvidenceError {
  constructor(readonly sha256: string) {
    super('not-found', `evidence ${sha256}: no such file in the store`);
    this.name = 'EvidenceNotFoundError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

function checkHash(sha256: string): void {
  if (!SHA256.test(sha256)) throw new EvidenceError('bad-hash', `${sha256}: not a SHA-256 (64 lower-case hex digits)`);
}

/** The store these settings name: S3 when KEHOACH_EVIDENCE_S3_ENDPOINT is set, else the data folder. */
export function openEvidenceStore(env: NodeJS.ProcessEnv = process.env): EvidenceStore {
  const s3 = s3SettingsFrom(env);
  if (s3) return storeOver(openS3Backend(s3, join(dataDir(env), 'evidence', 'tmp')));
  return storeOver(folderBackend(env.KEHOACH_EVIDENCE_DIR || join(dataDir(env), 'evidence')));
}

// ---- the part every backend shares: hashing, limits, media types, verified reads ----

/** How much of the start of a file file-type reads (.docx is a zip: its parts come first). */
const HEAD_BYTES = 256 * 1024;

/** Hashes, counts and keeps the head of the bytes flowing through; errors past the limit. */
class Inspector extends Transform {
  readonly hash = createHash('sha256');
  /** Not `size`: lib-storage would take it for the length of the whole body. */
  bytes = 0;
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;

  constructor(
    private readonly limit: number,
    private readonly field: string | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new EvidenceTooLargeError(this.limit, this.field));
      return;
    }
    this.hash.update(chunk);
    if (this.headBytes < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headBytes);
      this.headChunks.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    done(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

/** Checks the bytes against the hash they should have as they flow; errors at the end if not. */
class Verifier extends Transform {
  private readonly hash = createHash('sha256');

  constructor(private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest('hex');
    done(actual === this.expected ? null : new EvidenceMismatchError(this.expected, actual));
  }
}

/** Extensions that name the same content as file-type's. */
const SAME_EXTENSION: Readonly<Record<string, string>> = {
  jpeg: 'jpg',
  jpe: 'jpg',
  tiff: 'tif',
  qt: 'mov',
  m4v: 'mp4',
  mpeg: 'mpg',
  htm: 'html',
};
const TEXT_EXTENSIONS = new Set(['txt', 'csv', 'md', 'json', 'tsv', 'log']);

/** The media type of the content, and a refusal when the name's extension says otherwise. */
export async function mediaTypeOf(head: Buffer, name: string, field?: string): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  const declaredRaw = extname(name).slice(1).toLowerCase();
  const declared = SAME_EXTENSION[declaredRaw] ?? declaredRaw;
  if (found) {
    const detected = SAME_EXTENSION[found.ext] ?? found.ext;
    const known = supportedExtensions.has(declaredRaw) || TEXT_EXTENSIONS.has(declared);
    if (known && declared !== detected) throw new EvidenceTypeError(declaredRaw, found.mime, field);
    return found.mime;
  }
  const text = looksLikeText(head);
  if (supportedExtensions.has(declaredRaw) && !TEXT_EXTENSIONS.has(declared)) {
    throw new EvidenceTypeError(declaredRaw, text ? 'text/plain' : 'application/octet-stream', field);
  }
  return text ? 'text/plain' : 'application/octet-stream';
}

/** UTF-8 without NUL bytes (a multi-byte letter cut at the head's end is not held against it). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

/** The name kept with the file: its last path part, NFC, no control characters, at most the limit. */
export function cleanFileName(name: string): string {
  const last = name.normalize('NFC').split(/[\\/]/).pop() ?? '';

  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean.length <= EVIDENCE_LIMITS.nameChars) return clean || 'tep';
  const ext = extname(clean).slice(0, 16);
  return clean.slice(0, EVIDENCE_LIMITS.nameChars - ext.length) + ext;
}

function storeOver(backend: EvidenceBackend): EvidenceStore {
  async function verified(sha256: string): Promise<VerifiedFile> {
    checkHash(sha256);
    const copy = await backend.fetch(sha256);
    if (copy === undefined) throw new EvidenceNotFoundError(sha256);
    try {
      const hash = createHash('sha256');
      await pipeline(copy.read(), hash);
      const actual = hash.digest('hex');
      if (actual !== sha256) throw new EvidenceMismatchError(sha256, actual);
    } catch (err) {
      await copy.release();
      throw err;
    }
    const verifier = new Verifier(sha256);
    const source = copy.read();
    const release = (): void => void copy.release();
    source.once('close', release);
    source.once('error', (err) => verifier.destroy(err));
    verifier.once('close', () => source.destroy());
    return { size: copy.size, stream: source.pipe(verifier) };
  }

  return {
    kind: backend.kind,
    location: backend.location,

    async put(stream, meta) {
      const limit = meta.maxBytes ?? EVIDENCE_LIMITS.fileBytes;
      const inspector = new Inspector(limit, meta.field);
      // Its error is read by the backend's write (or the check below), which may not listen yet.
      inspector.on('error', () => undefined);
      // `pipe` does not pass on the source's error (a torn upload): the inspector must end too.
      // A listener stays for good: a source that errors later (a request torn while its rest is
      // drained after a refusal) must find one, or it would take the process down.
      stream.on('error', (err: Error) => void inspector.destroy(err));
      const pending = await backend.begin();
      try {
        // Torn before a byte was piped: nothing would ever flow.
        throwIfTorn(stream);
        await pending.write(stream.pipe(inspector));
        // A source that errors mid-way reaches the inspector only through `pipe`'s caller: check it.
        throwIfTorn(stream);
        const name = cleanFileName(meta.name);
        const mediaType = await mediaTypeOf(inspector.head(), name, meta.field);
        const sha256 = inspector.hash.digest('hex');
        await pending.commit(sha256);
        return { sha256, size: inspector.bytes, name, mediaType };
      } catch (err) {
        stream.unpipe(inspector);
        stream.resume();
        await pending.abort();
        throw err;
      }
    },

    get(sha256) {
      const out = new PassThrough();
      verified(sha256).then(
        ({ stream }) => {
          stream.once('error', (err) => out.destroy(err));
          stream.pipe(out);
        },
        (err: unknown) => out.destroy(err as Error),
      );
      return out;
    },

    open: verified,

    async has(sha256) {
      checkHash(sha256);
      return backend.exists(sha256);
    },
  };
}

/** The error a source stream broke with, if it did. */
function throwIfTorn(stream: Readable): void {
  const err: unknown = stream.errored;
  if (err instanceof Error) throw err;
}

// ---- the folder backend ----

function folderBackend(root: string): EvidenceBackend {
  const pathOf = (sha256: string): string => join(root, sha256.slice(0, 2), sha256);
  const tmpDir = join(root, 'tmp');
  return {
    kind: 'folder',
    location: root,

    async begin() {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, `${randomUUID()}.part`);
      return {
        async write(stream) {
          await pipeline(stream, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
        },
        async commit(sha256) {
          const target = pathOf(sha256);
          await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
          // The same bytes are already kept: one copy is enough.
          if (await exists(target)) await rm(tmp, { force: true });
          else await rename(tmp, target);
        },
        async abort() {
          await rm(tmp, { force: true });
        },
      };
    },

    exists: (sha256) => exists(pathOf(sha256)),

    async fetch(sha256) {
      const path = pathOf(sha256);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      // Each read opens the file afresh; bytes changed between the check and the serving are
      // caught by the serving stream's own hash check.
      return { size, read: () => createReadStream(path), release: () => Promise.resolve() };
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** A stream of a Buffer or string, for callers that have the bytes already (tests, small files). */
export function streamOf(bytes: Buffer | string): Readable {
  return Readable.from([Buffer.from(bytes)]);
}
