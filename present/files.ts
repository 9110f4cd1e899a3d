/**
 * Evidence files as people read them, in either language: a size ("2,5 MB" / "2.5 MB"), a file's
 * line on the board, the inbox and the audit (name, size, type, the start of its SHA-256), and
 * the address it is downloaded from. Shared by the web, the CLI and the audit.
 */
import type { EvidenceFile } from '../domain/actions';
import type { Lang } from '../domain/time';

/** Bytes in B, KB, MB or GB (powers of 1024, one decimal), with Vietnam's decimal comma in Vietnamese. */
export function fileSizeText(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${lang === 'vi' ? text.replace('.', ',') : text} ${units[unit]}`;
}

/** "Báo cáo.pdf (2,5 MB, application/pdf, SHA-256 3f2a…)": enough to tell files apart and check one. */
export function fileText(f: EvidenceFile, lang: Lang): string {
  return `${f.name} (${fileSizeText(f.size, lang)}, ${f.mediaType}, SHA-256 ${f.sha256})`;
}

/** Where a conference's page (/c/<id>/inbox, /c/<id>/board) downloads a task's file: relative to it. */
export function fileHref(taskId: string, sha256: string): string {
  return `tasks/${encodeURIComponent(taskId)}/files/${sha256}`;
}
