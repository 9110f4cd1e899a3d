/**
 * `npm run bench`: the engine measured against bare Temporal on the same dev server, worker
 * process and connection, interleaved over several rounds in one run. See bench/README.md.
 *
 *   npm run bench -- --quick                 about a minute
 *   npm run bench -- --json out.json         also write the figures as JSON
 *   npm run bench -- --rounds 7 --conferences 100,1000 --samples 300
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { cancelConference, conferenceHandle, conferenceStatus, actOnTask } from '../client/conference';
import { connectClient, temporalSettings } from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes';
import type { TaskActionRequest } from '../domain/actions';
import { loadPlanFile, SEED_PLAN_PATH } from '../domain/plan/load';
import type { Plan, Task } from '../domain/plan/schema';
import type { TaskView } from '../domain/views';
import { freePort, startDevServer, type DevServer } from '../engine/dev-server';
import {
  driveConference,
  FULL_RUN,
  isStaleBoard,
  momentOf,
  nextAction,
  sleep,
  startBenchConference,
  taskSpecs,
  type Moment,
} from './driver';
import { attribution, type Attribution } from './attribution';
import { conferenceEvents, workflowEvents } from './history';
import { note, tick } from './progress';
import { buildBundles, machineInfo, processRss, startWorkerProcess, type WorkerProcess } from './setup';
import { median, mib, percentiles, round, type Percentiles } from './stats';
import { bareQuery, bareSignal, bareUpdate, finishSignal, type bareTarget } from './workflows';
import { conferenceStatusQuery } from '../domain/messages';

// ---------------------------------------------------------------- options

interface Options {
  quick: boolean;
  rounds: number;
  /** Samples per latency block per round. */
  samples: number;
  /** Samples per start-to-complete block per round (workflows are slower than messages). */
  startSamples: number;
  /** Seed conferences run to completion side by side in each round. */
  fullConferences: number;
  /** Open-conference counts for the scale phase, ascending. */
  scale: number[];
  json: string | undefined;
  scaleBudgetSeconds: number;
  workerHeapMb: number | undefined;
  warmup: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      rounds: { type: 'string' },
      samples: { type: 'string' },
      conferences: { type: 'string' },
      'full-conferences': { type: 'string' },
      'worker-heap-mb': { type: 'string' },
      'scale-budget': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- [--quick] [--json <file>] [--rounds N] [--samples N] [--conferences 100,1000]',
        '                 [--full-conferences K] [--worker-heap-mb MB]',
        '  --quick             about a minute: 3 rounds, small blocks, 20 open conferences',
        '  --json <file>       also write every figure, named ratios included, as JSON',
        '  --rounds N          interleaved rounds (default 5; quick 3)',
        '  --samples N         samples per latency block per round (default 200; quick 25)',
        '  --conferences list  open seed conferences for the scale phase (default 100,1000; quick 20)',
        '  --full-conferences K  seed conferences driven to completion side by side per round (default 8; quick 3)',
        '  --scale-budget S    stop starting conferences in a scale step after S seconds (default 900)',
        '  --worker-heap-mb MB   V8 heap limit of the worker process (sets the SDK default workflow cache size)',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const int = (v: string | undefined, d: number, what: string): number => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${what} must be a positive whole number, not "${v}"`);
    return n;
  };
  const samples = int(values.samples, quick ? 25 : 200, 'samples');
  const scale = (values.conferences ?? (quick ? '20' : '100,1000'))
    .split(',')
    .map((s) => int(s.trim(), 0, 'conferences'))
    .sort((a, b) => a - b);
  return {
    quick,
    rounds: int(values.rounds, quick ? 3 : 5, 'rounds'),
    samples,
    startSamples: Math.max(5, Math.round(samples / (quick ? 2 : 4))),
    fullConferences: int(values['full-conferences'], quick ? 3 : 8, 'full-conferences'),
    scale,
    json: values.json,
    scaleBudgetSeconds: int(values['scale-budget'], 900, 'scale-budget'),
    workerHeapMb:
      values['worker-heap-mb'] === undefined ? undefined : int(values['worker-heap-mb'], 0, 'worker-heap-mb'),
    warmup: quick ? 8 : 30,
  };
}

// ---------------------------------------------------------------- measuring

type Kind =
  | 'bareUpdate'
  | 'taskUpdate'
  | 'bareSignal'
  | 'bareQuery'
  | 'statusQuery'
  | 'noopWorkflow'
  | 'withChildWorkflow'
  | 'conference';

const LABELS: Record<Kind, string> = {
  bareUpdate: 'bare Update round trip',
  taskUpdate: 'task Update round trip',
  bareSignal: 'bare Signal',
  bareQuery: 'bare Query',
  statusQuery: 'status Query (seed conference)',
  noopWorkflow: 'no-op workflow start-to-complete',
  withChildWorkflow: 'one-child workflow start-to-complete',
  conference: 'seed conference start-to-complete',
};

/** Engine figure → its baseline. */
const BASELINE_OF: Partial<Record<Kind, Kind>> = {
  taskUpdate: 'bareUpdate',
  statusQuery: 'bareQuery',
  conference: 'withChildWorkflow',
};

const RATIO_NAME: Partial<Record<Kind, string>> = {
  taskUpdate: 'taskUpdate',
  statusQuery: 'statusQuery',
  conference: 'conferenceVsOneChild',
};

/** Runs `n` samples of `op`, each timed by `time`; preparation outside `time` is not counted. */
async function sample(
  label: string,
  n: number,
  op: (time: <T>(f: () => Promise<T>) => Promise<T>) => Promise<void>,
): Promise<number[]> {
  const samples: number[] = [];
  const time = async <T>(f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    samples.push(performance.now() - t0);
    return out;
  };
  for (let i = 0; i < n; i++) {
    tick(`  ${label} ${i + 1}/${n}`);
    await op(time);
  }
  return samples;
}

/**
 * Hands out task actions that complete tasks of fresh seed conferences, one conference after
 * another: the next action of an open task (complete, submit, approve, sign, confirm a phase).
 * Conferences are started ahead of time so that no start runs while Updates are timed.
 */
class TaskActions {
  private index = 0;
  private views = new Map<string, TaskView>();
  private loaded = false;
  private moment: Moment | undefined;
  /** Actions refused on the current conference (taskId:action:phase), not offered again. */
  private readonly refusedKeys = new Set<string>();
  private readonly specs: Map<string, Task>;
  actions = 0;

  constructor(
    private readonly client: Client,
    private readonly plan: Plan,
    private readonly conferenceIds: string[],
    private readonly more: () => Promise<string>,
  ) {
    this.specs = taskSpecs(plan);
  }

  /** The conference whose tasks are being acted on now (also the status Query target). */
  get current(): string {
    const id = this.conferenceIds[Math.min(this.index, this.conferenceIds.length - 1)];
    if (id === undefined) throw new Error('no conference in the pool');
    return id;
  }

  async next(): Promise<{ conferenceId: string; responsibilityId: string; request: TaskActionRequest }> {
    for (let looks = 0; ; looks++) {
      if (this.loaded) {
        for (const view of this.views.values()) {
          const spec = this.specs.get(view.id);
          const request = spec && nextAction(spec, view, this.moment);
          if (request && !this.refusedKeys.has(keyOf(request)))
            return { conferenceId: this.current, responsibilityId: view.responsibilityId, request };
        }
      }
      // Nothing open that we know of: look at the board again (dependencies are routed through
      // the parent a moment later); after a few looks, move on to the next conference.
      if (looks >= 3 && this.loaded) {
        // Ran out of prepared conferences: start one more (rare; the pool is sized to avoid it).
        if (this.index >= this.conferenceIds.length - 1) this.conferenceIds.push(await this.more());
        this.index++;
        this.views.clear();
        this.refusedKeys.clear();
        this.loaded = false;
        looks = -1;
        continue;
      }
      if (looks > 0) await sleep(50);
      const status = await conferenceStatus(this.client, this.current);
      this.moment = momentOf(status, this.plan);
      for (const t of status.responsibilities.flatMap((r) => r.tasks)) {
        const mine = this.views.get(t.id);
        if (!mine || t.history.length >= mine.history.length) this.views.set(t.id, t);
      }
      this.loaded = true;
    }
  }

  answered(view: TaskView): void {
    this.actions++;
    this.views.set(view.id, view);
  }

  refused(request: TaskActionRequest): void {
    this.refusedKeys.add(keyOf(request));
  }

  /** Actions a seed conference offers when every task is taken to done. */
  static perConference(plan: Plan): number {
    return plan.responsibilities
      .flatMap((r) => r.tasks)
      .reduce((n, t) => {
        if (t.kind === 'approval') return n + 2;
        if (t.kind === 'signoff') return n + t.signers.length;
        if (t.kind === 'phased') return n + t.phases.length;
        return n + 1;
      }, 0);
  }
}

function keyOf(r: TaskActionRequest): string {
  return `${r.taskId}:${r.action}:${'phase' in r ? r.phase : ''}:${r.actor.unitId}`;
}

/** Runs `f` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, f: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await f(items[i] as T, i);
      }
    }),
  );
}

// ---------------------------------------------------------------- the run

interface Figure extends Omit<Percentiles, 'n' | 'max'> {
  n: number;
  /** Percentiles of every sample of every round together. */
  pooled: Percentiles;
  rounds: Percentiles[];
}

interface ScaleFigure {
  openConferences: number;
  workflowsOpen: number;
  startedInStep: number;
  startFailures: number;
  /** Conferences not started because the step's time budget (--scale-budget) ran out. */
  notStartedForTime: number;
  /** Wall time to start this step's conferences (each ready: every responsibility reported). */
  startSeconds: number;
  startsPerSecond: number;
  workerRssMiB: number;
  workerPeakRssMiB: number;
  workerHeapUsedMiB: number;
  workerCachedWorkflows: number;
  serverRssMiB: number;
  serverPeakRssMiB: number;
  statusQuery: Percentiles;
  bareQuery: Percentiles;
  statusQueryRatio: { p50: number; p95: number; p99: number };
}

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
  note('Starting the dev server (in memory) and the worker process…');
  let server: DevServer | undefined;
  let worker: WorkerProcess | undefined;
  let client: Client | undefined;
  const stopAll = async (): Promise<void> => {
    await worker?.stop().catch(() => undefined);
    await client?.connection.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  };
  const onSignal = (): void => {
    note('Interrupted: stopping the worker and the dev server…');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await startDevServer({ port: await freePort() });
    const serverPid = server.process.pid as number;
    client = await connectClient(temporalSettings({ address: server.address, namespace: 'default' }));
    await ensureSearchAttributes(client);
    const engineQueue = `bench-engine-${tag}`;
    const baselineQueue = `bench-baseline-${tag}`;
    worker = await startWorkerProcess(
      {
        address: server.address,
        namespace: 'default',
        engineQueue,
        baselineQueue,
        engineBundle: bundles.engine,
        baselineBundle: bundles.baseline,
      },
      opts.workerHeapMb,
    );
    const c = client;
    const w = worker;
    const memoryAtStart = await w.memory();
    note(`Worker process ${w.pid}: maxCachedWorkflows ${w.maxCachedWorkflows}, RSS ${mib(memoryAtStart.rss)} MiB`);

    // ---- targets and pools
    const target = await c.workflow.start<typeof bareTarget>('bareTarget', {
      taskQueue: baselineQueue,
      workflowId: `bench-${tag}-bare-target`,
    });
    const perConference = TaskActions.perConference(plan);
    const taskSamples = opts.warmup + opts.rounds * opts.samples;
    // Phases "during" and "after" never open on this clock, and the last tasks wait on routing.
    const poolSize = Math.ceil(taskSamples / (perConference * 0.6)) + 2;
    note(`Starting ${poolSize} seed conferences for task Updates (${perConference} actions each)…`);
    const poolIds = Array.from({ length: poolSize }, (_, i) => `bench-${tag}-pool-${i}`);
    let poolStarted = 0;
    await pool(poolIds, 4, async (id) => {
      await startBenchConference(c, plan, id, engineQueue);
      tick(`  started ${++poolStarted}/${poolSize}`);
    });
    const tasks = new TaskActions(c, plan, poolIds, async () => {
      const id = `bench-${tag}-pool-${poolIds.length}`;
      await startBenchConference(c, plan, id, engineQueue);
      return id;
    });

    let seq = 0;
    const blocks: Record<Kind, (n: number) => Promise<number[]>> = {
      bareUpdate: (n) =>
        sample(LABELS.bareUpdate, n, async (time) => {
          await time(() => target.executeUpdate(bareUpdate, { args: [{ n: ++seq }] }));
        }),
      taskUpdate: (n) =>
        sample(LABELS.taskUpdate, n, async (time) => {
          const { conferenceId, responsibilityId, request } = await tasks.next();
          try {
            const view = await time(() =>
              actOnTask(c, conferenceId, responsibilityId, { ...request, requestId: randomUUID() }),
            );
            tasks.answered(view);
          } catch (err) {
            if (!isStaleBoard(err)) throw err;
            tasks.refused(request);
          }
        }),
      bareSignal: (n) =>
        sample(LABELS.bareSignal, n, async (time) => {
          await time(() => target.signal(bareSignal, { n: ++seq }));
        }),
      bareQuery: (n) =>
        sample(LABELS.bareQuery, n, async (time) => {
          await time(() => target.query(bareQuery));
        }),
      statusQuery: (n) =>
        sample(LABELS.statusQuery, n, async (time) => {
          const handle = conferenceHandle(c, tasks.current);
          await time(() => handle.query(conferenceStatusQuery));
        }),
      noopWorkflow: (n) =>
        sample(LABELS.noopWorkflow, Math.max(5, Math.round((n * opts.startSamples) / opts.samples)), async (time) => {
          await time(() =>
            c.workflow.execute('noopWorkflow', { taskQueue: baselineQueue, workflowId: `bench-${tag}-noop-${++seq}` }),
          );
        }),
      withChildWorkflow: (n) =>
        sample(
          LABELS.withChildWorkflow,
          Math.max(5, Math.round((n * opts.startSamples) / opts.samples)),
          async (time) => {
            await time(() =>
              c.workflow.execute('withChildWorkflow', {
                taskQueue: baselineQueue,
                workflowId: `bench-${tag}-child-${++seq}`,
              }),
            );
          },
        ),
      conference: () => Promise.resolve([]), // run apart: several conferences side by side, see below
    };

    // ---- warm-up (discarded): JIT, caches, connections
    note('Warming up…');
    for (const kind of ['bareUpdate', 'taskUpdate', 'bareSignal', 'bareQuery', 'statusQuery'] as const) {
      await blocks[kind](opts.warmup);
    }
    await blocks.noopWorkflow(opts.warmup);
    await blocks.withChildWorkflow(opts.warmup);

    // ---- interleaved rounds
    const order: Kind[] = [
      'bareUpdate',
      'taskUpdate',
      'bareQuery',
      'statusQuery',
      'noopWorkflow',
      'withChildWorkflow',
      'bareSignal',
      'conference',
    ];
    const perRound: Record<Kind, number[]>[] = [];
    const throughputRounds: { conferencesPerMinute: number; actionsPerSecond: number; actions: number }[] = [];
    const completedConferences: { id: string; actions: number }[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      // Rotate the order each round, so no figure always follows the same one.
      const rotated = [...order.slice(r % order.length), ...order.slice(0, r % order.length)];
      const samples = {} as Record<Kind, number[]>;
      for (const kind of rotated) {
        note(`round ${r + 1}/${opts.rounds}: ${LABELS[kind]}`);
        if (kind === 'conference') {
          const run = await runConferences(c, plan, engineQueue, opts.fullConferences, `bench-${tag}-run-${r}`);
          samples.conference = run.durations;
          throughputRounds.push(run.throughput);
          completedConferences.push(...run.conferences);
        } else {
          samples[kind] = await blocks[kind](opts.samples);
        }
        await sleep(200); // let the background work of one block (routing, child completions) settle
      }
      perRound.push(samples);
    }

    const figures = {} as Record<Kind, Figure>;
    for (const kind of order) {
      const rounds = perRound.map((s) => percentiles(s[kind]));
      figures[kind] = {
        n: rounds.reduce((n, p) => n + p.n, 0),
        p50: round(median(rounds.map((p) => p.p50))),
        p95: round(median(rounds.map((p) => p.p95))),
        p99: round(median(rounds.map((p) => p.p99))),
        pooled: roundAll(percentiles(perRound.flatMap((s) => s[kind]))),
        rounds: rounds.map(roundAll),
      };
    }
    const ratios: Record<
      string,
      { p50: number; p95: number; p99: number; baseline: string; openConferences?: number }
    > = {};
    for (const kind of order) {
      const base = BASELINE_OF[kind];
      const name = RATIO_NAME[kind];
      if (!base || !name) continue;
      const per = (q: 'p50' | 'p95' | 'p99'): number =>
        round(median(perRound.map((s) => percentiles(s[kind])[q] / percentiles(s[base])[q])));
      ratios[name] = { p50: per('p50'), p95: per('p95'), p99: per('p99'), baseline: base };
    }
    const throughput = {
      conferencesSideBySide: opts.fullConferences,
      /** The rehearsal clock's floor: no conference can finish sooner (its last phase opens then). */
      clockFloorSeconds: round(FULL_RUN.floorSeconds, 1),
      conferencesPerMinute: round(median(throughputRounds.map((t) => t.conferencesPerMinute)), 1),
      taskActionsPerSecond: round(median(throughputRounds.map((t) => t.actionsPerSecond)), 1),
      actionsPerConference: median(throughputRounds.map((t) => t.actions / opts.fullConferences)),
      rounds: throughputRounds.map((t) => ({
        conferencesPerMinute: round(t.conferencesPerMinute, 1),
        actionsPerSecond: round(t.actionsPerSecond, 1),
      })),
    };

    // ---- history cost
    note('History cost…');
    const history = await historyCost(c, plan, engineQueue, target, `bench-${tag}-history`, completedConferences);
    ratios.historyPerAction = {
      p50: round(history.eventsPerTaskAction / history.eventsPerBareUpdate),
      p95: Number.NaN,
      p99: Number.NaN,
      baseline: 'bareUpdate (events)',
    };

    note('Attribution (workflow code timed without Temporal)…');
    const costs = attribution(plan);

    // ---- scale
    note('Closing the pool conferences before the scale phase…');
    const organizer = { unitId: plan.organizer, person: 'Bench' };
    await pool(poolIds, 8, async (id) => {
      try {
        await cancelConference(c, id, { reason: 'Kết thúc đo', actor: organizer });
      } catch {
        // Already finished: nothing to close.
      }
    });
    await sleep(1000);
    const scale: ScaleFigure[] = [];
    const scaleIds: string[] = [];
    let scaleError: string | undefined;
    for (const n of opts.scale) {
      let figure: ScaleFigure;
      try {
        figure = await scaleStep(c, w, serverPid, plan, engineQueue, target, scaleIds, n, tag, opts);
      } catch (err) {
        scaleError = `at ${n} open conferences: ${err instanceof Error ? err.message : String(err)}`;
        note(`The scale phase failed ${scaleError}`);
        break;
      }
      scale.push(figure);
      // Named by the count asked for; `openConferences` says how many were open (a time budget may stop short).
      ratios[`statusQueryAt${n}`] = {
        ...figure.statusQueryRatio,
        baseline: 'bareQuery (same moment)',
        openConferences: figure.openConferences,
      };
      if (figure.startFailures > n / 10) {
        note(`Too many start failures at ${n} open conferences; the scale phase stops here.`);
        break;
      }
    }

    await target.signal(finishSignal).catch(() => undefined);
    const memoryAtEnd = await w.memory();
    const largest = scale.at(-1);
    const taskUpdate = ratios.taskUpdate;
    const statusQuery = ratios.statusQuery;
    const targets = {
      taskUpdateP50: target_(taskUpdate?.p50, 1.3, 'task Update p50 ÷ bare Update p50'),
      taskUpdateP99: target_(taskUpdate?.p99, 1.6, 'task Update p99 ÷ bare Update p99'),
      statusQueryP50: target_(statusQuery?.p50, 1.5, 'status Query p50 ÷ bare Query p50'),
      workerRssAtLargestScale: {
        what: `worker RSS with ${largest?.openConferences ?? 0} open seed conferences (MiB; target < 2048 at 1,000)`,
        target: 2048,
        value: largest?.workerRssMiB ?? Number.NaN,
        met: largest !== undefined && largest.openConferences >= 1000 ? largest.workerPeakRssMiB < 2048 : null,
      },
    };

    const report = {
      kind: opts.quick ? 'quick' : 'full',
      startedAt: startedAt.toISOString(),
      durationSeconds: round((performance.now() - t0) / 1000, 1),
      machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l)) },
      config: {
        rounds: opts.rounds,
        samplesPerBlock: opts.samples,
        startSamplesPerBlock: opts.startSamples,
        warmup: opts.warmup,
        fullConferencesPerRound: opts.fullConferences,
        scale: opts.scale,
        workerHeapMb: opts.workerHeapMb ?? null,
        maxCachedWorkflows: w.maxCachedWorkflows,
        workflowsPerSeedConference: 1 + plan.responsibilities.length,
        taskUpdates:
          'actions that take tasks of fresh seed conferences to done (complete, submit, approve, sign, confirm a phase), one after another',
      },
      unit: 'milliseconds unless named otherwise; p50/p95/p99 are medians across rounds of each round’s percentile',
      latency: figures,
      ratios,
      targets,
      throughput,
      scale,
      ...(scaleError ? { scaleError } : {}),
      history,
      attribution: costs,
      worker: {
        rssAtStartMiB: mib(memoryAtStart.rss),
        rssAtEndMiB: mib(memoryAtEnd.rss),
        heapLimitMiB: mib(memoryAtEnd.heapLimit),
        maxCachedWorkflows: memoryAtEnd.maxCachedWorkflows,
        warnings: memoryAtEnd.warnings,
      },
    };
    process.stdout.write(renderText(report));
    if (opts.json) {
      await writeFile(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      note(`Wrote ${opts.json}`);
    }
  } finally {
    note('Stopping the worker and the dev server…');
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function roundAll(p: Percentiles): Percentiles {
  return { n: p.n, p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max) };
}

function target_(
  value: number | undefined,
  limit: number,
  what: string,
): { what: string; target: number; value: number; met: boolean | null } {
  const v = value ?? Number.NaN;
  return { what, target: limit, value: v, met: Number.isFinite(v) ? v <= limit : null };
}

/** Starts `k` seed conferences at once and drives each to completion with simulated units. */
async function runConferences(
  client: Client,
  plan: Plan,
  taskQueue: string,
  k: number,
  prefix: string,
): Promise<{
  durations: number[];
  throughput: { conferencesPerMinute: number; actionsPerSecond: number; actions: number };
  conferences: { id: string; actions: number }[];
}> {
  const start = performance.now();
  const runs = await Promise.all(
    Array.from({ length: k }, async (_, i) => {
      const id = `${prefix}-${i}`;
      const t0 = performance.now();
      await startBenchConference(client, plan, id, taskQueue, true);
      const drive = await driveConference(client, plan, id);
      const result = await conferenceHandle(client, id).result();
      if (result.outcome !== 'completed') throw new Error(`conference ${id} ended ${result.outcome}`);
      tick(`  conference ${id} done: ${drive.actions} actions`);
      return { id, ms: performance.now() - t0, actions: drive.actions };
    }),
  );
  const wallSeconds = (performance.now() - start) / 1000;
  const actions = runs.reduce((n, r) => n + r.actions, 0);
  return {
    durations: runs.map((r) => r.ms),
    throughput: { conferencesPerMinute: (k / wallSeconds) * 60, actionsPerSecond: actions / wallSeconds, actions },
    conferences: runs.map((r) => ({ id: r.id, actions: r.actions })),
  };
}

interface HistoryCost {
  /** Events of a completed seed conference: parent and every responsibility. */
  eventsPerConference: number;
  workflowsPerConference: number;
  /** Events of a conference just started and idle (its fixed cost). */
  eventsPerIdleConference: number;
  actionsPerConference: number;
  /** (completed − idle) ÷ actions: what one task action adds, routing and completion included. */
  eventsPerTaskAction: number;
  eventsPerBareUpdate: number;
  eventsPerBareSignal: number;
  /** Should be 0: the bench clock keeps every deadline, reminder and report out of the run. */
  activitiesPerConference: number;
  timersPerConference: number;
}

async function historyCost(
  client: Client,
  plan: Plan,
  taskQueue: string,
  target: { workflowId: string },
  prefix: string,
  completed: { id: string; actions: number }[],
): Promise<HistoryCost> {
  const idleId = `${prefix}-idle`;
  await startBenchConference(client, plan, idleId, taskQueue);
  await sleep(1000);
  const idle = await conferenceEvents(client, plan, idleId);
  const counts = await Promise.all(
    completed.map(async (c) => ({ ...(await conferenceEvents(client, plan, c.id)), actions: c.actions })),
  );
  const eventsPerConference = median(counts.map((c) => c.events));
  const actions = median(counts.map((c) => c.actions));
  await cancelConference(client, idleId, { reason: 'Kết thúc đo', actor: { unitId: plan.organizer, person: 'Bench' } });

  // Bare: what one Update and one Signal add to a trivial workflow's history.
  const bare = client.workflow.getHandle(target.workflowId);
  const per = async (n: number, f: (i: number) => Promise<unknown>): Promise<number> => {
    const before = (await workflowEvents(client, target.workflowId)).events;
    for (let i = 0; i < n; i++) await f(i);
    await sleep(300);
    const after = (await workflowEvents(client, target.workflowId)).events;
    return (after - before) / n;
  };
  const eventsPerBareUpdate = await per(20, (i) => bare.executeUpdate(bareUpdate, { args: [{ n: i }] }));
  // One signal at a time with a pause, so each gets its own workflow task (none are batched).
  const eventsPerBareSignal = await per(20, async (i) => {
    await bare.signal(bareSignal, { n: i });
    await sleep(20);
  });
  return {
    eventsPerConference,
    workflowsPerConference: counts[0]?.workflows ?? 1 + plan.responsibilities.length,
    eventsPerIdleConference: idle.events,
    actionsPerConference: actions,
    eventsPerTaskAction: round((eventsPerConference - idle.events) / actions, 1),
    eventsPerBareUpdate: round(eventsPerBareUpdate, 1),
    eventsPerBareSignal: round(eventsPerBareSignal, 1),
    activitiesPerConference: median(counts.map((c) => c.activities)),
    timersPerConference: median(counts.map((c) => c.timers)),
  };
}

/** Opens seed conferences until `n` are open, then measures memory and status Queries across them. */
async function scaleStep(
  client: Client,
  worker: WorkerProcess,
  serverPid: number,
  plan: Plan,
  taskQueue: string,
  target: { query: (q: typeof bareQuery) => Promise<unknown> },
  open: string[],
  n: number,
  tag: string,
  opts: Options,
): Promise<ScaleFigure> {
  const fresh = Array.from({ length: n - open.length }, (_, i) => `bench-${tag}-scale-${open.length + i}`);
  note(`scale: starting ${fresh.length} seed conferences (${n} open)…`);
  let peakWorker = 0;
  let peakServer = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [m, s] = await Promise.all([worker.memory().catch(() => undefined), processRss(serverPid)]);
      if (m) peakWorker = Math.max(peakWorker, m.rss);
      if (Number.isFinite(s)) peakServer = Math.max(peakServer, s);
      await sleep(1000);
    }
  })();
  let started = 0;
  let failures = 0;
  const t0 = performance.now();
  const budgetMs = opts.scaleBudgetSeconds * 1000;
  let skipped = 0;
  await pool(fresh, 8, async (id) => {
    if (performance.now() - t0 > budgetMs) {
      skipped++;
      return;
    }
    try {
      await startBenchConference(client, plan, id, taskQueue);
      open.push(id);
    } catch (err) {
      failures++;
      if (failures <= 3) note(`  could not start ${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
    started++;
    const s = (performance.now() - t0) / 1000;
    tick(`  started ${started}/${fresh.length} in ${s.toFixed(0)} s (${(started / s).toFixed(1)}/s)`);
  });
  const startSeconds = (performance.now() - t0) / 1000;
  const startedOk = fresh.length - failures - skipped;
  note(
    `  ${startedOk} started in ${startSeconds.toFixed(1)} s${skipped ? ` (time budget reached; ${skipped} not started)` : ''}`,
  );
  await sleep(3000); // let the last children report and the worker settle
  sampling = false;
  await sampler;
  const memory = await worker.memory();
  const serverRss = await processRss(serverPid);

  note(`scale: status Query across ${open.length} open conferences…`);
  const statusSamples: number[] = [];
  const bareSamples: number[] = [];
  const perBlock = Math.max(10, Math.round(opts.samples / 4));
  for (let b = 0; b < 4; b++) {
    bareSamples.push(
      ...(await sample('bare Query', perBlock, async (time) => {
        await time(() => target.query(bareQuery));
      })),
    );
    statusSamples.push(
      ...(await sample('status Query (random open conference)', perBlock, async (time) => {
        const id = open[Math.floor(Math.random() * open.length)] as string;
        const handle = conferenceHandle(client, id);
        await time(() => handle.query(conferenceStatusQuery));
      })),
    );
  }
  const status = roundAll(percentiles(statusSamples));
  const bare = roundAll(percentiles(bareSamples));
  return {
    openConferences: open.length,
    workflowsOpen: open.length * (1 + plan.responsibilities.length),
    startedInStep: startedOk,
    startFailures: failures,
    notStartedForTime: skipped,
    startSeconds: round(startSeconds, 1),
    startsPerSecond: round(startedOk / startSeconds, 1),
    workerRssMiB: mib(memory.rss),
    workerPeakRssMiB: mib(Math.max(peakWorker, memory.rss)),
    workerHeapUsedMiB: mib(memory.heapUsed),
    workerCachedWorkflows: memory.engineCached + memory.baselineCached,
    serverRssMiB: mib(serverRss),
    serverPeakRssMiB: mib(Math.max(peakServer, serverRss)),
    statusQuery: status,
    bareQuery: bare,
    statusQueryRatio: {
      p50: round(status.p50 / bare.p50),
      p95: round(status.p95 / bare.p95),
      p99: round(status.p99 / bare.p99),
    },
  };
}

