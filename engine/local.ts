/**
 * The local engine, composed in one place: which Temporal to use (the one the user configured,
 * one already running, or a dev server of our own), Kehoach's search attributes on it, a client
 * and a worker, stopped together in the reverse order. `npm start`, the demo, the bench and the
 * tests each used to repeat this sequence; they now differ only in the options they pass.
 */
import { Connection, type Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import {
  connectClient,
  connectWorker,
  temporalSettings,
  usesExternalTemporal,
  type TemporalSettings,
} from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes';
import { createKehoachWorker, type KehoachWorkerOptions } from '../worker/create-worker';
import { freePort, startDevServer, type DevServer, type DevServerOptions } from './dev-server';

export interface LocalTemporalOptions {
  /** A Temporal the caller names (the tests' KEHOACH_TEST_TEMPORAL_ADDRESS): nothing is started. */
  address?: string;
  /**
   * Honour TEMPORAL_ADDRESS / TEMPORAL_PROFILE, starting nothing when they are set (`npm start`,
   * the demo). The bench and the tests leave it off: their figures and fixtures need a server of
   * their own whatever the shell says.
   */
  environment?: boolean;
  /** Before starting a server, use one that already answers at the configured address (the demo beside `npm start`). */
  reuseRunning?: boolean;
  /** Namespace for the settings; by default the environment's, else `default`. */
  namespace?: string;
  /**
   * The dev server to start, called only when one is needed (so `npm start` prepares its data
   * folder and says what it does only then). Default: in memory, headless, on a free port.
   */
  devServer?: () => DevServerOptions | Promise<DevServerOptions>;
}

export interface LocalTemporal {
  settings: TemporalSettings;
  /** The dev server started here; undefined when the Temporal is someone else's. */
  server: DevServer | undefined;
  /** Stops the dev server if one was started here; leaves any other Temporal alone. */
  stop(): Promise<void>;
}

/** Finds or starts the Temporal the engine runs on. Raises SetupError for what the user can fix. */
export async function startLocalTemporal(opts: LocalTemporalOptions = {}): Promise<LocalTemporal> {
  const settingsAt = (address?: string): TemporalSettings =>
    temporalSettings({
      ...(address !== undefined ? { address } : {}),
      ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    });
  const theirs = (settings: TemporalSettings): LocalTemporal => ({
    settings,
    server: undefined,
    stop: () => Promise.resolve(),
  });
  if (opts.address !== undefined) return theirs(settingsAt(opts.address));
  if (opts.environment && usesExternalTemporal()) return theirs(settingsAt());
  if (opts.reuseRunning) {
    const configured = settingsAt();
    if (await answers(configured.address)) return theirs(configured);
  }
  const server = await startDevServer(await (opts.devServer ?? inMemoryDevServer)());
  return { settings: settingsAt(server.address), server, stop: () => server.stop() };
}

async function inMemoryDevServer(): Promise<DevServerOptions> {
  return { port: await freePort() };
}

/** Whether a Temporal answers at `address` within a second. */
async function answers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

/** A worker's options as its caller chooses them; the connection and namespace come from the engine. */
export type EngineWorkerOptions = Omit<KehoachWorkerOptions, 'connection' | 'namespace'>;

export interface EngineOptions {
  /** The worker to run in this process; false for none (the bench runs its worker in a process of its own). */
  worker?: EngineWorkerOptions | false;
}

export interface EngineConnection {
  /** A client on the engine's namespace, open until close(). */
  client: Client;
  /** Search attributes this start registered (none when they were all there). */
  addedSearchAttributes: string[];
  /** Undefined when started with `worker: false`. */
  worker: Worker | undefined;
  /**
   * Runs the worker (once; later calls return the same promise). It resolves when the worker
   * has shut down: on SIGINT/SIGTERM, which the SDK handles, or on close().
   */
  run(): Promise<void>;
  /** Shuts the worker down and closes the connections; the Temporal itself stays up. */
  close(): Promise<void>;
}

/** Connects to the engine's Temporal, registers the search attributes and builds the worker. */
export async function connectEngine(settings: TemporalSettings, opts: EngineOptions = {}): Promise<EngineConnection> {
  const client = await connectClient(settings);
  let workerConnection: NativeConnection | undefined;
  let worker: Worker | undefined;
  try {
    const addedSearchAttributes = await ensureSearchAttributes(client);
    if (opts.worker !== false) {
      workerConnection = await connectWorker(settings);
      worker = await createKehoachWorker({
        ...opts.worker,
        connection: workerConnection,
        namespace: settings.namespace,
      });
    }
    const w = worker;
    let running: RunningWorker | undefined;
    return {
      client,
      addedSearchAttributes,
      worker,
      run() {
        if (!w) return Promise.resolve();
        running ??= runWorker(w);
        return running.done;
      },
      async close() {
        try {
          // A worker holds its connection until it has run; one that never ran runs for no time.
          if (w && !running) await w.runUntil(Promise.resolve());
          await running?.stop();
        } finally {
          await workerConnection?.close();
          await client.connection.close();
        }
      },
    };
  } catch (err) {
    await workerConnection?.close().catch(() => undefined);
    await client.connection.close().catch(() => undefined);
    throw err;
  }
}

export interface LocalEngine extends EngineConnection {
  settings: TemporalSettings;
  server: DevServer | undefined;
  /** close(), then the dev server if one was started. */
  stop(): Promise<void>;
}

/** startLocalTemporal and connectEngine in one step; on a failure midway, what started is stopped. */
export async function startLocalEngine(opts: LocalTemporalOptions & EngineOptions = {}): Promise<LocalEngine> {
  const temporal = await startLocalTemporal(opts);
  let engine: EngineConnection;
  try {
    engine = await connectEngine(temporal.settings, opts);
  } catch (err) {
    await temporal.stop();
    throw err;
  }
  return {
    ...engine,
    settings: temporal.settings,
    server: temporal.server,
    async stop() {
      try {
        await engine.close();
      } finally {
        await temporal.stop();
      }
    },
  };
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped (rejects if it failed). */
  done: Promise<void>;
  /** Shuts the worker down if it still runs, and waits until it has. */
  stop(): Promise<void>;
}

/** Starts `worker.run()` and keeps the one way to stop it that works in every state. */
export function runWorker(worker: Worker): RunningWorker {
  const done = worker.run();
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
