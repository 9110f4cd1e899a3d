/**
 * A real S3-compatible server for the evidence store's S3 backend: `rclone serve s3` over a
 * temporary folder (rclone is MIT-licensed; `scripts/provision-rclone.sh` finds it or builds it from
 * the Go module proxy into the cache outside the repo). Each top-level folder is a bucket.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../engine/dev-server';

export interface S3TestServer {
  /** The settings that make `openEvidenceStore` use this server. */
  env: {
    KEHOACH_EVIDENCE_S3_ENDPOINT: string;
    KEHOACH_EVIDENCE_S3_BUCKET: string;
    KEHOACH_EVIDENCE_S3_ACCESS_KEY_ID: string;
    KEHOACH_EVIDENCE_S3_SECRET_ACCESS_KEY: string;
  };
  /** The folder the server serves: `<root>/<bucket>/<key>`. */
  root: string;
  bucket: string;
  stop(): Promise<void>;
}

export async function startS3Server(): Promise<S3TestServer> {
  // Provisioned before the tests start (scripts/provision-test-tools.sh): never built inside a hook.
  const rclone = execFileSync('bash', [resolve('scripts/provision-rclone.sh')], {
    encoding: 'utf8',
    env: { ...process.env, KEHOACH_NO_BUILD: '1' },
  }).trim();
  const root = mkdtempSync(join(tmpdir(), 'kehoach-s3-'));
  const bucket = 'kehoach-evidence';
  mkdirSync(join(root, bucket));
  const port = await freePort();
  const accessKeyId = 'kehoach-test';
  const secretAccessKey = 'kehoach-test-secret';
  const child: ChildProcess = spawn(
    rclone,
    ['serve', 's3', root, '--addr', `127.0.0.1:${port}`, '--auth-key', `${accessKeyId},${secretAccessKey}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, child, () => log);
  return {
    env: {
      KEHOACH_EVIDENCE_S3_ENDPOINT: endpoint,
      KEHOACH_EVIDENCE_S3_BUCKET: bucket,
      KEHOACH_EVIDENCE_S3_ACCESS_KEY_ID: accessKeyId,
      KEHOACH_EVIDENCE_S3_SECRET_ACCESS_KEY: secretAccessKey,
    },
    root,
    bucket,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function waitUntilUp(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`rclone serve s3 exited (${child.exitCode}): ${log()}`);
    try {
      await fetch(endpoint);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`rclone serve s3 did not answer at ${endpoint}: ${log()}`);
}
