/**
 * Runs the web service on its own: `tsx web/main.ts`. Port from KEHOACH_WEB_PORT (default 3000),
 * address from KEHOACH_WEB_HOST (default 127.0.0.1), the public address from KEHOACH_PUBLIC_URL,
 * KEHOACH_TRUST_PROXY=1 behind a proxy that sets X-Forwarded-Proto; Temporal from the same
 * settings as the worker and the CLI; refusals go to the CLI's log.
 */
import { connectClient, temporalSettings } from '../client/connection';
import { codecToken } from '../client/engine-file';
import { startWebServer } from './server';

async function main(): Promise<void> {
  const settings = temporalSettings();
  const client = await connectClient(settings);
  const port = Number(process.env.KEHOACH_WEB_PORT ?? 3000);
  const server = await startWebServer({
    ...(process.env.KEHOACH_WORKSPACE_TOKEN ? { workspaceToken: process.env.KEHOACH_WORKSPACE_TOKEN } : {}),
    codecToken: codecToken(),
    port,
    client,
  });
  console.log(`Kehoach web: ${server.url} (Temporal ${settings.address}, namespace ${settings.namespace})`);
  const stop = (): void => {
    void server.close().finally(() => client.connection.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
