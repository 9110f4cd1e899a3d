/**
 * Ed25519 signatures of the deployment: claims of who acts (verified inside the workflows) and the
 * manifest of an exported dossier (verified offline). Pure and deterministic, so workflow code may
 * call it; the keys themselves are kept by client/signing-key.ts.
 *
 * Library: @noble/curves (audited, no dependencies, pure JS, so it runs in the workflow sandbox).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** A public key as it travels (hex, 64 characters). */
export type PublicKeyHex = string;

/**
 * JSON with object keys sorted at every depth: the bytes a signature covers must not depend on the
 * order a caller wrote the fields in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Signs text (UTF-8) with a secret key (hex); the signature in hex. */
export function signText(text: string, secretKeyHex: string): string {
  return bytesToHex(ed25519.sign(utf8ToBytes(text), hexToBytes(secretKeyHex)));
}

/** Whether a signature (hex) of text (UTF-8) was made by the public key (hex). Never throws. */
export function verifyText(text: string, signatureHex: string, publicKeyHex: PublicKeyHex): boolean {
  try {
    if (!/^[0-9a-f]{128}$/.test(signatureHex) || !/^[0-9a-f]{64}$/.test(publicKeyHex)) return false;
    return ed25519.verify(hexToBytes(signatureHex), utf8ToBytes(text), hexToBytes(publicKeyHex));
  } catch {
    return false;
  }
}

/** The public key (hex) of a secret key (hex). */
export function publicKeyOf(secretKeyHex: string): PublicKeyHex {
  return bytesToHex(ed25519.getPublicKey(hexToBytes(secretKeyHex)));
}

/** A new secret key (hex), from the platform's secure random source. Not for workflow code. */
export function newSecretKey(): string {
  return bytesToHex(ed25519.utils.randomSecretKey());
}

/**
 * The key's fingerprint people compare by eye: SHA-256 of the public key, first 16 bytes in
 * groups of four hex digits ("SHA256:3f2a 9c01 …").
 */
export function keyFingerprint(publicKeyHex: PublicKeyHex): string {
  const hex = bytesToHex(sha256(hexToBytes(publicKeyHex))).slice(0, 32);
  return `SHA256:${hex.match(/.{4}/g)!.join(' ')}`;
}

/** SHA-256 of text (UTF-8), hex. Workflow-safe. */
export function sha256Text(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
