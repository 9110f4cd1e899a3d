/**
 * `npm run bench`: the engine measured against bare Temporal on the same dev server, worker
 * process and connection, interleaved over several rounds in one run. See bench/README.md.
 * This file only runs the phases in order and stops everything at the end; each phase has a
 * file of its own (rounds, history, attribution, scale, report).
 *
 *   npm run bench -- --quick                 about a minute
 *   npm run bench -- --json out.json         also write the figures as JSON
 *   npm run bench -- --rounds 7 --conferences 100,1000 --samples 300
 *   npm run bench -- --cluster --quick --peer   the seed plan on Flowable 7 beside Temporal (bench/peer.ts)
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadPlanFile, SEED_PLAN_PATH } from '../domain/plan/load';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalSettings } from '../client/connection';
import { startCluster } from '../engine/cluster';
import { clientTlsEnv, DB_PLUGIN } from '../engine/cluster-config';
import { connectEngine, startLocalEngine, type LocalEngine } from '../engine/local';
import { attribution } from './attribution';
import { measureCodec } from './codec';
import { latencyBlocks } from './blocks';
import type { BenchContext } from './context';
import { measureHistory } from './history';
import { readOptions } from './options';
import { renderPeer, runPeer } from './peer';
import { note } from './progress';
import { writeReport } from './report';
import { runRounds } from './rounds';
import { runScale } from './scale';
import {
  buildBundles,
  combineWorkers,
  machineInfo,
  startWorkerProcess,
  type MachineInfo,
  type WorkerProcess,
} from './setup';
import { mib } from './stats';
import { prepareTaskActions } from './task-actions';
import { measureUpload, uploadTarget, type UploadFigure } from './upload';
import { finishSignal, type bareTarget } from './workflows';

async function main(): Promise<void> {
  const opts = readOptions();
  const startedAt = new Date();
  const t0 = performance.now();
  const tag = randomUUID().slice(0, 6);
  note(`Kehoach bench (${opts.quick ? 'quick' : 'full'}): ${opts.rounds} rounds, scale ${opts.scale.join(', ')}`);

  const machine = await machineInfo();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error(`The seed plan does not validate: ${JSON.stringify(loaded.issues[0])}`);
  const plan = loaded.plan;

  note('Bundling workflows…');
  const bundles = await buildBundles();
  note(
    opts.cluster
      ? 'Starting the local cluster (PostgreSQL, Temporal server) and two worker processes…'
      : 'Starting the dev server (in memory) and the worker process…',
  );
  let engine: Pick<LocalEngine, 'client' | 'settings' | 'stop'> | undefined;
  let worker: WorkerProcess | undefined;
  const stopAll = async (): Promise<void> => {
    await worker?.stop().catch(() => undefined);
    await engine?.stop().catch(() => undefined);
  };
  const onSignal = (): void => {
    note('Interrupted: stopping the worker and the dev server…');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // Always a dev server of its own (whatever TEMPORAL_ADDRESS says), and no worker in this
    // process: the worker process below holds both workers, so that its RSS is theirs alone.
    let serverPid: number;
    let postgres: { address: string; temporalVersion: string } | undefined;
    if (opts.cluster) {
      const cluster = await startBenchCluster();
      engine = cluster.engine;
      serverPid = cluster.serverPid;
      machine.topology = cluster.topology;
      postgres = cluster.postgres;
    } else {
      const local = await startLocalEngine({ namespace: 'default', worker: false });
      engine = local;
      serverPid = local.server?.process.pid as number;
    }
    const { client, settings } = engine;
    const engineQueue = `bench-engine-${tag}`;
    const baselineQueue = `bench-baseline-${tag}`;
    const config = {
      address: settings.address,
      namespace: 'default',
      engineQueue,
      baselineQueue,
      engineBundle: bundles.engine,
      baselineBundle: bundles.baseline,
    };
    // On the cluster, two worker processes poll the same queues, as the cluster's two workers do.
    worker = opts.cluster
      ? combineWorkers(
          await Promise.all([
            startWorkerProcess(config, opts.workerHeapMb),
            startWorkerProcess(config, opts.workerHeapMb),
          ]),
        )
      : await startWorkerProcess(config, opts.workerHeapMb);
    const w = worker;
    const memoryAtStart = await w.memory();
    note(
      `Worker process${opts.cluster ? 'es' : ''} ${w.pid}: maxCachedWorkflows ${w.maxCachedWorkflows}, RSS ${mib(memoryAtStart.rss)} MiB`,
    );

    const target = await client.workflow.start<typeof bareTarget>('bareTarget', {
      taskQueue: baselineQueue,
      workflowId: `bench-${tag}-bare-target`,
    });
    const ctx: BenchContext = { client, plan, opts, tag, engineQueue, baselineQueue, target };
    if (opts.uploadOnly) {
      await uploadOnly(ctx, settings.address);
      return;
    }
    if (opts.peer) {
      if (!postgres) throw new Error('--peer runs on the local cluster');
      await peerOnly(ctx, machine, postgres, startedAt);
      return;
    }
    const { tasks, poolIds } = await prepareTaskActions(ctx);
    const rounds = await runRounds(ctx, latencyBlocks(ctx, tasks));
    const history = await measureHistory(ctx, rounds.completedConferences, rounds.ratios);
    note('Attribution (workflow code timed without Temporal)…');
    const costs = attribution(plan);
    note('Sealing: the codec timed on one action’s payloads, with and without it…');
    const codec = measureCodec(plan, rounds.figures.taskUpdate?.p50);
    note('Upload: a 200 MiB evidence file through the web process…');
    let upload: UploadFigure | undefined;
    let uploadError: string | undefined;
    try {
      upload = await measureUpload(ctx, settings.address);
    } catch (err) {
      uploadError = err instanceof Error ? err.message : String(err);
      note(`Upload phase failed: ${uploadError}`);
    }
    const { scale, scaleError } = await runScale(ctx, w, serverPid, poolIds, rounds.ratios);

    await target.signal(finishSignal).catch(() => undefined);
    const memoryAtEnd = await w.memory();
    await writeReport({
      opts,
      plan,
      startedAt,
      t0,
      machine,
      maxCachedWorkflows: w.maxCachedWorkflows,
      rounds,
      history,
      attribution: costs,
      scale,
      scaleError,
      upload,
      uploadError,
      codec,
      memoryAtStart,
      memoryAtEnd,
    });
  } catch (err) {
    // Said before the stop: a stop that fails too (a channel already shut) would hide it.
    const causes: string[] = [];
    for (let e: unknown = err; e instanceof Error && causes.length < 5; e = e.cause)
      causes.push(`${e.name}: ${e.message}`);
    note(`The bench failed: ${causes.length > 0 ? causes.join(' ← ') : String(err)}`);
    throw err;
  } finally {
    note(opts.cluster ? 'Stopping the workers and the cluster…' : 'Stopping the worker and the dev server…');
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * The local cluster (engine/cluster.ts) in a scratch data folder, without its own workers and
 * web (the bench's worker processes take their place), and a client on it.
 */
