/**
 * Rotating the seal key (docs/sealed-messages.md, "Rotation"): a conference started and acted on
 * while key 1 seals is, after key 2 becomes the one that seals (key 1 kept to open), acted on,
 * audited and archived; its history holds payloads of both keys, and the readers open both. A
 * reader that never had key 1 opens nothing of the early history.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { buildAudit, fetchConferenceHistories } from '../../audit';
import { actOnTask, cancelConference, conferenceStatus, startConference } from '../../client/conference';
import { connectClient, temporalSettings } from '../../client/connection';
import { loadSealKeys, SealCodec } from '../../client/seal-codec';
import { ArchiveResultSchema } from '../../domain/archive';
import { archiveWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook';
import { inject } from 'vitest';

const key1 = `krot1:${randomBytes(32).toString('hex')}`;
const key2 = `krot2:${randomBytes(32).toString('hex')}`;
const before = new SealCodec(loadSealKeys({ KEHOACH_SEAL_KEYS: key1 }));
const after = new SealCodec(loadSealKeys({ KEHOACH_SEAL_KEYS: `${key1},${key2}` }));
const onlyNew = new SealCodec(loadSealKeys({ KEHOACH_SEAL_KEYS: key2 }));

let env: TestEnv;
let hooks: WebhookReceiver;
const clients: Client[] = [];

async function clientWith(codec: SealCodec): Promise<Client> {
  const c = await connectClient(temporalSettings({ address: inject('temporalAddress'), namespace: 'default' }), {
    codec,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  env = await createTestEnv();
  hooks = await startWebhookReceiver();
});

afterAll(async () => {
  for (const c of clients) await c.connection.close();
  await env?.close();
  await hooks?.close();
});

describe('a new seal key', () => {
  it('seals from then on, while the old one still opens what it sealed: act, audit and archive across the change', async () => {
    const conferenceId = env.conferenceId('rotation');
    const first = await clientWith(before);
    const worker1 = await env.startWorker(undefined, { codec: before });
    await startConference(first, {
      conferenceId,
      plan: miniPlan(hooks.url),
      clock: rehearsal(3_600_000),
      date: '2023-03-28',
      taskQueue: env.taskQueue,
    });
    const early = await actOnTask(first, conferenceId, 'reports', {
      taskId: 'report-b',
      action: 'complete',
      actor: { unitId: 'b', person: 'Lò Thị Mai' },
    });
    expect(early.state).toBe('done');
    await worker1.stop();

    // The new release: key 2 seals, key 1 is kept to open.
    const second = await clientWith(after);
    await env.startWorker(undefined, { codec: after });
    const late = await actOnTask(second, conferenceId, 'reports', {
      taskId: 'report-a',
      action: 'submit',
      actor: { unitId: 'a', person: 'Quàng Văn Hùng' },
      fields: { reportUrl: 'https://huyena.example/bao-cao.pdf' },
    });
    expect(late.state).toBe('done'); // a submission without an approver is done when submitted

    // The responsibility's history holds payloads sealed under both keys.
    const raw = await second.workflow.getHandle(responsibilityWorkflowId(conferenceId, 'reports')).fetchHistory();
    const keysUsed = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return;
      const key = (v as { metadata?: Record<string, Uint8Array> }).metadata?.['kehoach-key'];
      if (key instanceof Uint8Array) keysUsed.add(Buffer.from(key).toString());
      for (const child of Object.values(v)) collect(child);
    };
    collect(raw.events);
    expect([...keysUsed].sort()).toEqual(['krot1', 'krot2']);

    // The audit reads both actions, the early one sealed with key 1 and the late one with key 2.
    const rows = buildAudit(await fetchConferenceHistories(second, conferenceId), [], 'vi');
    const actions = rows.filter((r) => r.kind === 'action').map((r) => [r.taskId, r.action, r.person]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['report-b', 'complete', 'Lò Thị Mai'],
        ['report-a', 'submit', 'Quàng Văn Hùng'],
      ]),
    );

    // A reader that never held key 1 cannot read the conference at all, and is told which key it lacks.
    const stranger = await clientWith(onlyNew);
    await expect(fetchConferenceHistories(stranger, conferenceId)).rejects.toThrow(/sealed with key "krot1"/);

    // Closed under key 2, the conference is archived by the new worker, reading both keys.
    await cancelConference(second, conferenceId, {
      reason: 'Kết thúc thử nghiệm xoay khóa',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
    });
    const archived = ArchiveResultSchema.parse(
      await eventually(
        () => second.workflow.getHandle(archiveWorkflowId(conferenceId)).result(),
        'the archive of the conference',
        60_000,
      ),
    );
    expect(archived.conferenceId).toBe(conferenceId);
    expect((await conferenceStatus(second, conferenceId)).status).toBe('cancelled');
  });
});
