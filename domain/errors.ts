/**
 * Every refusal Kehoach gives, the engine's and the clients', has a type from this one list and
 * a message naming the field and the reason, in Vietnamese and English, so a caller can both
 * show it and act on it. Workflow-safe (ApplicationFailure comes from @temporalio/common).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { issueReason } from './plan/zod-issues';
import type { Bilingual } from './bilingual';

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
  // A missing, forged, expired or foreign claim of who acts (domain/claims.ts).
  InvalidClaim: 'KehoachInvalidClaim',
  // A message Kehoach did not seal for this workflow, or one sent again (domain/seal.ts).
  Unsealed: 'KehoachUnsealed',
  // Given by the clients before anything reaches a workflow: the CLI, the web and the API.
  UnknownConference: 'KehoachUnknownConference',
  IdInUse: 'KehoachIdInUse',
  NoToken: 'KehoachNoToken',
  UnknownLink: 'KehoachUnknownLink',
  ExpiredLink: 'KehoachExpiredLink',
  RevokedLink: 'KehoachRevokedLink',
  Forbidden: 'KehoachForbidden',
  BadRequest: 'KehoachBadRequest',
  TooLarge: 'KehoachTooLarge',
  UnsupportedMediaType: 'KehoachUnsupportedMediaType',
  NotFound: 'KehoachNotFound',
  /** A stored evidence file whose bytes no longer match the SHA-256 it was recorded with. */
  EvidenceChanged: 'KehoachEvidenceChanged',
  /** An archived conference record that does not prove itself (a changed byte, a foreign key): never served. */
  ArchiveDamaged: 'KehoachArchiveDamaged',
  Usage: 'KehoachUsage',
  Connection: 'KehoachConnection',
  /** Temporal answered too late or not at all (a busy worker, a server restarting): try again. */
  Busy: 'KehoachBusy',
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

/**
 * Parses a message payload with its schema or throws a refusal naming the first bad field, with
 * the reason in each language from the one translator of zod's issues. Deterministic: the board's
 * Update validator refuses through it.
 */
export function parseOrRefuse<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };
  },
  raw: unknown,
): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const field = first?.path.map(String).join('.') || 'payload';
  const { vi, en } = invalidValue(first);
  throw refusal(ErrorType.InvalidPayload, field, `${vi}.`, `${en}.`);
}

/**
 * "Giá trị không hợp lệ: phải là …" / "Invalid value: must be …": a refused value's reason in
 * each language, without a final stop. For every adapter that shows a zod issue to a person.
 */
export function invalidValue(issue: z.core.$ZodIssue | undefined): Bilingual {
  if (issue === undefined) return { vi: 'Giá trị không hợp lệ', en: 'Invalid value' };
  const reason = issueReason(issue);
  return {
    vi: reason.vi === 'giá trị không hợp lệ' ? 'Giá trị không hợp lệ' : `Giá trị không hợp lệ: ${reason.vi}`,
    en: `Invalid value: ${reason.en}`,
  };
}
