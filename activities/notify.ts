/**
 * Delivers a notification to each recipient unit on each of its channels: the worker's log
 * (always available), HTTP webhooks and e-mail. Temporal retries the activity; webhook receivers
 * de-duplicate with the `Idempotency-Key` header, and mails already sent are skipped by the
 * mailer's ledger (./email), so a retried delivery is not a second message.
 *
 * E-mail: a server that is busy or unreachable (4xx, connection) makes the activity fail once
 * every recipient was tried, and Temporal retries it with backoff; a mail refused for good (5xx)
 * is not retried and comes back in the report's `undelivered`, for the board and the audit, as
 * does a mail still failing at the last attempt Temporal makes.
 * A contact with a daily digest gets no mail per reminder (the digest lists it); every other
 * notice still goes at once. Without SMTP settings, mails go to the log.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EmailContact, Mailer } from './email';
import { NOTIFY_MAX_ATTEMPTS } from '../domain/notices';
import type { DeliveryReport, MailAttachment, NoticeAttachments, Notification, UndeliveredMail } from './types';

export interface NotifyDeps {
  fetch: typeof fetch;
  webhookTimeoutMs: number;
  /** SMTP delivery; undefined: e-mail contacts are written to the log. */
  mailer?: Mailer | undefined;
  /**
   * The files a notice's mail carries (the progress report's documents), made once per attempt
   * and only when a mail goes; undefined: mails carry text only.
   */
  attachments?: NoticeAttachments | undefined;
}

/** Whether this notice goes to this e-mail contact now (a digest contact waits for its digest for reminders). */
export function mailsNow(kind: Notification['kind'], contact: EmailContact): boolean {
  if (kind === 'digest') return contact.digestAt !== undefined;
  if (kind === 'reminder') return contact.digestAt === undefined;
  return true;
}

export function createNotify(deps: NotifyDeps): (n: Notification) => Promise<DeliveryReport> {
  return async function notify(n: Notification): Promise<DeliveryReport> {
    const delivered: DeliveryReport['delivered'] = [];
    const undelivered: UndeliveredMail[] = [];
    const retry: UndeliveredMail[] = [];
    const log = Context.current().log;
    let files: Promise<MailAttachment[]> | undefined;
    // The notice's documents, made once per attempt when the first mail goes. Not made: the
    // attempt fails and Temporal retries it; at the last attempt the mail goes without them.
    const attachments = (): Promise<MailAttachment[]> =>
      (files ??= (async () => {
        if (!deps.attachments) return [];
        try {
          return await deps.attachments(n, () => Context.current().client);
        } catch (err) {
          if (Context.current().info.attempt < NOTIFY_MAX_ATTEMPTS) throw err;
          log.warn(`Mail sent without its documents: ${String(err)}`, { key: n.key });
          return [];
        }
      })());
    for (const r of n.recipients) {
      for (const contact of r.contacts) {
        if (contact.channel === 'email') {
          if (!mailsNow(n.kind, contact)) continue;
          if (!deps.mailer) {
            log.info(`[${n.kind}] ✉ ${contact.address} (${r.name}): ${n.text[contact.lang ?? 'vi']}`, { key: n.key });
            delivered.push({ unitId: r.id, channel: 'log' });
            continue;
          }
          const outcome = await deps.mailer.send(n, r, contact, await attachments());
          if (outcome.status === 'sent') delivered.push({ unitId: r.id, channel: 'email' });
          else if (outcome.status === 'undelivered') {
            log.warn(`Mail refused for good: ${outcome.mail.address}: ${outcome.mail.reason}`, { key: n.key });
            undelivered.push(outcome.mail);
          } else retry.push(outcome.mail);
        } else if (contact.channel === 'log') {
          log.info(`[${n.kind}] → ${r.name}: ${n.text.vi}`, { key: n.key, unitId: r.id, taskId: n.taskId });
          delivered.push({ unitId: r.id, channel: 'log' });
        } else if (contact.channel === 'webhook') {
          await postWebhook(deps, contact.url, `${n.key}:${r.id}`, { ...n, recipient: { id: r.id, name: r.name } });
          delivered.push({ unitId: r.id, channel: 'webhook' });
        }
      }
    }
    // Busy or unreachable mail servers: try again later (the mails that went are in the ledger),
    // unless this is the last attempt Temporal will make: then they are reported as undelivered.
    if (retry.length > 0) {
      if (Context.current().info.attempt < NOTIFY_MAX_ATTEMPTS)
        throw new Error(`Mail not sent yet: ${retry.map((m) => `${m.address}: ${m.reason}`).join('; ')}`);
      for (const m of retry)
        undelivered.push({ ...m, reason: `${m.reason} (${NOTIFY_MAX_ATTEMPTS} lần thử / attempts)` });
    }
    return { key: n.key, delivered, ...(undelivered.length ? { undelivered } : {}) };
  };
}

async function postWebhook(deps: NotifyDeps, url: string, idempotencyKey: string, body: unknown): Promise<void> {
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(deps.webhookTimeoutMs),
    });
  } catch (err) {
    // Network errors and timeouts are worth retrying: Temporal does, with backoff.
    throw new Error(`Webhook ${url} unreachable: ${String(err)}`, { cause: err });
  }
  if (response.ok) return;
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  const message = `Webhook ${url} answered ${response.status}`;
  if (!retryable) throw ApplicationFailure.nonRetryable(message, 'WebhookRejected');
  throw new Error(message);
}
