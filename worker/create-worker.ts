/**
 * Builds a Kehoach worker: the two workflows and the activities on one task queue. `npm start`,
 * the standalone worker, the tests and the benchmarks all build their workers here.
 */
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Activities } from '../activities/types';
import { TASK_QUEUE } from '../domain/ids';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface KehoachWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /** Replace activities (tests) or pass webhook settings. */
  activities?: Partial<Activities>;
  /** A prebuilt workflow bundle (tests, production) instead of bundling at start. */
  workflowBundlePath?: string;
  /** Identifies this worker in history (the audit shows which worker ran what). */
  identity?: string;
}

export async function createKehoachWorker(opts: KehoachWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    ...(opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath: WORKFLOWS_PATH }),
    activities: { ...createActivities(), ...opts.activities },
    ...(opts.identity ? { identity: opts.identity } : {}),
  });
}
