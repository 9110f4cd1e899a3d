/**
 * PostgreSQL for the local cluster: Debian's binaries (on the image; never the system's running
 * cluster), a cluster of our own made with initdb in the data folder, listening on 127.0.0.1 only,
 * on a port of our choosing, with password authentication; and Temporal's schema applied with the
 * server's own `temporal-sql-tool`, the way temporalio/auto-setup applies it in docker-compose.yml.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DB_NAME,
  DB_PASSWORD,
  DB_PLUGIN,
  DB_USER,
  POSTGRES_MAJOR,
  SCHEMA_DIR,
  VISIBILITY_DB_NAME,
} from './cluster-config';
import type { PartSpec } from './cluster-process';
import { SetupError } from './dev-server';

const run = promisify(execFile);

export interface Postgres {
  binDir: string;
  /** "15.14" */
  version: string;
  /** When we run as root: the user PostgreSQL runs as (it refuses to run as root). */
  runAs: { user: string; uid: number; gid: number } | undefined;
}

/** Finds PostgreSQL: KEHOACH_PG_BIN, else Debian's /usr/lib/postgresql/<major>/bin, else `postgres` on PATH. */
export async function findPostgres(env: NodeJS.ProcessEnv = process.env): Promise<Postgres> {
  const candidates: string[] = [];
  if (env.KEHOACH_PG_BIN) candidates.push(env.KEHOACH_PG_BIN);
  candidates.push(`/usr/lib/postgresql/${POSTGRES_MAJOR}/bin`);
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)))
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
  }
  try {
    const { stdout } = await run('bash', ['-c', 'dirname "$(readlink -f "$(command -v postgres)")"']);
    if (stdout.trim() && stdout.trim() !== '.') candidates.push(stdout.trim());
  } catch {
    // none on PATH
  }
  const binDir = candidates.find((d) => existsSync(join(d, 'postgres')) && existsSync(join(d, 'initdb')));
  if (!binDir) {
    throw new SetupError(
      `PostgreSQL is not installed (the local cluster needs its server binaries): install postgresql-${POSTGRES_MAJOR} (Debian: apt-get install postgresql-${POSTGRES_MAJOR}), or set KEHOACH_PG_BIN to the folder holding postgres and initdb.`,
    );
  }
  const { stdout } = await run(join(binDir, 'postgres'), ['--version']);
  const version = /(\d+(?:\.\d+)?)/.exec(stdout)?.[1] ?? 'unknown';
  return { binDir, version, runAs: await nonRootUser() };
}

/** PostgreSQL will not run as root: then it runs as `postgres` (Debian's), else `nobody`. */
async function nonRootUser(): Promise<Postgres['runAs']> {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    try {
      const { stdout } = await run('id', ['-u', user]);
      const { stdout: g } = await run('id', ['-g', user]);
      return { user, uid: Number(stdout.trim()), gid: Number(g.trim()) };
    } catch {
      // no such user
    }
  }
  throw new SetupError('PostgreSQL refuses to run as root, and there is no "postgres" or "nobody" user to run it as.');
}

/** The command line of one of PostgreSQL's programs (pg_ctl, psql, …), run as its user when we are root. */
export function asPostgres(pg: Postgres, program: string, args: string[]): { command: string; args: string[] } {
  const path = join(pg.binDir, program);
  if (!pg.runAs) return { command: path, args };
  return {
    command: 'setpriv',
    args: [`--reuid=${pg.runAs.uid}`, `--regid=${pg.runAs.gid}`, '--init-groups', path, ...args],
  };
}

