/**
 * Sealed payloads (docs/sealed-messages.md): Temporal's payload codec, with AES-256-GCM from
 * `node:crypto`. Every payload a Kehoach client or worker writes is sealed; every payload they
 * read is opened, and what was found is written in its metadata for the workflows to judge
 * (domain/seal.ts). Opening never throws: a payload Kehoach did not seal reaches the workflow as
 * what it is, marked, so a forged message is refused by the workflow instead of failing its task.
 *
 * - The sealed payload: metadata `encoding: binary/kehoach-sealed`, the key's id and the workflow
 *   it is for (`namespace/workflowId`, from Temporal's serialization context); data: the 12-byte
 *   nonce, the encrypted original payload (protobuf) and the 16-byte tag. The key id and the
 *   workflow are authenticated with it (GCM's additional data), so neither can be changed.
 * - A payload sealed for another workflow opens (operators, the audit and the archive read it)
 *   but is marked `misdirected` when a worker opens it for a workflow it was not written for.
 * - Keys: `KEHOACH_SEAL_KEYS` (`id:hex,id:hex`, the last seals), else the file
 *   `KEHOACH_SEAL_KEYS_FILE`, else `${KEHOACH_DATA_DIR:-data}/keys/seal.keys`, made at first use,
 *   one key a line (`<id> <64 hex digits>`), the last line seals. Rotation adds a line: the new
 *   key seals from then on; the old ones still open what they sealed (never delete a key while a
 *   history or an archive sealed with it is kept).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { appendFileSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import proto from '@temporalio/proto';
import { SEAL_ID, SEAL_STATE, type SealState } from '../domain/seal';
import { dataDir } from './engine-file';

export const SEALED_ENCODING = 'binary/kehoach-sealed';
const KEY_ID = 'kehoach-key';
const SEALED_FOR = 'kehoach-for';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-f]{64}$/;
const KEY_ID_FORMAT = /^[A-Za-z0-9._-]{1,40}$/;

export interface SealKeys {
  /** The key that seals from now on. */
  current: string;
  /** Every key this deployment opens with, by id (the current one included). */
  keys: ReadonlyMap<string, Buffer>;
  /** Where they came from, for messages ("data/keys/seal.keys", "KEHOACH_SEAL_KEYS"). */
  source: string;
}

// A CommonJS package: its namespaces through the default export (tsx and Node's ESM loader alike).
const ProtoPayload = proto.temporal.api.common.v1.Payload;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** A key's id: 'k' and 8 hex digits of a hash of the key, so two keys never share an id by accident. */
export function sealKeyId(hex: string): string {
  return `k${createHash('sha256').update(`kehoach-seal-key:${hex}`).digest('hex').slice(0, 8)}`;
}

function parseKeyLine(entry: string, source: string, where: string): [string, Buffer] {
  const [id, hex] = entry.includes(':') ? entry.split(':', 2) : entry.trim().split(/\s+/, 2);
  const key = (hex ?? '').trim().toLowerCase();
  if (!id || !KEY_ID_FORMAT.test(id.trim()))
    throw new Error(`${source}${where}: a seal key's id must be 1–40 letters, digits, '.', '_' or '-'`);
  if (!HEX_KEY.test(key)) throw new Error(`${source}${where}: a seal key must be 64 hexadecimal digits (256 bits)`);
  return [id.trim(), Buffer.from(key, 'hex')];
}

function keysFrom(entries: string[], source: string, lineNumbers: boolean): SealKeys {
  const keys = new Map<string, Buffer>();
  let current = '';
  entries.forEach((entry, i) => {
    const [id, key] = parseKeyLine(entry, source, lineNumbers ? `, line ${i + 1}` : '');
    if (keys.has(id)) throw new Error(`${source}: the seal key id "${id}" appears twice`);
    keys.set(id, key);
    current = id;
  });
  if (!current) throw new Error(`${source}: no seal key`);
  return { current, keys, source };
}

/** The key file's path under these settings. */
export function sealKeysPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEHOACH_SEAL_KEYS_FILE || join(dataDir(env), 'keys', 'seal.keys');
}

function newKeyLine(): string {
  const hex = randomBytes(32).toString('hex');
  return `${sealKeyId(hex)} ${hex}\n`;
}

/** The key lines of a key file (comments and blank lines left out). */
function keyLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Makes the key file with one key; written aside, then linked into place, so a reader never sees half a file. */
function makeKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const aside = `${path}.${process.pid}.new`;
  writeFileSync(aside, `# Kehoach seal keys: one a line, the last one seals. Never delete a line.\n${newKeyLine()}`, {
    mode: 0o600,
  });
  try {
    linkSync(aside, path);
  } catch (err) {
    // Another process made it first: theirs is the deployment's.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * The deployment's seal keys; the key file is made with one key at its path when none exists yet
 * and `create` is true (the default). Throws with the source and the reason when they are malformed.
 */
export function loadSealKeys(env: NodeJS.ProcessEnv = process.env, create = true): SealKeys {
  if (env.KEHOACH_SEAL_KEYS) return keysFrom(env.KEHOACH_SEAL_KEYS.split(','), 'KEHOACH_SEAL_KEYS', false);
  const path = sealKeysPath(env);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text === undefined) {
    if (!create) throw new Error(`${path}: no seal keys (they are made by the first \`npm start\`)`);
    makeKeyFile(path);
    text = readFileSync(path, 'utf8');
  }
  return keysFrom(keyLines(text), path, true);
}

