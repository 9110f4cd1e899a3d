/**
 * The evidence store, the same tests for both backends: the data folder and an S3-compatible
 * server (rclone `serve s3`, started here). What a unit would meet: the file comes back as stored,
 * a changed byte is reported and not served, the media type comes from the content, a file over
 * its limit is refused and leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EvidenceMismatchError,
  EvidenceNotFoundError,
  EvidenceTooLargeError,
  EvidenceTypeError,
  openEvidenceStore,
  type EvidenceStore,
} from '../../client/evidence-store';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';

/** The start of a JPEG (SOI, APP0 JFIF): what file-type reads a photo by. */
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');

/** `size` bytes starting with `head`, made as a stream of 64 KiB chunks (never one big buffer). */
function generated(head: Buffer, size: number, seed = 7): { stream: () => Readable; sha256: string } {
  const chunks = function* (): Generator<Buffer> {
    let left = size;
    let n = seed;
    let first = true;
    while (left > 0) {
      const chunk = Buffer.alloc(Math.min(65536, left));
      for (let i = 0; i < chunk.length; i += 1) chunk[i] = (n = (n * 1103515245 + 12345) >>> 0) >>> 24;
      if (first) head.copy(chunk, 0, 0, Math.min(head.length, chunk.length));
      first = false;
      left -= chunk.length;
      yield chunk;
    }
  };
  const hash = createHash('sha256');
  for (const c of chunks()) hash.update(c);
  return { stream: () => Readable.from(chunks()), sha256: hash.digest('hex') };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Changes the middle byte, as a disk error or a tamperer would. */
function flipByte(bytes: Buffer): void {
  const at = bytes.length >> 1;
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

interface Backend {
  store: EvidenceStore;
  /** Changes one byte of the stored file, where it is kept. */
  tamper(sha256: string): Promise<void>;
  /** Everything kept, stored files and leftovers alike. */
  kept(): Promise<string[]>;
  close(): Promise<void>;
}

function folderBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'kehoach-evidence-'));
  const store = openEvidenceStore({ KEHOACH_DATA_DIR: dir });
  const root = join(dir, 'evidence');
  return Promise.resolve({
    store,
    tamper(sha256) {
      const path = join(root, sha256.slice(0, 2), sha256);
      const bytes = readFileSync(path);
      flipByte(bytes);
      writeFileSync(path, bytes);
      return Promise.resolve();
    },
    kept: () =>
      Promise.resolve(
        readdirSync(root, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name),
      ),
    close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
}

async function s3Backend(): Promise<Backend> {
  const server: S3TestServer = await startS3Server();
  const dir = mkdtempSync(join(tmpdir(), 'kehoach-evidence-'));
  const store = openEvidenceStore({ KEHOACH_DATA_DIR: dir, ...server.env });
  const client = new S3Client({
    endpoint: server.env.KEHOACH_EVIDENCE_S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: server.env.KEHOACH_EVIDENCE_S3_ACCESS_KEY_ID,
      secretAccessKey: server.env.KEHOACH_EVIDENCE_S3_SECRET_ACCESS_KEY,
    },
  });
  const Bucket = server.bucket;
  return {
    store,
    async tamper(sha256) {
      // Through the S3 API, as someone with write access to the bucket would.
      const key = `evidence/${sha256.slice(0, 2)}/${sha256}`;
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const got = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      flipByte(bytes);
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes }));
    },
    async kept() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket }));
      return (listed.Contents ?? []).map((o) => o.Key ?? '');
    },
    async close() {
      client.destroy();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['folder', folderBackend],
  ['S3-compatible (rclone serve s3)', s3Backend],
])('evidence store: %s', (_name, make) => {
  let b: Backend;
  beforeAll(async () => {
    b = await make();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('stores a 20 MiB report streamed in, under its SHA-256, and gives the same bytes back', async () => {
    const file = generated(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 20 * 1024 * 1024);
    const stored = await b.store.put(file.stream(), { name: 'Báo cáo tổng kết.pdf', maxBytes: 64 * 1024 * 1024 });
    expect(stored).toEqual({
      sha256: file.sha256,
      size: 20 * 1024 * 1024,
      name: 'Báo cáo tổng kết.pdf',
      mediaType: 'application/pdf',
    });
    expect(await b.store.has(file.sha256)).toBe(true);
    expect(sha(await bytesOf(b.store.get(file.sha256)))).toBe(file.sha256);
    const opened = await b.store.open(file.sha256);
    expect(opened.size).toBe(20 * 1024 * 1024);
    expect(sha(await bytesOf(opened.stream))).toBe(file.sha256);
  });

  it('keeps one copy of the same bytes sent twice under two names', async () => {
    const body = 'Danh sách đại biểu: 12 người\n';
    const first = await b.store.put(Readable.from([Buffer.from(body)]), { name: 'danh-sach.txt' });
    const before = (await b.kept()).length;
    const second = await b.store.put(Readable.from([Buffer.from(body)]), { name: 'ban-sao.txt' });
    expect(second.sha256).toBe(first.sha256);
    expect(second.name).toBe('ban-sao.txt');
    expect((await b.kept()).length).toBe(before);
  });

  it('reports a changed byte and serves none of the changed file', async () => {
    const file = generated(JPEG, 300_000, 11);
    const stored = await b.store.put(file.stream(), { name: 'anh-hoi-truong.jpg' });
    expect(stored.mediaType).toBe('image/jpeg');
    await b.tamper(stored.sha256);

    await expect(b.store.open(stored.sha256)).rejects.toBeInstanceOf(EvidenceMismatchError);
    const stream = b.store.get(stored.sha256);
    let served = 0;
    stream.on('data', (c: Buffer) => (served += c.length));
    const err = await new Promise<unknown>((resolve) => stream.once('error', resolve));
    expect(err).toBeInstanceOf(EvidenceMismatchError);
    expect((err as EvidenceMismatchError).expected).toBe(stored.sha256);
    expect(served).toBe(0);
  });

  it('answers has() false and a not-found error for a hash it does not keep', async () => {
    const absent = sha('never stored');
    expect(await b.store.has(absent)).toBe(false);
    await expect(b.store.open(absent)).rejects.toBeInstanceOf(EvidenceNotFoundError);
  });

  it('reads the media type from the content: text, a video, unknown bytes', async () => {
    const text = await b.store.put(Readable.from([Buffer.from('Biên bản họp ngày 20 tháng 3 năm 2023\n')]), {
      name: 'bien-ban.txt',
    });
    expect(text.mediaType).toBe('text/plain');
    const mp4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
    const video = await b.store.put(generated(mp4, 100_000, 3).stream(), { name: 'video-muong-cha.mp4' });
    expect(video.mediaType).toBe('video/mp4');
    const unknown = await b.store.put(Readable.from([Buffer.from([0, 1, 2, 3, 250, 251, 0, 9])]), { name: 'du-lieu' });
    expect(unknown.mediaType).toBe('application/octet-stream');
  });

  it('refuses a name whose extension says another type than the content, and keeps nothing', async () => {
    const before = await b.kept();
    const file = generated(JPEG, 50_000, 5);
    const err = await b.store.put(file.stream(), { name: 'bao-cao.pdf', field: 'reportFile' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceTypeError);
    expect((err as EvidenceTypeError).field).toBe('reportFile');
    expect((err as EvidenceTypeError).message).toContain('.pdf');
    expect((err as EvidenceTypeError).message).toContain('image/jpeg');
    expect(await b.store.has(file.sha256)).toBe(false);
    expect(await b.kept()).toEqual(before);
  });

  it('refuses a file over its limit, naming the field, and keeps nothing', async () => {
    const before = await b.kept();
    const file = generated(Buffer.from('%PDF-1.4\n'), 3 * 1024 * 1024, 9);
    const err = await b.store
      .put(file.stream(), { name: 'video.pdf', maxBytes: 1024 * 1024, field: 'videoFile' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvidenceTooLargeError);
    expect((err as EvidenceTooLargeError).field).toBe('videoFile');
    expect((err as EvidenceTooLargeError).limit).toBe(1024 * 1024);
    expect(await b.store.has(file.sha256)).toBe(false);
    expect(await b.kept()).toEqual(before);
  });
  it('drops a file whose upload breaks off half-way, and keeps nothing', async () => {
    const before = await b.kept();
    const torn = new Readable({ read() {} });
    torn.push(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200_000, 1)]));
    setImmediate(() => torn.destroy(new Error('the client went away')));
    await expect(b.store.put(torn, { name: 'bao-cao.pdf' })).rejects.toThrow('the client went away');
    expect(await b.kept()).toEqual(before);
  });
});
