/**
 * Memory probe: what each cached workflow costs the worker, and which modules it pays for.
 * See bench/README.md, "Memory". Three parts, each in a worker process of its own
 * (bench/worker-process.ts, as the bench runs it) on one in-memory dev server:
 *
 *  1. The bundle: the modules of the Kehoach workflow bundle that each workflow evaluates for
 *     itself (not reached from `workflows/preload.ts` or the SDK's entry, which are shared),
 *     by size.
 *  2. Seed conferences: worker RSS growth ÷ cached workflows after N real seed conferences.
 *  3. Modules one by one: N bare workflows that import only module X (bundled as the worker
 *     bundles, preload included), RSS growth ÷ N; "bare" imports nothing (the SDK's floor).
 *
 *   npx tsx bench/probe-memory.ts                       all three, defaults below
 *   npx tsx bench/probe-memory.ts --seed 40 --n 300 --modules domain/claims.ts,domain/calendar/index.ts
 *   npx tsx bench/probe-memory.ts --seed 0 --modules none --json probe.json   the bundle listing only
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { loadPlanFile, SEED_PLAN_PATH } from '../domain/plan/load';
import { startLocalEngine } from '../engine/local';
import { bundleKehoachWorkflows, WORKFLOW_BUNDLER_OPTIONS } from '../worker/create-worker';
import { sleep, startBenchConference } from './driver';
import { note, tick } from './progress';
import { perWorkflowModules } from './probe-bundle';
import { pool } from './sampling';
import { buildBundles, startWorkerProcess, type WorkerProcess } from './setup';
import type { WorkerMemory } from './worker-process';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The suspects of issue 16's memory goal, and what the workflows import as a whole. */
const DEFAULT_MODULES = [
  'workflows/index.ts',
  'domain/plan/checks.ts',
  'domain/amendments.ts',
  'workflows/conference/amendments.ts',
  'domain/claims.ts',
  'domain/actions.ts',
  'domain/drafts.ts',
  'domain/refusals.ts',
  'domain/calendar/index.ts',
  'domain/notices.ts',
  'domain/digest.ts',
  'domain/reasons.ts',
  'domain/time.ts',
  'domain/schedule.ts',
  'domain/task-kinds.ts',
];

/** A workflow that imports only `subject` (or nothing) and stays open, so it stays cached. */
function probeWorkflowSource(subject: string | undefined): string {
  return [
    `import { condition, defineSignal, setHandler } from '@temporalio/workflow';`,
    subject ? `import * as subject from ${JSON.stringify(resolve(root, subject))};` : '',
    `const finish = defineSignal('finish');`,
    `export async function probeHold(): Promise<number> {`,
    `  let done = false;`,
    `  setHandler(finish, () => void (done = true));`,
    `  await condition(() => done);`,
    // Using the namespace keeps every export (and so the whole module) in the bundle.
    `  return ${subject ? 'Object.keys(subject).length' : '0'};`,
    `}`,
    '',
  ].join('\n');
}

const KiB = 1024;
const MiB = 1024 * 1024;

async function waitCached(
  w: WorkerProcess,
  key: 'engineCached' | 'baselineCached',
  atLeast: number,
): Promise<WorkerMemory> {
  const deadline = Date.now() + 600_000;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const m = await w.memory();
    if (m[key] !== last) {
      last = m[key];
      stableSince = Date.now();
    }
    // Settled: the count reached and unchanged for 3 s (the last children report, timers arm).
    if (m[key] >= atLeast && Date.now() - stableSince >= 3000) return m;
    if (Date.now() > deadline) throw new Error(`only ${m[key]} of ${atLeast} workflows cached after 10 minutes`);
    await sleep(500);
  }
}

interface Growth {
  workflows: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  kibPerWorkflow: number;
}

