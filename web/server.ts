/**
 * Runs the web app on Node's HTTP server. `startWebServer({ port, client })` answers once the
 * port is listening, on the address it says: 127.0.0.1 unless a host is given (`hostname`, or
 * `KEHOACH_WEB_HOST`, e.g. `0.0.0.0` behind a proxy); port 0 picks a free one (tests). Its `url`
 * is the address the server is bound to, never a guess.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from './app';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** The web's settings people set in the environment (the CLI-less `web/main.ts` and `npm start`). */
export function webEnvironment(env: NodeJS.ProcessEnv = process.env): {
  hostname: string;
  publicUrl?: string;
  trustProxy: boolean;
  codecCorsOrigins: string[];
} {
  return {
    hostname: env.KEHOACH_WEB_HOST || '127.0.0.1',
    // The Temporal Web UI's origins, allowed to call the codec endpoint from a browser.
    codecCorsOrigins: (env.KEHOACH_CODEC_CORS_ORIGINS ?? 'http://localhost:8233,http://127.0.0.1:8233')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    ...(env.KEHOACH_PUBLIC_URL ? { publicUrl: env.KEHOACH_PUBLIC_URL } : {}),
    trustProxy: /^(1|true|yes)$/i.test(env.KEHOACH_TRUST_PROXY ?? ''),
  };
}

export async function startWebServer(opts: AppOptions & { port: number; hostname?: string }): Promise<WebServer> {
  const fromEnv = webEnvironment();
  const { port, hostname = fromEnv.hostname, ...given } = opts;
  const app = createApp({
    ...given,
    ...(given.publicUrl === undefined && fromEnv.publicUrl ? { publicUrl: fromEnv.publicUrl } : {}),
    trustProxy: given.trustProxy ?? fromEnv.trustProxy,
    codecCorsOrigins: given.codecCorsOrigins ?? fromEnv.codecCorsOrigins,
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
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
