/**
 * Every refusal Kehoach gives, the engine's and the clients', has a type from this one list and
 * a message naming the field and the reason, in Vietnamese and English, so a caller can both
 * show it and act on it. Workflow-safe (ApplicationFailure comes from @temporalio/common).
 */
import { ApplicationFailure } from '@temporalio/common';

export const ErrorType = {
  InvalidPayload: 'KehoachInvalidPayload',
  UnknownTask: 'KehoachUnknownTask',
  WrongUnit: 'KehoachWrongUnit',
  WrongAction: 'KehoachWrongAction',
  TaskBlocked: 'KehoachTaskBlocked',
  TaskClosed: 'KehoachTaskClosed',
  DuplicateRequest: 'KehoachDuplicateRequest',
  InvalidDate: 'KehoachInvalidDate',
  ConferenceClosed: 'KehoachConferenceClosed',
  // Given by the clients before anything reaches a workflow: the CLI, the web and the API.
  UnknownConference: 'KehoachUnknownConference',
  IdInUse: 'KehoachIdInUse',
  NoToken: 'KehoachNoToken',
  UnknownLink: 'KehoachUnknownLink',
  ExpiredLink: 'KehoachExpiredLink',
  RevokedLink: 'KehoachRevokedLink',
  Forbidden: 'KehoachForbidden',
  BadRequest: 'KehoachBadRequest',
  NotFound: 'KehoachNotFound',
  Usage: 'KehoachUsage',
  Connection: 'KehoachConnection',
  Internal: 'KehoachInternal',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

export interface RefusalDetails {
  type: ErrorType;
  field: string;
  vi: string;
  en: string;
}

/** A non-retryable failure whose message is `<field>: <English reason> / <Vietnamese reason>`. */
export function refusal(type: ErrorType, field: string, vi: string, en: string): ApplicationFailure {
  const details: RefusalDetails = { type, field, vi, en };
  return ApplicationFailure.create({
    type,
    message: `${field}: ${en} (${vi})`,
    nonRetryable: true,
    details: [details],
  });
}

/** Reads the details back from a failure (client side), if it is one of ours. */
export function refusalDetails(err: unknown): RefusalDetails | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof ApplicationFailure && cur.type?.startsWith('Kehoach')) {
      return cur.details?.[0] as RefusalDetails | undefined;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Parses a message payload with its schema or throws a refusal naming the first bad field. */
export function parseOrRefuse<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
  },
  raw: unknown,
): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const field = first?.path.map(String).join('.') || 'payload';
  const reason = first?.message ?? 'invalid';
  throw refusal(ErrorType.InvalidPayload, field, `Giá trị không hợp lệ: ${reason}.`, `Invalid value: ${reason}.`);
}
