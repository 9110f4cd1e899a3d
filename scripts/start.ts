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
import { dataDir, removeEngineFile, workspaceToken, writeEngineFile } from '../client/engine-file';
import { assertPortFree, SetupError } from '../engine/dev-server';
import { watchAncestors } from '../engine/lifeline';
import { connectEngine, startLocalTemporal, type EngineConnection } from '../engine/local';
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
  const temporal = await startLocalTemporal({
    environment: true,
    devServer: () => {
      mkdirSync(dir, { recursive: true });
      const serverLog = createWriteStream(join(dir, 'temporal-server.log'), { flags: 'a' });
      console.log('Starting the embedded Temporal dev server (state in %s)...', dbFile);
      return {
        port: Number(process.env.KEHOACH_TEMPORAL_PORT ?? 7233),
        uiPort: Number(process.env.KEHOACH_UI_PORT ?? 8233),
        dbFile,
        log: (line) => serverLog.write(`${line}\n`),
      };
    },
  });
  const { settings, server } = temporal;
  let engine: EngineConnection | undefined;
  let web: WebServer | undefined;
  let exitCode = 0;
  let stopping = false;
  const stop = (why?: string): void => {
    if (stopping) return;
    stopping = true;
    if (why) console.error(why);
    // The worker's shutdown ends engine.run() below; the rest stops in the finally.
    if (engine?.worker?.getState() === 'RUNNING') engine.worker.shutdown();
    setTimeout(() => process.exit(exitCode || 1), STOP_GRACE_MS).unref();
  };
  // The dev server ending on its own is an error: say it in one sentence and stop the rest.
  void server?.exited.then((code) => {
    if (stopping) return;
    exitCode = 1;
    stop(
      `The Temporal dev server stopped unexpectedly (${code === null ? 'ended by a signal' : `exit code ${code}`}; its log: ${join(dir, 'temporal-server.log')}). Stopping Kehoach.`,
    );
  });
  const unwatch = watchAncestors((pid) => stop(`The command that started Kehoach ended (process ${pid}). Stopping.`));
  try {
    engine = await connectEngine(settings, {
      worker: {
        attachments: noticeDocuments({ toPdf: (docx) => docxToPdfIfPossible(docx) }),
        archiver: openArchiver(),
      },
    });
    const { client, addedSearchAttributes: added } = engine;
    // The embedded default's namespace keeps histories for a stated time, not the dev server's 24 h.
    if (server) await setNamespaceRetention(client, settings.namespace, retentionDays);
    const retention = await checkedRetention(client, settings.namespace).catch((err: unknown) => {
      throw err instanceof RetentionError ? new SetupError(err.message) : err;
    });
    const archive = openArchiveStore();
    const stored = await client.workflow.count(`WorkflowType = "${WORKFLOW_TYPE.conference}"`);
    const workspace = workspaceToken();
    web = await startWebServer({ port: webPort, client, workspaceToken: workspace });
    const engineFile = writeEngineFile({
      temporal: { address: settings.address, namespace: settings.namespace },
      web: web.url,
      ui: server?.uiUrl ?? null,
      db: server ? dbFile : null,
    });
    const where = server ? dbFile : `the Temporal at ${settings.address}`;
    console.log(
      [
        '',
        `Kehoach is running. Temporal: ${settings.address} (namespace ${settings.namespace})`,
        `Kehoach web: ${web.url} (units open it with the access links the organizer gives them)`,
        `Plan workspace (organizer: import a plan document, start a conference): ${web.url}/w/${workspace}`,
        server?.uiUrl ? `Temporal Web UI: ${server.uiUrl}` : '',
        added.length ? `Registered search attributes: ${added.join(', ')}` : 'Search attributes: registered',
        `Conferences stored: ${stored.count}`,
        `Retention: Temporal keeps a closed conference's history ${retention}; ` +
          `its signed record is archived when it closes, in ${archive.location}`,
        `Addresses for other commands: ${engineFile}`,
        '',
        'Next, in another terminal:',
        '  npx kehoach plan check plans/ke-hoach-hoi-nghi-tong-ket-2022.yaml',
        '  npm run demo            # a rehearsed seed conference with simulated units',
        '',
        `Ctrl-C stops the worker, the web and the server; the workflows stay in ${where}.`,
      ]
        .filter((l, i, all) => l !== '' || all[i - 1] !== '')
        .join('\n'),
    );
    if (stopping) engine.worker?.shutdown();
    // The SDK shuts the worker down gracefully on SIGINT/SIGTERM; run() then resolves.
    await engine.run();
  } finally {
    stopping = true;
    unwatch();
    removeEngineFile();
    try {
      await web?.close();
      await engine?.close();
    } finally {
      await temporal.stop();
      console.log('Stopped.');
    }
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SetupError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
