/**
 * A conference's record after Temporal: writing its signed dossier into the archive store when it
 * closes (the archive workflow's activity), and reading it back, verified, when Temporal has
 * forgotten its histories. The archive is the dossier `kehoach audit export` writes (same files,
 * same manifest and signature), so `kehoach audit verify` checks it as it checks any dossier.
 *
 * Where it stops working: an archive is written once per conference. Refusals recorded after it
 * (an attempt on a closed conference) stay in the refusal log while its history lives, not in the
 * archive.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ConferenceArchiver } from '../activities/types';
import { listAccessLinks } from '../client/access-links';
import type { ArchiveStore } from '../client/archive-store';
import { conferenceStatus, planInForce } from '../client/conference';
import { readRefusals, type RefusalLogEntry } from '../client/refusal-log';
import { archiveName, type ArchiveResult } from '../domain/archive';
import { conferenceWorkflowId } from '../domain/ids';
import { keyFingerprint } from '../domain/signature';
import type { Lang } from '../domain/time';
import type { WorkflowHistory } from './decode';
import { DOSSIER_PATH, DossierError, ManifestSchema, type Manifest } from './dossier';
import { exportDossier, type EvidenceReader, type RowRenderer } from './dossier-export';
import { openDossier, type Finding } from './dossier-verify';
import { fetchConferenceHistories, historyFromJson } from './read';

export interface ArchiverOptions {
  store: ArchiveStore;
  render: RowRenderer;
  key: { secretKey: string; publicKey: string };
  /** Where the evidence files are read from (they go into the archive with the rows that name them). */
  evidence: EvidenceReader | null;
  /** This machine's CLI refusal log (client/refusal-log refusalLogPath). */
  refusalLogPath: string;
  /** The language of the rows' words in the archive. */
  lang?: Lang;
}

/** Thrown while the conference or one of its responsibilities still runs: the activity is retried. */
export class StillRunningError extends Error {}

/**
 * The archive workflow's activity: waits for every history to be closed, writes the dossier to a
 * temporary file, verifies it, keeps it in the store, reads the stored copy back and verifies it
 * again. An archive found already (a retry after a crash, a second start) is verified and kept.
 */
