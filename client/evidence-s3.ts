/**
 * The evidence store's S3-compatible backend (any server that speaks the S3 API: AWS, Ceph RGW,
 * Garage, SeaweedFS, rclone's `serve s3` in the tests). A new file is uploaded in parts as it
 * arrives (lib-storage's `Upload`, a few parts in memory at once) under a temporary key, then
 * copied under its hash once the hash is known; a file read back is first copied to a local
 * temporary file and hashed, so changed bytes are caught before any is served.
 *
 * Settings: KEHOACH_EVIDENCE_S3_ENDPOINT (e.g. http://127.0.0.1:9000), KEHOACH_EVIDENCE_S3_BUCKET,
 * KEHOACH_EVIDENCE_S3_ACCESS_KEY_ID + KEHOACH_EVIDENCE_S3_SECRET_ACCESS_KEY (else the AWS SDK's
 * usual sources), KEHOACH_EVIDENCE_S3_REGION (default us-east-1), KEHOACH_EVIDENCE_S3_PREFIX
 * (default `evidence/`), KEHOACH_EVIDENCE_S3_PATH_STYLE (default true: most self-hosted servers
 * want path-style addresses).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { EvidenceBackend } from './evidence-backend';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  prefix: string;
  pathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The S3 settings in the environment, or undefined when no endpoint is set (the folder store).
 * `name` is the variables' prefix: the evidence store's (KEHOACH_EVIDENCE_S3) or the archive's
 * (KEHOACH_ARCHIVE_S3, client/archive-store.ts), each with its own default key prefix.
 */
export function s3SettingsFrom(
  env: NodeJS.ProcessEnv,
  name = 'KEHOACH_EVIDENCE_S3',
  defaultPrefix = 'evidence/',
): S3Settings | undefined {
  const endpoint = env[`${name}_ENDPOINT`];
  if (!endpoint) return undefined;
  const bucket = env[`${name}_BUCKET`];
  if (!bucket) {
    throw new Error(`${name}_ENDPOINT is set but ${name}_BUCKET is not: name the bucket`);
  }
  const accessKeyId = env[`${name}_ACCESS_KEY_ID`];
  const secretAccessKey = env[`${name}_SECRET_ACCESS_KEY`];
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error(`${name}_ACCESS_KEY_ID and ${name}_SECRET_ACCESS_KEY go together: set both or neither`);
  }
  const prefix = env[`${name}_PREFIX`] ?? defaultPrefix;
  return {
    endpoint,
    bucket,
    region: env[`${name}_REGION`] || 'us-east-1',
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    pathStyle: env[`${name}_PATH_STYLE`] !== 'false',
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  };
}

/** A client for the server these settings name. */
export function s3ClientFor(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.pathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
}

/** Parts of 8 MiB, two in flight: ~16 MiB of memory per upload whatever the file's size. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

export function openS3Backend(settings: S3Settings, spoolDir: string): EvidenceBackend {
  const client = s3ClientFor(settings);
  const Bucket = settings.bucket;
  const keyOf = (sha256: string): string => `${settings.prefix}${sha256.slice(0, 2)}/${sha256}`;

  return {
    kind: 's3',
    location: `s3://${Bucket}/${settings.prefix} at ${settings.endpoint}`,

    begin() {
      const tmpKey = `${settings.prefix}tmp/${randomUUID()}`;
      let written = false;
      return Promise.resolve({
        async write(stream: Readable) {
          const upload = new Upload({
            client,
            params: { Bucket, Key: tmpKey, Body: stream },
            partSize: PART_BYTES,
            queueSize: PARTS_IN_FLIGHT,
            leavePartsOnError: false,
          });
          // An error of the source (the limit, a broken upload) must end the upload too.
          const failed = new Promise<never>((_, reject) => stream.once('error', reject));
          failed.catch(() => undefined);
          try {
            await Promise.race([upload.done(), failed]);
          } catch (err) {
            await upload.abort().catch(() => undefined);
            throw err;
          }
          written = true;
        },
        async commit(sha256: string) {
          const Key = keyOf(sha256);
          if (!(await exists(client, Bucket, Key))) {
            await client.send(new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURI(tmpKey)}` }));
          }
          await client.send(new DeleteObjectCommand({ Bucket, Key: tmpKey }));
        },
        async abort() {
          if (written) await client.send(new DeleteObjectCommand({ Bucket, Key: tmpKey })).catch(() => undefined);
        },
      });
    },

    exists: (sha256) => exists(client, Bucket, keyOf(sha256)),

    async fetch(sha256) {
      const path = await downloadObject(client, Bucket, keyOf(sha256), join(spoolDir, `${randomUUID()}.get`));
      if (!path) return undefined;
      const { size } = await stat(path);
      return {
        size,
        read: () => createReadStream(path),
        release: () => rm(path, { force: true }),
      };
    },
  };
}

/** Copies an object into a new local file at `path` (its folder made if need be); undefined when there is no such object. */
export async function downloadObject(
  client: S3Client,
  Bucket: string,
  Key: string,
  path: string,
): Promise<string | undefined> {
  let body: Readable;
  try {
    const got = await client.send(new GetObjectCommand({ Bucket, Key }));
    body = got.Body as Readable;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    await pipeline(body, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return path;
}

export async function exists(client: S3Client, Bucket: string, Key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket, Key }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export function isNotFound(err: unknown): boolean {
  return (
    err instanceof S3ServiceException &&
    (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)
  );
}