const growth = (before: WorkerMemory, after: WorkerMemory, workflows: number): Growth => ({
  workflows,
  rssBeforeMiB: Math.round((before.rss / MiB) * 10) / 10,
  rssAfterMiB: Math.round((after.rss / MiB) * 10) / 10,
  kibPerWorkflow: Math.round((after.rss - before.rss) / KiB / workflows),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '40' },
      n: { type: 'string', default: '300' },
      modules: { type: 'string', default: DEFAULT_MODULES.join(',') },
      json: { type: 'string' },
    },
  });
  const seedCount = Number(values.seed);
  const n = Number(values.n);
  const modules = values.modules === 'none' ? [] : (values.modules ?? '').split(',').filter(Boolean);
  const tag = randomUUID().slice(0, 6);
  const logger = new DefaultLogger('WARN');

  note('Bundling the workflows…');
  const bundles = await buildBundles();
  const engineCode = await bundleKehoachWorkflows(logger);
  const { shared, perWorkflow } = perWorkflowModules(engineCode);
  const ours = perWorkflow.filter((m) => !m.id.includes('node_modules'));
  note(
    `Bundle: ${shared.length} modules shared (${Math.round(shared.reduce((s, m) => s + m.bytes, 0) / KiB)} KiB of source), ` +
      `${perWorkflow.length} evaluated by each workflow (${Math.round(perWorkflow.reduce((s, m) => s + m.bytes, 0) / KiB)} KiB), ` +
      `${ours.length} of them Kehoach's:`,
  );
  for (const m of ours) note(`  ${(m.bytes / KiB).toFixed(1).padStart(6)} KiB  ${m.id}`);

  // One bundle per subject, built as the worker builds its own (preload included).
  const dir = join(root, 'bench', `.probe-${tag}`);
  await mkdir(dir, { recursive: true });
  const subjects: { name: string; preload: boolean; subject?: string }[] =
    values.modules === 'none'
      ? []
      : [
          { name: 'bare, nothing preloaded', preload: false },
          { name: 'bare', preload: true },
          ...modules.map((m) => ({ name: m, preload: true, subject: m })),
        ];
  const probeBundles: string[] = [];
  try {
    for (const [i, s] of subjects.entries()) {
      tick(`  bundling probe ${i + 1}/${subjects.length}`);
      const src = join(dir, `probe-${i}.ts`);
      await writeFile(src, probeWorkflowSource(s.subject));
      const { code } = await bundleWorkflowCode({
        workflowsPath: src,
        logger,
        ...(s.preload ? WORKFLOW_BUNDLER_OPTIONS : {}),
      });
      const path = join(dir, `probe-${i}.js`);
      await writeFile(path, code);
      probeBundles.push(path);
    }

    const loaded = await loadPlanFile(SEED_PLAN_PATH);
    if (!loaded.ok) throw new Error('The seed plan does not validate');
    const plan = loaded.plan;
    note('Starting the dev server (in memory)…');
    const engine = await startLocalEngine({ namespace: 'default', worker: false });
    const results: { seed?: Growth & { conferences: number }; modules: (Growth & { subject: string })[] } = {
      modules: [],
    };
    try {
      const config = (i: string, baselineBundle: string) => ({
        address: engine.settings.address,
        namespace: 'default',
        engineQueue: `probe-engine-${tag}-${i}`,
        baselineQueue: `probe-${tag}-${i}`,
        engineBundle: bundles.engine,
        baselineBundle,
      });
      if (seedCount > 0)
        results.seed = await probeSeed(engine.client, plan, config('seed', bundles.baseline), seedCount);
      for (const [i, s] of subjects.entries()) {
        const bundle = probeBundles[i];
        if (!bundle) continue;
        const g = await probeModule(engine.client, config(String(i), bundle), n, s.name);
        results.modules.push({ subject: s.name, ...g });
      }
    } finally {
      await engine.stop();
    }

    const bare = results.modules.find((m) => m.subject === 'bare')?.kibPerWorkflow;
    const lines = ['', 'Per cached workflow (RSS growth ÷ workflows):'];
    if (results.seed)
      lines.push(
        `  seed conferences: ${results.seed.conferences} (${results.seed.workflows} workflows): ${results.seed.kibPerWorkflow} KiB each (RSS ${results.seed.rssBeforeMiB} → ${results.seed.rssAfterMiB} MiB)`,
      );
    for (const m of results.modules)
      lines.push(
        `  ${m.subject.padEnd(38)} ${String(m.kibPerWorkflow).padStart(5)} KiB` +
          (bare !== undefined && m.subject !== 'bare' && m.subject.includes('.ts')
            ? `  (+${m.kibPerWorkflow - bare} over bare)`
            : ''),
      );
    process.stdout.write(`${lines.join('\n')}\n`);
    if (values.json)
      await writeFile(
        values.json,
        JSON.stringify({ at: new Date().toISOString(), perWorkflowModules: ours, ...results }, null, 2),
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** N seed conferences on Kehoach's worker; one first, so the worker's context exists before. */
async function probeSeed(
  client: Client,
  plan: Parameters<typeof startBenchConference>[1],
  config: Parameters<typeof startWorkerProcess>[0],
  conferences: number,
): Promise<Growth & { conferences: number }> {
  note(`Seed conferences: starting 1 + ${conferences}…`);
  const worker = await startWorkerProcess(config);
  try {
    await startBenchConference(client, plan, `probe-${config.engineQueue}-warm`, config.engineQueue);
    const perConference = 1 + plan.responsibilities.length;
    const before = await waitCached(worker, 'engineCached', perConference);
    const ids = Array.from({ length: conferences }, (_, i) => `probe-${config.engineQueue}-${i}`);
    let started = 0;
    await pool(ids, 8, async (id) => {
      await startBenchConference(client, plan, id, config.engineQueue);
      tick(`  started ${++started}/${conferences}`);
    });
    const after = await waitCached(worker, 'engineCached', perConference * (conferences + 1));
    const g = growth(before, after, after.engineCached - before.engineCached);
    note(`  ${g.workflows} workflows: ${g.kibPerWorkflow} KiB each`);
    return { conferences, ...g };
  } finally {
    await worker.stop();
  }
}

/** N probe workflows of one bundle on the baseline worker; a few first, for the same reason. */
async function probeModule(
  client: Client,
  config: Parameters<typeof startWorkerProcess>[0],
  n: number,
  name: string,
): Promise<Growth> {
  const worker = await startWorkerProcess(config);
  try {
    const start = (i: number) =>
      client.workflow.start('probeHold', {
        taskQueue: config.baselineQueue,
        workflowId: `${config.baselineQueue}-${i}`,
      });
    const warm = 5;
    await Promise.all(Array.from({ length: warm }, (_, i) => start(i)));
    const before = await waitCached(worker, 'baselineCached', warm);
    await pool(
      Array.from({ length: n }, (_, i) => warm + i),
      16,
      async (i) => void (await start(i)),
    );
    const after = await waitCached(worker, 'baselineCached', warm + n);
    const g = growth(before, after, after.baselineCached - before.baselineCached);
    note(`  ${name}: ${g.kibPerWorkflow} KiB per workflow`);
    return g;
  } finally {
    await worker.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
