/**
 * `npm start`: the embedded engine. Starts the Temporal dev server with its state in
 * data/temporal.db (unless TEMPORAL_ADDRESS or TEMPORAL_PROFILE points at a Temporal of your
 * own), registers Kehoach's search attributes, runs the worker and the web service, and stops
 * it all on Ctrl-C.
 */
import { mkdirSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectClient, connectWorker, temporalSettings, usesExternalTemporal } from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes';
import { startWebServer } from '../web/server';
import { createKehoachWorker } from '../worker/create-worker';
import { assertPortFree, SetupError, startDevServer, type DevServer } from './lib/dev-server';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function main(): Promise<void> {
  let server: DevServer | undefined;
  const webPort = Number(process.env.KEHOACH_WEB_PORT ?? 3000);
  await assertPortFree('127.0.0.1', webPort, 'Kehoach web, KEHOACH_WEB_PORT');
  if (!usesExternalTemporal()) {
    const dataDir = resolve(root, process.env.KEHOACH_DATA_DIR ?? 'data');
    mkdirSync(dataDir, { recursive: true });
    const serverLog = createWriteStream(join(dataDir, 'temporal-server.log'), { flags: 'a' });
    console.log('Starting the embedded Temporal dev server (state in %s)...', join(dataDir, 'temporal.db'));
    server = await startDevServer({
      port: Number(process.env.KEHOACH_TEMPORAL_PORT ?? 7233),
      uiPort: Number(process.env.KEHOACH_UI_PORT ?? 8233),
      dbFile: join(dataDir, 'temporal.db'),
      log: (line) => serverLog.write(`${line}\n`),
    });
  }
  const settings = temporalSettings(server ? { address: server.address } : {});
  const stopServer = async (): Promise<void> => {
    await server?.stop();
  };
  process.once('exit', () => server?.process.kill('SIGTERM'));
  try {
    const client = await connectClient(settings);
    const added = await ensureSearchAttributes(client);
    const stored = await client.workflow.count('WorkflowType = "conferenceWorkflow"');
    await client.connection.close();
    const connection = await connectWorker(settings);
    const worker = await createKehoachWorker({ connection, namespace: settings.namespace });
    const webClient = await connectClient(settings);
    const web = await startWebServer({ port: webPort, client: webClient });
    console.log(
      [
        '',
        `Kehoach is running. Temporal: ${settings.address} (namespace ${settings.namespace})`,
        `Kehoach web: ${web.url} (units open it with the access links the organizer gives them)`,
        server?.uiUrl ? `Temporal Web UI: ${server.uiUrl}` : '',
        added.length ? `Registered search attributes: ${added.join(', ')}` : 'Search attributes: registered',
        `Conferences stored: ${stored.count}`,
        '',
        'Next, in another terminal:',
        '  npx kehoach plan check plans/ke-hoach-hoi-nghi-tong-ket-2022.yaml',
        '  npm run demo            # a rehearsed seed conference with simulated units',
        '',
        'Ctrl-C stops the worker and the server; the workflows stay in data/temporal.db.',
      ]
        .filter((l, i, all) => l !== '' || all[i - 1] !== '')
        .join('\n'),
    );
    // The SDK shuts the worker down gracefully on SIGINT/SIGTERM; run() then resolves.
    await worker.run();
    await web.close();
    await webClient.connection.close();
    await connection.close();
  } finally {
    await stopServer();
    console.log('Stopped.');
  }
}

main().catch((err: unknown) => {
  if (err instanceof SetupError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
