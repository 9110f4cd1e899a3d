/**
 * A conference's record wherever it is: Temporal while its histories live, the archive store after
 * retention has deleted them (audit/archive.ts). Every reader that people meet — the audit, the
 * dossier export, the documents, the scorecard, next year's plan, the web's pages — asks here, so
 * each gives the same answer before and after Temporal forgets the conference.
 */
import { existsSync } from 'node:fs';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { childWorkflowIds, fetchConferenceHistories, type WorkflowHistory } from '../audit';
import type { ConferenceArchiver } from '../activities/types';
import {
  ArchiveDamagedError,
  ArchiveReader,
  conferenceArchiver,
  isGone,
  type ArchivedConference,
} from '../audit/archive';
import { listAccessLinks } from '../client/access-links';
import { openArchiveStore } from '../client/archive-store';
import { conferenceStatus, planInForce } from '../client/conference';
import { openEvidenceStore } from '../client/evidence-store';
import { readRefusals, refusalLogPath, type RefusalLogEntry } from '../client/refusal-log';
import { loadSigningKey, signingKeyPath } from '../client/signing-key';
import { conferenceWorkflowId } from '../domain/ids';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import { PlanSchema, type Plan } from '../domain/plan/schema';
import { AccessLinkSchema, ConferenceStatusSchema, type AccessLink, type ConferenceStatus } from '../domain/views';
import { formatAudit } from './audit';

/** The archive reader of these settings: the store they name, checked against the deployment's key. */
export function openArchiveReader(env: NodeJS.ProcessEnv = process.env): ArchiveReader {
  return new ArchiveReader(
    openArchiveStore(env),
    (rows, format, lang) => formatAudit(rows, format, lang),
    deploymentPublicKey(env),
  );
}

/**
 * The deployment's public key, never made here: a reader on a machine without the key (an
 * auditor's) still checks each archive's own signature, just not whose it is.
 */
function deploymentPublicKey(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.KEHOACH_SIGNING_KEY && !existsSync(signingKeyPath(env))) return undefined;
  return loadSigningKey(env, false).publicKey;
}

/** One conference's record: the same parts whether Temporal or the archive holds them. */
export interface ConferenceRecordSource {
  readonly conferenceId: string;
  readonly where: 'temporal' | 'archive';
  histories(): Promise<(WorkflowHistory & { workflowId: string })[]>;
  plan(): Promise<Plan>;
  status(): Promise<ConferenceStatus>;
  links(): Promise<AccessLink[]>;
  /** The refused attempts: the refusal log and this machine's CLI log, or what the archive kept. */
  refusals(localLog?: string | false): Promise<RefusalLogEntry[]>;
}

/**
 * Temporal first; the archive when Temporal has no such conference, or has lost some of its
 * responsibilities' histories (they close, and so are deleted, before the conference). Throws
 * Temporal's own WorkflowNotFoundError when neither has it, and {@link ArchiveDamagedError} for
 * an archive that does not prove itself.
 */
export async function openConferenceRecord(
  client: Client,
  conferenceId: string,
  archive: ArchiveReader = openArchiveReader(),
): Promise<ConferenceRecordSource> {
  try {
    await client.workflow.getHandle(conferenceWorkflowId(conferenceId)).describe();
    return liveRecord(client, conferenceId, archive);
  } catch (err) {
    if (!isGone(err)) throw err;
    const archived = await archive.open(conferenceId);
    if (!archived)
      throw err instanceof WorkflowNotFoundError
        ? err
        : new WorkflowNotFoundError(`no conference ${conferenceId}`, conferenceWorkflowId(conferenceId), undefined);
    return archivedRecord(archived);
  }
}

