/**
 * The set-up of an integration suite that runs conferences on the mini plan: a test env with its
 * worker running, and a webhook receiver for the plan's notifications, opened before the suite
 * and closed after it. One call registers both hooks, so the suites do not each restate them;
 * `startMiniConference` starts a conference of the mini plan on it.
 */
import { afterAll, beforeAll } from 'vitest';
import { startConference } from '../../client/conference';
import type { Actor } from '../../domain/actions';
import { miniPlan, rehearsal } from './mini-plan';
import { createTestEnv, type TestEnv } from './temporal';
import { startWebhookReceiver, type WebhookReceiver } from './webhook';

export interface ConferenceSuite {
  /** Set in `beforeAll`: read it inside tests only. */
  env: TestEnv;
  /** Set in `beforeAll`: read it inside tests only. */
  hooks: WebhookReceiver;
}

export function conferenceSuite(): ConferenceSuite {
  const suite = {} as Partial<ConferenceSuite>;
  beforeAll(async () => {
    suite.env = await createTestEnv();
    suite.hooks = await startWebhookReceiver();
    await suite.env.startWorker();
  });
  afterAll(async () => {
    await suite.env?.close();
    await suite.hooks?.close();
  });
  return suite as ConferenceSuite;
}

export interface MiniConference {
  /** The conference id's prefix (the suite adds a unique part). */
  prefix?: string;
  /** Real ms per plan day: one plan day an hour (the default) lets no deadline or reminder fall during a test. */
  msPerPlanDay?: number;
  date?: string;
  startedBy?: Actor;
}

/** Starts a conference of the mini plan on the suite's worker, notices to its webhook; returns its id. */
export async function startMiniConference(suite: ConferenceSuite, opts: MiniConference = {}): Promise<string> {
  const conferenceId = suite.env.conferenceId(opts.prefix);
  await startConference(suite.env.client, {
    conferenceId,
    plan: miniPlan(suite.hooks.url),
    clock: rehearsal(opts.msPerPlanDay ?? 3_600_000),
    taskQueue: suite.env.taskQueue,
    ...(opts.date ? { date: opts.date } : {}),
    ...(opts.startedBy ? { startedBy: opts.startedBy } : {}),
  });
  return conferenceId;
}
