/**
 * `npm start`: the whole app on one laptop. The local engine (engine/local.ts: the Temporal dev
 * server with its state in data/temporal.db unless TEMPORAL_ADDRESS or TEMPORAL_PROFILE points at
 * a Temporal of your own, the search attributes, the worker) plus the web service, which only
 * this entry point may join to it; Ctrl-C stops it all.
 */
import { mkdirSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { assertPortFree, SetupError } from '../engine/dev-server';
import { connectEngine, startLocalTemporal, type EngineConnection } from '../engine/local';
import { startWebServer } from '../web/server';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function main(): Promise<void> {
  const webPort = Number(process.env.KEHOACH_WEB_PORT ?? 3000);
  await assertPortFree('127.0.0.1', webPort, 'Kehoach web, KEHOACH_WEB_PORT');
  const temporal = await startLocalTemporal({
    environment: true,
    devServer: () => {
      const dataDir = resolve(root, process.env.KEHOACH_DATA_DIR ?? 'data');
      mkdirSync(dataDir, { recursive: true });
      const serverLog = createWriteStream(join(dataDir, 'temporal-server.log'), { flags: 'a' });
      console.log('Starting the embedded Temporal dev server (state in %s)...', join(dataDir, 'temporal.db'));
      return {
        port: Number(process.env.KEHOACH_TEMPORAL_PORT ?? 7233),
        uiPort: Number(process.env.KEHOACH_UI_PORT ?? 8233),
        dbFile: join(dataDir, 'temporal.db'),
        log: (line) => serverLog.write(`${line}\n`),
      };
    },
  });
  const { settings, server } = temporal;
  process.once('exit', () => server?.process.kill('SIGTERM'));
  let engine: EngineConnection | undefined;
  try {
    engine = await connectEngine(settings);
    const { client, addedSearchAttributes: added } = engine;
    const stored = await client.workflow.count(`WorkflowType = "${WORKFLOW_TYPE.conference}"`);
    const web = await startWebServer({ port: webPort, client });
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
    await engine.run();
    await web.close();
  } finally {
    try {
      await engine?.close();
    } finally {
      await temporal.stop();
      console.log('Stopped.');
    }
  }
}

main().catch((err: unknown) => {
  if (err instanceof SetupError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
