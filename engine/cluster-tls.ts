/**
 * The local cluster's closed door: mutual TLS on the Temporal frontend (and between the server's
 * own services). At the cluster's first start a certificate authority of the deployment's own is
 * made in `<data>/cluster/tls/`, with a certificate for the server (SAN localhost, 127.0.0.1 and
 * `temporal`, compose's service name; used by the frontend, by the services among themselves and
 * by the server's system worker) and one for clients (the workers, the web, the CLI, the
 * `temporal` CLI). A client without a certificate signed by that CA is refused in the handshake.
 *
 * The files are made with `openssl`, the reference tool for X.509, already on every machine that
 * runs the cluster beside bash, Go and PostgreSQL: no npm dependency (the JavaScript alternative,
 * @peculiar/x509, needs a global Reflect polyfill and some twenty packages). Keys are ECDSA P-256,
 * owner-only (0600) in an owner-only folder. Later starts reuse them; a leaf certificate that
 * expires within 30 days, or no longer chains to the CA, is made again from the kept CA. Nothing
 * here is ever committed: the folder is the data folder's.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { SetupError } from './dev-server';

const run = promisify(execFile);

/** The name clients check the server's certificate against (one of its SANs). */
export const TLS_SERVER_NAME = 'localhost';
const SERVER_SANS = 'DNS:localhost,DNS:temporal,IP:127.0.0.1,IP:::1';
const CA_DAYS = 3650;
const LEAF_DAYS = 825;
/** A leaf certificate that expires sooner than this is made again at start. */
const RENEW_WITHIN_S = 30 * 86_400;

export interface ClusterTlsFiles {
  dir: string;
  /** The deployment's CA: clients trust the server through it, the server trusts clients through it. */
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  serverName: string;
}

export function clusterTlsFiles(dataDir: string): ClusterTlsFiles {
  const dir = join(dataDir, 'cluster', 'tls');
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    serverName: TLS_SERVER_NAME,
  };
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = ${SERVER_SANS}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

async function openssl(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('openssl', args, { maxBuffer: 1 << 20 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new SetupError(
        'openssl is not installed, and the local cluster needs it to make its TLS certificates (mutual TLS on the Temporal frontend): install it (Debian/Ubuntu: apt-get install openssl), then start again.',
      );
    }
    throw new SetupError(
      `openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * True when `cert` chains to the CA, is valid for at least RENEW_WITHIN_S more, and goes with
 * `key` (the same public key).
 */
async function stillGood(files: ClusterTlsFiles, cert: string, key: string): Promise<boolean> {
  if (!existsSync(cert) || !existsSync(key)) return false;
  try {
    await run('openssl', ['x509', '-checkend', String(RENEW_WITHIN_S), '-noout', '-in', cert]);
    await run('openssl', ['verify', '-CAfile', files.caCert, cert]);
    const [fromCert, fromKey] = await Promise.all([
      run('openssl', ['x509', '-noout', '-pubkey', '-in', cert]),
      run('openssl', ['pkey', '-pubout', '-in', key]),
    ]);
    return fromCert.stdout.trim() === fromKey.stdout.trim();
  } catch {
    return false;
  }
}

function serial(): string {
  return `0x${randomBytes(16).toString('hex').replace(/^./, '1')}`;
}

async function newKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
  chmodSync(path, 0o600);
}

/**
 * The cluster's certificates: made at the first start, reused after (leaves made again when they
 * near their end). Resolves with their paths; says in one line what it made.
 */
export async function ensureClusterTls(dataDir: string, say: (line: string) => void): Promise<ClusterTlsFiles> {
  const files = clusterTlsFiles(dataDir);
  // The cluster folder as it is (PostgreSQL's own user goes through it), the TLS folder owner-only.
  mkdirSync(dirname(files.dir), { recursive: true });
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  chmodSync(files.dir, 0o700);
  const haveCa = await stillGood(files, files.caCert, files.caKey);
  const serverOk = haveCa && (await stillGood(files, files.serverCert, files.serverKey));
  const clientOk = haveCa && (await stillGood(files, files.clientCert, files.clientKey));
  if (haveCa && serverOk && clientOk) return files;

  // Made in a scratch folder beside, then moved in: a start interrupted midway leaves no half pair.
  const tmp = mkdtempSync(join(files.dir, '.new-'));
  try {
    const config = join(tmp, 'openssl.cnf');
    writeFileSync(config, OPENSSL_CONFIG);
    const caCert = haveCa ? files.caCert : join(tmp, 'ca.pem');
    const caKey = haveCa ? files.caKey : join(tmp, 'ca.key');
    const made: string[] = [];
    if (!haveCa) {
      await newKey(caKey);
      const id = randomBytes(4).toString('hex');
      await openssl([
        'req', '-x509', '-new', '-config', config, '-key', caKey, '-sha256', '-days', String(CA_DAYS),
        '-subj', `/O=Kehoach/CN=Kehoach cluster CA ${id}`, '-extensions', 'ca_ext', '-set_serial', serial(),
        '-out', caCert,
      ]); // prettier-ignore
      made.push('a CA of its own');
    }
    const leaves: [name: 'server' | 'client', subject: string, ext: string, ok: boolean][] = [
      ['server', `/O=Kehoach/CN=${TLS_SERVER_NAME}`, 'server_ext', serverOk],
      ['client', '/O=Kehoach/CN=kehoach-client', 'client_ext', clientOk],
    ];
    for (const [name, subject, ext, ok] of leaves) {
      if (ok) continue;
      const key = join(tmp, `${name}.key`);
      const csr = join(tmp, `${name}.csr`);
      await newKey(key);
      await openssl(['req', '-new', '-config', config, '-key', key, '-subj', subject, '-out', csr]);
      await openssl([
        'x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-sha256', '-days', String(LEAF_DAYS),
        '-extfile', config, '-extensions', ext, '-set_serial', serial(), '-out', join(tmp, `${name}.pem`),
      ]); // prettier-ignore
      made.push(`a ${name} certificate`);
    }
    // Keys first, certificates after, the CA last: a later start finds either the old set or the new.
    const order = ['server.key', 'client.key', 'server.pem', 'client.pem', 'ca.key', 'ca.pem'];
    for (const name of order) {
      const from = join(tmp, name);
      if (existsSync(from)) renameSync(from, join(files.dir, name));
    }
    say(`Mutual TLS: made ${made.join(', ')} in ${files.dir}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return files;
}
