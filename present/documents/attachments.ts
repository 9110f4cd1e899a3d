/**
 * The documents a notice's mail carries: the progress-report mail takes the báo cáo tiến độ as
 * .docx, and as PDF when a converter is given and works. Built here, from the conference's
 * history and its status (the same record `kehoach report` and the web download read), and handed
 * to the worker as a function (`NoticeAttachments`): the notify activity calls it with the
 * worker's client when it sends the mail. The activities sit below present/ and cannot build
 * documents themselves; the program that starts the worker (scripts/start.ts, scripts/worker.ts)
 * composes the two, and gives the PDF converter (engine/pdf), which present/ may not import.
 */
import type { Client } from '@temporalio/client';
import type { MailAttachment, NoticeAttachments, Notification } from '../../activities/types';
import { fetchConferenceHistories } from '../../audit';
import { conferenceStatus } from '../../client/conference';
import { readRefusals, refusalLogPath } from '../../client/refusal-log';
import { documentFileName, type DocumentKind } from './index';
import { toDocx } from './docx';
import { progressReport } from './progress';
import { conferenceRecord } from './record';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

export interface NoticeDocumentOptions {
  /** The refusal log the audit merges (default: the deployment's, KEHOACH_DATA_DIR). */
  refusalLog?: string;
  /**
   * .docx → PDF; undefined (or a converter answering undefined: LibreOffice missing or failing)
   * means the mail carries the .docx only.
   */
  toPdf?: (docx: Uint8Array) => Promise<Uint8Array | undefined>;
}

/** Which document each notice kind carries; notices not listed carry none. */
const CARRIED: Partial<Record<Notification['kind'], DocumentKind>> = { progressReport: 'progress' };

/** The progress report's documents for its mail, speaking of the moment the notice is about. */
export function noticeDocuments(opts: NoticeDocumentOptions = {}): NoticeAttachments {
  return async (n: Notification, workerClient: () => Client): Promise<MailAttachment[]> => {
    const kind = CARRIED[n.kind];
    if (!kind) return [];
    const client = workerClient();
    const [status, histories, refusals] = await Promise.all([
      conferenceStatus(client, n.conferenceId),
      fetchConferenceHistories(client, n.conferenceId),
      readRefusals(client, n.conferenceId, opts.refusalLog ?? refusalLogPath()),
    ]);
    const record = { ...conferenceRecord({ histories, refusals, status }), asOf: n.at };
    const docx = await toDocx(progressReport(record));
    const files: MailAttachment[] = [
      { filename: documentFileName(kind, n.conferenceId, 'docx'), contentType: DOCX_TYPE, content: docx },
    ];
    const pdf = opts.toPdf ? await opts.toPdf(docx) : undefined;
    if (pdf)
      files.push({ filename: documentFileName(kind, n.conferenceId, 'pdf'), contentType: PDF_TYPE, content: pdf });
    return files;
  };
}
