/**
 * One real Temporal dev server for all integration suites (in memory, headless, a free port),
 * with Kehoach's search attributes, and the workflow bundle built once for every test worker.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { connectClient, temporalSettings } from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes';
import { freePort, startDevServer } from '../scripts/lib/dev-server';
import { bundleKehoachWorkflows } from '../worker/create-worker';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.KEHOACH_TEST_TEMPORAL_ADDRESS;
  const server = external ? undefined : await startDevServer({ port: await freePort() });
  const address = external ?? (server as { address: string }).address;
  const client = await connectClient(temporalSettings({ address }));
  await ensureSearchAttributes(client);
  await client.connection.close();

  const code = await bundleKehoachWorkflows(quietLogger);
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'kehoach-bundle-')), 'workflows.js');
  writeFileSync(bundlePath, code);

  project.provide('temporalAddress', address);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await server?.stop();
  };
}

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
