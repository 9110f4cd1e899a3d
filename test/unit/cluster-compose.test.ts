/**
 * docker-compose.yml (the production topology) and the local cluster (`npm run cluster`,
 * engine/cluster-config.ts) name the same Temporal server, the same PostgreSQL, the same
 * database settings and the same variables for Kehoach's processes: what is rehearsed here is
 * what a province deploys.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DB_NAME,
  DB_PASSWORD,
  DB_PLUGIN,
  DB_USER,
  NAMESPACE,
  NAMESPACE_RETENTION_HOURS,
  NUM_HISTORY_SHARDS,
  POSTGRES_MAJOR,
  TEMPORAL_SERVER_VERSION,
  VISIBILITY_DB_NAME,
  webEnv,
  workerEnv,
} from '../../engine/cluster-config';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};
/** The client certificate files as compose mounts them (the cluster-tls volume at /tls). */
const TLS = {
  caCert: '/tls/ca.pem',
  clientCert: '/tls/client.pem',
  clientKey: '/tls/client.key',
  serverName: 'temporal',
};
const env = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.yml and the local cluster', () => {
  it('close the frontend the same way: mutual TLS with a CA of the deployment, made at the first start', () => {
    expect(env('temporal')).toMatchObject({
      TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
      TEMPORAL_TLS_FRONTEND_SERVER_NAME: TLS.serverName,
      TEMPORAL_TLS_INTERNODE_SERVER_NAME: TLS.serverName,
    });
    expect(service('certs').command).toEqual(['npx', 'tsx', 'scripts/cluster.ts', 'certs']);
  });

  it('run the same Temporal server version, the one the provisioning script builds', () => {
    expect(service('temporal').image).toBe(`temporalio/auto-setup:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}`);
    const script = read('scripts/provision-temporal-server.sh');
    expect(/^version="(v[\d.]+)"/m.exec(script)?.[1]).toBe(TEMPORAL_SERVER_VERSION);
  });

  it('run the same PostgreSQL major version', () => {
    expect(service('postgresql').image).toBe(`postgres:${POSTGRES_MAJOR}`);
  });

  it('give Temporal the same database plugin, role, databases, shards and namespace', () => {
    expect(env('temporal')).toMatchObject({
      DB: DB_PLUGIN,
      POSTGRES_USER: DB_USER,
      POSTGRES_PWD: DB_PASSWORD,
      DBNAME: DB_NAME,
      VISIBILITY_DBNAME: VISIBILITY_DB_NAME,
      NUM_HISTORY_SHARDS: String(NUM_HISTORY_SHARDS),
      DEFAULT_NAMESPACE: NAMESPACE,
      DEFAULT_NAMESPACE_RETENTION: `${NAMESPACE_RETENTION_HOURS}h`,
    });
    expect(env('postgresql')).toMatchObject({ POSTGRES_USER: DB_USER, POSTGRES_PASSWORD: DB_PASSWORD });
  });

  it("configure the workers and the web with the same variables, the frontend's address in TEMPORAL_ADDRESS", () => {
    const local = workerEnv('127.0.0.1:7233', TLS);
    const composeWorker = env('kehoach-worker');
    // Every variable the local cluster sets for a worker is set in compose too; compose adds the
    // mail settings and the shared data folder, which the local workers inherit from `npm run cluster`.
    for (const name of Object.keys(local)) expect(composeWorker, name).toHaveProperty(name);
    expect(
      Object.keys(composeWorker)
        .filter((k) => k.startsWith('TEMPORAL_'))
        .sort(),
    ).toEqual(Object.keys(local).sort());
    expect(env('kehoach-worker').TEMPORAL_ADDRESS).toBe(`temporal:7233`);
    expect(env('kehoach-worker').TEMPORAL_NAMESPACE).toBe(local.TEMPORAL_NAMESPACE);
    // Mutual TLS: the worker presents the client certificate and trusts the deployment's CA.
    expect(composeWorker).toMatchObject({ ...local, TEMPORAL_ADDRESS: 'temporal:7233' });

    const web = webEnv('127.0.0.1:7233', TLS, 3000, '/data');
    const composeWeb = env('kehoach-web');
    for (const name of Object.keys(web).filter((k) => k.startsWith('TEMPORAL_TLS_')))
      expect(composeWeb[name], name).toBe(web[name]);
    // Every variable the local cluster sets for the web is set in compose too (compose may add its own, mail for one).
    for (const name of Object.keys(web)) expect(composeWeb, name).toHaveProperty(name);
    expect(composeWeb.TEMPORAL_NAMESPACE).toBe(web.TEMPORAL_NAMESPACE);
    // Compose lets the deployment override the public address; its default is the web's own port.
    const withDefaults = (v: string | undefined) => v?.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
    expect(withDefaults(composeWeb.KEHOACH_PUBLIC_URL)).toBe(
      `http://localhost:${withDefaults(composeWeb.KEHOACH_WEB_PORT)}`,
    );
  });
});
