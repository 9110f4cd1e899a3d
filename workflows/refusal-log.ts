/**
 * The refusal log of one conference (`refusals:<conferenceId>`): it only receives
 * `refusalRecorded` Signals, one per refused attempt, sent with signalWithStart by the layer that
 * refused (web, CLI). Its history is the log: the readers (client/refusal-log.ts) read the
 * Signals' payloads back from every run of the chain. It keeps nothing but counts, drops a
 * malformed entry (or one for another conference) without failing its task, continues as new
 * before its history reaches its bound, and ends after a long while with no refusal (the next
 * refusal starts it again). No claims: see docs/identity.md ("The refusal log").
 */
import * as wf from '@temporalio/workflow';
import { refusalRecordedSignal } from '../domain/messages';
import { parseRefusalEntry, REFUSAL_LOG, type RefusalLogInput, type RefusalLogResult } from '../domain/refusals';

export async function refusalLogWorkflow(input: RefusalLogInput): Promise<RefusalLogResult> {
  const maxEvents = input.maxEvents ?? REFUSAL_LOG.maxEvents;
  // Hand over early enough that the refusals arriving meanwhile still fit under the bound.
  const handOverAt = Math.max(maxEvents - REFUSAL_LOG.headroomEvents, 1);
  let received = 0;
  let recorded = 0;
  let dropped = 0;

  wf.setHandler(refusalRecordedSignal, (raw) => {
    received++;
    const entry = parseRefusalEntry(raw);
    if (entry && entry.conferenceId === input.conferenceId) recorded++;
    else {
      dropped++;
      wf.log.warn('Dropped a malformed refusal log entry', { conferenceId: input.conferenceId });
    }
  });

  const full = (): boolean => wf.workflowInfo().historyLength >= handOverAt || wf.workflowInfo().continueAsNewSuggested;
  for (;;) {
    const before = received;
    let rang = false;
    // One timer per idle period, not one per Signal: a Signal adds only its own events.
    void wf.sleep(REFUSAL_LOG.idleMs).then(() => {
      rang = true;
    });
    await wf.condition(() => rang || full());
    if (full()) {
      await wf.continueAsNew<typeof refusalLogWorkflow>({
        conferenceId: input.conferenceId,
        ...(input.maxEvents !== undefined ? { maxEvents: input.maxEvents } : {}),
        recordedBefore: (input.recordedBefore ?? 0) + recorded,
      });
    }
    if (received === before) return { recorded: (input.recordedBefore ?? 0) + recorded, dropped };
  }
}
