/**
 * The local cluster: the production topology of docker-compose.yml on one machine, without
 * Docker. PostgreSQL (a cluster of our own in the data folder), the Temporal server v1.29.1 on
 * it (built once into the cache outside the repo, its schema applied with its SQL tool, its
 * config derived from the module's development-postgres12.yaml), two Kehoach workers and the
 * web, each a process of its own with its log in `<data>/cluster/logs/`. Its frontend speaks
 * mutual TLS only (engine/cluster-tls.ts: a CA of the deployment's own, made at the first start
 * in `<data>/cluster/tls/`): the workers, the web and every later command present the client
 * certificate; a client without one is refused.
 *
 * The process that calls startCluster supervises: a part that ends on its own is reported in one
 * sentence and restarted (as compose's `restart: unless-stopped` would), and a part that keeps
 * ending within seconds of its start stops the whole cluster. stop() ends the parts in order
 * (web, workers, server, PostgreSQL); if the supervisor itself dies, each part's guard ends its
 * part (engine/cluster-process.ts). `<data>/cluster/cluster.json` says what runs where, for
 * `npm run cluster -- status|down` and the cluster suite.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { z } from 'zod';
import type { TLSConfig } from '@temporalio/client';
import { connectClient } from '../client/connection';
import { tlsOptions, workspaceToken, writeEngineFile, removeEngineFile } from '../client/engine-file';
import { ensureSearchAttributes } from '../client/search-attributes';
import { bundleKehoachWorkflows } from '../worker/create-worker';
import {
  clientTlsEnv,
  CONFIG_TEMPLATE,
  DYNAMIC_CONFIG_TEMPLATE,
  dynamicConfig,
  NAMESPACE,
  NAMESPACE_RETENTION_HOURS,
  PORT_NAMES,
  serverConfig,
  TEMPORAL_SERVER_VERSION,
  webEnv,
  workerEnv,
  type ClusterPorts,
} from './cluster-config';
import { applySchema, findPostgres, initCluster, postgresPart } from './cluster-postgres';
import { startPart, type PartSpec, type RunningPart } from './cluster-process';
import { ensureClusterTls } from './cluster-tls';
import { assertPortFree, freePort, SetupError } from './dev-server';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PROVISION = fileURLToPath(new URL('../scripts/provision-temporal-server.sh', import.meta.url));
/** A part that ends this soon after its start, this many times in a row, stops the cluster. */
const CRASH_LOOP = { withinMs: 15_000, times: 3 };

export const PartStateSchema = z.object({
  key: z.string(),
  name: z.string(),
  pid: z.number().int().positive(),
  log: z.string(),
  restarts: z.number().int().nonnegative(),
  startedAt: z.string(),
});
export const ClusterStateSchema = z.object({
  /** The supervising process (`npm run cluster -- up`). */
  pid: z.number().int().positive(),
  state: z.enum(['starting', 'running', 'stopping']),
  startedAt: z.string(),
  temporal: z.object({
    address: z.string(),
    namespace: z.string(),
    version: z.string(),
    /** The files a client presents and trusts (mutual TLS): the CA, the client certificate, its key. */
    tls: z
      .object({ caCert: z.string(), clientCert: z.string(), clientKey: z.string(), serverName: z.string() })
      .optional(),
  }),
  web: z.string().nullable(),
  postgres: z.object({ address: z.string(), version: z.string(), dataDir: z.string() }),
  ports: z.record(z.string(), z.number()),
  parts: z.array(PartStateSchema),
});
export type ClusterState = z.infer<typeof ClusterStateSchema>;

export function clusterDir(dataDir: string): string {
  return join(dataDir, 'cluster');
}
export function clusterStatePath(dataDir: string): string {
  return join(clusterDir(dataDir), 'cluster.json');
}

