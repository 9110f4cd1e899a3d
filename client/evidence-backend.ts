/**
 * What an evidence store's backend does (`evidence-store.ts` holds the rest: hashes, limits,
 * media types, verified reads): keep new bytes under their hash, say whether a hash is kept, and
 * hand the kept bytes back as a local copy.
 */
import type { Readable } from 'node:stream';

/** Where the bytes live: a backend knows only how to keep, find and read them. */
export interface EvidenceBackend {
  readonly kind: 'folder' | 's3';
  readonly location: string;
  /** A place to write a new file's bytes, moved under its hash by `commit` or dropped by `abort`. */
  begin(): Promise<PendingWrite>;
  exists(sha256: string): Promise<boolean>;
  /** The stored bytes, as a local file opened for reading (the S3 backend copies the object first); undefined when absent. */
  fetch(sha256: string): Promise<LocalCopy | undefined>;
}

export interface PendingWrite {
  /** Consumes the stream into the pending place; resolves when all is written. */
  write(stream: Readable): Promise<void>;
  commit(sha256: string): Promise<void>;
  abort(): Promise<void>;
}

export interface LocalCopy {
  /** Reads the bytes from the start (may be called twice: to verify, then to serve). */
  read(): Readable;
  size: number;
  /** Frees the copy (closes the file, removes a temporary download). */
  release(): Promise<void>;
}
