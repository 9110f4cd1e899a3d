/**
 * What both workflows send out, written once: the activities they call (with one retry policy),
 * a notification addressed to units and keyed for idempotency by workflow id and a suffix, its
 * delivery with a summary the Temporal Web UI shows, and the search attributes each publishes
 * only when they change (an upsert is a history event).
 */
import * as wf from '@temporalio/workflow';
import type { Activities, DeliveryReport, Notification } from '../activities/types';
import { NOTIFY_MAX_ATTEMPTS } from '../domain/notices';
import type { UndeliveredMail } from '../domain/views';
import { OpenUnitsKey, OverdueCountKey, StatusKey } from '../domain/search-attributes';

export const { notify, renderProgressReport } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: NOTIFY_MAX_ATTEMPTS },
});

type Recipient = Notification['recipients'][number];

/** Builds this workflow's notifications; `recipients` picks the units (and their order). */
export function notificationMaker(context: {
  workflowId: string;
  conferenceId: string;
  now: () => string;
  recipients: (to: string[]) => Recipient[];
}): (
  suffix: string,
  kind: Notification['kind'],
  to: string[],
  text: Notification['text'],
  extra?: Partial<Pick<Notification, 'taskId' | 'requestId' | 'deadline' | 'provisionalYears'>>,
) => Notification {
  return (suffix, kind, to, text, extra = {}) => ({
    key: `${context.workflowId}:${suffix}`,
    conferenceId: context.conferenceId,
    kind,
    at: context.now(),
    recipients: context.recipients(to),
    text,
    ...extra,
  });
}

/**
 * Delivers one notification; the Web UI shows its kind and Vietnamese text. Rejects after
 * retries. It returns the activity's own promise: an `async` wrapper would add a turn of the
 * microtask queue, and so reorder commands against the recorded histories.
 */
export function deliver(n: Notification): Promise<DeliveryReport> {
  return notify.executeWithOptions({ summary: `${n.kind}: ${n.text.vi}`.slice(0, 200) }, [n]);
}

/** The mails of a notice that a server refused for good, as the board and the status keep them. */
export function undeliveredOf(n: Notification, mails: NonNullable<DeliveryReport['undelivered']>): UndeliveredMail[] {
  return mails.map((m) => ({ ...m, notice: n.kind, key: n.key, at: n.at }));
}

/** The status search attributes of one workflow, upserted only when one of them changed. */
export class StatusAttributes {
  private last = '';

  /** The values the workflow was started with, so that publishing the same ones writes nothing. */
  startedWith(openUnits: string[], overdue: number, status: string): void {
    this.last = JSON.stringify([openUnits, overdue, status]);
  }

  publish(openUnits: string[], overdue: number, status: string): void {
    const attributes = JSON.stringify([openUnits, overdue, status]);
    if (attributes === this.last) return;
    this.last = attributes;
    wf.upsertSearchAttributes([
      { key: OpenUnitsKey, value: openUnits },
      { key: OverdueCountKey, value: overdue },
      { key: StatusKey, value: status },
    ]);
  }
}
