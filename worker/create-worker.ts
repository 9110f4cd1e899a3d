/**
 * Builds a Kehoach worker: the two workflows and the activities on one task queue. `npm start`,
 * the standalone worker, the tests and the benchmarks all build their workers here.
 */
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { bundleWorkflowCode, Worker, type Logger, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Activities, ConferenceArchiver, NoticeAttachments } from '../activities/types';
import { TASK_QUEUE } from '../domain/ids';
import { sealCodec, type SealCodec } from '../client/seal-codec';
import { loadSigningKey } from '../client/signing-key';

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

/**
 * The workflows' payload converter (domain/seal.ts): Temporal's default, and every value it
 * decodes says whether Kehoach sealed it. Built into the bundle only; the worker's own thread
 * (activities) keeps the default converter.
 */
export const PAYLOAD_CONVERTER_PATH = fileURLToPath(new URL('../domain/seal.ts', import.meta.url));

/** Builds the workflow bundle as the worker would (for a worker given `workflowBundlePath`). */
export async function bundleKehoachWorkflows(logger?: Logger): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    payloadConverterPath: PAYLOAD_CONVERTER_PATH,
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
  /**
   * Writes a closed conference's dossier into the archive store (audit/archive-write.ts, a layer
   * above), given by the program that starts the worker like `attachments`.
   */
  archiver?: ConferenceArchiver;
  /**
   * The claim keys (Ed25519 public keys, hex) a conference may be started with. Default:
   * KEHOACH_TRUSTED_CLAIM_KEYS (comma-separated), else the deployment's own signing key.
   */
  trustedClaimKeys?: readonly string[];
  /** Where bundling at start logs (default: the SDK's). */
  logger?: Logger;
  /** A prebuilt workflow bundle (tests, production) instead of bundling at start. */
  workflowBundlePath?: string;
  /** The codec that seals what the worker writes and opens what it reads. Default: the deployment's keys. */
  codec?: SealCodec;
  /** Identifies this worker in history (the audit shows which worker ran what). */
  identity?: string;
  /**
   * How many workflows stay in memory (about 0.33 MiB each; see bench/README.md, "Memory").
   * Defaults to KEHOACH_MAX_CACHED_WORKFLOWS, else {@link defaultMaxCachedWorkflows}. Evicted
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
    // Always a bundle built here: the workflows' payload converter is part of it.
    workflowBundle: opts.workflowBundlePath
      ? { codePath: opts.workflowBundlePath }
      : { code: await bundleKehoachWorkflows(opts.logger) },
    dataConverter: { payloadCodecs: [opts.codec ?? sealCodec()] },
    activities: {
      ...createActivities({
        ...(opts.attachments ? { attachments: opts.attachments } : {}),
        ...(opts.archiver ? { archiver: opts.archiver } : {}),
      }),
      ...opts.activities,
      // Last, so that no replaced set of activities drops the worker's own list.
      trustsClaimKey: trustCheck(opts.trustedClaimKeys ?? trustedClaimKeys()),
    },
    ...(opts.identity ? { identity: opts.identity } : {}),
    maxCachedWorkflows,
  });
}

const PUBLIC_KEY = /^[0-9a-f]{64}$/;

/**
 * The claim keys this worker's conferences may be started with: KEHOACH_TRUSTED_CLAIM_KEYS, else
 * the deployment's signing key (made at first use, like every other program of the deployment).
 */
export function trustedClaimKeys(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.KEHOACH_TRUSTED_CLAIM_KEYS?.trim();
  if (!listed) return [loadSigningKey(env).publicKey];
  return listed.split(',').map((k, i) => {
    const key = k.trim().toLowerCase();
    if (!PUBLIC_KEY.test(key))
      throw new Error(`KEHOACH_TRUSTED_CLAIM_KEYS, key ${i + 1}: a public key is 64 hexadecimal digits`);
    return key;
  });
}

function trustCheck(keys: readonly string[]): (publicKey: string) => Promise<boolean> {
  const trusted = new Set(keys.map((k) => k.toLowerCase()));
  return (publicKey) => Promise.resolve(trusted.has(publicKey.toLowerCase()));
}

/** The memory the workflow cache may take by default, in MiB. */
export const CACHE_BUDGET_MIB = 512;
/** What one cached workflow of a seed conference costs in worker RSS (bench/probe-memory.ts). */
export const CACHED_WORKFLOW_MIB = 0.33;

/**
 * The default cache: as many workflows as fit in {@link CACHE_BUDGET_MIB} (1,551, a hundred seed
 * conferences of 15 workflows), never more than the SDK's own default, which it sizes from the
 * V8 heap limit for workflows of ~1.7 MiB (2,310 with the 4 GiB heap of a 64-bit Node). With more
 * open conferences than that, the worker's memory stays bounded and an evicted conference is
 * replayed from history when it next wakes or is read (bench/README.md, "Memory", has the cost).
 */
export function defaultMaxCachedWorkflows(heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  const heapMiB = heapLimitBytes / 1024 / 1024;
  const sdkDefault = Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
  return Math.min(Math.floor(CACHE_BUDGET_MIB / CACHED_WORKFLOW_MIB), sdkDefault);
}

function cacheSize(opts: KehoachWorkerOptions): number {
  if (opts.maxCachedWorkflows !== undefined) return opts.maxCachedWorkflows;
  const fromEnv = process.env.KEHOACH_MAX_CACHED_WORKFLOWS;
  if (fromEnv === undefined || fromEnv === '') return defaultMaxCachedWorkflows();
  const n = Number(fromEnv);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`KEHOACH_MAX_CACHED_WORKFLOWS must be a whole number, not "${fromEnv}"`);
  return n;
}
