/**
 * Delivers a notification to each recipient unit on each of its channels: the worker's log
 * (always available) and HTTP webhooks. Temporal retries the activity; receivers de-duplicate
 * with the `Idempotency-Key` header, so a retried delivery is not a second message.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DeliveryReport, Notification } from './types';

export interface NotifyDeps {
  fetch: typeof fetch;
  webhookTimeoutMs: number;
}

export function createNotify(deps: NotifyDeps): (n: Notification) => Promise<DeliveryReport> {
  return async function notify(n: Notification): Promise<DeliveryReport> {
    const delivered: DeliveryReport['delivered'] = [];
    const log = Context.current().log;
    for (const r of n.recipients) {
      for (const contact of r.contacts) {
        if (contact.channel === 'log') {
          log.info(`[${n.kind}] → ${r.name}: ${n.text.vi}`, { key: n.key, unitId: r.id, taskId: n.taskId });
          delivered.push({ unitId: r.id, channel: 'log' });
        } else if (contact.channel === 'webhook') {
          await postWebhook(deps, contact.url, `${n.key}:${r.id}`, { ...n, recipient: { id: r.id, name: r.name } });
          delivered.push({ unitId: r.id, channel: 'webhook' });
        }
      }
    }
    return { key: n.key, delivered };
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
