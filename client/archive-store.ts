/**
 * The archive store: where a closed conference's signed dossier is kept after Temporal forgets its
 * history. The evidence store's two backends, by name instead of by hash: a folder under the data
 * folder on the embedded default (`data/archive/`, or KEHOACH_ARCHIVE_DIR), an S3-compatible
 * bucket at scale (KEHOACH_ARCHIVE_S3_ENDPOINT, _BUCKET, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY,
 * _REGION, _PREFIX default `archive/`, _PATH_STYLE; or, when only the evidence store is on S3, the
 * same bucket under `archive/`).
 *
 * A file appears whole or not at all: the folder writes a temporary file and renames it, and an
 * S3 object is visible only once its upload is complete. Readers get a local copy (a zip is read
 * by its central directory at the end, so it must be on disk).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { dataDir } from './engine-file';
import { downloadObject, s3ClientFor, s3SettingsFrom, type S3Settings } from './evidence-s3';

export interface ArchiveStore {
  readonly kind: 'folder' | 's3';
  /** For people: the folder, or `s3://bucket/prefix at endpoint`. */
  readonly location: string;
  /** Keeps the local file under `name`; readers see the whole file or none of it. */
  put(name: string, file: string): Promise<void>;
  /** A local copy of the file kept under `name`; undefined when there is none. */
  get(name: string): Promise<LocalArchive | undefined>;
  /** The names kept under `prefix`. */
  list(prefix: string): Promise<string[]>;
}

export interface LocalArchive {
  path: string;
  /** Frees the copy (removes a download; leaves a kept file alone). */
  release(): Promise<void>;
}

/** The store these settings name: S3 when an archive (or evidence) endpoint is set, else the data folder. */
export function openArchiveStore(env: NodeJS.ProcessEnv = process.env): ArchiveStore {
  const s3 = archiveS3Settings(env);
  if (s3) return s3Store(s3, join(dataDir(env), 'archive-spool'));
  return folderStore(env.KEHOACH_ARCHIVE_DIR || join(dataDir(env), 'archive'));
}

function archiveS3Settings(env: NodeJS.ProcessEnv): S3Settings | undefined {
  return (
    s3SettingsFrom(env, 'KEHOACH_ARCHIVE_S3', 'archive/') ??
    // The evidence store's server and bucket, beside the evidence: one bucket to back up.
    (env.KEHOACH_EVIDENCE_S3_ENDPOINT
      ? s3SettingsFrom({ ...env, KEHOACH_EVIDENCE_S3_PREFIX: 'archive/' }, 'KEHOACH_EVIDENCE_S3')
      : undefined)
  );
}

function folderStore(root: string): ArchiveStore {
  const tmpDir = join(root, 'tmp');
  return {
    kind: 'folder',
    location: root,
    async put(name, file) {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, `${randomUUID()}.part`);
      try {
        await copyFile(file, tmp);
        // On disk before it is named: a crash after the rename never leaves an empty archive.
        const handle = await open(tmp, 'r+');
        await handle.sync().finally(() => handle.close());
        const target = join(root, name);
        await mkdir(dirname(target), { recursive: true });
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(name) {
      const path = join(root, name);
      try {
        if (!(await stat(path)).isFile()) return undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      return { path, release: () => Promise.resolve() };
    },
    async list(prefix) {
      const dir = join(root, prefix);
      const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      return names.filter((n) => !n.endsWith('.part')).map((n) => `${prefix.replace(/\/?$/, '/')}${n}`);
    },
  };
}

function s3Store(settings: S3Settings, spoolDir: string): ArchiveStore {
  const client = s3ClientFor(settings);
  const Bucket = settings.bucket;
  const keyOf = (name: string): string => `${settings.prefix}${name}`;
  return {
    kind: 's3',
    location: `s3://${Bucket}/${settings.prefix} at ${settings.endpoint}`,
    async put(name, file) {
      // In parts, as the evidence store uploads (a single PUT of a stream is refused by servers
      // that want its length up front); the object appears only once the upload completes.
      await new Upload({
        client,
        params: { Bucket, Key: keyOf(name), Body: createReadStream(file), ContentType: 'application/zip' },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
        leavePartsOnError: false,
      }).done();
    },
    async get(name) {
      const path = await downloadObject(client, Bucket, keyOf(name), join(spoolDir, `${randomUUID()}.zip`));
      return path ? { path, release: () => rm(path, { force: true }) } : undefined;
    },
    async list(prefix) {
      const names: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: keyOf(prefix),
            ...(ContinuationToken ? { ContinuationToken } : {}),
          }),
        );
        for (const o of page.Contents ?? []) if (o.Key) names.push(o.Key.slice(settings.prefix.length));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return names;
    },
  };
}
