/**
 * `npm start` and the processes it starts end together, whatever ends first (issue: SIGTERM to
 * npm left the worker, the web and the server running; SIGKILL of node left the dev server on its
 * ports; a dead server left npm start retrying forever). Each case runs the real `npm start` on
 * free ports with a data folder of its own, and the CLI finds it through data/engine.json.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../engine/dev-server';
import { eventually } from '../helpers/temporal';

interface Started {
  npm: ChildProcess;
  dataDir: string;
  ports: { temporal: number; ui: number; web: number };
  out: () => string;
  exit: Promise<number | null>;
}

const started: Started[] = [];

/** The pids whose command line holds `text` (from /proc: no `ps` output to parse). */
function pidsWith(text: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return cmd.includes(text) ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

/** The processes of a process group (npm's: npm, sh, tsx, node). */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const text = readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && fields[0] !== 'Z' ? [Number(d)] : [];
      } catch {
        return [];
      }
    });
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function npmStart(script = 'start', ready = 'Kehoach is running'): Promise<Started> {
  const ports = { temporal: await freePort(), ui: await freePort(), web: await freePort() };
  const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-processes-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KEHOACH_DATA_DIR: dataDir,
    KEHOACH_TEMPORAL_PORT: String(ports.temporal),
    KEHOACH_UI_PORT: String(ports.ui),
    KEHOACH_WEB_PORT: String(ports.web),
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.TEMPORAL_PROFILE;
  // Its own process group, as a terminal gives it: the group is how we find what it started.
  const npm = spawn('npm', ['run', script], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  npm.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exit = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  const s: Started = { npm, dataDir, ports, out: () => output, exit };
  started.push(s);
  await eventually(() => (output.includes(ready) ? true : undefined), `npm run ${script} to be up`, 120_000);
  return s;
}

/** Nothing of it is left: npm's group is empty, no dev server on its port, the ports are closed. */
async function allGone(s: Started): Promise<void> {
  const pgid = s.npm.pid ?? 0;
  await eventually(
    async () => {
      if (groupMembers(pgid).length > 0) return undefined;
      if (pidsWith(`--port ${s.ports.temporal} `).length > 0) return undefined;
      if ((await listening(s.ports.web)) || (await listening(s.ports.temporal))) return undefined;
      return true;
    },
    'every process of npm start to end',
    30_000,
  );
  expect(existsSync(join(s.dataDir, 'engine.json'))).toBe(false);
}

afterEach(() => {
  // Whatever a failed case left behind.
  for (const s of started.splice(0)) {
    try {
      process.kill(-(s.npm.pid ?? 0), 'SIGKILL');
    } catch {
      // gone already
    }
    for (const pid of pidsWith(`--port ${s.ports.temporal} `)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
});

describe('npm start and its processes end together', () => {
  it('SIGTERM to npm stops the worker, the web and the dev server; the CLI found the engine through engine.json', async () => {
    const s = await npmStart();
    const engine = JSON.parse(readFileSync(join(s.dataDir, 'engine.json'), 'utf8')) as {
      temporal: { address: string };
      web: string;
    };
    expect(engine.temporal.address).toBe(`127.0.0.1:${s.ports.temporal}`);
    expect(engine.web).toBe(`http://127.0.0.1:${s.ports.web}`);
    // A later command with no address of its own reaches this engine, not 7233.
    const listed = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, KEHOACH_DATA_DIR: s.dataDir };
      delete env.TEMPORAL_ADDRESS;
      execFile(process.execPath, ['bin/kehoach.mjs', 'list', '--json'], { env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);

    process.kill(s.npm.pid ?? 0, 'SIGTERM');
    await allGone(s);
    expect(s.out()).toContain('Stopped.');
  });

  it('SIGKILL of the node process running it: the dev server does not outlive it', async () => {
    const s = await npmStart();
    const node = pidsWith('scripts/start.ts').filter((pid) => groupMembers(s.npm.pid ?? 0).includes(pid));
    expect(node.length).toBeGreaterThan(0);
    expect(pidsWith(`--port ${s.ports.temporal} `).length).toBeGreaterThan(0);
    for (const pid of node) process.kill(pid, 'SIGKILL');
    await eventually(
      async () =>
        pidsWith(`--port ${s.ports.temporal} `).length === 0 && !(await listening(s.ports.temporal)) ? true : undefined,
      'the dev server to stop',
      20_000,
    );
    process.kill(-(s.npm.pid ?? 0), 'SIGTERM');
  });

  it('npm run temporal runs the dev server alone, tells the CLI where it is, and ends with npm', async () => {
    const s = await npmStart('temporal', 'Addresses for other commands');
    const engine = JSON.parse(readFileSync(join(s.dataDir, 'engine.json'), 'utf8')) as { web: string | null };
    expect(engine.web).toBeNull();
    expect(await listening(s.ports.temporal)).toBe(true);
    expect(await listening(s.ports.web)).toBe(false);
    process.kill(s.npm.pid ?? 0, 'SIGTERM');
    await allGone(s);
  });

  it('the dev server dies: one sentence says so, the rest stops, exit code 1', async () => {
    const s = await npmStart();
    // The server itself, not its guard (a shell whose command line holds the same words).
    const binary = pidsWith(`--port ${s.ports.temporal} `).filter(
      (pid) => !readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('bash'),
    );
    expect(binary).toHaveLength(1);
    process.kill(binary[0] ?? 0, 'SIGKILL');
    expect(await s.exit).not.toBe(0);
    const sentences = s
      .out()
      .split('\n')
      .filter((l) => l.startsWith('The Temporal dev server stopped unexpectedly'));
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toContain('Stopping Kehoach.');
    await allGone(s);
  });
});
