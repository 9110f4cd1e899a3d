/**
 * The local cluster's settings, in one place: the versions and database settings it shares with
 * docker-compose.yml (test/unit/cluster-compose.test.ts holds the two together), and the Temporal
 * server's configuration, derived from the server module's own `config/development-postgres12.yaml`
 * with our ports, our PostgreSQL and our files. Pure: the caller reads and writes the files.
 */
import { parse, stringify } from 'yaml';

/** The Temporal server the cluster builds (scripts/provision-temporal-server.sh) and compose runs. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** PostgreSQL's major version: Debian's on the build machines, the image in compose. */
export const POSTGRES_MAJOR = 15;
/** The server's SQL plugin for PostgreSQL 12 and later, and the schema folder it goes with. */
export const DB_PLUGIN = 'postgres12';
export const SCHEMA_DIR = 'schema/postgresql/v12';
/** Database role and names, as temporalio/auto-setup uses them by default. */
export const DB_USER = 'temporal';
export const DB_PASSWORD = 'temporal';
export const DB_NAME = 'temporal';
export const VISIBILITY_DB_NAME = 'temporal_visibility';
export const NUM_HISTORY_SHARDS = 4;
export const NAMESPACE = 'default';
/** How long Temporal keeps a finished conference's history (auto-setup's DEFAULT_NAMESPACE_RETENTION). */
export const NAMESPACE_RETENTION_HOURS = 168;
/** The sample configuration the cluster's is derived from, in the server module. */
export const CONFIG_TEMPLATE = 'config/development-postgres12.yaml';
export const DYNAMIC_CONFIG_TEMPLATE = 'config/dynamicconfig/development-sql.yaml';

/** Every port the cluster listens on (all on 127.0.0.1). */
export interface ClusterPorts {
  postgres: number;
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  web: number;
}

export const PORT_NAMES: readonly (keyof ClusterPorts)[] = [
  'postgres',
  'frontend',
  'frontendHttp',
  'frontendMembership',
  'history',
  'historyMembership',
  'matching',
  'matchingMembership',
  'worker',
  'workerMembership',
  'web',
];

/** The certificate files a client of the cluster presents and trusts (engine/cluster-tls.ts makes them). */
export interface ClientTls {
  caCert: string;
  clientCert: string;
  clientKey: string;
  serverName: string;
}

/**
 * A client's TLS settings as Temporal's own environment variables (`@temporalio/envconfig`, which
 * client/connection.ts loads; the `temporal` CLI reads the same): the deployment's CA, the client
 * certificate and its key, and the name the server's certificate is checked against.
 */
export function clientTlsEnv(tls: ClientTls): Record<string, string> {
  return {
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: tls.caCert,
    TEMPORAL_TLS_CLIENT_CERT_PATH: tls.clientCert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: tls.clientKey,
    TEMPORAL_TLS_SERVER_NAME: tls.serverName,
  };
}

/**
 * The environment each Kehoach process of the cluster gets, by variable name: the same names
 * docker-compose.yml gives its kehoach-worker and kehoach-web services. The frontend asks every
 * client for a certificate (mutual TLS), so each gets the TLS variables too.
 */
export function workerEnv(frontend: string, tls: ClientTls): Record<string, string> {
  return { TEMPORAL_ADDRESS: frontend, TEMPORAL_NAMESPACE: NAMESPACE, ...clientTlsEnv(tls) };
}

export function webEnv(frontend: string, tls: ClientTls, port: number, dataDir: string): Record<string, string> {
  return {
    ...workerEnv(frontend, tls),
    KEHOACH_WEB_PORT: String(port),
    KEHOACH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    KEHOACH_DATA_DIR: dataDir,
  };
}

type Yaml = Record<string, unknown>;

function at(obj: Yaml, ...path: string[]): Yaml {
  let here: Yaml = obj;
  for (const key of path) {
    const next = here[key];
    if (typeof next !== 'object' || next === null) {
      throw new Error(`${CONFIG_TEMPLATE}: no "${path.join('.')}" (the server module changed its sample config)`);
    }
    here = next as Yaml;
  }
  return here;
}

