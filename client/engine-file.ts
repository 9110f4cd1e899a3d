/**
 * Where the running engine is, for every later command. `npm start` (and `npm run temporal`)
 * write `${KEHOACH_DATA_DIR:-data}/engine.json` once they are up and remove it when they stop;
 * the CLI, the demo, `link issue` and the standalone worker and web read it, so a port chosen
 * with KEHOACH_TEMPORAL_PORT or KEHOACH_WEB_PORT reaches them without being repeated. The
 * environment still wins (TEMPORAL_ADDRESS, TEMPORAL_PROFILE, KEHOACH_PUBLIC_URL). A file left by
 * an engine that died (its process is gone) is ignored.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

const EngineFileSchema = z.object({
  pid: z.number().int().positive(),
  temporal: z.object({
    address: z.string().min(1),
    namespace: z.string().min(1),
    /**
     * When the frontend asks for a client certificate (the local cluster's mutual TLS): the
     * files, as Temporal's own TLS variables (TEMPORAL_TLS_CLIENT_CERT_PATH, …; see tlsOptions).
     */
    tls: z.record(z.string().regex(/^TEMPORAL_TLS_[A-Z_]+$/), z.string()).optional(),
  }),
  /** The web service's address, when this engine runs it. */
  web: z.string().nullable(),
  /** The Temporal Web UI, when the engine's dev server serves one. */
  ui: z.string().nullable(),
  /** The dev server's SQLite file, when the engine started one that keeps its state. */
  db: z.string().nullable(),
  startedAt: z.string(),
});
export type EngineFile = z.infer<typeof EngineFileSchema>;

/** The data folder: KEHOACH_DATA_DIR, else `data` in the working directory (the repository under npm). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KEHOACH_DATA_DIR || 'data');
}

export function engineFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'engine.json');
}

/** Writes the engine's addresses (atomically: a reader never sees half a file). */
export function writeEngineFile(info: Omit<EngineFile, 'pid' | 'startedAt'>, env = process.env): string {
  const path = engineFilePath(env);
  mkdirSync(dirname(path), { recursive: true });
  const data: EngineFile = { pid: process.pid, startedAt: new Date().toISOString(), ...info };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Removes the file if it is this process's. */
export function removeEngineFile(env = process.env): void {
  if (readEngineFile(env)?.pid === process.pid) rmSync(engineFilePath(env), { force: true });
}

/** The running engine's addresses, or undefined when none runs (no file, a bad file, a dead process). */
export function readEngineFile(env = process.env): EngineFile | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(engineFilePath(env), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = EngineFileSchema.safeParse(raw);
  if (!parsed.success || !alive(parsed.data.pid)) return undefined;
  return parsed.data;
}

/**
 * Connection TLS options from Temporal's TLS variables, read as `@temporalio/envconfig` reads
 * them from the environment (the files are read now).
 */
export function tlsOptions(vars: Record<string, string>): TLSConfig | undefined {
  const tls = loadClientConnectConfig({ disableFile: true, overrideEnvVars: vars }).connectionOptions.tls;
  return tls && typeof tls === 'object' ? tls : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A secret from the environment variable `name`, else kept in `file` under the data folder (made at first use, owner only). */
function keptSecret(env: NodeJS.ProcessEnv, name: string, file: string): string {
  const given = env[name];
  if (given) return given;
  const path = join(dataDir(env), file);
  try {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept.length >= 20) return kept;
  } catch {
    // none yet
  }
  mkdirSync(dirname(path), { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

/** The operators' token of the codec endpoint (web/codec-routes.ts): KEHOACH_CODEC_TOKEN, else `data/keys/codec-token`. */
export function codecToken(env: NodeJS.ProcessEnv = process.env): string {
  return keptSecret(env, 'KEHOACH_CODEC_TOKEN', join('keys', 'codec-token'));
}

/** The secret of the organizer's plan workspace: KEHOACH_WORKSPACE_TOKEN, else `data/workspace-token`. */
export function workspaceToken(env: NodeJS.ProcessEnv = process.env): string {
  return keptSecret(env, 'KEHOACH_WORKSPACE_TOKEN', 'workspace-token');
}
