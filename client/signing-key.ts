/**
 * The deployment's signing key (Ed25519). The web service signs the claims of the units and
 * organizers it authenticated; operators who hold the key sign their own; `audit export` signs the
 * dossier's manifest. Workers and workflows need only the public key.
 *
 * Where it is: KEHOACH_SIGNING_KEY (the secret key, 64 hex digits), else the file
 * KEHOACH_SIGNING_KEY_FILE, else `${KEHOACH_DATA_DIR:-data}/keys/signing.key`, made at first use
 * and readable by its owner only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keyFingerprint, newSecretKey, publicKeyOf, type PublicKeyHex } from '../domain/signature';
import { dataDir } from './engine-file';

export interface SigningKey {
  /** The secret key, hex. Never logged, never sent to Temporal. */
  secretKey: string;
  publicKey: PublicKeyHex;
  fingerprint: string;
  /** Where it came from, for messages ("data/keys/signing.key", "KEHOACH_SIGNING_KEY"). */
  source: string;
}

const HEX_KEY = /^[0-9a-f]{64}$/;

/** The key file's path under these settings. */
export function signingKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEHOACH_SIGNING_KEY_FILE || join(dataDir(env), 'keys', 'signing.key');
}

function fromHex(secretKey: string, source: string): SigningKey {
  const key = secretKey.trim().toLowerCase();
  if (!HEX_KEY.test(key)) throw new Error(`${source}: the signing key must be 64 hexadecimal digits`);
  const publicKey = publicKeyOf(key);
  return { secretKey: key, publicKey, fingerprint: keyFingerprint(publicKey), source };
}

/**
 * The deployment's key; made and kept at the key file's path when none exists yet and `create` is
 * true (the default). Throws with the path and the reason when the file is unreadable or malformed.
 */
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env, create = true): SigningKey {
  if (env.KEHOACH_SIGNING_KEY) return fromHex(env.KEHOACH_SIGNING_KEY, 'KEHOACH_SIGNING_KEY');
  const path = signingKeyPath(env);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== undefined) return fromHex(text, path);
  if (!create) throw new Error(`${path}: no signing key (it is made by the first \`npm start\` or web start)`);
  const secretKey = newSecretKey();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${secretKey}\n`, { mode: 0o600, flag: 'wx' });
  return fromHex(secretKey, path);
}
