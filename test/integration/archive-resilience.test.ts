/**
 * The archiving survives what goes wrong while it runs. A conference closes while the archive
 * store refuses every write; the archiving is retried. Then, in the middle of an attempt, its
 * worker is killed outright (SIGKILL, a process of its own); the store comes back and another
 * worker takes over once the dead one's heartbeat is missed. The conference ends with exactly one
 * archive, verified, and nothing half-written where readers look.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cancelConference, startConference } from '../../client/conference';
import { ArchiveResultSchema, archiveName } from '../../domain/archive';
import { archiveWorkflowId } from '../../domain/ids';
import { openArchiveReader, openArchiver } from '../../present/record';
import { testSigningKeyFile } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook';

let env: TestEnv;
let hooks: WebhookReceiver;
let child: ChildProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-archive-kill-'));
const settings: NodeJS.ProcessEnv = { ...process.env, KEHOACH_DATA_DIR: dataDir, KEHOACH_SIGNING_KEY: '' };

beforeAll(async () => {
  env = await createTestEnv();
  hooks = await startWebhookReceiver();
  settings.KEHOACH_SIGNING_KEY_FILE = testSigningKeyFile();
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await env?.close();
  await hooks?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the worker of its own process and waits until it polls. */
async function startChildWorker(): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('../fixtures/archive-worker.ts', import.meta.url));
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', script, inject('temporalAddress'), env.taskQueue, inject('workflowBundlePath')],
    { env: settings, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`the worker exited (${code}): ${err}`)));
  });
  return proc;
}

interface PendingArchive {
  attempt: number;
  state: string;
  failure: string;
}

async function pendingArchive(conferenceId: string): Promise<PendingArchive | undefined> {
  const d = await env.client.workflow.getHandle(archiveWorkflowId(conferenceId)).describe();
  const p = d.raw.pendingActivities?.[0];
  if (!p) return undefined;
  return {
    attempt: p.attempt ?? 0,
    state: String(p.state ?? ''),
    failure: p.lastFailure?.message ?? '',
  };
}

it('ends with one verified archive though the store refused writes and the worker was killed mid-write', async () => {
  // The store refuses writes: where its temporary files go, a file stands instead of a folder.
  mkdirSync(join(dataDir, 'archive'), { recursive: true });
  const blocker = join(dataDir, 'archive', 'tmp');
  writeFileSync(blocker, 'not a folder');
  child = await startChildWorker();

  const conferenceId = env.conferenceId('archive-kill');
  await startConference(env.client, {
    conferenceId,
    plan: miniPlan(hooks.url),
    clock: rehearsal(3_600_000),
    taskQueue: env.taskQueue,
  });
  await cancelConference(env.client, conferenceId, {
    reason: 'Hoãn hội nghị theo chỉ đạo của tỉnh',
    actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
  });

  // Refused, and retried: the failure names the store's trouble.
  const refused = await eventually(async () => {
    const p = await pendingArchive(conferenceId).catch(() => undefined);
    return p && p.attempt >= 3 ? p : undefined;
  }, 'the archiving retried after refused writes');
  expect(refused.failure).toMatch(/EEXIST|ENOTDIR|tmp/);

  // The worker is killed in the middle of an attempt (writing the dossier it cannot yet keep); then the store is back.
  await eventually(
    async () => {
      const p = await pendingArchive(conferenceId).catch(() => undefined);
      // PENDING_ACTIVITY_STATE_STARTED: a worker holds the attempt.
      return p?.state === '2' ? true : undefined;
    },
    'an attempt in progress',
    120_000,
  );
  child.kill('SIGKILL');
  await new Promise((r) => child?.once('exit', r));
  child = undefined;
  rmSync(blocker);
  // Another worker takes over once the dead one's heartbeat is missed, and writes the one archive.
  await env.startWorker(undefined, { archiver: openArchiver(settings) });
  const result = ArchiveResultSchema.parse(
    await env.client.workflow.getHandle(archiveWorkflowId(conferenceId)).result(),
  );
  expect(result.name).toBe(archiveName(conferenceId));
  expect(readdirSync(join(dataDir, 'archive', 'conferences'))).toEqual([`${conferenceId}.zip`]);
  const archived = await openArchiveReader(settings).open(conferenceId);
  expect(archived?.conferenceId).toBe(conferenceId);
  expect(archived?.status).toMatchObject({ status: 'cancelled' });
});
