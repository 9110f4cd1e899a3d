/**
 * The record that outlives Temporal's retention: when a conference closes, its signed dossier (the
 * same as `kehoach audit export` writes) is kept in the archive store, one per conference. This is
 * the contract between the archive workflow, the activity that writes, and the readers.
 */
import { z } from 'zod';
import { ConferenceIdSchema } from './ids';

export const ArchiveInputSchema = z.object({ conferenceId: ConferenceIdSchema });
export type ArchiveInput = z.infer<typeof ArchiveInputSchema>;

/** What was archived and where; also the archive workflow's result and memo while its history lives. */
export const ArchiveResultSchema = z.object({
  conferenceId: ConferenceIdSchema,
  /** The archive's name in its store: `conferences/<id>.zip`. */
  name: z.string(),
  /** The store, for people: a folder or `s3://bucket/prefix at endpoint`. */
  location: z.string(),
  /** SHA-256 of the archive file (the zip) as stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** The dossier manifest's chain head: what the signature covers, last in the chain. */
  chainHead: z.string().regex(/^[0-9a-f]{64}$/),
  /** SHA-256 of manifest.json's exact bytes (the file the signature signs). */
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The signing key's fingerprint. */
  fingerprint: z.string(),
  /** When the archive was written (UTC ISO); an archive found already there keeps its own time. */
  archivedAt: z.string(),
  /** True when this run found the archive written already (a retry or a second start). */
  found: z.boolean(),
});
export type ArchiveResult = z.infer<typeof ArchiveResultSchema>;

/** The archive workflow's memo key holding its result, so `temporal workflow describe` shows the hash. */
export const ARCHIVE_MEMO = 'kehoachArchive';

/** The archive of a conference in its store. */
export function archiveName(conferenceId: string): string {
  return `conferences/${conferenceId}.zip`;
}

/** The conference id of an archive name, or undefined for another file of the store. */
export function conferenceOfArchive(name: string): string | undefined {
  const m = /^conferences\/([a-z0-9]+(?:-[a-z0-9]+)*)\.zip$/.exec(name);
  return m?.[1];
}
