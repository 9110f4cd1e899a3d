/**
 * `kehoach <action> --file PATH` and `--file FIELD=PATH`, run as a user would against a real
 * Temporal dev server: the files go into the data folder's evidence store, the action records
 * them (and a file field's hash); a file over its field's limit or a path that is not there is
 * refused naming the field, and nothing is recorded.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceStatus, startConference } from '../../client/conference';
import { openEvidenceStore } from '../../client/evidence-store';
import { PlanSchema, type PlanInput } from '../../domain/plan/schema';
import { runKehoach, type Run } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, type TestEnv } from '../helpers/temporal';

const VIDEO_LIMIT = 1024 * 1024;
let env: TestEnv;
let dataDir: string;
let id: string;

function planWithVideo() {
  const input = structuredClone(miniPlan('http://127.0.0.1:9/unused')) as PlanInput;
  const task = input.responsibilities[0]?.tasks.find((t) => t.id === 'report-a');
  if (task?.kind !== 'submission') throw new Error('mini plan changed: report-a is no submission');
  task.fields = [
    { name: 'reportUrl', label: 'Đường dẫn báo cáo', type: 'url' },
    { name: 'videoFile', label: 'Video khoảng 5 phút', type: 'file', maxBytes: VIDEO_LIMIT },
  ];
  return PlanSchema.parse(input);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const kehoach = (...args: string[]): Promise<Run> => runKehoach(args, { taskQueue: env.taskQueue, dataDir });
const unitA = ['--as', 'a', '--by', 'Giàng A Páo'];

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  dataDir = mkdtempSync(join(tmpdir(), 'kehoach-cli-evidence-'));
  id = env.conferenceId('cli-evidence');
  await startConference(env.client, {
    conferenceId: id,
    plan: planWithVideo(),
    clock: rehearsal(3_600_000),
    date: '2023-03-25',
    taskQueue: env.taskQueue,
  });
});

afterAll(async () => {
  await env?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kehoach --file', () => {
  it('refuses a file over its field limit and a missing file, naming them, and records nothing', async () => {
    const big = join(dataDir, 'video-dai.mp4');
    const bytes = Buffer.alloc(VIDEO_LIMIT + 1, 1);
    Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex').copy(bytes);
    writeFileSync(big, bytes);
    const [tooBig, missing] = await Promise.all([
      kehoach(
        'submit',
        id,
        'report-a',
        ...unitA,
        '--field',
        'reportUrl=https://a.example/r',
        '--file',
        `videoFile=${big}`,
        '--lang',
        'en',
      ),
      kehoach('submit', id, 'report-a', ...unitA, '--file', join(dataDir, 'khong-co.pdf'), '--lang', 'en'),
    ]);
    expect(tooBig.code, tooBig.stderr).toBe(2);
    expect(tooBig.stderr).toMatch(/^fields\.videoFile: .*too large/m);
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stderr).toMatch(/^file: cannot read the file/m);
    expect(tooBig.stderr + missing.stderr).not.toMatch(/\n\s+at /);
    const task = (await conferenceStatus(env.client, id)).responsibilities
      .flatMap((r) => r.tasks)
      .find((t) => t.id === 'report-a');
    expect(task?.history).toEqual([]);
    expect(await openEvidenceStore({ KEHOACH_DATA_DIR: dataDir }).has(sha(bytes))).toBe(false);
  });

  it('stores the files and records them with the action, the field holding the video hash', async () => {
    const video = Buffer.alloc(200_000, 3);
    Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex').copy(video);
    const report = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
    writeFileSync(join(dataDir, 'video.mp4'), video);
    writeFileSync(join(dataDir, 'Báo cáo.pdf'), report);
    const r = await kehoach(
      'submit',
      id,
      'report-a',
      ...unitA,
      '--field',
      'reportUrl=https://a.example/r',
      '--file',
      `videoFile=${join(dataDir, 'video.mp4')}`,
      '--file',
      join(dataDir, 'Báo cáo.pdf'),
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const task = (await conferenceStatus(env.client, id)).responsibilities
      .flatMap((x) => x.tasks)
      .find((t) => t.id === 'report-a');
    const record = task?.history.at(-1);
    expect(record?.files).toEqual([
      { sha256: sha(video), size: video.length, name: 'video.mp4', mediaType: 'video/mp4' },
      { sha256: sha(report), size: report.length, name: 'Báo cáo.pdf', mediaType: 'application/pdf' },
    ]);
    expect(record?.fields?.videoFile).toBe(sha(video));
    const store = openEvidenceStore({ KEHOACH_DATA_DIR: dataDir });
    expect(await store.has(sha(video))).toBe(true);
    expect(await store.has(sha(report))).toBe(true);
  });
});
