/**
 * The documents a conference produces, by kind: the progress report, the final report, the
 * minutes of the flag handover and the audit summary; each built from the conference's record
 * (./record) into the administrative model (./model) and written as .docx (./docx). Pure: the
 * adapters read history and turn the .docx into PDF.
 */
import { auditSummary } from './audit-summary';
import { toDocx } from './docx';
import { finalReport } from './final';
import { flagHandoverMinutes } from './flag';
import type { AdminDocument } from './model';
import { progressReport } from './progress';
import type { ConferenceRecord } from './record';
import type { Bilingual } from '../../domain/bilingual';

export { conferenceRecord, NoConferenceHistory, type ConferenceRecord, type RecordSources } from './record';
export { toDocx } from './docx';
export { scorecardDocument } from './scorecard';
export type { AdminDocument } from './model';

export const DOCUMENT_KINDS = ['progress', 'final', 'flag-handover', 'audit-summary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_LABEL: Record<DocumentKind, Bilingual> = {
  progress: { vi: 'Báo cáo tiến độ', en: 'Progress report' },
  final: { vi: 'Báo cáo kết quả', en: 'Final report' },
  'flag-handover': { vi: 'Biên bản bàn giao cờ luân lưu', en: 'Minutes of the flag handover' },
  'audit-summary': { vi: 'Tóm tắt nhật ký kiểm tra', en: 'Audit summary' },
};

export const isDocumentKind = (s: string): s is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(s);
export const isDocumentFormat = (s: string): s is DocumentFormat => (DOCUMENT_FORMATS as readonly string[]).includes(s);

/** Why a document cannot be made from this record, in both languages; undefined when it can. */
export interface DocumentRefusal {
  field: string;
  vi: string;
  en: string;
}

/** The document of a kind, or a refusal (the plan has no flag handover). */
export function buildDocument(kind: DocumentKind, r: ConferenceRecord): AdminDocument | DocumentRefusal {
  switch (kind) {
    case 'progress':
      return progressReport(r);
    case 'final':
      return finalReport(r);
    case 'audit-summary':
      return auditSummary(r);
    case 'flag-handover':
      return (
        flagHandoverMinutes(r) ?? {
          field: 'kind',
          vi: 'kế hoạch của hội nghị không có việc bàn giao cờ luân lưu (việc ký xác nhận của hai bên)',
          en: "the conference's plan has no flag handover (a sign-off by both sides)",
        }
      );
  }
}

export function isRefusal(d: AdminDocument | DocumentRefusal): d is DocumentRefusal {
  return 'field' in d;
}

/** The .docx bytes of a kind, or a refusal. */
export async function documentDocx(kind: DocumentKind, r: ConferenceRecord): Promise<Buffer | DocumentRefusal> {
  const d = buildDocument(kind, r);
  return isRefusal(d) ? d : toDocx(d);
}

/** The file name a download gets: `bao-cao-tien-do-<conference>.docx`. */
export function documentFileName(kind: DocumentKind, conferenceId: string, format: DocumentFormat): string {
  const stem = {
    progress: 'bao-cao-tien-do',
    final: 'bao-cao-ket-qua',
    'flag-handover': 'bien-ban-ban-giao-co',
    'audit-summary': 'tom-tat-nhat-ky',
  }[kind];
  return `${stem}-${conferenceId}.${format}`;
}
