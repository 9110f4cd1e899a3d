/**
 * The benchmark's web process: Kehoach's web service (`startWebServer`, as `npm start` runs it)
 * in a process of its own, so that its RSS is the web's memory alone while a large upload is
 * streamed through it. Talks to bench/main.ts over the IPC channel of `fork`.
 */
import { connectClient, temporalSettings } from '../client/connection';
import { openEvidenceStore } from '../client/evidence-store';
import { startWebServer } from '../web/server';

export interface WebProcessConfig {
  address: string;
  namespace: string;
  /** The data folder the evidence store writes to (a temporary one). */
  dataDir: string;
}

export type FromWeb = { type: 'ready'; url: string } | { type: 'error'; message: string };

async function main(): Promise<void> {
  const config = JSON.parse(process.env.KEHOACH_BENCH_WEB ?? '{}') as WebProcessConfig;
  const client = await connectClient(temporalSettings({ address: config.address, namespace: config.namespace }));
  const web = await startWebServer({
    port: 0,
    hostname: '127.0.0.1',
    client,
    refusalLog: false,
    evidence: openEvidenceStore({ KEHOACH_DATA_DIR: config.dataDir }),
  });
  process.send?.({ type: 'ready', url: web.url } satisfies FromWeb);
  process.on('message', (msg: { type: string }) => {
    if (msg.type !== 'stop') return;
    void web
      .close()
      .then(() => client.connection.close())
      .finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromWeb);
  process.exit(1);
});
