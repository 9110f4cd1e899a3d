/**
 * `npm run cluster -- up|down|status`: the production topology (PostgreSQL, the Temporal server
 * v1.29.1, two workers, the web) on this machine without Docker (engine/cluster.ts).
 *
 *   up        starts it and stays in the foreground; Ctrl-C, SIGTERM, `down` from another
 *             terminal, or the end of the command that started it stops every part in order.
 *   up --detach  the same in the background (its own log: <data>/cluster/logs/cluster.log);
 *             returns once the cluster is ready.
 *   down      stops the running cluster.
 *   status    what runs, where, and how often each part was restarted (exit code 3 when none runs).
 *   certs     makes the cluster's TLS certificates (a CA of its own, the server's, the clients') if
 *             they are not there yet, and says where they are; `up` does the same at its start.
 *             KEHOACH_TLS_OWNER=<uid> gives the files to that user (compose: the Temporal images' user).
 */
import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../client/engine-file';
import {
  alive,
  clusterDir,
  readClusterState,
  startCluster,
  stopRunningCluster,
  type ClusterState,
} from '../engine/cluster';
import { ensureClusterTls } from '../engine/cluster-tls';
import { SetupError } from '../engine/dev-server';
import { watchAncestors } from '../engine/lifeline';

const USAGE = 'Usage: npm run cluster -- up [--detach] | down | status | certs';

function portFrom(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SetupError(`${name} must be a port number (1–65535), not "${raw}".`);
  }
  return port;
}

function describe(state: ClusterState): string {
  const lines = [
    `Kehoach cluster (pid ${state.pid}, ${state.state} since ${state.startedAt})`,
    `  Temporal ${state.temporal.version}: ${state.temporal.address} (namespace ${state.temporal.namespace})`,
    `  PostgreSQL ${state.postgres.version}: ${state.postgres.address} (data in ${state.postgres.dataDir})`,
    state.web ? `  Kehoach web: ${state.web}` : '',
  ];
  const tls = state.temporal.tls;
  if (tls) {
    lines.push(
      `  Mutual TLS: a client needs the cluster's certificate (CA ${tls.caCert}, certificate ${tls.clientCert}, key ${tls.clientKey}).`,
      `  The temporal CLI: temporal workflow list --address ${state.temporal.address} --tls-ca-path ${tls.caCert} --tls-cert-path ${tls.clientCert} --tls-key-path ${tls.clientKey} --tls-server-name ${tls.serverName}`,
    );
  }
  for (const p of state.parts) {
    const restarts = p.restarts ? `, restarted ${p.restarts}×` : '';
    lines.push(
      `  ${p.name.padEnd(24)} pid ${String(p.pid).padEnd(8)}${alive(p.pid) ? 'running' : 'gone'}${restarts}  log: ${p.log}`,
    );
  }
  return lines.filter(Boolean).join('\n');
}

async function up(): Promise<number> {
  const dir = dataDir();
  const running = readClusterState(dir);
  if (running && alive(running.pid)) {
    console.error(`A cluster already runs from ${dir} (pid ${running.pid}): npm run cluster -- status, or down.`);
    return 1;
  }
  const cluster = await startCluster({
    dataDir: dir,
    frontendPort: portFrom('KEHOACH_TEMPORAL_PORT'),
    webPort: portFrom('KEHOACH_WEB_PORT'),
    say: (line) => console.log(line),
  });
  const onSignal = (): void => void cluster.stop('Stopping the cluster...');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const unwatch = watchAncestors(
    (pid) => void cluster.stop(`The command that started the cluster ended (process ${pid}). Stopping.`),
  );
  console.log(
    [
      '',
      describe(cluster.state()),
      `Addresses for other commands (the CLI, the demo, link issue): ${join(dir, 'engine.json')}`,
      'Next: npm run demo · npx kehoach status <conference> · npm run cluster -- status',
      'Ctrl-C (or npm run cluster -- down) stops the web, the workers, the server and PostgreSQL, in that order.',
    ].join('\n'),
  );
  const code = await cluster.done;
  unwatch();
  console.log(code === 0 ? 'Cluster stopped.' : 'Cluster stopped after a failure.');
  return code;
}

/** Starts `up` in the background and returns once it is running (or has failed). */
async function upDetached(): Promise<number> {
  const dir = dataDir();
  const logDir = join(clusterDir(dir), 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'cluster.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? 'scripts/cluster.ts', 'up'], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  const pid = child.pid ?? 0;
  console.log(`Starting the cluster in the background (pid ${pid}; its log: ${logFile})...`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const state = readClusterState(dir);
    if (state?.pid === pid && state.state === 'running') {
      console.log(describe(state));
      console.log('npm run cluster -- down stops it.');
      return 0;
    }
    if (!alive(pid)) {
      console.error(`The cluster did not start; see ${logFile}.`);
      return 1;
    }
  }
}

function status(): number {
  const state = readClusterState(dataDir());
  if (!state || !alive(state.pid)) {
    console.log('No cluster is running.');
    return 3;
  }
  console.log(describe(state));
  return 0;
}

async function certs(): Promise<number> {
  const files = await ensureClusterTls(dataDir(), (line) => console.log(line));
  const owner = process.env.KEHOACH_TLS_OWNER;
  if (owner) {
    const uid = Number(owner);
    if (!Number.isInteger(uid) || uid < 0)
      throw new SetupError(`KEHOACH_TLS_OWNER must be a user id (a number), not "${owner}".`);
    chownSync(files.dir, uid, uid);
    for (const name of readdirSync(files.dir)) chownSync(`${files.dir}/${name}`, uid, uid);
  }
  console.log(`The cluster's TLS files: ${files.dir} (ca.pem, server.pem/.key, client.pem/.key; ca.key stays here).`);
  return 0;
}

async function down(): Promise<number> {
  const dir = dataDir();
  const state = readClusterState(dir);
  if (state && alive(state.pid)) console.log(`Stopping the cluster (pid ${state.pid})...`);
  const result = await stopRunningCluster(dir);
  console.log(result === 'none' ? 'No cluster is running.' : 'Cluster stopped.');
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'up' && rest.length === 0) return up();
  if (command === 'up' && rest.length === 1 && rest[0] === '--detach') return upDetached();
  if (command === 'down' && rest.length === 0) return down();
  if (command === 'status' && rest.length === 0) return status();
  if (command === 'certs' && rest.length === 0) return certs();
  console.error(command ? `Unknown command "${[command, ...rest].join(' ')}". ${USAGE}` : USAGE);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof SetupError ? err.message : err);
    process.exit(1);
  },
);
