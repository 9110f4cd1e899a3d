/**
 * Baseline workflows for the benchmark: the least Temporal itself does for each kind of message,
 * on the same server, worker process and connection as the engine. They have their own bundle
 * and task queue (bench/worker-process.ts) so nothing of Kehoach's workflows is loaded for them.
 */
import * as wf from '@temporalio/workflow';

/** Bare Update: no validator, returns a small object. */
export const bareUpdate = wf.defineUpdate<{ ok: true; n: number }, [{ n: number }]>('bareUpdate');
/** Bare Signal: bumps a counter. */
export const bareSignal = wf.defineSignal<[{ n: number }]>('bareSignal');
/** Bare Query: returns a small object. */
export const bareQuery = wf.defineQuery<{ updates: number; signals: number }>('bareQuery');
/** Ends a target workflow. */
export const finishSignal = wf.defineSignal('finish');

/** A long-running target for bare Updates, Signals and Queries. */
export async function bareTarget(): Promise<{ updates: number; signals: number }> {
  let updates = 0;
  let signals = 0;
  let done = false;
  wf.setHandler(bareUpdate, ({ n }) => {
    updates++;
    return { ok: true as const, n };
  });
  wf.setHandler(bareSignal, () => void signals++);
  wf.setHandler(bareQuery, () => ({ updates, signals }));
  wf.setHandler(finishSignal, () => void (done = true));
  await wf.condition(() => done);
  return { updates, signals };
}

/** Start-to-complete baseline: does nothing. */
// eslint-disable-next-line @typescript-eslint/require-await
export async function noopWorkflow(): Promise<number> {
  return 0;
}

/** Start-to-complete baseline with one child: starts a no-op child and waits for it. */
export async function withChildWorkflow(): Promise<number> {
  return wf.executeChild(noopWorkflow, { workflowId: `${wf.workflowInfo().workflowId}:child` });
}
