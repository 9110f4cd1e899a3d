/**
 * Opens a sealed history (client/seal-codec.ts) for the readers that decode events themselves:
 * the audit, the archive, the refusal log's reader, the dossier. Every payload in the events is
 * opened with the deployment's keys as the workflow itself would open it (its own workflow id as
 * the context), so each keeps the finding (`kehoach-seal` in its metadata) that decided whether
 * the workflow took the message. Headers (claims, signed in clear) and search attributes (never
 * sealed) are left as they are. A history from before sealing comes back unchanged but marked.
 */
import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { SEAL_STATE } from '../domain/seal';
import { sealKeyOf } from './seal-codec';

/** Whether a proto object is a Payload (has an `encoding` in its metadata). */
function isPayload(value: object): value is Payload {
  const meta = (value as { metadata?: Record<string, unknown> }).metadata;
  return typeof meta === 'object' && meta !== null && meta.encoding instanceof Uint8Array;
}

const SKIPPED = new Set(['header', 'searchAttributes']);

async function openIn(
  value: unknown,
  codecs: readonly PayloadCodec[],
  context: SerializationContext,
): Promise<unknown> {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = await openIn(value[i], codecs, context);
    return value;
  }
  if (isPayload(value)) return (await openPayloads(codecs, [value], context))[0];
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (SKIPPED.has(key)) continue;
    record[key] = await openIn(record[key], codecs, context);
  }
  return value;
}

/** Opens every payload of `history` (in place) with these codecs, as workflow `workflowId` of `namespace` reads them. */
export async function openHistoryWith<H extends History>(
  codecs: readonly PayloadCodec[],
  history: H,
  workflowId: string,
  namespace: string,
): Promise<H> {
  if (codecs.length === 0) return history;
  await openIn(history, codecs, { type: 'workflow', namespace, workflowId });
  // A history whose start does not open cannot be read at all: say which key it needs.
  const start = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const state = start?.metadata?.[SEAL_STATE];
  if (start && state && new TextDecoder().decode(state) === 'unknown-key') {
    throw new Error(
      `${workflowId || 'this history'} was sealed with key "${sealKeyOf(start)}", which this machine does not hold ` +
        '(KEHOACH_SEAL_KEYS or the seal key file, docs/sealed-messages.md): it cannot be read here',
    );
  }
  return history;
}

/** Opens `history` with the client's codecs. */
export function openHistory<H extends History>(client: Client, history: H, workflowId: string): Promise<H> {
  return openHistoryWith(
    client.options.loadedDataConverter.payloadCodecs,
    history,
    workflowId,
    client.options.namespace,
  );
}

/** Opens payloads with these codecs, the last one first (as the SDK decodes). */
export async function openPayloads(
  codecs: readonly PayloadCodec[],
  payloads: Payload[],
  context?: SerializationContext,
): Promise<Payload[]> {
  let opened = payloads;
  for (const codec of [...codecs].reverse()) opened = await codec.decode(opened, context);
  return opened;
}

/** Opens one payload with the client's codecs (no workflow context: for reading, never for judging). */
export async function openPayload(client: Client, payload: Payload): Promise<Payload> {
  return (await openPayloads(client.options.loadedDataConverter.payloadCodecs, [payload]))[0]!;
}
