/**
 * What went wrong, told the same way by the CLI and the web: the refusal's type, the field it is
 * about, the reason in Vietnamese and English, and the HTTP status it answers with (the CLI's
 * exit code is 1 for all of them). Engine refusals keep their type and field; Temporal's own
 * errors for a missing, closed or already started conference are turned into ours here.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { ErrorType, refusalDetails } from '../domain/errors';
import { DossierError } from '../audit/dossier';

export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500 | 503;

export interface Explained {
  type: ErrorType;
  field: string;
  vi: string;
  en: string;
  status: HttpStatus;
}

/** The HTTP status of each refusal type: the caller's mistake is never a 500. */
export const HTTP_STATUS: Record<ErrorType, HttpStatus> = {
  [ErrorType.InvalidPayload]: 400,
  [ErrorType.InvalidDate]: 400,
  [ErrorType.BadRequest]: 400,
  [ErrorType.Usage]: 400,
  [ErrorType.TooLarge]: 413,
  [ErrorType.UnsupportedMediaType]: 415,
  [ErrorType.UnknownTask]: 404,
  [ErrorType.UnknownConference]: 404,
  [ErrorType.NotFound]: 404,
  [ErrorType.WrongUnit]: 403,
  [ErrorType.Forbidden]: 403,
  [ErrorType.InvalidClaim]: 403,
  [ErrorType.Unsealed]: 403,
  [ErrorType.NoToken]: 401,
  [ErrorType.UnknownLink]: 401,
  [ErrorType.ExpiredLink]: 401,
  [ErrorType.RevokedLink]: 401,
  [ErrorType.WrongAction]: 409,
  [ErrorType.TaskBlocked]: 409,
  [ErrorType.TaskClosed]: 409,
  [ErrorType.DuplicateRequest]: 409,
  [ErrorType.ConferenceClosed]: 409,
  [ErrorType.IdInUse]: 409,
  [ErrorType.EvidenceChanged]: 409,
  [ErrorType.ArchiveDamaged]: 500,
  [ErrorType.Connection]: 500,
  [ErrorType.Busy]: 503,
  [ErrorType.Internal]: 500,
};

export function explained(type: ErrorType, field: string, vi: string, en: string): Explained {
  return { type, field, vi, en, status: HTTP_STATUS[type] };
}

export function unknownConference(conferenceId: string): Explained {
  return explained(
    ErrorType.UnknownConference,
    'conference',
    `không có hội nghị "${conferenceId}"`,
    `no conference "${conferenceId}"`,
  );
}

/**
 * Explains a failure of a call to Temporal: a refusal of ours, a conference that is closed,
 * missing or whose id is taken. Anything else is not the caller's doing: undefined.
 */
export function explainFailure(err: unknown, conferenceId: string | undefined): Explained | undefined {
  const refused = refusalDetails(err);
  if (refused) {
    const type = (Object.values(ErrorType) as string[]).includes(refused.type) ? refused.type : ErrorType.BadRequest;
    return explained(type, refused.field, trimDot(refused.vi), trimDot(refused.en));
  }
  // An archived record that does not prove itself (audit/archive.ts) is named, never served.
  if (err instanceof DossierError && err.field === 'archive')
    return explained(ErrorType.ArchiveDamaged, err.field, err.vi, err.en);
  if (err instanceof WorkflowNotFoundError && /already completed/i.test(err.message)) {
    // Updates reach only running workflows; a finished or cancelled conference takes no more.
    return explained(
      ErrorType.ConferenceClosed,
      'conference',
      `hội nghị "${conferenceId ?? '?'}" đã kết thúc (hoàn thành hoặc bị hủy)`,
      `conference "${conferenceId ?? '?'}" is closed (completed or cancelled)`,
    );
  }
  if (err instanceof WorkflowNotFoundError || isNotFound(err)) return unknownConference(conferenceId ?? '?');
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    const id = conferenceId ?? err.workflowId;
    return explained(
      ErrorType.IdInUse,
      'id',
      `mã hội nghị "${id}" đã được dùng; chọn mã khác`,
      `conference id "${id}" is already in use; choose another`,
    );
  }
  if (isBusy(err))
    return explained(
      ErrorType.Busy,
      'server',
      'máy chủ đang bận và chưa trả lời kịp; xin thử lại sau ít giây (yêu cầu có thể gửi lại với cùng mã yêu cầu)',
      'the server is busy and did not answer in time; try again in a few seconds (resend with the same request id)',
    );
  return undefined;
}

/**
 * Temporal ran out of time or was unreachable for a moment (gRPC DEADLINE_EXCEEDED 4,
 * RESOURCE_EXHAUSTED 8, UNAVAILABLE 14): not the caller's mistake, and not a fault to hide.
 */
function isBusy(err: unknown): boolean {
  let cur: unknown = err;
  for (let i = 0; cur && i < 5; i++) {
    const code = (cur as { code?: unknown }).code;
    if (code === 4 || code === 8 || code === 14) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** A "not found" from the server (gRPC code 5) that is not one of our refusals. */
function isNotFound(err: unknown): boolean {
  let cur: unknown = err;
  for (let i = 0; cur && i < 4; i++) {
    if ((cur as { code?: unknown }).code === 5 || /not ?found/i.test((cur as { message?: string }).message ?? '')) {
      return (cur as { name?: string }).name !== 'ApplicationFailure';
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

function trimDot(s: string): string {
  return s.replace(/\.$/, '');
}
