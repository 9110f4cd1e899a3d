/**
 * The Signals a workflow dropped because Kehoach did not seal them for it (or sent them a second
 * time), read back from its opened history (client/open-history.ts) by the rule the workflow
 * applied (workflows/interceptors.ts, domain/seal.ts):
 * - a run under rules baseline 9 or later (its memo) judged every message from its first event;
 * - otherwise, a run without the `sealed-messages` marker took every message (it ran before sealing);
 * - with the marker, every Signal the marker's workflow task or a later one handled had to carry
 *   sealed arguments, each seal id new to the run. A run started sealed writes the marker in its
 *   first task, so there the rule holds from the first event; a run started before sealing writes
 *   it in the task that refused its first unsealed Signal, so the Signals handled before it stand.
 */
import type { History } from '@temporalio/common/lib/proto-utils';
import { RULES_MEMO, SEALED_MESSAGES_BASELINE } from '../domain/run-rules';
import { SEAL_RULE, sealFindingOf, type SealFinding, type SealState } from '../domain/seal';

type HistoryEvent = NonNullable<History['events']>[number];
type Payloads = { payloads?: { metadata?: Record<string, Uint8Array> | null }[] | null } | null | undefined;

export interface RefusedSignal {
  event: HistoryEvent;
  signalName: string;
  /** What the seal was found to be, or `replayed` (a seal id the run had already taken). */
  reason: Exclude<SealState, 'sealed'> | 'replayed';
  identity: string | null;
}

const text = new TextDecoder();

function findings(input: Payloads): SealFinding[] {
  const payloads = input?.payloads ?? [];
  if (payloads.length === 0) return [{ state: 'plain' }];
  return payloads.map((p) => sealFindingOf(p.metadata));
}

function isSealMarker(e: HistoryEvent): boolean {
  const m = e.markerRecordedEventAttributes;
  if (m?.markerName !== 'core_patch') return false;
  const data = m.details?.['patch-data']?.payloads?.[0]?.data;
  if (!data) return false;
  try {
    return (JSON.parse(text.decode(data)) as { id?: unknown }).id === SEAL_RULE;
  } catch {
    return false;
  }
}

/** The rules baseline of the run (its memo), 0 without one. */
function baselineOf(events: HistoryEvent[]): number {
  const field = events[0]?.workflowExecutionStartedEventAttributes?.memo?.fields?.[RULES_MEMO]?.data;
  if (!field) return 0;
  try {
    const rules: unknown = JSON.parse(text.decode(field));
    return typeof rules === 'number' ? rules : 0;
  } catch {
    return 0;
  }
}

/** The event index from which the rule held (Signals after it were judged), or undefined without the rule. */
function ruleFrom(events: HistoryEvent[]): number | undefined {
  // Under the baseline that folded it, the rule holds from the first event, with no marker.
  if (baselineOf(events) >= SEALED_MESSAGES_BASELINE) return -1;
  const marker = events.findIndex(isSealMarker);
  if (marker < 0) return undefined;
  // The task that wrote the marker handled the Signals received since the task before it started.
  const started = events
    .slice(0, marker)
    .flatMap((e, i) => (e.workflowTaskStartedEventAttributes ? [i] : []))
    .slice(-2);
  return started.length === 2 ? started[0]! : -1;
}

/** Every Signal of this history that the workflow dropped for its seal, in order. */
export function sealRefusedSignals(events: HistoryEvent[]): RefusedSignal[] {
  const from = ruleFrom(events);
  if (from === undefined) return [];
  const seen = new Set<string>();
  const out: RefusedSignal[] = [];
  events.forEach((e, i) => {
    const s = e.workflowExecutionSignaledEventAttributes;
    const u = e.workflowExecutionUpdateAcceptedEventAttributes;
    const found = s ? findings(s.input) : u ? findings(u.acceptedRequest?.input?.args) : [];
    const problem = found.find((f) => f.state !== 'sealed');
    const replayed = !problem && found.some((f) => f.id && seen.has(f.id));
    if (s && i > from && (problem || replayed)) {
      out.push({
        event: e,
        signalName: s.signalName ?? '',
        reason: problem ? (problem.state as RefusedSignal['reason']) : 'replayed',
        identity: s.identity || null,
      });
      return;
    }
    for (const f of found) if (f.id) seen.add(f.id);
  });
  return out;
}