export function conferenceArchiver(opts: ArchiverOptions): ConferenceArchiver {
  return async ({ conferenceId }, clientOf) => {
    const name = archiveName(conferenceId);
    const found = await readStored(opts, name);
    if (found) return found;
    const client = clientOf();
    const histories = await closedHistories(client, conferenceId);
    const dir = await mkdtemp(join(tmpdir(), 'kehoach-archive-'));
    try {
      const file = join(dir, `${conferenceId}.zip`);
      await exportDossier(
        {
          conferenceId,
          histories,
          plan: await planInForce(client, conferenceId),
          status: await conferenceStatus(client, conferenceId),
          links: await listAccessLinks(client, conferenceId),
          refusals: await readRefusals(client, conferenceId, opts.refusalLogPath),
          lang: opts.lang ?? 'vi',
          render: opts.render,
          evidence: opts.evidence,
          key: opts.key,
        },
        file,
      );
      await openVerified(file, opts, name);
      await opts.store.put(name, file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const written = await readStored(opts, name);
    if (!written) throw new Error(`${name}: written to ${opts.store.location} but not found there after`);
    return { ...written, found: false };
  };
}

/** The histories of the conference and its responsibilities, once every one of them is closed. */
async function closedHistories(
  client: Client,
  conferenceId: string,
): Promise<(WorkflowHistory & { workflowId: string })[]> {
  const parentId = conferenceWorkflowId(conferenceId);
  const parent = await client.workflow.getHandle(parentId).describe();
  if (parent.status.name === 'RUNNING') throw new StillRunningError(`${parentId} is still running`);
  const histories = (await fetchConferenceHistories(client, conferenceId)).map((h) => ({
    ...h,
    workflowId: h.workflowId ?? parentId,
  }));
  // The parent is closed, so its history is whole; a responsibility still running (a cancellation
  // on its way) makes this attempt fail and a later one read it again.
  for (const h of histories.slice(1)) {
    const d = await client.workflow.getHandle(h.workflowId).describe();
    if (d.status.name === 'RUNNING') throw new StillRunningError(`${h.workflowId} is still running`);
  }
  return histories;
}

async function readStored(opts: ArchiverOptions, name: string): Promise<ArchiveResult | undefined> {
  const local = await opts.store.get(name);
  if (!local) return undefined;
  try {
    const { manifest, manifestSha256 } = await openVerified(local.path, opts, name);
    const { size } = await stat(local.path);
    return {
      conferenceId: manifest.conferenceId,
      name,
      location: opts.store.location,
      sha256: await fileSha256(local.path),
      bytes: size,
      chainHead: manifest.chainHead,
      manifestSha256,
      fingerprint: keyFingerprint(manifest.publicKey),
      archivedAt: manifest.exportedAt,
      found: true,
    };
  } finally {
    await local.release();
  }
}

async function openVerified(
  path: string,
  opts: Pick<ArchiverOptions, 'render' | 'key'>,
  name: string,
): Promise<{ manifest: Manifest; manifestSha256: string }> {
  const opened = await openDossier(path, { render: opts.render, requireKey: opts.key.publicKey });
  if (!opened.report.ok) throw new ArchiveDamagedError(name, opened.report.findings);
  const body = opened.content(DOSSIER_PATH.manifest) as Buffer;
  return {
    manifest: ManifestSchema.parse(JSON.parse(body.toString('utf8'))),
    manifestSha256: createHash('sha256').update(body).digest('hex'),
  };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** An archive that does not prove itself: never served as if it were good. */
export class ArchiveDamagedError extends DossierError {
  constructor(
    readonly archive: string,
    readonly findings: Finding[],
  ) {
    const first = findings[0];
    const more = findings.length > 1 ? findings.length - 1 : 0;
    super(
      'archive',
      `hồ sơ lưu trữ ${archive} không còn nguyên vẹn: ${first ? `${first.file}: ${first.vi}` : 'không kiểm tra được'}${more ? ` (và ${more} lỗi khác)` : ''}; chạy "kehoach audit verify" để xem đủ`,
      `the archive ${archive} is not intact: ${first ? `${first.file}: ${first.en}` : 'it cannot be checked'}${more ? ` (and ${more} more)` : ''}; run "kehoach audit verify" for all of it`,
    );
  }
}

// ---- reading ----

/** What an archive holds, verified: the same parts a live conference answers with. */
export interface ArchivedConference {
  conferenceId: string;
  histories: (WorkflowHistory & { workflowId: string })[];
  plan: unknown;
  status: unknown;
  links: unknown;
  refusals: RefusalLogEntry[];
  manifest: Manifest;
  /** The store and name it was read from. */
  location: string;
  name: string;
}

/** Reads archives back, each checked (signature by the deployment's key, every hash, the rows rebuilt). */
export class ArchiveReader {
  private readonly kept = new Map<string, { stamp: string; archive: Promise<ArchivedConference | undefined> }>();

  constructor(
    readonly store: ArchiveStore,
    private readonly render: RowRenderer,
    /** The deployment's key the archives must be signed with; undefined where this machine has no key (signatures still checked). */
    private readonly publicKey: string | undefined,
  ) {}

  /** The conference's archive, or undefined when none was written. Throws {@link ArchiveDamagedError}. */
  async open(conferenceId: string): Promise<ArchivedConference | undefined> {
    const name = archiveName(conferenceId);
    const local = await this.store.get(name);
    if (!local) return undefined;
    try {
      // A folder's file is read again only when it changed; a download is checked each time.
      const st = await stat(local.path);
      const stamp = this.store.kind === 'folder' ? `${st.size}:${st.mtimeMs}:${st.ino}` : '';
      const hit = stamp ? this.kept.get(name) : undefined;
      if (hit && hit.stamp === stamp) return await hit.archive;
      const archive = this.read(local.path, name);
      if (stamp) this.kept.set(name, { stamp, archive });
      archive.catch(() => this.kept.delete(name));
      return await archive;
    } finally {
      await local.release();
    }
  }

  /** The conference ids that have an archive. */
  async conferences(): Promise<string[]> {
    const names = await this.store.list('conferences/');
    return names.flatMap((n) => {
      const m = /^conferences\/([a-z0-9-]+)\.zip$/.exec(n);
      return m?.[1] ? [m[1]] : [];
    });
  }

  private async read(path: string, name: string): Promise<ArchivedConference> {
    const opened = await openDossier(path, {
      render: this.render,
      ...(this.publicKey ? { requireKey: this.publicKey } : {}),
    });
    if (!opened.report.ok) throw new ArchiveDamagedError(name, opened.report.findings);
    const json = (p: string): unknown => {
      const c = opened.content(p);
      return c === undefined ? undefined : (JSON.parse(c.toString('utf8')) as unknown);
    };
    const manifest = ManifestSchema.parse(json(DOSSIER_PATH.manifest));
    const histories = manifest.files
      .filter((e) => e.path.startsWith('histories/') && e.workflowId)
      .map((e) => ({
        workflowId: e.workflowId as string,
        history: historyFromJson(json(e.path)),
      }));
    return {
      conferenceId: manifest.conferenceId,
      histories,
      plan: json(DOSSIER_PATH.plan),
      status: json(DOSSIER_PATH.status),
      links: json(DOSSIER_PATH.links) ?? [],
      refusals: (json(DOSSIER_PATH.refusals) ?? []) as RefusalLogEntry[],
      manifest,
      location: this.store.location,
      name,
    };
  }
}

/** Whether an error says the workflow is not (or no longer) in Temporal. */
export function isGone(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  const e = err as { code?: number; name?: string; cause?: unknown } | null;
  // gRPC NOT_FOUND (5) from a query or a describe of a deleted workflow.
  return e?.code === 5 || (e?.cause !== undefined && e.cause !== err && isGone(e.cause));
}
