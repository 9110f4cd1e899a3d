/**
 * A web server keeps each conference's links for a while (revocation takes effect within that
 * time), but a link issued elsewhere (the CLI, another web server) opens at once: a token the
 * kept list does not know makes the server read the links again. A wrong token is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { startWebServer, type WebServer } from '../../web/server';
import { conferenceSuite, startMiniConference } from '../helpers/suite';

const suite = conferenceSuite();
const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
let web: WebServer;
let conferenceId: string;

beforeAll(async () => {
  conferenceId = await startMiniConference(suite, { prefix: 'link-cache' });
  // Links kept for ten minutes: only the look-up on an unknown token can let a new link in.
  web = await startWebServer({ port: 0, client: suite.env.client, refusalLog: false, linkCacheMs: 600_000 });
}, 120_000);

afterAll(async () => {
  await web?.close();
});

const me = (token: string) =>
  fetch(`${web.url}/api/conferences/${conferenceId}/me`, { headers: { authorization: `Bearer ${token}` } });

describe('links kept by a web server', () => {
  it('opens a link issued elsewhere at once, and still refuses a wrong one', async () => {
    const issue = async (unitId: string) =>
      (await issueAccessLink(suite.env.client, conferenceId, { unitId, role: 'unit', validDays: 1, actor: org })).token;
    const first = await issue('a');
    expect((await me(first)).status).toBe(200); // the server now keeps the list with this one link

    const second = await issue('b'); // issued by another process, past this server's kept list
    await new Promise((r) => setTimeout(r, 600)); // the list is older than the refresh floor
    const res = await me(second);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ conferenceId, unitId: 'b', role: 'unit' });

    const wrong = await me(`${second.slice(0, -4)}zzzz`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { field: 'token', type: 'KehoachUnknownLink' } });
  });
});
