/**
 * Runs the web app on Node's HTTP server. `startWebServer({ port, client })` answers once the
 * port is listening; port 0 picks a free one (tests).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from './app';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(opts: AppOptions & { port: number; hostname?: string }): Promise<WebServer> {
  const { port, hostname = '0.0.0.0', ...appOptions } = opts;
  const app = createApp(appOptions);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
}
