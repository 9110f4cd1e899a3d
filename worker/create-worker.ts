/**
 * Builds a Kehoach worker: the two workflows and the activities on one task queue. `npm start`,
 * the standalone worker, the tests and the benchmarks all build their workers here.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type Logger, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Activities, NoticeAttachments } from '../activities/types';
import { TASK_QUEUE } from '../domain/ids';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** The workflows' interceptors: they verify the claim of who acts on every Update and Signal. */
export const WORKFLOW_INTERCEPTORS_PATH = fileURLToPath(new URL('../workflows/interceptors.ts', import.meta.url));

/**
 * How the workflow bundle is built, wherever it is built (at worker start, by the tests, by the
 * bench): zod is loaded once per worker thread and shared, not once per workflow.
 */
export const WORKFLOW_BUNDLER_OPTIONS = {
  preloadModules: [fileURLToPath(new URL('../workflows/preload.ts', import.meta.url))],
};

/** Builds the workflow bundle as the worker would (for a worker given `workflowBundlePath`). */
export async function bundleKehoachWorkflows(logger?: Logger): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    ...WORKFLOW_BUNDLER_OPTIONS,
    ...(logger ? { logger } : {}),
  });
  return code;
}

export interface KehoachWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /** Replace activities (tests) or pass webhook settings. */
  activities?: Partial<Activities>;
  /**
   * The documents notices' mails carry (the progress report's .docx and PDF), given by the
   * program that starts the worker: present/documents/attachments.ts builds them, a layer above.
   */
  attachments?: NoticeAttachments;
  /** A prebuilt workflow bundle (tests, production) instead of bundling at start. */
  workflowBundlePath?: string;
  /** Identifies this worker in history (the audit shows which worker ran what). */
  identity?: string;
  /**
   * How many workflows stay in memory (about 0.5 MiB each; see bench/README.md). Defaults to
   * KEHOACH_MAX_CACHED_WORKFLOWS, else the SDK's default, sized from the V8 heap limit. Evicted
   * conferences are replayed from history on their next event.
   */
  maxCachedWorkflows?: number;
}

export async function createKehoachWorker(opts: KehoachWorkerOptions): Promise<Worker> {
  const maxCachedWorkflows = cacheSize(opts);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    ...(opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : {
          workflowsPath: WORKFLOWS_PATH,
          bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
          interceptors: { workflowModules: [WORKFLOW_INTERCEPTORS_PATH] },
        }),
    activities: { ...createActivities(opts.attachments ? { attachments: opts.attachments } : {}), ...opts.activities },
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(maxCachedWorkflows !== undefined ? { maxCachedWorkflows } : {}),
  });
}

function cacheSize(opts: KehoachWorkerOptions): number | undefined {
  if (opts.maxCachedWorkflows !== undefined) return opts.maxCachedWorkflows;
  const fromEnv = process.env.KEHOACH_MAX_CACHED_WORKFLOWS;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  const n = Number(fromEnv);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`KEHOACH_MAX_CACHED_WORKFLOWS must be a whole number, not "${fromEnv}"`);
  return n;
}
