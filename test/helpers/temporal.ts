/**
 * Test harness for integration suites: a client on the shared dev server, a fresh task queue,
 * and Kehoach workers that can be started and stopped (to show nothing is lost in between).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, Runtime, type NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Activities, ConferenceArchiver } from '../../activities/types';
import { connectClient, connectWorker, temporalSettings } from '../../client/connection';
import { runWorker, type RunningWorker } from '../../engine/local';
import { openArchiver } from '../../present/record';
import { createKehoachWorker } from '../../worker/create-worker';
import type { SealCodec } from '../../client/seal-codec';
import { testSigningKeyFile } from './cli';

export type { RunningWorker };

export interface TestEnv {
  client: Client;
  taskQueue: string;
  /** A unique conference id for this test. */
  conferenceId(prefix?: string): string;
  /** A worker on the env's task queue; `archiver` writes closed conferences' archives (none: they wait). */
  startWorker(
    activities?: Partial<Activities>,
    /** `workflowBundlePath`: another bundle than the suite's (the next release's calendar, …). */
    opts?: { archiver?: ConferenceArchiver; workflowBundlePath?: string; codec?: SealCodec },
  ): Promise<RunningWorker>;
  close(): Promise<void>;
}

/**
 * Worker state changes and workflow logs would drown the test report: warnings from our code
 * still show, and only errors from the SDK's core (the replay negative control makes it warn).
 */
let runtimeInstalled = false;
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
}

export async function createTestEnv(): Promise<TestEnv> {
  installQuietRuntime();
  const settings = temporalSettings({ address: inject('temporalAddress'), namespace: 'default' });
  const client = await connectClient(settings);
  const taskQueue = `test-${randomUUID()}`;
  let connection: NativeConnection | undefined;
  const workers: RunningWorker[] = [];
  let archiver: ConferenceArchiver | undefined;
  const archiveDir = mkdtempSync(join(tmpdir(), 'kehoach-test-archive-'));
  const defaultArchiver = (): ConferenceArchiver =>
    openArchiver(
      {
        ...process.env,
        KEHOACH_DATA_DIR: archiveDir,
        KEHOACH_SIGNING_KEY: '',
        KEHOACH_SIGNING_KEY_FILE: testSigningKeyFile(),
      },
      { evidenceFiles: false },
    );
  return {
    client,
    taskQueue,
    conferenceId: (prefix = 'test') => `${prefix}-${randomUUID().slice(0, 8)}`,
    async startWorker(activities, opts) {
      connection ??= await connectWorker(settings);
      const worker = await createKehoachWorker({
        connection,
        namespace: settings.namespace,
        taskQueue,
        workflowBundlePath: opts?.workflowBundlePath ?? inject('workflowBundlePath'),
        ...(activities ? { activities } : {}),
        ...(opts?.codec ? { codec: opts.codec } : {}),
        // Every test worker archives the conferences it closes (into a folder of this env), as a
        // deployment's does; a test that reads archives gives its own.
        archiver: opts?.archiver ?? (archiver ??= defaultArchiver()),
      });
      const handle = runWorker(worker);
      workers.push(handle);
      return handle;
    },
    async close() {
      for (const w of workers) await w.stop();
      await connection?.close();
      await client.connection.close();
      rmSync(archiveDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
