/**
 * Size limits that keep one action small in history (the whole payload is also capped). Apart
 * from `actions.ts` so the catalog of refusal reasons can quote them. Workflow-safe.
 */
export const LIMITS = {
  noteChars: 2000,
  reasonChars: 1000,
  personChars: 120,
  evidenceLinks: 10,
  urlChars: 2048,
  fields: 20,
  fieldChars: 2000,
  payloadBytes: 16_384,
  /**
   * An HTTP request body (JSON or form) the web reads at most: a few times the largest payload
   * (forms spend bytes on percent-encoding), refused with 413 before the rest is read.
   */
  requestBodyBytes: 65_536,
} as const;

/**
 * What `kehoach plan import` accepts (intake/): a plan document is a few pages; anything far
 * bigger is a mistake or an attack. A .docx is a zip: its declared uncompressed sizes are checked
 * before anything is inflated (a zip bomb declares gigabytes in kilobytes).
 */
export const DOCUMENT_LIMITS = {
  /** The file as uploaded. */
  bytes: 10 * 1024 * 1024,
  /** Everything a .docx declares it holds once inflated. */
  unzippedBytes: 50 * 1024 * 1024,
  /** Entries in a .docx (a real one has a few dozen). */
  zipEntries: 1000,
  /** Inflated / compressed, for any entry above 1 MiB (text compresses ~10:1, a bomb 1000:1). */
  zipRatio: 100,
  /** Pages read from a PDF. */
  pdfPages: 100,
  /** Characters of text read from any document. */
  textChars: 500_000,
} as const;

/**
 * Evidence files (the unit's report, its ~5-minute video). A plan's file field may set its own
 * `maxBytes` up to `fieldMaxBytes`; a file not tied to a field, or a field without a limit, gets
 * `fileBytes`. One upload request carries at most `requestBytes` in all. A 5-minute 1080p video is
 * 200–600 MB, hence the ceiling.
 */
export const EVIDENCE_LIMITS = {
  /** A file with no limit of its own (not tied to a field, or a field that sets none). */
  fileBytes: 50 * 1024 * 1024,
  /** The largest `maxBytes` a plan may give a field. */
  fieldMaxBytes: 2 * 1024 * 1024 * 1024,
  /** All the files of one upload request together. */
  requestBytes: 2 * 1024 * 1024 * 1024,
  /** Files attached to one action. */
  filesPerAction: 10,
  /** Characters of a file's name. */
  nameChars: 200,
} as const;

/** The size limit of a file field's file: its own `maxBytes`, else the default. Workflow-safe. */
export function fileFieldMaxBytes(field: { maxBytes?: number | undefined }): number {
  return field.maxBytes ?? EVIDENCE_LIMITS.fileBytes;
}