/** Adds a new key to the key file; it seals from now on. Answers the new key's id. */
export function rotateSealKey(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEHOACH_SEAL_KEYS)
    throw new Error('KEHOACH_SEAL_KEYS is set: add the new key at its end there (id:hex), not in a file');
  loadSealKeys(env); // make and check the file first
  const line = newKeyLine();
  appendFileSync(sealKeysPath(env), line);
  return line.split(' ')[0]!;
}

/** The workflow a payload is written for, from the SDK's serialization context; '' when none is given. */
function boundTo(context: SerializationContext | undefined): string {
  return context && 'workflowId' in context && context.workflowId ? `${context.namespace}/${context.workflowId}` : '';
}

function additionalData(keyId: string, sealedFor: string): Buffer {
  return Buffer.from(`kehoach-seal/v1\n${keyId}\n${sealedFor}`, 'utf8');
}

function marked(payload: Payload, state: SealState, id?: string): Payload {
  const metadata: Record<string, Uint8Array> = { ...(payload.metadata ?? {}) };
  delete metadata[SEAL_ID];
  metadata[SEAL_STATE] = enc.encode(state);
  if (id) metadata[SEAL_ID] = enc.encode(id);
  return { ...payload, metadata };
}

/**
 * What a seal that does not open stands for: an empty object, marked, so the workflow refuses it;
 * the key's id stays in its metadata, so a reader can say which key it lacks.
 */
function broken(state: SealState, keyId = ''): Payload {
  const payload = marked({ metadata: { encoding: enc.encode('json/plain') }, data: enc.encode('{}') }, state);
  return keyId ? { ...payload, metadata: { ...payload.metadata, [KEY_ID]: enc.encode(keyId) } } : payload;
}

/** The key id a payload that did not open was sealed with ('' when none). */
export function sealKeyOf(payload: Payload): string {
  const id = payload.metadata?.[KEY_ID];
  return id ? dec.decode(id) : '';
}

export class SealCodec implements PayloadCodec {
  constructor(private readonly keys: SealKeys) {}

  /** The id of the key that seals. */
  get currentKey(): string {
    return this.keys.current;
  }

  encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return Promise.resolve(this.seal(payloads, context));
  }

  decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return Promise.resolve(payloads.map((payload) => this.open(payload, context)));
  }

  /** Seals payloads for the workflow of `context` (synchronous: AES-GCM over a few kilobytes). */
  seal(payloads: Payload[], context?: SerializationContext): Payload[] {
    const keyId = this.keys.current;
    const key = this.keys.keys.get(keyId)!;
    const sealedFor = boundTo(context);
    return payloads.map((payload) => {
      // A reader's findings are its own, never sent on.
      const metadata: Record<string, Uint8Array> = { ...(payload.metadata ?? {}) };
      delete metadata[SEAL_STATE];
      delete metadata[SEAL_ID];
      const plain = ProtoPayload.encode({ ...payload, metadata }).finish();
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(additionalData(keyId, sealedFor));
      const data = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: enc.encode(SEALED_ENCODING),
          [KEY_ID]: enc.encode(keyId),
          [SEALED_FOR]: enc.encode(sealedFor),
        },
        data,
      };
    });
  }

  /** Opens one payload; never throws (see the file's head). */
  open(payload: Payload, context?: SerializationContext): Payload {
    const meta = payload.metadata ?? {};
    if (!meta.encoding || dec.decode(meta.encoding) !== SEALED_ENCODING) return marked(payload, 'plain');
    const keyId = meta[KEY_ID] ? dec.decode(meta[KEY_ID]) : '';
    const key = this.keys.keys.get(keyId);
    if (!key) return broken('unknown-key', keyId);
    const sealedFor = meta[SEALED_FOR] ? dec.decode(meta[SEALED_FOR]) : '';
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < NONCE_BYTES + TAG_BYTES) return broken('tampered');
    const nonce = data.subarray(0, NONCE_BYTES);
    let inner: Payload;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(additionalData(keyId, sealedFor));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const body = data.subarray(NONCE_BYTES, data.length - TAG_BYTES);
      const decoded = ProtoPayload.decode(Buffer.concat([decipher.update(body), decipher.final()]));
      inner = { metadata: decoded.metadata ?? {}, data: decoded.data ?? new Uint8Array() };
    } catch {
      return broken('tampered');
    }
    const reader = boundTo(context);
    const state: SealState = sealedFor && reader && sealedFor !== reader ? 'misdirected' : 'sealed';
    return marked(inner, state, state === 'sealed' ? nonce.toString('base64') : undefined);
  }
}

/** The codec of these settings (the key file is made at first use when `create`). */
export function sealCodec(env: NodeJS.ProcessEnv = process.env, create = true): SealCodec {
  return new SealCodec(loadSealKeys(env, create));
}
