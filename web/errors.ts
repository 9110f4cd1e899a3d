/**
 * The web's refusals as HTTP answers: a status, a type, the field it is about and the reason in
 * both languages. What a failure means is the presenters' (present/explain-failure, shared with the CLI);
 * this file only carries it as an Error a Hono handler can throw and a JSON body can show.
 */
import { ErrorType } from '../domain/errors';
import {
  explainFailure,
  unknownConference as presentUnknownConference,
  HTTP_STATUS,
  type Explained,
  type HttpStatus,
} from '../present/explain-failure';
import type { Bilingual } from '../domain/bilingual';

export type { HttpStatus };

export class WebError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly type: ErrorType,
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${en}`, options);
  }

  /** A refusal of the given type, answered with that type's HTTP status. */
  static of(type: ErrorType, field: string, vi: string, en: string, options?: ErrorOptions): WebError {
    return new WebError(HTTP_STATUS[type], type, field, vi, en, options);
  }

  toJSON(): { error: { type: string; field: string; message: Bilingual } } {
    return { error: { type: this.type, field: this.field, message: { vi: this.vi, en: this.en } } };
  }
}

function fromExplained(e: Explained, cause?: unknown): WebError {
  return new WebError(e.status, e.type, e.field, e.vi, e.en, { cause });
}

/** A server fault: the caller is told to try again, never shown the cause. */
export function internalError(cause?: unknown): WebError {
  return WebError.of(
    ErrorType.Internal,
    'server',
    'lỗi máy chủ, xin thử lại sau',
    'server error, please try again later',
    {
      cause,
    },
  );
}

/** Turns anything thrown by a client call into a WebError (an unexpected error becomes a 500). */
export function toWebError(err: unknown, conferenceId: string): WebError {
  if (err instanceof WebError) return err;
  const e = explainFailure(err, conferenceId);
  return e ? fromExplained(e, err) : internalError(err);
}

export function unknownConference(conferenceId: string, cause?: unknown): WebError {
  return fromExplained(presentUnknownConference(conferenceId), cause);
}
