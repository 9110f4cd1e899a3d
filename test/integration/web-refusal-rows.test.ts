/**
 * A refused web form names what it tried, in the audit: a unit whose link was revoked sends its
 * report from the inbox form; the refusal row says "submit" on report-a by the person who typed
 * it, as the auditor reads it ("bị từ chối · nộp"), not the page's path.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudit, fetchConferenceHistories } from '../../audit';
import { issueAccessLink, revokeAccessLink } from '../../client/access-links';
import { startConference } from '../../client/conference';
import { readRefusals } from '../../client/refusal-log';
import { startWebServer, type WebServer } from '../../web/server';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, type TestEnv } from '../helpers/temporal';

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
let env: TestEnv;
let web: WebServer;
let refusalLog: string;

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  refusalLog = join(mkdtempSync(join(tmpdir(), 'kehoach-refusals-')), 'refusals.jsonl');
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog, linkCacheMs: 0 });
});

afterAll(async () => {
  await web?.close();
  await env?.close();
});

describe('web refusal rows', () => {
  it('name the action the form asked for, its task and its person', async () => {
    const conferenceId = env.conferenceId('refusal-rows');
    // One plan day per real hour: nothing falls due while the test runs.
    await startConference(env.client, {
      conferenceId,
      plan: miniPlan('http://127.0.0.1:9/unused'),
      clock: rehearsal(3_600_000),
      date: '2023-03-20',
      taskQueue: env.taskQueue,
    });
    const issued = await issueAccessLink(env.client, conferenceId, {
      unitId: 'a',
      role: 'unit',
      validDays: 1,
      actor: org,
    });
    const opened = await fetch(`${web.url}/k/${conferenceId}/${issued.token}`, { redirect: 'manual' });
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await revokeAccessLink(env.client, conferenceId, issued.link.linkId, org);

    const sent = await fetch(`${web.url}/c/${conferenceId}/tasks/report-a`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: web.url },
      body: new URLSearchParams({
        action: 'submit',
        person: 'Giàng A Páo',
        requestId: 'req-web-refused-1',
        reportUrl: 'https://example.org/bao-cao-a.pdf',
      }).toString(),
    });
    expect(sent.status).toBe(401);
    expect(await sent.text()).toContain('đã bị thu hồi');

    const refusals = await readRefusals(env.client, conferenceId, refusalLog);
    const rows = buildAudit(await fetchConferenceHistories(env.client, conferenceId), refusals, 'vi');
    const refused = rows.filter((r) => r.kind === 'refused');
    expect(refused).toEqual([
      expect.objectContaining({
        action: 'submit',
        taskId: 'report-a',
        person: 'Giàng A Páo',
        requestId: 'req-web-refused-1',
        source: 'web-log',
      }),
    ]);

    // The auditor's page says it in words.
    const auditor = await issueAccessLink(env.client, conferenceId, {
      unitId: 'boss',
      role: 'auditor',
      validDays: 1,
      actor: org,
    });
    const auditorOpened = await fetch(`${web.url}/k/${conferenceId}/${auditor.token}`, { redirect: 'manual' });
    const auditorCookie = (auditorOpened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await (
      await fetch(`${web.url}/c/${conferenceId}/audit`, { headers: { cookie: auditorCookie } })
    ).text();
    const row = /<li class="card" data-kind="refused">([\s\S]*?)<\/li>/.exec(page)?.[1] ?? '';
    expect(row).toContain('· nộp');
    expect(row).toContain('report-a');
    expect(row).not.toContain('page:');
  });
});
