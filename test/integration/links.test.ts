/**
 * `kehoach link`: the organizer issues a unit its web access link from the command line (how the
 * first organizer link is made), lists and revokes links; only the organizer may.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkToken, listAccessLinks } from '../../client/access-links';
import { cancelConference, startConference } from '../../client/conference';
import type { AccessLink } from '../../domain/views';
import { runKehoach } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, type TestEnv } from '../helpers/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook';

let env: TestEnv;
let dataDir: string;
let hooks: WebhookReceiver;

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  hooks = await startWebhookReceiver();
  dataDir = mkdtempSync(join(tmpdir(), 'kehoach-links-'));
});

afterAll(async () => {
  await env?.close();
  await hooks?.close();
});

it('issues a link printed once, lists it without its secret, refuses a non-organizer, and revokes it', async () => {
  const id = env.conferenceId('links');
  await startConference(env.client, {
    conferenceId: id,
    plan: miniPlan(hooks.url),
    clock: rehearsal(3_600_000),
    taskQueue: env.taskQueue,
  });
  const cli = (...args: string[]) => runKehoach(args, { taskQueue: env.taskQueue, dataDir });

  const issued = await cli(
    'link',
    'issue',
    id,
    '--unit',
    'a',
    '--as',
    'org',
    '--by',
    'Nguyễn Thị Lan',
    '--url',
    'https://kehoach.tuachua.gov.vn',
  );
  expect(issued.code, issued.stderr).toBe(0);
  const url = issued.stdout.trim();
  expect(url).toMatch(new RegExp(`^https://kehoach\\.tuachua\\.gov\\.vn/k/${id}/[A-Za-z0-9_-]{43}$`));
  const token = url.split('/').pop() as string;
  const check = checkToken(await listAccessLinks(env.client, id), token);
  expect(check).toMatchObject({ ok: true, link: { unitId: 'a', role: 'unit', issuedBy: { unitId: 'org' } } });

  const listed = await cli('link', 'list', id, '--json');
  const links = JSON.parse(listed.stdout) as Omit<AccessLink, 'tokenHash'>[];
  expect(links).toHaveLength(1);
  expect(listed.stdout).not.toContain(token);
  expect(listed.stdout).not.toContain('tokenHash');

  const outsider = await cli('link', 'issue', id, '--unit', 'b', '--as', 'a', '--by', 'Giàng A Páo');
  expect(outsider.code).toBe(1);
  expect(outsider.stderr).toMatch(/^actor\.unitId: /);
  expect(await listAccessLinks(env.client, id)).toHaveLength(1);

  const linkId = links[0]?.linkId as string;
  const revoked = await cli('link', 'revoke', id, linkId, '--as', 'org', '--by', 'Nguyễn Thị Lan', '--lang', 'en');
  expect(revoked.code, revoked.stderr).toBe(0);
  expect(revoked.stdout).toContain(`Revoked link ${linkId} of a`);
  expect(checkToken(await listAccessLinks(env.client, id), token)).toMatchObject({ ok: false, reason: 'revoked' });
  await cancelConference(env.client, id, {
    reason: 'Kết thúc thử nghiệm',
    actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
  });
});
