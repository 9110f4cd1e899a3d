/**
 * Scale: N seed conferences open at once (N ascending), what holding them costs the worker and
 * the server in memory, and how status Queries fare among them against bare Queries at the same
 * moment. Runs last, after the pool conferences of the rounds are closed.
 */
import { performance } from 'node:perf_hooks';
import { actOnTask, cancelConference, conferenceHandle, conferenceStatus } from '../client/conference';
import { refusalDetails } from '../domain/errors';
import { conferenceStatusQuery } from '../domain/messages';
import type { BenchContext } from './context';
import { momentOf, nextAction, sleep, startBenchConference, taskSpecs } from './driver';
import { note, tick } from './progress';
import type { Ratios } from './rounds';
import { pool, roundAll, sample } from './sampling';
import { processRss, type WorkerProcess } from './setup';
import { mib, percentiles, round, type Percentiles } from './stats';
import { bareQuery } from './workflows';

export interface ScaleFigure {
  openConferences: number;
  workflowsOpen: number;
  startedInStep: number;
  startFailures: number;
  /** Conferences not started because the step's time budget (--scale-budget) ran out. */
  notStartedForTime: number;
  /** Wall time to start this step's conferences (each ready: its board shows every responsibility). */
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
  /**
   * Still correct among so many: random open conferences (mostly evicted from the worker's cache)
   * each take one unit action, then their board is read back. `correct`: the action's request id
   * is in the task's history and the board shows the task's new state.
   */
  sample: { conferences: number; acted: number; correct: number; failures: string[]; action: Percentiles };
}

/**
 * Closes the pool conferences, then opens conferences step by step up to each count of
 * `--conferences`, adding `ratios.statusQueryAt<N>`. A failing step ends the phase and is
 * reported as `scaleError` rather than losing the figures already taken.
 */
export async function runScale(
  ctx: BenchContext,
  worker: WorkerProcess,
  serverPid: number,
  poolIds: string[],
  ratios: Ratios,
): Promise<{ scale: ScaleFigure[]; scaleError: string | undefined }> {
  const { client: c, plan, opts } = ctx;
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
      figure = await scaleStep(ctx, worker, serverPid, scaleIds, n);
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
  return { scale, scaleError };
}

/** Opens seed conferences until `n` are open, then measures memory and status Queries across them. */
async function scaleStep(
  ctx: BenchContext,
  worker: WorkerProcess,
  serverPid: number,
  open: string[],
  n: number,
): Promise<ScaleFigure> {
  const { client, plan, engineQueue: taskQueue, target, tag, opts } = ctx;
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
  const checked = await actOnSample(ctx, open, 20);
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
    sample: checked,
  };
}

/** Acts once on each of `k` random open conferences and reads the board back (see ScaleFigure.sample). */
async function actOnSample(ctx: BenchContext, open: string[], k: number): Promise<ScaleFigure['sample']> {
  const { client, plan } = ctx;
  note(`scale: one unit action on each of ${Math.min(k, open.length)} random open conferences, read back…`);
  const specs = taskSpecs(plan);
  const picked = [...open].sort(() => Math.random() - 0.5).slice(0, k);
  const times: number[] = [];
  const failures: string[] = [];
  let acted = 0;
  let correct = 0;
  for (const id of picked) {
    try {
      const before = await conferenceStatus(client, id);
      const moment = momentOf(before, plan);
      const found = before.responsibilities
        .flatMap((r) => r.tasks.map((t) => ({ r, t })))
        .map(({ r, t }) => ({ r, t, request: specs.get(t.id) && nextAction(specs.get(t.id)!, t, moment) }))
        .find((x) => x.request);
      if (!found?.request) {
        failures.push(`${id}: no task open to act on`);
        continue;
      }
      const requestId = `bench-sample-${id}`;
      const t0 = performance.now();
      const answer = await actOnTask(client, id, found.r.id, { ...found.request, requestId }, { requestIdIsNew: true });
      times.push(performance.now() - t0);
      acted++;
      // The board is the parent's copy: it follows the child's report a moment later.
      let shown = false;
      for (let look = 0; look < 50 && !shown; look++) {
        const after = await conferenceStatus(client, id);
        const task = after.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === found.t.id);
        shown =
          task !== undefined && task.state === answer.state && task.history.some((h) => h.requestId === requestId);
        if (!shown) await sleep(100);
      }
      if (shown) correct++;
      else failures.push(`${id}: ${found.t.id} not shown as ${answer.state} on the board`);
    } catch (err) {
      // A refusal names its field and reason (the board the unit looked at had moved on, say).
      const refusal = refusalDetails(err);
      const why = refusal
        ? `refused: ${refusal.field}: ${refusal.en}`
        : err instanceof Error
          ? err.message
          : String(err);
      failures.push(`${id}: ${why}`);
    }
  }
  note(`  ${correct} of ${picked.length} acted on and read back correctly`);
  return {
    conferences: picked.length,
    acted,
    correct,
    failures: failures.slice(0, 5),
    action: roundAll(percentiles(times)),
  };
}
