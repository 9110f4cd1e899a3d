/**
 * Operators still read (issue 24, web/codec-routes.ts): Temporal's own `temporal workflow show`
 * shows a conference's history sealed — no unit's name, no person's, in clear or in base64 —
 * and, given the web's codec endpoint and an operator's token, shows it opened. The endpoint
 * refuses a caller without the token and a malformed request, naming the field.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conferenceWorkflowId } from '../../domain/ids';
import { provisionTemporalCli } from '../../engine/dev-server';
import { startWebServer, type WebServer } from '../../web/server';
import { conferenceSuite, startMiniConference } from '../helpers/suite';

const run = promisify(execFile);
const suite = conferenceSuite();
const TOKEN = 'operator-token-for-the-codec-test-0001';
const organizer = { unitId: 'org', person: 'Nguyễn Thị Lan' };

let web: WebServer;
let conferenceId: string;

beforeAll(async () => {
  conferenceId = await startMiniConference(suite, { prefix: 'codec', startedBy: organizer });
  web = await startWebServer({
    port: 0,
    client: suite.env.client,
    refusalLog: false,
    codecToken: TOKEN,
    codecCorsOrigins: ['http://localhost:8233'],
  });
});

afterAll(async () => {
  await web?.close();
});

/** Every payload's data in a `workflow show --output json` text, decoded from base64, joined. */
function payloadTexts(json: string): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const rec = v as Record<string, unknown>;
      if (typeof rec.data === 'string') out.push(Buffer.from(rec.data, 'base64').toString('utf8'));
      Object.values(rec).forEach(walk);
    }
  };
  walk(JSON.parse(json));
  return out.join('\n');
}

async function show(extra: string[]): Promise<string> {
  const cli = await provisionTemporalCli();
  const { stdout } = await run(
    cli,
    [
      'workflow',
      'show',
      '--workflow-id',
      conferenceWorkflowId(conferenceId),
      '--output',
      'json',
      '--address',
      inject('temporalAddress'),
      ...extra,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

describe('the codec endpoint', () => {
  it('lets the temporal CLI show a history opened for an operator, and sealed for anyone else', async () => {
    const sealed = await show([]);
    for (const name of ['UBND huyện A', 'Phòng Nội vụ', 'Nguyễn Thị Lan']) {
      expect(sealed).not.toContain(name);
      expect(payloadTexts(sealed)).not.toContain(name);
    }
    expect(sealed).toContain(Buffer.from('binary/kehoach-sealed').toString('base64'));

    const opened = await show(['--codec-endpoint', `${web.url}/codec`, '--codec-auth', `Bearer ${TOKEN}`]);
    const text = `${opened}\n${payloadTexts(opened)}`;
    for (const name of ['UBND huyện A', 'Phòng Nội vụ', 'Nguyễn Thị Lan']) expect(text).toContain(name);

    // A wrong token opens nothing: the CLI says the endpoint refused it.
    const refused = await show(['--codec-endpoint', `${web.url}/codec`, '--codec-auth', 'Bearer wrong']).then(
      (out) => out,
      (e: { stderr: string; stdout: string }) => `${e.stderr}${e.stdout}`,
    );
    expect(refused).not.toContain('UBND huyện A');
  });

  it('refuses a caller without the token and a malformed request, naming the field', async () => {
    const post = (body: string, auth?: string) =>
      fetch(`${web.url}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body,
      });
    let res = await post(JSON.stringify({ payloads: [] }));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { field: string }).field).toBe('authorization');
    res = await post('{not json', `Bearer ${TOKEN}`);
    expect(res.status).toBe(400);
    res = await post(JSON.stringify({ payloads: [{ data: '***' }] }), `Bearer ${TOKEN}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('payloads.0.data');
    res = await post(JSON.stringify({ payloads: [] }), `Bearer ${TOKEN}`);
    expect(await res.json()).toEqual({ payloads: [] });

    // The Temporal Web UI's origin may call it from a browser; another origin gets no CORS grant.
    const preflight = await fetch(`${web.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    const elsewhere = await fetch(`${web.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
