/**
 * The archive store's two backends, as the archiving and the readers use them: a folder under the
 * data folder, and an S3-compatible bucket (rclone serve s3). A file is kept under its name and
 * read back byte for byte; listing shows kept archives only; a name never kept is absent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchiveStore, type ArchiveStore } from '../../client/archive-store';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';

let s3: S3TestServer;
const dir = mkdtempSync(join(tmpdir(), 'kehoach-archive-store-'));
const zip = join(dir, 'one.zip');
writeFileSync(zip, Buffer.from('PK\u0003\u0004 hồ sơ lưu trữ của hội nghị', 'utf8'));

beforeAll(async () => {
  s3 = await startS3Server();
});

afterAll(async () => {
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stores: [string, () => ArchiveStore][] = [
  ['a folder under the data folder', () => openArchiveStore({ KEHOACH_DATA_DIR: join(dir, 'data') })],
  [
    'an S3-compatible bucket',
    () =>
      openArchiveStore({
        KEHOACH_DATA_DIR: join(dir, 'data-s3'),
        KEHOACH_ARCHIVE_S3_ENDPOINT: s3.env.KEHOACH_EVIDENCE_S3_ENDPOINT,
        KEHOACH_ARCHIVE_S3_BUCKET: s3.bucket,
        KEHOACH_ARCHIVE_S3_ACCESS_KEY_ID: s3.env.KEHOACH_EVIDENCE_S3_ACCESS_KEY_ID,
        KEHOACH_ARCHIVE_S3_SECRET_ACCESS_KEY: s3.env.KEHOACH_EVIDENCE_S3_SECRET_ACCESS_KEY,
      }),
  ],
];

describe.each(stores)('the archive store: %s', (_name, open) => {
  it('keeps a file under its name, reads it back whole, lists it, and knows no other', async () => {
    const store = open();
    expect(await store.get('conferences/chua-co.zip')).toBeUndefined();
    await store.put('conferences/hoi-nghi-2022.zip', zip);
    // Kept twice (a retry): still one file.
    await store.put('conferences/hoi-nghi-2022.zip', zip);
    const got = await store.get('conferences/hoi-nghi-2022.zip');
    expect(got).toBeDefined();
    expect(readFileSync(got?.path ?? '')).toEqual(readFileSync(zip));
    await got?.release();
    expect(await store.list('conferences/')).toEqual(['conferences/hoi-nghi-2022.zip']);
  });
});
