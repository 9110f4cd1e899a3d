/**
 * What the benchmark runs on: workflow bundles (built here, in the bench process, so the
 * bundler's memory never counts as the worker's), the dev server, and the worker process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { provisionTemporalCli } from '../engine/dev-server';
import { bundleKehoachWorkflows } from '../worker/create-worker';
import type { FromWorker, ToWorker, WorkerMemory, WorkerProcessConfig } from './worker-process';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export interface Bundles {
  engine: string;
  baseline: string;
}

export async function buildBundles(): Promise<Bundles> {
  const dir = await mkdtemp(join(tmpdir(), 'kehoach-bench-'));
  const logger = new DefaultLogger('WARN');
  const [engine, baseline] = await Promise.all([
    bundleKehoachWorkflows(logger),
    bundleWorkflowCode({ workflowsPath: here('./workflows.ts'), logger }).then((b) => b.code),
  ]);
  const paths = { engine: join(dir, 'engine.js'), baseline: join(dir, 'baseline.js') };
  await writeFile(paths.engine, engine);
  await writeFile(paths.baseline, baseline);
  return paths;
}

export interface WorkerProcess {
  pid: number;
  maxCachedWorkflows: number;
  memory(): Promise<WorkerMemory>;
  stop(): Promise<void>;
}

/** Forks bench/worker-process.ts (through tsx) and resolves once both workers run. */
export async function startWorkerProcess(config: WorkerProcessConfig, heapMb?: number): Promise<WorkerProcess> {
  const execArgv = ['--import', 'tsx', ...(heapMb ? [`--max-old-space-size=${heapMb}`] : [])];
  const child: ChildProcess = fork(here('./worker-process.ts'), [], {
    execArgv,
    env: { ...process.env, KEHOACH_BENCH_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 0;
  const waiting = new Map<number, (m: WorkerMemory) => void>();
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') resolve(msg.maxCachedWorkflows);
      else if (msg.type === 'error') reject(new Error(`bench worker failed: ${msg.message}`));
      else if (msg.type === 'memory') {
        waiting.get(msg.id)?.(msg.memory);
        waiting.delete(msg.id);
      }
    });
    child.once('exit', (code) => reject(new Error(`bench worker exited (code ${code}) before it was ready`)));
  });
  const maxCachedWorkflows = await ready;
  return {
    pid: child.pid as number,
    maxCachedWorkflows,
    memory: () =>
      new Promise<WorkerMemory>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, resolve);
        child.send({ type: 'memory', id } satisfies ToWorker);
        setTimeout(() => {
          if (waiting.delete(id)) reject(new Error('bench worker did not report its memory'));
        }, 10_000).unref();
      }),
    async stop() {
      if (child.exitCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies ToWorker);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Several worker processes seen as one (the cluster runs two): memory is their sum, so the
 * scale figures hold every open conference whichever process caches it.
 */
export function combineWorkers(workers: readonly WorkerProcess[]): WorkerProcess {
  const [first] = workers;
  if (!first) throw new Error('no worker process');
  return {
    pid: first.pid,
    maxCachedWorkflows: workers.reduce((n, w) => n + w.maxCachedWorkflows, 0),
    async memory() {
      const all = await Promise.all(workers.map((w) => w.memory()));
      const total = (key: Exclude<keyof WorkerMemory, 'warnings'>): number => all.reduce((n, m) => n + m[key], 0);
      const warnings: Record<string, number> = {};
      for (const m of all) for (const [k, v] of Object.entries(m.warnings)) warnings[k] = (warnings[k] ?? 0) + v;
      return {
        rss: total('rss'),
        heapUsed: total('heapUsed'),
        heapTotal: total('heapTotal'),
        external: total('external'),
        heapLimit: total('heapLimit'),
        engineCached: total('engineCached'),
        baselineCached: total('baselineCached'),
        maxCachedWorkflows: total('maxCachedWorkflows'),
        warnings,
      };
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

/** Resident memory of a process from /proc (Linux), in bytes; NaN elsewhere. */
/**
 * RSS of a process and every process below it, from /proc: the dev server runs under a small
 * bash guard (engine/dev-server.ts), so the pid we hold is the guard's and the server is its child.
 */
export async function processRss(pid: number): Promise<number> {
  const own = async (p: number): Promise<number> => {
    try {
      const status = await readFile(`/proc/${p}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const children = async (p: number): Promise<number[]> => {
    try {
      const text = await readFile(`/proc/${p}/task/${p}/children`, 'utf8');
      return text.split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let total = 0;
  const seen = new Set<number>();
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    if (seen.has(p)) continue;
    seen.add(p);
    total += await own(p);
    queue.push(...(await children(p)));
  }
  return total > 0 ? total : Number.NaN;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  loadAverageAtStart: number[];
  node: string;
  temporalSdk: string;
  temporalCli: string;
  /** What Temporal ran on and how many worker processes served it. */
  topology: string;
}

export async function machineInfo(): Promise<MachineInfo> {
  const pkg = JSON.parse(
    await readFile(fileURLToPath(import.meta.resolve('@temporalio/worker/package.json')), 'utf8'),
  ) as { version: string };
  let cliVersion = 'unknown';
  try {
    const { stdout } = await promisify(execFile)(await provisionTemporalCli(), ['--version']);
    cliVersion = stdout.trim();
  } catch {
    // Leave it unknown: the figures stand without it.
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    temporalSdk: pkg.version,
    temporalCli: cliVersion,
    topology: 'Temporal dev server (SQLite in memory), one worker process',
  };
}
