/**
 * `npm start`: the whole app on one laptop. The local engine (engine/local.ts: the Temporal dev
 * server with its state in data/temporal.db unless TEMPORAL_ADDRESS or TEMPORAL_PROFILE points at
 * a Temporal of your own, the search attributes, the worker) plus the web service, which only
 * this entry point may join to it.
 *
 * Everything ends together: Ctrl-C or SIGTERM stops the worker, the web and the dev server in
 * order; so does the end of the command that started us (npm or tsx killed, engine/lifeline.ts);
 * if we are killed outright the dev server's guard stops it (engine/dev-server.ts); and if the
 * dev server dies, one sentence says so and everything else stops, exit code 1.
 *
 * Once up, it writes data/engine.json (client/engine-file.ts) so that every later command (the
 * CLI, the demo, `link issue`) finds this engine and its web at the ports chosen here.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { codecToken, dataDir, removeEngineFile, workspaceToken, writeEngineFile } from '../client/engine-file';
import { assertPortFree, SetupError, type DevServerOptions } from '../engine/dev-server';
import { watchAncestors } from '../engine/lifeline';
import { connectEngine, startLocalTemporal, type EngineConnection, type LocalTemporal } from '../engine/local';
import type { TemporalSettings } from '../client/connection';
import { docxToPdfIfPossible } from '../engine/pdf';
import { noticeDocuments } from '../present/documents/attachments';
import { openArchiver } from '../present/record';
import { openArchiveStore } from '../client/archive-store';
import {
  archiveStoreProblem,
  embeddedRetentionDays,
  checkedRetention,
  RetentionError,
  setNamespaceRetention,
} from '../client/retention';
import { startWebServer, type WebServer } from '../web/server';

/** How long an orderly stop may take before we leave anyway. */
const STOP_GRACE_MS = 15_000;

/**
 * One line per notice on the console: the activities' lines (each notice, each mail) as they are
 * said, warnings and errors in one line too; the worker's own chatter (states, the bundler) stays
 * out. `KEHOACH_LOG=debug` shows everything the SDK logs.
 */
function oneLine(entry: LogEntry): void {
  const component = (entry.meta as { sdkComponent?: string } | undefined)?.sdkComponent;
  if (entry.level === 'INFO' && component !== 'activity') return;
  const at = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString().slice(11, 19);
  const line = `${at} ${entry.level === 'INFO' ? '' : `${entry.level} `}${entry.message}`;
  if (entry.level === 'WARN' || entry.level === 'ERROR') console.error(line);
  else console.log(line);
}

/** The embedded dev server's options: its state and its log in the data folder, made only when it starts. */
function embeddedServer(dir: string, dbFile: string): DevServerOptions {
  mkdirSync(dir, { recursive: true });
  const serverLog = createWriteStream(join(dir, 'temporal-server.log'), { flags: 'a' });
  console.log('Starting the embedded Temporal dev server (state in %s)...', dbFile);
  return {
    port: Number(process.env.KEHOACH_TEMPORAL_PORT ?? 7233),
    uiPort: Number(process.env.KEHOACH_UI_PORT ?? 8233),
    dbFile,
    log: (line) => serverLog.write(`${line}\n`),
  };
}

