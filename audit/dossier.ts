/**
 * The dossier's contract: what a signed audit dossier holds, where each part lives, how its
 * manifest is chained and which evidence files belong to it. Writer (./dossier-export) and
 * checker (./dossier-verify) both read it, so the format is written once.
 *
 * The manifest lists every file with its SHA-256 and size in a fixed order; each entry's chain
 * hash is SHA-256 of the previous chain hash and the entry, so an entry cannot be dropped or
 * moved without breaking every hash after it; the exact bytes of manifest.json are signed with the
 * deployment's Ed25519 key (domain/signature).
 */
import { z } from 'zod';
import { canonicalJson, sha256Text } from '../domain/signature';
import type { Lang } from '../domain/time';
import { decodeWorkflow, type WorkflowFacts, type WorkflowHistory } from './decode';
import type { AuditRow } from './row';
import { auditRows } from './row-rules';
import type { RefusalLogEntry } from '../client/refusal-log';

export const DOSSIER_FORMAT = 'kehoach-dossier/1';

/** Where each part of a dossier lives, relative to its root (a folder or a zip). */
export const DOSSIER_PATH = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  plan: 'plan.json',
  /** The conference's status when the dossier was written (its board: what reports are made from). */
  status: 'status.json',
  /** The access links' public records (hashes, never tokens), so an archived conference still opens for its auditors. */
  links: 'links.json',
  refusals: 'audit/refusals.json',
  rowsJson: 'audit/rows.json',
  rowsCsv: 'audit/rows.csv',
  rowsMd: 'audit/rows.md',
} as const;

/** A workflow's history file: `histories/conference_<id>_<responsibility>.json` (no colon, so any file system takes it). */
export function historyPath(workflowId: string): string {
  return `histories/${workflowId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** An evidence file, by its content: `evidence/<sha256>`. */
export function evidencePath(sha256: string): string {
  return `evidence/${sha256}`;
}

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 in lowercase hex');

/**
 * An evidence file as an action records it (`files` on the task action payload): read loosely
 * here, since the audit reads what history holds and never refuses it.
 */
export const FileRecordSchema = z.object({
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  name: z.string(),
  mediaType: z.string(),
});
export type FileRecord = z.infer<typeof FileRecordSchema>;

export const ManifestEntrySchema = z.object({
  path: z.string().min(1),
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  /** For a history file: the workflow it is the history of. */
  workflowId: z.string().optional(),
  /** SHA-256 of the previous entry's chain hash (the genesis for the first) and this entry without its chain. */
  chain: Sha256Schema,
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const ManifestSchema = z.object({
  format: z.literal(DOSSIER_FORMAT),
  conferenceId: z.string(),
  /** When it was exported (UTC ISO). */
  exportedAt: z.string(),
  /** The language of the rows' words (the `detail` column, the Markdown headers). */
  lang: z.enum(['vi', 'en']),
  /** The signing key (Ed25519, hex); its fingerprint is what people compare. */
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** The evidence files of the actions that count; `included: false` under `--no-files` (hash only). */
  evidence: z.array(FileRecordSchema.extend({ included: z.boolean() })),
  files: z.array(ManifestEntrySchema),
  /** The last entry's chain hash. */
  chainHead: Sha256Schema,
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const SignatureFileSchema = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string(),
  /** Of the exact bytes of manifest.json (UTF-8). */
  signature: z.string(),
});
export type SignatureFile = z.infer<typeof SignatureFileSchema>;

/** The chain's start: a hash of the format's name, so a chain from another format never matches. */
export const CHAIN_GENESIS = sha256Text(DOSSIER_FORMAT);

/** The chain hash of an entry after `previous`. */
export function chainHash(previous: string, entry: Omit<ManifestEntry, 'chain'>): string {
  const { path, sha256, size, workflowId } = entry;
  return sha256Text(previous + canonicalJson({ path, sha256, size, workflowId }));
}

/** The manifest's entries with their chain hashes, in order. */
export function chainEntries(entries: readonly Omit<ManifestEntry, 'chain'>[]): ManifestEntry[] {
  let previous = CHAIN_GENESIS;
  return entries.map((e) => {
    previous = chainHash(previous, e);
    return { ...e, chain: previous };
  });
}

/** The text of manifest.json: canonical key order, indented for people; its exact bytes are signed. */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2)}\n`;
}

/** The audit's rows and the evidence files of a conference, both from the same decoded histories. */
export interface DossierContent {
  rows: AuditRow[];
  evidence: FileRecord[];
  /** The plan the conference started with, when its history says no amendment changed it since. */
  unamendedPlan: unknown;
}

/**
 * Rows as the audit builds them (the same code as `kehoach audit`), and the evidence files of the
 * actions that count: those with an `action` row, each file once, in the order first met.
 */
export function dossierContent(
  histories: readonly WorkflowHistory[],
  refusals: readonly RefusalLogEntry[],
  lang: Lang,
): DossierContent {
  const facts = histories.map(decodeWorkflow);
  const rows = auditRows(facts, refusals, lang);
  const conference = facts.find((f) => f.kind === 'conference');
  const unamendedPlan =
    conference && !conference.changes.some((c) => c.kind === 'amend') ? conference.input.plan : undefined;
  return { rows, evidence: evidenceOf(facts, rows), unamendedPlan };
}

function evidenceOf(facts: readonly WorkflowFacts[], rows: readonly AuditRow[]): FileRecord[] {
  const counted = new Set(rows.filter((r) => r.kind === 'action').map((r) => `${r.workflowId}#${r.eventId}`));
  const out = new Map<string, FileRecord>();
  for (const w of facts) {
    if (w.kind !== 'responsibility') continue;
    for (const a of w.attempts) {
      if (!counted.has(`${w.workflowId}#${a.event.eventId}`)) continue;
      const files = z.array(FileRecordSchema).safeParse((a.args as { files?: unknown }).files);
      if (!files.success) continue;
      for (const f of files.data) if (!out.has(f.sha256)) out.set(f.sha256, f);
    }
  }
  return [...out.values()];
}

/** Something the dossier cannot be made or read from: the file or option it is about, and why, in both languages. */
export class DossierError extends Error {
  constructor(
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${en}`, options);
  }
}