// ---------------------------------------------------------------- text output

function renderText(r: {
  kind: string;
  durationSeconds: number;
  machine: Awaited<ReturnType<typeof machineInfo>> & { loadAverageAtEnd: number[] };
  config: { rounds: number; samplesPerBlock: number; maxCachedWorkflows: number };
  latency: Record<Kind, Figure>;
  ratios: Record<string, { p50: number; p95: number; p99: number; baseline: string }>;
  targets: Record<string, { what: string; target: number; value: number; met: boolean | null }>;
  throughput: {
    conferencesSideBySide: number;
    clockFloorSeconds: number;
    conferencesPerMinute: number;
    taskActionsPerSecond: number;
    actionsPerConference: number;
  };
  scale: ScaleFigure[];
  history: HistoryCost;
  attribution: Attribution;
  worker: { warnings: Record<string, number> };
}): string {
  const m = r.machine;
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2) : '—');
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lpad = (s: string, n: number): string => s.padStart(n);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `Kehoach bench — ${r.kind} run, ${r.config.rounds} rounds × ${r.config.samplesPerBlock} samples, ${r.durationSeconds} s`,
  );
  lines.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`);
  lines.push(`Node ${m.node}, Temporal TS SDK ${m.temporalSdk}, ${m.temporalCli}`);
  lines.push(`load average at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd.join(' ')}`);
  lines.push('');
  lines.push(
    'latency (ms; medians across rounds)          p50      p95      p99     n   ratio to baseline p50 / p95 / p99',
  );
  for (const [kind, fig] of Object.entries(r.latency) as [Kind, Figure][]) {
    const name = RATIO_NAME[kind];
    const ratio = name ? r.ratios[name] : undefined;
    lines.push(
      `  ${pad(LABELS[kind], 40)} ${lpad(f(fig.p50), 7)}  ${lpad(f(fig.p95), 7)}  ${lpad(f(fig.p99), 7)} ${lpad(String(fig.n), 5)}` +
        (ratio ? `   ${f(ratio.p50)} / ${f(ratio.p95)} / ${f(ratio.p99)} × ${ratio.baseline}` : ''),
    );
  }
  lines.push('');
  lines.push(
    `throughput: ${r.throughput.conferencesPerMinute} seed conferences/min, ${r.throughput.taskActionsPerSecond} task actions/s ` +
      `(${r.throughput.conferencesSideBySide} side by side, ${r.throughput.actionsPerConference} actions each; ` +
      `the rehearsal clock allows no conference to finish before ${r.throughput.clockFloorSeconds} s)`,
  );
  lines.push('');
  lines.push(
    'scale (open seed conferences)  start s  starts/s  worker RSS (peak) MiB  server RSS (peak) MiB  status Query p50/p99 ms  ratio p50/p99',
  );
  for (const s of r.scale) {
    lines.push(
      `  ${lpad(String(s.openConferences), 6)} (${s.workflowsOpen} workflows) ${lpad(f(s.startSeconds), 7)} ${lpad(f(s.startsPerSecond), 9)}` +
        `  ${lpad(`${f(s.workerRssMiB)} (${f(s.workerPeakRssMiB)})`, 20)}  ${lpad(`${f(s.serverRssMiB)} (${f(s.serverPeakRssMiB)})`, 20)}` +
        `  ${lpad(`${f(s.statusQuery.p50)} / ${f(s.statusQuery.p99)}`, 22)}  ${f(s.statusQueryRatio.p50)} / ${f(s.statusQueryRatio.p99)}` +
        (s.startFailures ? `  (${s.startFailures} failed to start)` : '') +
        (s.notStartedForTime ? `  (time budget: ${s.notStartedForTime} not started)` : ''),
    );
  }
  lines.push(`  worker cache: maxCachedWorkflows ${r.config.maxCachedWorkflows}`);
  lines.push('');
  const h = r.history;
  lines.push(
    `history: ${h.eventsPerConference} events per completed seed conference (${h.workflowsPerConference} workflows, ${h.actionsPerConference} actions), ` +
      `${h.eventsPerIdleConference} for an idle one; ${h.eventsPerTaskAction} events per task action vs ${h.eventsPerBareUpdate} per bare Update, ` +
      `${h.eventsPerBareSignal} per bare Signal; activities ${h.activitiesPerConference}, timers ${h.timersPerConference}`,
  );
  const a = r.attribution;
  lines.push(
    `workflow code per task Update (no Temporal): ${a.updateMicros.total} µs = validator ${a.updateMicros.validator} + handler ${a.updateMicros.handler} ` +
      `+ loop/view ${a.updateMicros.loopView} + details ${a.updateMicros.details}; request ${a.updateRequestBytes} B, answer ${a.updateAnswerBytes} B, ` +
      `signal to parent ${a.parentSignalBytes} B`,
  );
  lines.push(
    `workflow code per status Query: ${a.statusQueryMicros} µs; answer ${a.statusAnswerBytes} B (bare Query answer ${a.bareAnswerBytes} B)`,
  );
  const warnings = Object.entries(r.worker.warnings);
  if (warnings.length > 0) {
    lines.push('worker warnings:');
    for (const [message, count] of warnings) lines.push(`  ${count} × ${message}`);
  }
  lines.push('');
  lines.push('targets');
  for (const t of Object.values(r.targets)) {
    lines.push(
      `  ${pad(t.what, 72)} ${lpad(f(t.value), 7)}  target ${t.target}  ${t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met'}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

main().catch((err: unknown) => {
  note(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