/** Makes the database cluster in `dir` on first use (initdb); later starts reuse it. */
export async function initCluster(pg: Postgres, dir: string): Promise<boolean> {
  if (existsSync(join(dir, 'PG_VERSION'))) return false;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pwfile = `${dir}.pw`;
  writeFileSync(pwfile, `${DB_PASSWORD}\n`, { mode: 0o600 });
  if (pg.runAs) {
    chownSync(dir, pg.runAs.uid, pg.runAs.gid);
    chownSync(pwfile, pg.runAs.uid, pg.runAs.gid);
    await assertReachable(pg, dir);
  }
  try {
    const { command, args } = asPostgres(pg, 'initdb', [
      '-D',
      dir,
      `--username=${DB_USER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
    ]);
    await run(command, args, { maxBuffer: 4 << 20 });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new SetupError(`initdb failed for ${dir}: ${(err as { stderr?: string }).stderr ?? String(err)}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  return true;
}

async function assertReachable(pg: Postgres, dir: string): Promise<void> {
  if (!pg.runAs) return;
  try {
    await run('setpriv', [`--reuid=${pg.runAs.uid}`, `--regid=${pg.runAs.gid}`, '--init-groups', 'test', '-w', dir]);
  } catch {
    throw new SetupError(
      `PostgreSQL refuses to run as root, so it runs as the "${pg.runAs.user}" user, which cannot reach ${dir}: make the folders on the way open to others (chmod o+x), or set KEHOACH_DATA_DIR to a folder it can reach.`,
    );
  }
}

/** The server process: our cluster, on 127.0.0.1:port only, no Unix socket (no path to clash). */
export function postgresPart(pg: Postgres, dir: string, port: number, logFile: string): PartSpec {
  const { command, args } = asPostgres(pg, 'postgres', [
    '-D',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `port=${port}`,
    '-c',
    'unix_socket_directories=',
    // Temporal's four services keep up to 20 connections each to the main database.
    '-c',
    'max_connections=200',
  ]);
  return {
    name: `PostgreSQL ${pg.version}`,
    command,
    args,
    logFile,
    // SIGINT is PostgreSQL's fast shutdown: sessions end, the data is checkpointed.
    stopSignal: 'SIGINT',
    ready: /database system is ready to accept connections/,
  };
}

export interface SchemaResult {
  /** The databases created by this call (none when they were there). */
  created: string[];
}

/**
 * Temporal's two databases, created if missing, then their schema set up and brought to the
 * module's latest version (`update-schema` applies only the versions a database lacks).
 */
export async function applySchema(
  pg: Postgres,
  sqlTool: string,
  moduleDir: string,
  port: number,
): Promise<SchemaResult> {
  const env = { ...process.env, PGPASSWORD: DB_PASSWORD, SQL_PASSWORD: DB_PASSWORD };
  const psql = async (db: string, sql: string): Promise<string> => {
    const { stdout } = await run(
      join(pg.binDir, 'psql'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, '-d', db, '-tAc', sql],
      { env },
    );
    return stdout.trim();
  };
  const tool = (db: string, ...args: string[]): Promise<unknown> =>
    run(sqlTool, ['--ep', '127.0.0.1', '-p', String(port), '-u', DB_USER, '--pl', DB_PLUGIN, '--db', db, ...args], {
      env,
      maxBuffer: 16 << 20,
    }).catch((err: unknown) => {
      const e = err as { stdout?: string; stderr?: string };
      throw new SetupError(
        `temporal-sql-tool ${args[0]} failed for database ${db}:\n${`${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n').slice(-10).join('\n')}`,
      );
    });
  const created: string[] = [];
  const schemas: [string, string][] = [
    [DB_NAME, 'temporal'],
    [VISIBILITY_DB_NAME, 'visibility'],
  ];
  for (const [db, folder] of schemas) {
    if ((await psql('postgres', `SELECT 1 FROM pg_database WHERE datname = '${db}'`)) !== '1') {
      await tool(db, 'create-database');
      created.push(db);
    }
    if ((await psql(db, `SELECT to_regclass('schema_version') IS NOT NULL`)) !== 't') {
      await tool(db, 'setup-schema', '-v', '0.0');
    }
    await tool(db, 'update-schema', '-d', join(moduleDir, SCHEMA_DIR, folder, 'versioned'));
  }
  return { created };
}
