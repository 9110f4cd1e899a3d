/**
 * The set-up of an integration suite that runs conferences on the mini plan: a test env with its
 * worker running, and a webhook receiver for the plan's notifications, opened before the suite
 * and closed after it. One call registers both hooks, so the suites do not each restate them.
 */
import { afterAll, beforeAll } from 'vitest';
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