async function startBenchCluster(): Promise<{
  engine: Pick<LocalEngine, 'client' | 'settings' | 'stop'>;
  serverPid: number;
  topology: string;
  postgres: { address: string; temporalVersion: string };
}> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kehoach-bench-cluster-'));
  // PostgreSQL runs as its own user when the bench runs as root: it must reach the folder.
  await chmod(dataDir, 0o755);
  const cluster = await startCluster({ dataDir, workers: 0, web: false, say: note });
  try {
    const state = cluster.state();
    // Its frontend asks for a client certificate (mutual TLS): this process, and the worker and
    // web processes it starts (they inherit its environment), present the cluster's.
    if (state.temporal.tls) Object.assign(process.env, clientTlsEnv(state.temporal.tls));
    const settings = temporalSettings({ address: state.temporal.address, namespace: state.temporal.namespace });
    const connected = await connectEngine(settings, { worker: false });
    const server = state.parts.find((p) => p.key === 'temporal');
    return {
      engine: {
        client: connected.client,
        settings,
        async stop() {
          try {
            await connected.close();
          } finally {
            await cluster.stop();
            await rm(dataDir, { recursive: true, force: true });
          }
        },
      },
      serverPid: server?.pid ?? Number.NaN,
      topology: `local cluster: Temporal server ${state.temporal.version} on PostgreSQL ${state.postgres.version} (${DB_PLUGIN}), two worker processes`,
      postgres: { address: state.postgres.address, temporalVersion: state.temporal.version },
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** `--upload-only`: the upload figure and its target, on stdout and in the JSON. */
async function uploadOnly(ctx: BenchContext, address: string): Promise<void> {
  note('Upload: a 200 MiB evidence file through the web process…');
  const upload = await measureUpload(ctx, address);
  const report = {
    kind: 'upload-only',
    startedAt: new Date().toISOString(),
    upload,
    targets: { uploadRssGrowth: uploadTarget(upload) },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (ctx.opts.json) await writeFile(ctx.opts.json, `${JSON.stringify(report, null, 2)}\n`);
}

/** `--peer`: the peer phase alone; its figures on stdout and, with --json, in the JSON. */
async function peerOnly(
  ctx: BenchContext,
  machine: MachineInfo,
  postgres: { address: string; temporalVersion: string },
  startedAt: Date,
): Promise<void> {
  const peer = await runPeer(ctx, postgres.address, postgres.temporalVersion);
  const report = {
    kind: 'peer',
    startedAt: startedAt.toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    unit: 'milliseconds unless named otherwise',
    peer,
  };
  process.stdout.write(renderPeer(peer, machine));
  if (ctx.opts.json) {
    await writeFile(ctx.opts.json, `${JSON.stringify(report, null, 2)}\n`);
    note(`Wrote ${ctx.opts.json}`);
  }
}

main().catch((err: unknown) => {
  note(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