/** The cluster's state file, or undefined when there is none or it is not readable. */
export function readClusterState(dataDir: string): ClusterState | undefined {
  try {
    const parsed = ClusterStateSchema.safeParse(JSON.parse(readFileSync(clusterStatePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface ClusterOptions {
  /** The data folder (KEHOACH_DATA_DIR); the cluster keeps everything under `<dataDir>/cluster/`. */
  dataDir: string;
  /** How many Kehoach workers (default 2; the bench runs its own). */
  workers?: number;
  /** Whether to run the web (default true). */
  web?: boolean;
  /** Fixed ports (KEHOACH_TEMPORAL_PORT, KEHOACH_WEB_PORT); the others are free ones. */
  frontendPort?: number | undefined;
  webPort?: number | undefined;
  /** One line for people (the console). */
  say: (line: string) => void;
}

export interface Cluster {
  state(): ClusterState;
  /** Settles with the exit code once the cluster has stopped: 0 when asked to, 1 when it failed. */
  done: Promise<number>;
  /** Stops every part in order (web, workers, server, PostgreSQL). */
  stop(why?: string): Promise<void>;
}

interface Provisioned {
  server: string;
  sql: string;
  module: string;
}

async function provisionServer(say: (line: string) => void): Promise<Provisioned> {
  const child = execFile('bash', [PROVISION], { maxBuffer: 1 << 20, timeout: 30 * 60_000 });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (/^(Building|Built|Could not|Go is)/.test(line)) say(line);
  });
  const stdout = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    // 'close', not 'exit': at exit the last of the output may still be in the pipe.
    child.once('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new SetupError(err.trim().split('\n').slice(-12).join('\n') || 'Could not build the Temporal server.'),
          ),
    );
  });
  const value = (key: string): string => {
    const line = stdout.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) throw new SetupError(`scripts/provision-temporal-server.sh did not say where the ${key} is.`);
    return line.slice(key.length + 1);
  };
  return { server: value('server'), sql: value('sql'), module: value('module') };
}

/**
 * Free ports for every listener. Temporal stores each service's membership port in a SMALLINT
 * column (cluster_membership.rpc_port), so those must be below 32768, where the kernel's own
 * choice of a free port never is: they are picked at random in 20000–32767 and probed.
 */
async function choosePorts(opts: ClusterOptions): Promise<ClusterPorts> {
  const ports = {} as ClusterPorts;
  const taken = new Set<number>();
  for (const name of PORT_NAMES) {
    const fixed = name === 'frontend' ? opts.frontendPort : name === 'web' ? opts.webPort : undefined;
    if (fixed !== undefined) {
      await assertPortFree(
        '127.0.0.1',
        fixed,
        name === 'web' ? 'Kehoach web, KEHOACH_WEB_PORT' : 'Temporal frontend, KEHOACH_TEMPORAL_PORT',
      );
      ports[name] = fixed;
      taken.add(fixed);
      continue;
    }
    const low = name.endsWith('Membership');
    let port = low ? await freeLowPort() : await freePort();
    while (taken.has(port)) port = low ? await freeLowPort() : await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}

async function freeLowPort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    try {
      await assertPortFree('127.0.0.1', port, 'membership');
      return port;
    } catch {
      // taken: try another
    }
  }
  throw new SetupError("No free port between 20000 and 32767 for the Temporal services' membership.");
}

/** Whether a Temporal frontend answers at `address` (to a client with the cluster's certificate). */
async function answers(address: string, tls: TLSConfig): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, tls, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * The namespace Kehoach runs in, registered on first start (auto-setup registers `default` the
 * same way, with the retention in docker-compose.yml), and Kehoach's search attributes on it.
 */
