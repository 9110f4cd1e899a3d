/**
 * The benchmark's worker process: Kehoach's own worker (createKehoachWorker) and the baseline
 * worker, both on one NativeConnection, in a process of their own so that its RSS is the
 * workers' memory alone (the bench client, its samples and the bundler stay in the parent).
 * Talks to bench/main.ts over the IPC channel of `fork`.
 */
import { DefaultLogger, makeTelemetryFilterString, Runtime, Worker } from '@temporalio/worker';
import { getHeapStatistics } from 'node:v8';
import { connectWorker, temporalSettings } from '../client/connection';
import { createKehoachWorker } from '../worker/create-worker';

export interface WorkerProcessConfig {
  address: string;
  namespace: string;
  engineQueue: string;
  baselineQueue: string;
  engineBundle: string;
  baselineBundle: string;
}

export type ToWorker = { type: 'memory'; id: number } | { type: 'stop' };

export interface WorkerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  heapLimit: number;
  engineCached: number;
  baselineCached: number;
  maxCachedWorkflows: number;
  /** Worker log lines at WARN or above so far, by message. */
  warnings: Record<string, number>;
}

export type FromWorker =
  | { type: 'ready'; maxCachedWorkflows: number }
  | { type: 'memory'; id: number; memory: WorkerMemory }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

function send(msg: FromWorker): void {
  process.send?.(msg);
}

const warnings: Record<string, number> = {};

async function main(): Promise<void> {
  const config = JSON.parse(process.env.KEHOACH_BENCH_WORKER ?? '{}') as WorkerProcessConfig;
  // Warnings (from the SDK core too) are counted and reported with the figures, not printed
  // across the progress display; errors still print.
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      if (entry.level === 'ERROR') process.stderr.write(`worker: ${entry.message}\n`);
      // Group by message: run ids and workflow task numbers vary from line to line.
      const message = entry.message.replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:\d+:\d+)?/gi,
        '<run>',
      );
      const key = `${entry.level} ${message}`.slice(0, 120);
      warnings[key] = (warnings[key] ?? 0) + 1;
    }),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) } },
  });
  const settings = temporalSettings({ address: config.address, namespace: config.namespace });
  const connection = await connectWorker(settings);
  const engine = await createKehoachWorker({
    connection,
    namespace: config.namespace,
    taskQueue: config.engineQueue,
    workflowBundlePath: config.engineBundle,
    identity: `bench-engine@${process.pid}`,
  });
  const baseline = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.baselineQueue,
    workflowBundle: { codePath: config.baselineBundle },
    identity: `bench-baseline@${process.pid}`,
  });
  const running = Promise.all([engine.run(), baseline.run()]);
  const maxCachedWorkflows = engine.options.maxCachedWorkflows;

  process.on('message', (msg: ToWorker) => {
    if (msg.type === 'memory') {
      const m = process.memoryUsage();
      send({
        type: 'memory',
        id: msg.id,
        memory: {
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          heapLimit: getHeapStatistics().heap_size_limit,
          engineCached: engine.getStatus().numCachedWorkflows,
          baselineCached: baseline.getStatus().numCachedWorkflows,
          maxCachedWorkflows,
          warnings: { ...warnings },
        },
      });
    } else if (msg.type === 'stop') {
      for (const w of [engine, baseline]) if (w.getState() === 'RUNNING') w.shutdown();
    }
  });
  // The parent going away (Ctrl-C, crash) ends the workers too.
  process.on('disconnect', () => {
    for (const w of [engine, baseline]) if (w.getState() === 'RUNNING') w.shutdown();
  });
  send({ type: 'ready', maxCachedWorkflows });
  await running;
  await connection.close();
  send({ type: 'stopped' });
  process.disconnect?.();
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  process.disconnect?.();
});
