/**
 * Sealed messages, the workflows' half (docs/sealed-messages.md). Every payload Kehoach's clients
 * and workers write is sealed by the payload codec (client/seal-codec.ts: AES-256-GCM, bound to
 * the workflow it is for). When a worker opens a payload it writes what it found in the payload's
 * metadata ({@link SEAL_STATE}); the payload converter below, which the workflow bundle uses,
 * marks every object it decodes with that finding, so the workflows' interceptor
 * (workflows/interceptors.ts) can tell a message Kehoach sealed from one it did not, without
 * failing a workflow task on either.
 *
 * Pure and deterministic (workflow-safe): no crypto here, only what the codec found.
 */
import { defaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';
import { ErrorType, refusal } from './errors';
import type { Bilingual } from './bilingual';

/** The `patched()` marker of the rule: a run that has it takes sealed messages only. */
export const SEAL_RULE = 'sealed-messages';

/** The metadata key the codec writes on every payload it opens (overwriting whatever was sent). */
export const SEAL_STATE = 'kehoach-seal';
/** The metadata key carrying the opened seal's id (its GCM nonce, base64): one per sealing. */
export const SEAL_ID = 'kehoach-seal-id';

/**
 * What the codec found:
 * - `sealed`: opened with one of the deployment's keys, for the workflow it arrived at;
 * - `plain`: not sealed at all (written by someone without the codec, or before sealing);
 * - `tampered`: sealed, but a byte changed (or the metadata was forged);
 * - `unknown-key`: sealed with a key this deployment does not hold;
 * - `misdirected`: sealed for another workflow (copied from one conference into another).
 */
export type SealState = 'sealed' | 'plain' | 'tampered' | 'unknown-key' | 'misdirected';

export interface SealFinding {
  state: SealState;
  /** The seal's id, for `sealed` only: a message sent twice carries the same id. */
  id?: string;
}

const SEAL_MARK = Symbol.for('kehoach.seal');

const decoder = new TextDecoder();

/**
 * What the codec found for a payload, read from its metadata (the workflows' converter and the
 * audit read it alike): `plain` when it says nothing, `tampered` when it says something unknown.
 */
export function sealFindingOf(metadata: Record<string, Uint8Array> | null | undefined): SealFinding {
  const raw = metadata?.[SEAL_STATE];
  const state = raw ? decoder.decode(raw) : 'plain';
  const known: readonly string[] = ['sealed', 'plain', 'tampered', 'unknown-key', 'misdirected'];
  if (!known.includes(state)) return { state: 'tampered' };
  const id = metadata?.[SEAL_ID];
  return state === 'sealed' && id ? { state, id: decoder.decode(id) } : { state: state as SealState };
}

/** What the codec found for a decoded value (an object or array the converter marked); `plain` for anything else. */
export function sealOf(value: unknown): SealFinding {
  if (typeof value === 'object' && value !== null) {
    const mark = (value as Record<symbol, unknown>)[SEAL_MARK];
    if (mark && typeof mark === 'object') return mark as SealFinding;
  }
  return { state: 'plain' };
}

/**
 * The converter of the workflow bundle: Temporal's default conversion, and every object or array
 * it yields carries the codec's finding under a symbol that is not enumerable (JSON, spreads,
 * schemas and equality do not see it), so decoding is unchanged for the code that reads the value.
 */
class SealAwarePayloadConverter implements PayloadConverter {
  toPayload<T>(value: T): Payload {
    return defaultPayloadConverter.toPayload(value);
  }

  fromPayload<T>(payload: Payload): T {
    const value = defaultPayloadConverter.fromPayload<T>(payload);
    if (typeof value === 'object' && value !== null && Object.isExtensible(value)) {
      Object.defineProperty(value, SEAL_MARK, { value: sealFindingOf(payload.metadata), enumerable: false });
    }
    return value;
  }
}

export const payloadConverter: PayloadConverter = new SealAwarePayloadConverter();

/**
 * Whether every argument of a message was sealed by Kehoach for this workflow; the first finding
 * that was not, else undefined. A message without arguments proves nothing and is not sealed.
 * A number, string or boolean cannot carry a mark: for a start or a Signal it counts as not
 * sealed (no Kehoach message has one); an Update's validator may `pass` it on to its own schema,
 * which refuses it with the field and the reason (every Update takes an object).
 */
export function unsealedArgument(
  args: readonly unknown[],
  primitives: 'refuse' | 'pass' = 'refuse',
): SealFinding | undefined {
  if (args.length === 0) return { state: 'plain' };
  for (const arg of args) {
    if (primitives === 'pass' && (typeof arg !== 'object' || arg === null)) continue;
    const finding = sealOf(arg);
    if (finding.state !== 'sealed') return finding;
  }
  return undefined;
}

const STATE_TEXT: Record<Exclude<SealState, 'sealed'>, Bilingual> = {
  plain: { vi: 'không được niêm phong', en: 'is not sealed' },
  tampered: { vi: 'đã bị sửa sau khi niêm phong', en: 'was changed after it was sealed' },
  'unknown-key': {
    vi: 'được niêm phong bằng một khóa mà hệ thống không giữ',
    en: 'was sealed with a key this deployment does not hold',
  },
  misdirected: { vi: 'được niêm phong cho một quy trình khác', en: 'was sealed for another workflow' },
};

/** The refusal of a message Kehoach did not seal for this workflow (or one sent a second time). */
export function unsealedRefusal(name: string, finding: SealFinding | 'replayed') {
  const text =
    finding === 'replayed'
      ? { vi: 'đã được gửi một lần (gửi lại một thông điệp cũ)', en: 'was already delivered once (a replayed message)' }
      : STATE_TEXT[finding.state === 'sealed' ? 'plain' : finding.state];
  return refusal(
    ErrorType.Unsealed,
    'payload',
    `Thông điệp "${name}" ${text.vi}: Kehoach không nhận.`,
    `Message "${name}" ${text.en}: Kehoach does not take it.`,
  );
}