/** What is running and where, said once everything is up. */
function readyText(up: {
  settings: TemporalSettings;
  web: string;
  workspace: string;
  ui: string | undefined;
  added: readonly string[];
  stored: number;
  retention: string;
  archive: string;
  engineFile: string;
  where: string;
}): string {
  return [
    '',
    `Kehoach is running. Temporal: ${up.settings.address} (namespace ${up.settings.namespace})`,
    `Kehoach web: ${up.web} (units open it with the access links the organizer gives them)`,
    `Plan workspace (organizer: import a plan document, start a conference): ${up.web}/w/${up.workspace}`,
    up.ui ? `Temporal Web UI: ${up.ui}` : '',
    up.added.length ? `Registered search attributes: ${up.added.join(', ')}` : 'Search attributes: registered',
    `Conferences stored: ${up.stored}`,
    `Retention: Temporal keeps a closed conference's history ${up.retention}; ` +
      `its signed record is archived when it closes, in ${up.archive}`,
    `Addresses for other commands: ${up.engineFile}`,
    '',
    'Next, in another terminal:',
    '  npx kehoach plan check plans/ke-hoach-hoi-nghi-tong-ket-2022.yaml',
    '  npm run demo            # a rehearsed seed conference with simulated units',
    '',
    `Ctrl-C stops the worker, the web and the server; the workflows stay in ${up.where}.`,
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
}

/**
 * What is running and how it ends: once, by whichever comes first (Ctrl-C, the dev server dying,
 * the command that started us ending); an orderly stop that hangs is cut short after
 * STOP_GRACE_MS.
 */
class Lifetime {
  engine: EngineConnection | undefined;
  web: WebServer | undefined;
  exitCode = 0;
  stopping = false;

  stop(why?: string): void {
    if (this.stopping) return;
    this.stopping = true;
    if (why) console.error(why);
    // The worker's shutdown ends engine.run() in main; the rest stops in its finally.
    if (this.engine?.worker?.getState() === 'RUNNING') this.engine.worker.shutdown();
    setTimeout(() => process.exit(this.exitCode || 1), STOP_GRACE_MS).unref();
  }

  /** The dev server ending on its own is an error: say it in one sentence and stop the rest. */
  serverEnded(code: number | null, log: string): void {
    if (this.stopping) return;
    this.exitCode = 1;
    this.stop(
      `The Temporal dev server stopped unexpectedly (${code === null ? 'ended by a signal' : `exit code ${code}`}; its log: ${log}). Stopping Kehoach.`,
    );
  }
}

/** The worker, the namespace's retention and the web on the Temporal found or started; then what runs where, said. */
async function startServices(
  life: Lifetime,
  temporal: LocalTemporal,
  at: { webPort: number; retentionDays: number; dbFile: string },
): Promise<EngineConnection> {
  const { settings, server } = temporal;
  const engine = await connectEngine(settings, {
    worker: {
      attachments: noticeDocuments({ toPdf: (docx) => docxToPdfIfPossible(docx) }),
      archiver: openArchiver(),
    },
  });
  life.engine = engine;
  const { client, addedSearchAttributes: added } = engine;
  // The embedded default's namespace keeps histories for a stated time, not the dev server's 24 h.
  if (server) await setNamespaceRetention(client, settings.namespace, at.retentionDays);
  const retention = await checkedRetention(client, settings.namespace).catch((err: unknown) => {
    throw err instanceof RetentionError ? new SetupError(err.message) : err;
  });
  const archive = openArchiveStore();
  const stored = await client.workflow.count(`WorkflowType = "${WORKFLOW_TYPE.conference}"`);
  const workspace = workspaceToken();
  const web = await startWebServer({ port: at.webPort, client, workspaceToken: workspace, codecToken: codecToken() });
  life.web = web;
  const engineFile = writeEngineFile({
    temporal: { address: settings.address, namespace: settings.namespace },
    web: web.url,
    ui: server?.uiUrl ?? null,
    db: server ? at.dbFile : null,
  });
  console.log(
    readyText({
      settings,
      web: web.url,
      workspace,
      ui: server?.uiUrl,
      added,
      stored: stored.count,
      retention,
      archive: archive.location,
      engineFile,
      where: server ? at.dbFile : `the Temporal at ${settings.address}`,
    }),
  );
  return engine;
}

async function main(): Promise<number> {
  if (process.env.KEHOACH_LOG !== 'debug') Runtime.install({ logger: new DefaultLogger('INFO', oneLine) });
  const webPort = Number(process.env.KEHOACH_WEB_PORT ?? 3000);
  await assertPortFree('127.0.0.1', webPort, 'Kehoach web, KEHOACH_WEB_PORT');
  // The record must outlive Temporal's retention: no archive store where one is required, no start.
  const noStore = archiveStoreProblem();
  if (noStore) throw new SetupError(noStore);
  const retentionDays = embeddedRetentionDays();
  const dir = dataDir();
  const dbFile = join(dir, 'temporal.db');
  const temporal = await startLocalTemporal({ environment: true, devServer: () => embeddedServer(dir, dbFile) });
  const life = new Lifetime();
  void temporal.server?.exited.then((code) => life.serverEnded(code, join(dir, 'temporal-server.log')));
  const unwatch = watchAncestors((pid) =>
    life.stop(`The command that started Kehoach ended (process ${pid}). Stopping.`),
  );
  try {
    const engine = await startServices(life, temporal, { webPort, retentionDays, dbFile });
    if (life.stopping) engine.worker?.shutdown();
    // The SDK shuts the worker down gracefully on SIGINT/SIGTERM; run() then resolves.
    await engine.run();
  } finally {
    life.stopping = true;
    unwatch();
    removeEngineFile();
    try {
      await life.web?.close();
      await life.engine?.close();
    } finally {
      await temporal.stop();
      console.log('Stopped.');
    }
  }
  return life.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SetupError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
