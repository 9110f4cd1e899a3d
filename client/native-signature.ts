/**
 * Ed25519 signing on the callers' side with Node's own crypto (OpenSSL): the same signatures as
 * domain/signature.ts's `signText` (Ed25519 is deterministic, RFC 8032), at a fraction of the CPU
 * (pure JS took ~1.2 ms per claim, on the path of every Update). Workflow code cannot use this and
 * keeps @noble/curves for verifying; a test holds both to the same bytes.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** The DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const keys = new Map<string, KeyObject>();

function keyObject(secretKeyHex: string): KeyObject {
  let key = keys.get(secretKeyHex);
  if (!key) {
    if (!/^[0-9a-f]{64}$/i.test(secretKeyHex)) throw new Error('an Ed25519 secret key is 64 hex digits');
    key = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(secretKeyHex, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
    // A deployment has one key, a test process a few: the map stays small.
    keys.set(secretKeyHex, key);
  }
  return key;
}

/** Signs text (UTF-8) with a secret key (hex); the signature in hex, as `signText` gives it. */
export function signTextNative(text: string, secretKeyHex: string): string {
  return sign(null, Buffer.from(text, 'utf8'), keyObject(secretKeyHex)).toString('hex');
}