async function prepareNamespace(address: string, tls: TLSConfig): Promise<void> {
  const client = await connectClient({ address, namespace: NAMESPACE, options: { address, tls } });
  try {
    try {
      await client.connection.workflowService.registerNamespace({
        namespace: NAMESPACE,
        workflowExecutionRetentionPeriod: msToTs(NAMESPACE_RETENTION_HOURS * 3_600_000),
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw err;
    }
    // The frontend learns of a new namespace from its cache a few seconds later.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await ensureSearchAttributes(client);
        await client.workflow.count();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await client.connection.close();
  }
}

/** Starts the cluster; resolves once every part is ready (or rejects, having stopped what started). */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const { say } = opts;
  const dir = clusterDir(opts.dataDir);
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const startedAt = new Date().toISOString();
  const running = new Map<string, { part: RunningPart; restarts: number; spec: PartSpec }>();
  let stopping = false;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));
  let state: ClusterState | undefined;

  const writeState = (s: ClusterState['state']): void => {
    if (!state) return;
    state = {
      ...state,
      state: s,
      parts: [...running.entries()].map(([key, r]) => ({
        key,
        name: r.spec.name,
        pid: r.part.pid,
        log: r.spec.logFile,
        restarts: r.restarts,
        startedAt: new Date(r.part.startedAt).toISOString(),
      })),
    };
    const path = clusterStatePath(opts.dataDir);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  };

  /** Order matters: stop() goes through the parts in the reverse of their start. */
  const order: string[] = [];
  const stopAll = async (): Promise<void> => {
    for (const key of [...order].reverse()) await running.get(key)?.part.stop();
  };

  const stop = async (why?: string, code = 0): Promise<void> => {
    if (stopping) return done.then(() => undefined);
    stopping = true;
    if (why) say(why);
    writeState('stopping');
    removeEngineFile({ ...process.env, KEHOACH_DATA_DIR: opts.dataDir });
    // Web first, then the workers together, then the server, then PostgreSQL.
    const keys = [...order].reverse();
    const web: string[] = keys.filter((k) => k === 'web');
    const workers = keys.filter((k) => k.startsWith('worker-'));
    const rest = keys.filter((k) => !web.includes(k) && !workers.includes(k));
    for (const group of [web, workers, ...rest.map((k) => [k])]) {
      await Promise.all(group.map((k) => running.get(k)?.part.stop() ?? Promise.resolve()));
    }
    resolveDone(code);
  };

  /** Runs a part and restarts it whenever it ends while the cluster runs. */
  const supervise = async (key: string, spec: PartSpec, timeoutMs?: number): Promise<void> => {
    order.push(key);
    const part = await startPart(spec, timeoutMs);
    running.set(key, { part, restarts: 0, spec });
    let quickEnds = 0;
    const watch = (p: RunningPart): void => {
      void p.exited.then(async ({ code, signal }) => {
        if (stopping) return;
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        const quick = Date.now() - p.startedAt < CRASH_LOOP.withinMs;
        quickEnds = quick ? quickEnds + 1 : 0;
        if (quickEnds >= CRASH_LOOP.times) {
          await stop(
            `${spec.name} ended ${quickEnds} times within seconds of starting (${how}; its log: ${spec.logFile}). Stopping the cluster.`,
            1,
          );
          return;
        }
        say(`${spec.name} (pid ${p.pid}) ended unexpectedly (${how}); restarting it. Its log: ${spec.logFile}`);
        await new Promise((r) => setTimeout(r, 1000));
        if (stopping) return;
        try {
          const next = await startPart(spec, timeoutMs);
          const entry = running.get(key);
          if (!entry) return;
          entry.part = next;
          entry.restarts += 1;
          if (stopping) {
            await next.stop();
            return;
          }
          writeState(state?.state ?? 'running');
          say(`${spec.name} is back (pid ${next.pid}).`);
          watch(next);
        } catch (err) {
          await stop(
            `${spec.name} could not be restarted: ${(err as Error).message.split('\n')[0]} Stopping the cluster.`,
            1,
          );
        }
      });
    };
    watch(part);
  };

  try {
    const bundlePath = join(dir, 'workflows.js');
    // The workflow bundle is built once here for both workers (and their restarts), while the rest starts.
    const workerCount = opts.workers ?? 2;
    const bundled =
      workerCount > 0
        ? bundleKehoachWorkflows(quietLogger).then((code) => writeFileSync(bundlePath, code))
        : Promise.resolve();
    bundled.catch(() => undefined);
    const [pg, bin, tlsFiles] = await Promise.all([
      findPostgres(),
      provisionServer(say),
      ensureClusterTls(opts.dataDir, say),
    ]);
    const clientTls = {
      caCert: tlsFiles.caCert,
      clientCert: tlsFiles.clientCert,
      clientKey: tlsFiles.clientKey,
      serverName: tlsFiles.serverName,
    };
    const tlsEnv = clientTlsEnv(clientTls);
    const tls = tlsOptions(tlsEnv);
    if (!tls) throw new SetupError(`The cluster's TLS files in ${tlsFiles.dir} could not be read.`);
    const ports = await choosePorts(opts);
    const pgDir = join(dir, 'postgres');
    if (await initCluster(pg, pgDir)) say(`PostgreSQL ${pg.version}: made a new database cluster in ${pgDir}`);
    await supervise('postgres', postgresPart(pg, pgDir, ports.postgres, join(logs, 'postgres.log')));
    const schema = await applySchema(pg, bin.sql, bin.module, ports.postgres);
    say(
      `PostgreSQL ${pg.version} on 127.0.0.1:${ports.postgres} (data in ${pgDir}); Temporal schema ${schema.created.length ? `created (${schema.created.join(', ')})` : 'up to date'}`,
    );

    const configDir = join(dir, 'config');
    mkdirSync(configDir, { recursive: true });
    const dynamicPath = join(configDir, 'dynamicconfig.yaml');
    writeFileSync(dynamicPath, dynamicConfig(readFileSync(join(bin.module, DYNAMIC_CONFIG_TEMPLATE), 'utf8'), ports));
    writeFileSync(
      join(configDir, 'kehoach.yaml'),
      serverConfig(readFileSync(join(bin.module, CONFIG_TEMPLATE), 'utf8'), ports, dynamicPath, tlsFiles),
    );
    const address = `127.0.0.1:${ports.frontend}`;
    await supervise(
      'temporal',
      {
        name: `Temporal server ${TEMPORAL_SERVER_VERSION}`,
        command: bin.server,
        args: ['--root', dir, '--config', 'config', '--env', 'kehoach', '--allow-no-auth', 'start'],
        logFile: join(logs, 'temporal.log'),
        stopSignal: 'SIGTERM',
        ready: () => answers(address, tls),
      },
      180_000,
    );
    await prepareNamespace(address, tls);
    say(`Temporal server ${TEMPORAL_SERVER_VERSION} on ${address} (namespace ${NAMESPACE}; mutual TLS)`);

    await bundled;
    const tsx = (entry: string): Pick<PartSpec, 'command' | 'args' | 'cwd'> => ({
      command: process.execPath,
      args: ['--import', 'tsx', entry],
      cwd: REPO,
    });
    await Promise.all(
      Array.from({ length: workerCount }, (_, i) =>
        supervise(`worker-${i + 1}`, {
          name: `worker ${i + 1}`,
          ...tsx('scripts/worker.ts'),
          env: {
            ...process.env,
            ...workerEnv(address, clientTls),
            KEHOACH_DATA_DIR: opts.dataDir,
            // The record that outlives retention: the workers and the web share one archive
            // (the caller's S3 settings, when it gives them, take its place).
            ...(process.env.KEHOACH_ARCHIVE_S3_ENDPOINT ? {} : { KEHOACH_ARCHIVE_DIR: join(opts.dataDir, 'archive') }),
            KEHOACH_WORKFLOW_BUNDLE: bundlePath,
          },
          logFile: join(logs, `worker-${i + 1}.log`),
          stopSignal: 'SIGTERM',
          ready: /Kehoach worker polling/,
        }),
      ),
    );
    if (opts.web !== false) {
      const token = workspaceToken({ ...process.env, KEHOACH_DATA_DIR: opts.dataDir });
      await supervise('web', {
        name: 'web',
        ...tsx('web/main.ts'),
        env: {
          ...process.env,
          ...webEnv(address, clientTls, ports.web, opts.dataDir),
          ...(process.env.KEHOACH_ARCHIVE_S3_ENDPOINT ? {} : { KEHOACH_ARCHIVE_DIR: join(opts.dataDir, 'archive') }),
          KEHOACH_WORKSPACE_TOKEN: token,
        },
        logFile: join(logs, 'web.log'),
        stopSignal: 'SIGTERM',
        ready: /Kehoach web: /,
      });
    }
    const webUrl = opts.web === false ? null : `http://127.0.0.1:${ports.web}`;
    state = {
      pid: process.pid,
      state: 'starting',
      startedAt,
      temporal: { address, namespace: NAMESPACE, version: TEMPORAL_SERVER_VERSION, tls: clientTls },
      web: webUrl,
      postgres: { address: `127.0.0.1:${ports.postgres}`, version: pg.version, dataDir: pgDir },
      ports: { ...ports },
      parts: [],
    };
    if (stopping) throw new SetupError('The cluster stopped while it was starting.');
    writeState('running');
    writeEngineFile(
      { temporal: { address, namespace: NAMESPACE, tls: tlsEnv }, web: webUrl, ui: null, db: null },
      { ...process.env, KEHOACH_DATA_DIR: opts.dataDir },
    );
  } catch (err) {
    stopping = true;
    await stopAll();
    throw err;
  }
  return {
    state: () => state as ClusterState,
    done,
    stop: (why) => stop(why),
  };
}

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

/** Ends the running cluster's supervisor (SIGTERM) and waits until it is gone. */
export async function stopRunningCluster(dataDir: string, timeoutMs = 90_000): Promise<'stopped' | 'none'> {
  const state = readClusterState(dataDir);
  if (!state || !alive(state.pid)) return 'none';
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(state.pid)) {
    if (Date.now() > deadline) {
      throw new SetupError(`The cluster (pid ${state.pid}) did not stop within ${timeoutMs / 1000} s.`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return 'stopped';
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
