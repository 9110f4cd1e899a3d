/**
 * What the web layer answers when something is refused: an HTTP status, a type, the field it is
 * about and the reason in both languages. The engine's refusals keep their type and field; the
 * web layer adds its own for authentication and roles.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { ErrorType, refusalDetails } from '../domain/errors';

export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 500;

/** Refusals the web layer gives before anything reaches Temporal. */
export const WebErrorType = {
  NoToken: 'KehoachNoToken',
  UnknownLink: 'KehoachUnknownLink',
  ExpiredLink: 'KehoachExpiredLink',
  RevokedLink: 'KehoachRevokedLink',
  Forbidden: 'KehoachForbidden',
  UnknownConference: 'KehoachUnknownConference',
  BadRequest: 'KehoachBadRequest',
  Internal: 'KehoachInternal',
} as const;

export class WebError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly type: string,
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${en}`, options);
  }

  toJSON(): { error: { type: string; field: string; message: { vi: string; en: string } } } {
    return { error: { type: this.type, field: this.field, message: { vi: this.vi, en: this.en } } };
  }
}

const STATUS_OF: Record<string, HttpStatus> = {
  [ErrorType.InvalidPayload]: 400,
  [ErrorType.InvalidDate]: 400,
  [ErrorType.UnknownTask]: 404,
  [ErrorType.WrongUnit]: 403,
  [ErrorType.WrongAction]: 409,
  [ErrorType.TaskBlocked]: 409,
  [ErrorType.TaskClosed]: 409,
  [ErrorType.DuplicateRequest]: 409,
  [ErrorType.ConferenceClosed]: 409,
};

/** Turns anything thrown by a client call into a WebError (an unexpected error becomes a 500). */
export function toWebError(err: unknown, conferenceId: string): WebError {
  if (err instanceof WebError) return err;
  const refused = refusalDetails(err);
  if (refused) {
    return new WebError(
      STATUS_OF[refused.type] ?? 400,
      refused.type,
      refused.field,
      trimDot(refused.vi),
      trimDot(refused.en),
      { cause: err },
    );
  }
  if (err instanceof WorkflowNotFoundError && /already completed/i.test(err.message)) {
    return new WebError(
      409,
      ErrorType.ConferenceClosed,
      'conference',
      `hội nghị "${conferenceId}" đã kết thúc (hoàn thành hoặc bị hủy)`,
      `conference "${conferenceId}" is closed (completed or cancelled)`,
      { cause: err },
    );
  }
  if (err instanceof WorkflowNotFoundError) return unknownConference(conferenceId, err);
  return new WebError(
    500,
    WebErrorType.Internal,
    'server',
    'lỗi máy chủ, xin thử lại sau',
    'server error, please try again later',
    { cause: err },
  );
}

export function unknownConference(conferenceId: string, cause?: unknown): WebError {
  return new WebError(
    404,
    WebErrorType.UnknownConference,
    'conference',
    `không có hội nghị "${conferenceId}"`,
    `no conference "${conferenceId}"`,
    { cause },
  );
}

function trimDot(s: string): string {
  return s.replace(/\.$/, '');
}
