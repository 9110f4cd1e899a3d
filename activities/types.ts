/**
 * What the activities take and return. Workflows import these types only (`import type`);
 * the worker imports the implementations.
 */
import type { Client } from '@temporalio/client';
import type { ArchiveInput, ArchiveResult } from '../domain/archive';
import type { Unit } from '../domain/plan/schema';
import type { ConferenceStatus } from '../domain/views';
import type { Bilingual } from '../domain/bilingual';

export type NotificationKind =
  | 'reminder'
  | 'overdue'
  | 'refused'
  | 'dateChanged'
  | 'progressReport'
  | 'cancelled'
  | 'extensionRequested'
  | 'extensionDecided'
  | 'deadlineChanged'
  | 'returned'
  | 'reassigned'
  | 'withdrawn'
  | 'digest'
  | 'calendarChanged';

export interface Notification {
  /** Idempotency key: the same key is delivered at most once per channel by receivers that honour it. */
  key: string;
  conferenceId: string;
  kind: NotificationKind;
  taskId?: string;
  /** The refused request's id, for a refusal. */
  requestId?: string;
  /** Plan time (UTC ISO) the notification is about. */
  at: string;
  /** A deadline the notice is about that moved (a newer holiday calendar): both, for the audit. */
  deadline?: { from: string | null; to: string | null };
  /**
   * Years without their holiday announcement the deadline the notice is about was counted across
   * (the law's days alone): the deadline is provisional. Absent: none.
   */
  provisionalYears?: number[];
  recipients: Pick<Unit, 'id' | 'name' | 'contacts'>[];
  text: Bilingual;
}

export interface DeliveryReport {
  key: string;
  delivered: { unitId: string; channel: string }[];
  /**
   * Mails the recipient's server refused for good (5xx: unknown mailbox, rejected): not retried,
   * shown on the board and in the audit. Absent when every mail went.
   */
  undelivered?: UndeliveredMail[];
}

export interface UndeliveredMail {
  unitId: string;
  address: string;
  /** The server's answer, e.g. "550 5.1.1 Mailbox unavailable". */
  reason: string;
}

/** A file attached to a notice's mail (the progress report's documents). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * The files a notice's mail carries, made when the notice is sent (the activity gives the
 * worker's client, read when needed, to read the conference's history). Kinds that carry none return [].
 * Documents are built by layers above the activities, so the worker is given this function
 * by whoever composes it (scripts/start.ts, scripts/worker.ts): see present/documents/attachments.ts.
 */
export type NoticeAttachments = (n: Notification, client: () => Client) => Promise<MailAttachment[]>;

export interface ProgressReportInput {
  status: ConferenceStatus;
  unitNames: Record<string, string>;
}

/**
 * Writes a closed conference's signed dossier into the archive store (or finds it written), given
 * the worker's client. The dossier is built by layers above the activities (audit/, the presenters'
 * row renderings), so whoever composes the worker passes this in: see audit/archive-write.ts.
 */
export type ConferenceArchiver = (input: ArchiveInput, client: () => Client) => Promise<ArchiveResult>;

export interface Activities {
  notify(notification: Notification): Promise<DeliveryReport>;
  renderProgressReport(input: ProgressReportInput): Promise<Bilingual>;
  archiveConference(input: ArchiveInput): Promise<ArchiveResult>;
  /**
   * Whether the deployment trusts the claim key (Ed25519 public key, hex) a conference is started
   * with: the worker's list (worker/create-worker.ts), asked once at the conference's start.
   */
  trustsClaimKey(publicKey: string): Promise<boolean>;
}

/**
 * The activity names as history records them (`activityType.name`), one per key of `Activities`:
 * the compiler keeps them equal, so the audit reads activities by name without a string of its own.
 */
export const ACTIVITY_NAME = {
  notify: 'notify',
  renderProgressReport: 'renderProgressReport',
  archiveConference: 'archiveConference',
  trustsClaimKey: 'trustsClaimKey',
} as const satisfies { [K in keyof Activities]: K };
