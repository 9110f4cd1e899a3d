/**
 * One real Temporal dev server for all integration suites (in memory, headless, a free port),
 * with Kehoach's search attributes, and the workflow bundle built once for every test worker.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startLocalEngine } from '../engine/local';
import { bundleKehoachWorkflows } from '../worker/create-worker';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.KEHOACH_TEST_TEMPORAL_ADDRESS;
  // No worker here: each suite runs its own on a task queue of its own (test/helpers/temporal.ts).
  const engine = await startLocalEngine({ ...(external ? { address: external } : {}), worker: false });

  const code = await bundleKehoachWorkflows(quietLogger);
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'kehoach-bundle-')), 'workflows.js');
  writeFileSync(bundlePath, code);

  project.provide('temporalAddress', engine.settings.address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await engine.stop();
  };
}

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
