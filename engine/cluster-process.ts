/**
 * One process of the local cluster (PostgreSQL, the Temporal server, a worker, the web), run
 * under a guard that ends it when the cluster's own process ends, however that ends (SIGKILL
 * included), and logged to a file of its own. The guard is the one in engine/dev-server.ts,
 * with the stop signal each program wants (PostgreSQL shuts down fast on SIGINT; the others on
 * SIGTERM) and the real process's pid reported, so that `cluster status` and the cluster suite
 * see the program itself, not its guard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { SetupError } from './dev-server';

export interface PartSpec {
  /** Shown to people: "PostgreSQL", "Temporal server", "worker 1", "web". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  stopSignal: 'SIGTERM' | 'SIGINT';
  /** A line of the program's output that says it is ready, or a probe that answers true once it is. */
  ready: RegExp | (() => Promise<boolean>);
}

export interface RunningPart {
  spec: PartSpec;
  /** The program's pid (not the guard's). */
  pid: number;
  startedAt: number;
  /** Settles once the program has ended: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Stops the program with its stop signal; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Raised when a part could not start; its message names the part and its log. */
export class PartStartError extends SetupError {}

/**
 * Runs "$@" with stdin from /dev/null, reports its pid on fd 3, and stops it with the signal in
 * $STOP when our end of the guard's stdin closes (we close it to stop the part; the kernel closes
 * it when we die). Exits with the program's status, 128+n for a signal, as shells do.
 */
const GUARD = [
  'exec 4<&0',
  '"$@" </dev/null 3>&- 4<&- & child=$!',
  'echo "$child" >&3',
  'exec 3>&-',
  '{ while read -r -u 4 _; do :; done; kill -"$STOP" "$child" 2>/dev/null; } & watcher=$!',
  'exec 4<&-',
  'wait "$child"; status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

/**
 * Starts a part and resolves once it is ready (or rejects when it ends first or takes too long).
 * The program writes straight into its log file, so nothing it says is lost, and nothing it
 * writes can fail, when the cluster's process is gone.
 */
export async function startPart(spec: PartSpec, timeoutMs = 120_000): Promise<RunningPart> {
  appendFileSync(
    spec.logFile,
    `--- ${new Date().toISOString()} starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`,
  );
  const from = statSync(spec.logFile).size;
  const out = openSync(spec.logFile, 'a');
  const child = spawn('bash', ['-c', GUARD, 'kehoach-cluster-guard', spec.command, ...spec.args], {
    stdio: ['pipe', out, out, 'pipe'],
    env: { ...(spec.env ?? process.env), STOP: spec.stopSignal.slice(3) },
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
    // Its own process group: Ctrl-C reaches the cluster first, which stops the parts in order.
    detached: true,
  });
  closeSync(out);
  const startedAt = Date.now();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      // The guard exits with 128+n when the program was killed by signal n.
      const bySignal = code !== null && code > 128 ? signalName(code - 128) : null;
      appendFileSync(
        spec.logFile,
        `--- ${new Date().toISOString()} ${spec.name} ended (${bySignal ?? `exit code ${code}`})\n`,
      );
      resolve({ code: bySignal ? null : code, signal: bySignal ?? signal });
    }),
  );
  const pid = await readPid(child.stdio[3] as Readable);
  // From the byte where this start's output begins (the log holds Vietnamese: bytes, not characters).
  const said = (): string => readFileSync(spec.logFile).subarray(from).toString('utf8');
  const { ready } = spec;
  const probe = ready instanceof RegExp ? () => Promise.resolve(ready.test(said())) : ready;

  const stop = async (graceMs = 20_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => killGroup(child), graceMs);
    await exited;
    clearTimeout(timer);
  };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    poll(probe, exited).then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await stop(2_000);
    const tail = said().trimEnd().split('\n').slice(-15).join('\n');
    throw new PartStartError(
      `${spec.name} did not start (${outcome === 'timeout' ? `not ready within ${timeoutMs / 1000} s` : 'it ended'}); its log: ${spec.logFile}\n${tail}`,
    );
  }
  return { spec, pid, startedAt, exited, stop };
}

function readPid(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.once('end', () => {
      const pid = Number(text.trim());
      if (Number.isInteger(pid) && pid > 0) resolve(pid);
      else reject(new PartStartError(`The guard did not report a pid (got "${text.trim()}").`));
    });
  });
}

/** Resolves once `probe` answers true, looking every 250 ms until the program ends. */
async function poll(probe: () => Promise<boolean>, exited: Promise<unknown>): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  while (!ended) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise(() => undefined); // the race in startPart reports the end
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  6: 'SIGABRT',
  9: 'SIGKILL',
  15: 'SIGTERM',
};
function signalName(n: number): string {
  return SIGNALS[n] ?? `signal ${n}`;
}
