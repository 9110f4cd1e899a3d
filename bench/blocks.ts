/**
 * The latency families, each a block of timed samples: the bare baselines on bench/workflows.ts
 * (Update, Signal, Query, a no-op and a one-child workflow start-to-complete) and the engine's
 * own (a task Update, a status Query on a seed conference). One table of kinds, so the rounds
 * interleave them and the report pairs each engine figure with its baseline by name.
 */
import { actOnTask, conferenceHandle } from '../client/conference';
import { conferenceStatusQuery } from '../domain/messages';
import type { BenchContext } from './context';
import { isStaleBoard } from './driver';
import { sample } from './sampling';
import type { TaskActions } from './task-actions';
import { bareQuery, bareSignal, bareUpdate } from './workflows';

export type Kind =
  | 'bareUpdate'
  | 'taskUpdate'
  | 'bareSignal'
  | 'bareQuery'
  | 'statusQuery'
  | 'noopWorkflow'
  | 'withChildWorkflow'
  | 'conference';

export const LABELS: Record<Kind, string> = {
  bareUpdate: 'bare Update round trip',
  taskUpdate: 'task Update round trip',
  bareSignal: 'bare Signal',
  bareQuery: 'bare Query',
  statusQuery: 'status Query (seed conference)',
  noopWorkflow: 'no-op workflow start-to-complete',
  withChildWorkflow: 'one-child workflow start-to-complete',
  conference: 'seed conference start-to-complete',
};

/** Engine figure → its baseline. */
export const BASELINE_OF: Partial<Record<Kind, Kind>> = {
  taskUpdate: 'bareUpdate',
  statusQuery: 'bareQuery',
  conference: 'withChildWorkflow',
};

export const RATIO_NAME: Partial<Record<Kind, string>> = {
  taskUpdate: 'taskUpdate',
  statusQuery: 'statusQuery',
  conference: 'conferenceVsOneChild',
};

export type Blocks = Record<Kind, (n: number) => Promise<number[]>>;

/** The blocks of one run; `conference` is empty here: full conferences run side by side in the rounds. */
export function latencyBlocks(ctx: BenchContext, tasks: TaskActions): Blocks {
  const { client: c, opts, tag, baselineQueue, target } = ctx;
  let seq = 0;
  return {
    bareUpdate: (n) =>
      sample(LABELS.bareUpdate, n, async (time) => {
        await time(() => target.executeUpdate(bareUpdate, { args: [{ n: ++seq }] }));
      }),
    taskUpdate: (n) =>
      sample(LABELS.taskUpdate, n, async (time) => {
        const { conferenceId, responsibilityId, request } = await tasks.next();
        try {
          const view = await time(() => actOnTask(c, conferenceId, responsibilityId, request));
          tasks.answered(view);
        } catch (err) {
          if (!isStaleBoard(err)) throw err;
          tasks.refused(request);
        }
      }),
    bareSignal: (n) =>
      sample(LABELS.bareSignal, n, async (time) => {
        await time(() => target.signal(bareSignal, { n: ++seq }));
      }),
    bareQuery: (n) =>
      sample(LABELS.bareQuery, n, async (time) => {
        await time(() => target.query(bareQuery));
      }),
    statusQuery: (n) =>
      sample(LABELS.statusQuery, n, async (time) => {
        const handle = conferenceHandle(c, tasks.current);
        await time(() => handle.query(conferenceStatusQuery));
      }),
    noopWorkflow: (n) =>
      sample(LABELS.noopWorkflow, Math.max(5, Math.round((n * opts.startSamples) / opts.samples)), async (time) => {
        await time(() =>
          c.workflow.execute('noopWorkflow', { taskQueue: baselineQueue, workflowId: `bench-${tag}-noop-${++seq}` }),
        );
      }),
    withChildWorkflow: (n) =>
      sample(
        LABELS.withChildWorkflow,
        Math.max(5, Math.round((n * opts.startSamples) / opts.samples)),
        async (time) => {
          await time(() =>
            c.workflow.execute('withChildWorkflow', {
              taskQueue: baselineQueue,
              workflowId: `bench-${tag}-child-${++seq}`,
            }),
          );
        },
      ),
    conference: () => Promise.resolve([]), // run apart: several conferences side by side (bench/rounds.ts)
  };
}
