/**
 * Starts and stops the embedded Temporal dev server (`temporal server start-dev`), so that
 * Kehoach runs on one laptop with no setup; engine/local.ts decides when one is needed. The CLI
 * comes from scripts/provision-temporal.sh, which `npm install` also runs.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';

const provisionScript = fileURLToPath(new URL('../scripts/provision-temporal.sh', import.meta.url));

/** Raised for situations the user can fix (a taken port, no CLI); printed without a stack. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** Path of a working `temporal` binary, building it on first use. */
export async function provisionTemporalCli(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('bash', [provisionScript], {
      maxBuffer: 1 << 20,
      timeout: 30 * 60_000,
    });
    return stdout.trim().split('\n').pop() ?? '';
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new SetupError(stderr.trim() || 'Could not find or build the Temporal CLI.', { cause: err });
  }
}

/** Resolves when nothing listens on host:port, throws SetupError naming the port otherwise. */
export async function assertPortFree(host: string, port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new SetupError(
              `Port ${port} (${what}) is already in use. Stop whatever listens there (another "npm start"?) or choose other ports (KEHOACH_TEMPORAL_PORT, KEHOACH_UI_PORT, KEHOACH_WEB_PORT).`,
            )
          : err,
      );
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A free TCP port on loopback, for servers started by tests and benchmarks. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface DevServerOptions {
  port: number;
  /** Web UI port; omit for a headless server. */
  uiPort?: number;
  /** SQLite file keeping workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  namespace?: string;
  /** Where the server's own log goes; by default it is discarded. */
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  /** Settles with the exit code when the server has ended (stopped by us, or on its own). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the dev server and resolves once it answers gRPC health checks. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const host = '127.0.0.1';
  await assertPortFree(host, opts.port, 'Temporal gRPC');
  if (opts.uiPort !== undefined) await assertPortFree(host, opts.uiPort, 'Temporal Web UI');
  const cli = await provisionTemporalCli();
  const args = ['server', 'start-dev', '--ip', host, '--port', String(opts.port), '--log-level', 'error'];
  args.push(...(opts.uiPort !== undefined ? ['--ui-port', String(opts.uiPort)] : ['--headless']));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.namespace && opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  // Keep the server out of the caller's process group, so Ctrl-C reaches us first and we stop it in
  // order; and under a guard that ends it when we end, however we end (see GUARD).
  const child = spawn('bash', ['-c', GUARD, 'kehoach-temporal-guard', cli, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      opts.log?.(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const address = `${host}:${opts.port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Detached, the server would outlive a caller that dies without calling stop() (an uncaught
  // error, process.exit): end it with us. A SQLite server gets SIGTERM, so its file stays sound.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.stdin.end();
  };
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Closing the guard's stdin is our end as the guard sees it: it stops the server with SIGTERM.
    child.stdin.end();
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new SetupError(`The Temporal dev server exited (code ${child.exitCode}):\n${output.join('\n')}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: opts.namespace ?? 'default' });
        break;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new SetupError(`The Temporal dev server did not become ready within 60 s:\n${output.join('\n')}`, {
          cause: err,
        });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    uiUrl: opts.uiPort !== undefined ? `http://localhost:${opts.uiPort}` : undefined,
    process: child,
    exited,
    stop,
  };
}

/**
 * Runs the server ("$@") and ends it when its stdin, a pipe from us, closes: when we close it to
 * stop the server, and when we end any other way, SIGKILL included, because the kernel closes our
 * end of the pipe then. The server gets SIGTERM, so a SQLite file stays sound; the guard exits
 * with the server's status, so an unexpected end of the server reaches us as the child's exit.
 * (`read` is a shell builtin: killing the watcher leaves no process behind.)
 */
const GUARD = [
  'exec 3<&0',
  '"$@" </dev/null & server=$!',
  '{ while read -r -u 3 _; do :; done; kill -TERM "$server" 2>/dev/null; } & watcher=$!',
  'wait "$server"; status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
