/**
 * `npm run temporal`: only the embedded Temporal dev server, for running workers (`npm run
 * worker`) and the web (`npm run web`) apart, as a cluster would. Its state is in
 * data/temporal.db and its address in data/engine.json, which the workers, the web and the CLI
 * read; Ctrl-C, SIGTERM or the end of the command that started it stops it.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, removeEngineFile, writeEngineFile } from '../client/engine-file';
import { SetupError, startDevServer } from '../engine/dev-server';
import { watchAncestors } from '../engine/lifeline';

async function main(): Promise<number> {
  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, 'temporal.db');
  const serverLog = createWriteStream(join(dir, 'temporal-server.log'), { flags: 'a' });
  const server = await startDevServer({
    port: Number(process.env.KEHOACH_TEMPORAL_PORT ?? 7233),
    uiPort: Number(process.env.KEHOACH_UI_PORT ?? 8233),
    dbFile,
    log: (line) => serverLog.write(`${line}\n`),
  });
  const file = writeEngineFile({
    temporal: { address: server.address, namespace: 'default' },
    web: null,
    ui: server.uiUrl ?? null,
    db: dbFile,
  });
  console.log(
    [
      `Temporal dev server: ${server.address} (state in ${dbFile})`,
      server.uiUrl ? `Temporal Web UI: ${server.uiUrl}` : '',
      `Addresses for other commands: ${file}`,
      'Run the workers and the web apart: npm run worker · npm run web. Ctrl-C stops the server.',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    removeEngineFile();
    void server.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const unwatch = watchAncestors(stop);
  const code = await server.exited;
  unwatch();
  removeEngineFile();
  if (stopping) return 0;
  console.error(`The Temporal dev server stopped unexpectedly (exit code ${code ?? 'none: a signal'}).`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof SetupError ? err.message : err);
    process.exit(1);
  },
);
