/**
 * The administrative documents as downloads: GET /c/<conference>/reports/<kind>.<format> (for
 * example `progress.pdf`), for the organizer and the auditor, the same people who read the audit.
 * The document is built from the conference's history (present/documents) and, for PDF,
 * rendered by LibreOffice (engine/pdf). A kind or format that does not exist is a 400 naming it.
 */
import type { Hono } from 'hono';
import { ErrorType } from '../domain/errors';
import { docxToPdf, PdfConversionError } from '../engine/pdf';
import {
  conferenceRecord,
  documentDocx,
  documentFileName,
  DOCUMENT_FORMATS,
  DOCUMENT_KINDS,
  isDocumentFormat,
  isDocumentKind,
} from '../present/documents';
import { toWebError, WebError } from './errors';
import type { PageEnv } from './middleware';
import type { WebService } from './service';

const TYPE = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

export function registerReportRoutes(app: Hono<PageEnv>, service: WebService): void {
  app.get('/c/:conferenceId/reports/:file', async (c) => {
    const s = c.get('session');
    const file = c.req.param('file');
    const dot = file.lastIndexOf('.');
    const kind = dot > 0 ? file.slice(0, dot) : file;
    const format = dot > 0 ? file.slice(dot + 1) : '';
    await service.requireRole(s, ['organizer', 'auditor'], { action: `report:${kind}` });
    if (!isDocumentKind(kind))
      throw new WebError(
        400,
        ErrorType.InvalidPayload,
        'kind',
        `không có loại văn bản "${kind}"; chọn một trong: ${DOCUMENT_KINDS.join(', ')}`,
        `no document kind "${kind}"; choose one of: ${DOCUMENT_KINDS.join(', ')}`,
      );
    if (!isDocumentFormat(format))
      throw new WebError(
        400,
        ErrorType.InvalidPayload,
        'format',
        `không có định dạng "${format}"; chọn một trong: ${DOCUMENT_FORMATS.join(', ')}`,
        `no format "${format}"; choose one of: ${DOCUMENT_FORMATS.join(', ')}`,
      );
    let bytes: Buffer;
    try {
      const record = await service.record(s.conferenceId);
      const [status, histories] = await Promise.all([record.status(), record.histories()]);
      const refusals = await record.refusals(service.refusalLog);
      const docx = await documentDocx(kind, conferenceRecord({ histories, refusals, status, nowMs: Date.now() }));
      if (!Buffer.isBuffer(docx)) throw new WebError(404, ErrorType.NotFound, docx.field, docx.vi, docx.en);
      bytes = format === 'pdf' ? await docxToPdf(docx) : docx;
    } catch (err) {
      if (err instanceof PdfConversionError)
        throw WebError.of(ErrorType.Internal, 'format', err.vi, err.en, { cause: err });
      throw toWebError(err, s.conferenceId);
    }
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': TYPE[format],
      'content-disposition': `attachment; filename="${documentFileName(kind, s.conferenceId, format)}"`,
    });
  });
}