/** The server's own certificate (frontend, internode, system worker) and the CA it trusts clients by. */
export interface ServerTls {
  caCert: string;
  serverCert: string;
  serverKey: string;
  serverName: string;
}

/**
 * Mutual TLS (`global.tls`): the frontend serves with the server's certificate and refuses a
 * client without one signed by the deployment's CA (requireClientAuth); the history, matching and
 * worker services do the same among themselves (internode), presenting the server's certificate
 * as their client certificate, and the server's system worker presents it to the frontend.
 */
export function serverTlsConfig(tls: ServerTls): Yaml {
  const server = {
    certFile: tls.serverCert,
    keyFile: tls.serverKey,
    requireClientAuth: true,
    clientCaFiles: [tls.caCert],
  };
  const client = { serverName: tls.serverName, rootCaFiles: [tls.caCert] };
  return {
    internode: { server, client },
    frontend: { server, client },
    systemWorker: { certFile: tls.serverCert, keyFile: tls.serverKey, client },
  };
}

/**
 * The server's configuration: the sample's, pointed at our PostgreSQL and ports, with its
 * metrics listener and pprof off (fixed ports that would clash with a second cluster), mutual TLS
 * on every gRPC and HTTP listener (serverTlsConfig), and the dynamic config file given by absolute
 * path. Archival stays as the sample has it: possible, and off for every namespace.
 */
export function serverConfig(template: string, ports: ClusterPorts, dynamicConfigPath: string, tls: ServerTls): string {
  const config = parse(template) as Yaml;
  at(config, 'log').level = 'warn';
  const persistence = at(config, 'persistence');
  persistence.numHistoryShards = NUM_HISTORY_SHARDS;
  const stores: [string, string][] = [
    [String(persistence.defaultStore), DB_NAME],
    [String(persistence.visibilityStore), VISIBILITY_DB_NAME],
  ];
  for (const [store, databaseName] of stores) {
    const sql = at(persistence, 'datastores', store, 'sql');
    if (sql.pluginName !== DB_PLUGIN) throw new Error(`${CONFIG_TEMPLATE}: ${store} uses ${String(sql.pluginName)}`);
    Object.assign(sql, {
      databaseName,
      connectAddr: `127.0.0.1:${ports.postgres}`,
      user: DB_USER,
      password: DB_PASSWORD,
    });
  }
  const global = at(config, 'global');
  delete global.metrics;
  at(global, 'pprof').port = 0;
  at(global, 'membership').broadcastAddress = '127.0.0.1';
  global.tls = serverTlsConfig(tls);
  const services: [string, number, number][] = [
    ['frontend', ports.frontend, ports.frontendMembership],
    ['history', ports.history, ports.historyMembership],
    ['matching', ports.matching, ports.matchingMembership],
    ['worker', ports.worker, ports.workerMembership],
  ];
  for (const [name, grpcPort, membershipPort] of services) {
    Object.assign(at(config, 'services', name, 'rpc'), { grpcPort, membershipPort, bindOnLocalHost: true });
  }
  at(config, 'services', 'frontend', 'rpc').httpPort = ports.frontendHttp;
  at(config, 'clusterMetadata', 'clusterInformation', 'active').rpcAddress = `127.0.0.1:${ports.frontend}`;
  at(config, 'dynamicConfigClient').filepath = dynamicConfigPath;
  return stringify(config);
}

/**
 * The dynamic config: the sample's, with the Nexus callback on our HTTP port (TLS, as every
 * listener of the frontend; Kehoach sends no Nexus operations), and search
 * attributes read fresh (Kehoach registers its own at start and uses them at once; a cluster
 * that is up for long would otherwise see them a minute later).
 */
export function dynamicConfig(template: string, ports: ClusterPorts): string {
  const config = (parse(template) ?? {}) as Yaml;
  config['component.nexusoperations.callback.endpoint.template'] = [
    { value: `https://127.0.0.1:${ports.frontendHttp}/namespaces/{{.NamespaceName}}/nexus/callback` },
  ];
  config['system.forceSearchAttributesCacheRefreshOnRead'] = [{ value: true, constraints: {} }];
  return stringify(config);
}
