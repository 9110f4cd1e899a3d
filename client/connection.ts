/**
 * Where Temporal is. Settings follow Temporal's own conventions (`@temporalio/envconfig`):
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, TLS variables, and profiles in
 * `temporal.toml` (`TEMPORAL_PROFILE`). With none of them set, Kehoach uses the engine `npm start`
 * runs (its address is in `data/engine.json`, see ./engine-file), else the embedded dev server's
 * address, 127.0.0.1:${KEHOACH_TEMPORAL_PORT:-7233}, so the same worker and CLI reach a cluster
 * without code changes.
 */
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { ClaimInterceptor, defaultOperatorSigner, type ClaimSigner } from './claims';
import { readEngineFile, tlsOptions } from './engine-file';
import { sealCodec, type SealCodec } from './seal-codec';

export const DEFAULT_ADDRESS = '127.0.0.1:7233';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Connection options as loaded by envconfig (TLS, API key, metadata), address included. */
  options: NativeConnectionOptions;
}

/** The dev server's address when none is configured: its port from KEHOACH_TEMPORAL_PORT. */
export function embeddedAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEHOACH_TEMPORAL_PORT ? `127.0.0.1:${env.KEHOACH_TEMPORAL_PORT}` : DEFAULT_ADDRESS;
}

/**
 * Reads the settings once: an explicit address (tests, `npm start`), then the environment or a
 * profile, then the running engine's file, then the embedded dev server's address.
 */
export function temporalSettings(overrides: { address?: string; namespace?: string } = {}): TemporalSettings {
  const loaded = loadClientConnectConfig();
  const running = usesExternalTemporal() ? undefined : readEngineFile();
  const address =
    overrides.address ?? loaded.connectionOptions.address ?? running?.temporal.address ?? embeddedAddress();
  const namespace = overrides.namespace ?? loaded.namespace ?? running?.temporal.namespace ?? 'default';
  // The engine's own TLS files (the local cluster's client certificate), for its own address.
  const engineTls =
    loaded.connectionOptions.tls === undefined && running?.temporal.tls && address === running.temporal.address
      ? tlsOptions(running.temporal.tls)
      : undefined;
  return {
    address,
    namespace,
    options: { ...loaded.connectionOptions, address, ...(engineTls ? { tls: engineTls } : {}) },
  };
}

/** True when the user pointed Kehoach at a Temporal of their own (env variable or profile). */
export function usesExternalTemporal(): boolean {
  return Boolean(process.env.TEMPORAL_ADDRESS ?? process.env.TEMPORAL_PROFILE);
}

export interface ClientOptions {
  /**
   * Who signs the claims of this client's Updates and Signals when no `actingAs` says otherwise
   * (client/claims.ts). Default: an operator with the deployment's key, made at first use when
   * `createKey` (the default); null: nobody (every claimed message is refused before it leaves).
   */
  signer?: ClaimSigner | null;
  createKey?: boolean;
  /** The codec that seals what this client writes and opens what it reads. Default: the deployment's keys (./seal-codec). */
  codec?: SealCodec;
}

/** A client for CLI commands, the web service and tests. Close `client.connection` when done. */
export async function connectClient(
  settings: TemporalSettings = temporalSettings(),
  opts: ClientOptions = {},
): Promise<Client> {
  const connection = await Connection.connect(settings.options);
  let signer: ClaimSigner | null | undefined = opts.signer;
  const fallback = (): ClaimSigner | undefined => {
    if (signer === undefined) signer = defaultOperatorSigner(process.env, opts.createKey ?? true) ?? null;
    return signer ?? undefined;
  };
  return new Client({
    connection,
    namespace: settings.namespace,
    dataConverter: { payloadCodecs: [opts.codec ?? sealCodec()] },
    interceptors: { workflow: [new ClaimInterceptor(fallback)] },
  });
}

/** The worker's connection (native, shared by all workers of a process). */
export async function connectWorker(settings: TemporalSettings = temporalSettings()): Promise<NativeConnection> {
  return NativeConnection.connect(settings.options);
}