function liveRecord(client: Client, conferenceId: string, archive: ArchiveReader): ConferenceRecordSource {
  const parentId = conferenceWorkflowId(conferenceId);
  return {
    conferenceId,
    where: 'temporal',
    async histories() {
      const got = (await fetchConferenceHistories(client, conferenceId)).map((h) => ({
        ...h,
        workflowId: h.workflowId ?? parentId,
      }));
      const parent = got[0]?.history;
      const children = parent ? childWorkflowIds(parent) : [];
      if (got.length - 1 >= children.length) return got;
      // A responsibility's history is gone already: the archive has them all, or nothing does.
      const archived = await archive.open(conferenceId);
      return archived ? archived.histories : got;
    },
    plan: () => planInForce(client, conferenceId),
    status: () => conferenceStatus(client, conferenceId),
    links: () => listAccessLinks(client, conferenceId),
    refusals: async (localLog = refusalLogPath()) =>
      localLog === false ? [] : readRefusals(client, conferenceId, localLog),
  };
}

function archivedRecord(a: ArchivedConference): ConferenceRecordSource {
  return {
    conferenceId: a.conferenceId,
    where: 'archive',
    histories: () => Promise.resolve(a.histories),
    plan: () => Promise.resolve(checked<Plan>(a, 'plan.json', PlanSchema, a.plan)),
    status: () => Promise.resolve(checked<ConferenceStatus>(a, 'status.json', ConferenceStatusSchema, a.status)),
    links: () => Promise.resolve((a.links as unknown[]).map((l) => checked(a, 'links.json', AccessLinkSchema, l))),
    refusals: (localLog) => Promise.resolve(localLog === false ? [] : a.refusals),
  };
}

/** A part of a verified archive, in the shape readers expect (an archive from an older release may lack it). */
function checked<T>(a: ArchivedConference, file: string, schema: z.ZodType<T>, value: unknown): T {
  if (schema.safeParse(value).success) return value as T;
  throw new ArchiveDamagedError(a.name, [
    {
      file,
      vi: value === undefined ? 'thiếu trong hồ sơ lưu trữ' : 'không đúng dạng',
      en: value === undefined ? 'missing from the archive' : 'not in the expected shape',
    },
  ]);
}

export { ArchiveDamagedError, type ArchiveReader };

/**
 * A part read from Temporal, or from the archive when Temporal has no such conference: for the
 * hot paths (a page's status, a link check) that should not pay a second call while it lives.
 */
export async function liveOrArchived<T>(
  conferenceId: string,
  live: () => Promise<T>,
  fromArchive: (record: ConferenceRecordSource) => Promise<T>,
  archive: ArchiveReader,
): Promise<T> {
  try {
    return await live();
  } catch (err) {
    if (!isGone(err)) throw err;
    const archived = await archive.open(conferenceId);
    if (!archived) throw err;
    return fromArchive(archivedRecord(archived));
  }
}

/**
 * Every conference Temporal still lists (the newest first), then every archived one it no longer
 * does, up to `limit`: so a year's scorecard counts the conferences retention has deleted.
 */
export async function listConferenceIds(client: Client, archive: ArchiveReader, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = "${WORKFLOW_TYPE.conference}"` })) {
    ids.push(w.workflowId.replace(/^conference:/, ''));
    if (ids.length >= limit) return ids;
  }
  const listed = new Set(ids);
  for (const id of (await archive.conferences()).sort()) {
    if (listed.has(id)) continue;
    ids.push(id);
    if (ids.length >= limit) break;
  }
  return ids;
}

/**
 * The archiver a worker runs (the archive workflow's activity) with these settings: the archive
 * store, the deployment's key, the evidence store for the files the dossier carries, this
 * machine's CLI refusal log. Composed by whoever starts a worker (scripts/start.ts, scripts/worker.ts).
 */
export function openArchiver(
  env: NodeJS.ProcessEnv = process.env,
  opts: { evidenceFiles?: boolean } = {},
): ConferenceArchiver {
  const evidence = openEvidenceStore(env);
  return conferenceArchiver({
    store: openArchiveStore(env),
    render: (rows, format, lang) => formatAudit(rows, format, lang),
    key: loadSigningKey(env),
    // Without the files (their hashes only) where the evidence is kept elsewhere (the tests' workers).
    evidence: opts.evidenceFiles === false ? null : async (sha256) => (await evidence.open(sha256)).stream,
    refusalLogPath: refusalLogPath(env),
  });
}
