/**
 * Where input comes in, each case shown as a user meets it, against a real Temporal dev server
 * and the real web server: bad bodies answered as the client's mistake (400, 413, 415, never
 * 500), the audit naming the refused action, Secure cookies behind HTTPS, the web
 * listening where it says, a repeated request answered as the first time even once its
 * responsibility closed, a request id reused across responsibilities refused, and names typed in
 * decomposed Unicode (NFD) kept as NFC.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { actOnTask, conferenceStatus } from '../../client/conference';
import { readRefusals } from '../../client/refusal-log';
import { responsibilityWorkflowId } from '../../domain/ids';
import { LIMITS } from '../../domain/limits';
import { taskActionUpdate } from '../../domain/messages';
import { startWebServer, type WebServer } from '../../web/server';
import { runKehoach } from '../helpers/cli';
import { conferenceSuite, startMiniConference } from '../helpers/suite';
import { eventually } from '../helpers/temporal';
import type { Bilingual } from '../../domain/bilingual';

const suite = conferenceSuite();
const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };

let web: WebServer;
let refusalLog: string;

beforeAll(async () => {
  refusalLog = join(mkdtempSync(join(tmpdir(), 'kehoach-boundaries-')), 'refusals.jsonl');
  web = await startWebServer({ port: 0, client: suite.env.client, refusalLog, linkCacheMs: 0 });
});
afterAll(async () => {
  await web?.close();
});

/** A mini conference (one plan day per real hour: nothing falls due while a test runs). */
async function start(): Promise<string> {
  return startMiniConference(suite, { prefix: 'boundaries', date: '2023-03-28', startedBy: org });
}

async function token(conferenceId: string, unitId: string, role: 'unit' | 'organizer' = 'unit'): Promise<string> {
  return (await issueAccessLink(suite.env.client, conferenceId, { unitId, role, validDays: 30, actor: org })).token;
}

interface ApiAnswer {
  status: number;
  body: { error?: { type: string; field: string; message: Bilingual } } & Record<string, unknown>;
}

async function post(
  path: string,
  bearer: string,
  body: string | Uint8Array,
  type = 'application/json',
): Promise<ApiAnswer> {
  const res = await fetch(`${web.url}/api${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as ApiAnswer['body'] };
}

describe('the API refuses a bad body as the client’s mistake', () => {
  it('answers malformed JSON with 400 naming the body and where it breaks, not 500', async () => {
    const conferenceId = await start();
    const a = await token(conferenceId, 'a');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const res = await post(`/conferences/${conferenceId}/tasks/report-a/actions`, a, '{"action": "submit", ');
      expect(res.status).toBe(400);
      expect(res.body.error?.field).toBe('body');
      expect(res.body.error?.message.en).toMatch(/not valid JSON \(.+\)/);
      expect(res.body.error?.message.vi).toMatch(/không phải JSON hợp lệ/);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
  });

  it('answers a text/plain body with 415 naming the media type', async () => {
    const conferenceId = await start();
    const a = await token(conferenceId, 'a');
    const res = await post(
      `/conferences/${conferenceId}/tasks/report-b/actions`,
      a,
      JSON.stringify({ action: 'complete', person: 'Giàng A Páo' }),
      'text/plain',
    );
    expect(res.status).toBe(415);
    expect(res.body.error?.field).toBe('content-type');
    expect(res.body.error?.message.en).toContain('text/plain');
  });

  it('refuses a 50 MB body with 413 before reading it, and the task stays as it was', async () => {
    const conferenceId = await start();
    const b = await token(conferenceId, 'b');
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    const res = await post(`/conferences/${conferenceId}/tasks/report-b/actions`, b, big);
    expect(res.status).toBe(413);
    expect(res.body.error?.field).toBe('body');
    expect(res.body.error?.message.en).toContain(String(LIMITS.requestBodyBytes));
    const task = (await conferenceStatus(suite.env.client, conferenceId)).responsibilities
      .flatMap((r) => r.tasks)
      .find((t) => t.id === 'report-b');
    expect(task?.state).toBe('open');
  });

  it('answers a torn form upload to a page with 400, not a server fault', async () => {
    const conferenceId = await start();
    const b = await token(conferenceId, 'b');
    const opened = await fetch(`${web.url}/k/${conferenceId}/${b}`, { redirect: 'manual' });
    const cookie = opened.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const res = await fetch(`${web.url}/c/${conferenceId}/tasks/report-b`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'multipart/form-data; boundary=zzz' },
        body: '--zzz\r\nContent-Disposition: form-data; name="action"\r\n\r\ncompl',
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('body');
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
  });

  it('names the refused action in the audit’s refusal rows, not the route', async () => {
    const conferenceId = await start();
    const a = await token(conferenceId, 'a');
    const res = await post(
      `/conferences/${conferenceId}/tasks/report-a/actions`,
      a,
      JSON.stringify({ action: 'submit', person: 'Giàng A Páo', note: 'x'.repeat(LIMITS.noteChars + 1) }),
    );
    expect(res.status).toBe(400);
    const logged = await readRefusals(suite.env.client, conferenceId, refusalLog);
    expect(logged.map((e) => [e.action, e.field])).toEqual([['submit', 'note']]);
  });
});

describe('the web behind HTTPS and on its address', () => {
  /** The cookies an opened link sets, as the browser receives them. */
  async function linkCookies(
    server: WebServer,
    conferenceId: string,
    tok: string,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${server.url}/k/${conferenceId}/${tok}`, { redirect: 'manual', headers });
    expect(res.status).toBeLessThan(400);
    return res.headers.getSetCookie();
  }
  const tokenCookie = (cookies: string[]): string => cookies.find((c) => c.startsWith('kh_token=')) ?? '';

  it('marks the session cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const conferenceId = await start();
    const a = await token(conferenceId, 'a');
    const proxied = await startWebServer({ port: 0, client: suite.env.client, refusalLog, trustProxy: true });
    try {
      const cookies = await linkCookies(proxied, conferenceId, a, { 'x-forwarded-proto': 'https' });
      expect(tokenCookie(cookies)).toMatch(/;\s*Secure/i);
      expect(tokenCookie(cookies)).toMatch(/HttpOnly/i);
      for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
      // The same proxy over plain http: no Secure, or the browser would drop the cookie.
      expect(tokenCookie(await linkCookies(proxied, conferenceId, a, { 'x-forwarded-proto': 'http' }))).not.toMatch(
        /Secure/i,
      );
    } finally {
      await proxied.close();
    }
  });

  it('ignores X-Forwarded-Proto from anyone when no proxy is trusted, and is Secure when the public address is https', async () => {
    const conferenceId = await start();
    const a = await token(conferenceId, 'a');
    expect(tokenCookie(await linkCookies(web, conferenceId, a, { 'x-forwarded-proto': 'https' }))).not.toMatch(
      /Secure/i,
    );
    const published = await startWebServer({
      port: 0,
      client: suite.env.client,
      refusalLog,
      publicUrl: 'https://kehoach.example.vn',
    });
    try {
      expect(tokenCookie(await linkCookies(published, conferenceId, a))).toMatch(/;\s*Secure/i);
    } finally {
      await published.close();
    }
  });

  it('listens on 127.0.0.1 by default, as it prints: another interface of the machine is refused', async () => {
    expect(new URL(web.url).hostname).toBe('127.0.0.1');
    const port = Number(new URL(web.url).port);
    expect((await fetch(`${web.url}/api/openapi.json`)).status).toBe(200);
    const outside = Object.values((await import('node:os')).networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    expect(outside, 'this machine has a non-loopback IPv4 interface').toBeDefined();
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: outside as string, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });

  it('listens on the configured host and prints that address', async () => {
    const v6 = await startWebServer({ port: 0, client: suite.env.client, refusalLog, hostname: '::1' });
    try {
      expect(new URL(v6.url).hostname).toBe('[::1]');
      expect((await fetch(`${v6.url}/api/openapi.json`)).status).toBe(200);
    } finally {
      await v6.close();
    }
  });
});

describe('request ids: a repeat gets its first answer, one id names one request in the conference', () => {
  const cli = (dataDir: string, args: string[]) =>
    runKehoach([...args, '--lang', 'en'], { taskQueue: suite.env.taskQueue, dataDir });

  it('answers a repeated request for the action that closed a responsibility as the first time, with no refusal row', async () => {
    const conferenceId = await start();
    const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-boundaries-cli-'));
    const submitted = await cli(dataDir, [
      'submit',
      conferenceId,
      'report-a',
      '--as',
      'a',
      '--by',
      'Giàng A Páo',
      '--field',
      'reportUrl=https://a.example/r.pdf',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const closing = [
      'complete',
      conferenceId,
      'report-b',
      '--as',
      'b',
      '--by',
      'Lò Văn Minh',
      '--request-id',
      'closing-request-1',
    ];
    const first = await cli(dataDir, closing);
    expect(first.code, first.stderr).toBe(0);
    // The responsibility's last task is done: its workflow finishes.
    await suite.env.client.workflow.getHandle(responsibilityWorkflowId(conferenceId, 'reports')).result();
    const again = await cli(dataDir, closing);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(await readRefusals(suite.env.client, conferenceId, join(dataDir, 'refusals.jsonl'))).toEqual([]);
  });

  it('refuses a request id already used in another responsibility, naming the id, and changes nothing there', async () => {
    const conferenceId = await start();
    const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-boundaries-cli-'));
    const first = await cli(dataDir, [
      'complete',
      conferenceId,
      'report-b',
      '--as',
      'b',
      '--by',
      'Lò Văn Minh',
      '--request-id',
      'shared-request-1',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const summary = suite.env.client.workflow.getHandle(responsibilityWorkflowId(conferenceId, 'summary'));
    const before = (await summary.fetchHistory()).events?.length;
    const other = await cli(dataDir, [
      'submit',
      conferenceId,
      'estimate',
      '--as',
      'org',
      '--by',
      'Nguyễn Thị Lan',
      '--request-id',
      'shared-request-1',
    ]);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain('requestId');
    expect(other.stderr).toContain('shared-request-1');
    expect(other.stderr).toContain('report-b');
    const estimate = (await conferenceStatus(suite.env.client, conferenceId)).responsibilities
      .flatMap((r) => r.tasks)
      .find((t) => t.id === 'estimate');
    expect(estimate?.state).toBe('open');
    expect(estimate?.history).toEqual([]);
    expect((await summary.fetchHistory()).events?.length).toBe(before);
  });

  it('refuses the same id through the client library too (an Update sent straight to Temporal by our client)', async () => {
    const conferenceId = await start();
    await actOnTask(suite.env.client, conferenceId, 'reports', {
      taskId: 'report-b',
      action: 'complete',
      actor: { unitId: 'b', person: 'Lò Văn Minh' },
      requestId: 'library-request-1',
    });
    await expect(
      actOnTask(suite.env.client, conferenceId, 'ceremony', {
        taskId: 'pledge',
        action: 'sign',
        actor: { unitId: 'a', person: 'Giàng A Páo' },
        requestId: 'library-request-1',
      }),
    ).rejects.toThrow(/library-request-1.*report-b/);
  });
});

describe('names typed in decomposed Unicode (NFD) are kept in NFC', () => {
  const NFC_NAME = 'Nguyễn Thị Hường';
  const NFD_NAME = NFC_NAME.normalize('NFD');
  const NFD_NOTE = 'Đã gửi báo cáo về Phòng Nội vụ'.normalize('NFD');

  /** The task's record on the conference's board, which hears from the responsibility after the action has answered. */
  async function historyOf(conferenceId: string, taskId: string) {
    return eventually(async () => {
      const task = (await conferenceStatus(suite.env.client, conferenceId)).responsibilities
        .flatMap((r) => r.tasks)
        .find((t) => t.id === taskId);
      return task?.history.length ? task.history : undefined;
    }, `the record of ${taskId} on the conference board`);
  }

  it('from the CLI: status and audit show the name in NFC', async () => {
    expect(NFD_NAME).not.toBe(NFC_NAME);
    const conferenceId = await start();
    const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-boundaries-cli-'));
    const run = (args: string[]) => runKehoach(args, { taskQueue: suite.env.taskQueue, dataDir });
    const done = await run(['complete', conferenceId, 'report-b', '--as', 'b', '--by', NFD_NAME, '--note', NFD_NOTE]);
    expect(done.code, done.stderr).toBe(0);
    const history = await historyOf(conferenceId, 'report-b');
    expect(history.map((h) => [h.actor.person, h.note])).toEqual([[NFC_NAME, NFD_NOTE.normalize('NFC')]]);
    const audit = await run(['audit', conferenceId, '--format', 'json']);
    expect(audit.code, audit.stderr).toBe(0);
    const rows = JSON.parse(audit.stdout) as { action: string; person: string | null; detail: string }[];
    const row = rows.find((r) => r.action === 'complete');
    expect(row?.person).toBe(NFC_NAME);
    expect(audit.stdout.normalize('NFC')).toBe(audit.stdout);
  });

  it('from the API: the task’s record keeps the name and the field value in NFC', async () => {
    const conferenceId = await start();
    const a = await token(conferenceId, 'a');
    const url = 'https://a.example/báo-cáo.pdf'.normalize('NFD');
    const res = await post(
      `/conferences/${conferenceId}/tasks/report-a/actions`,
      a,
      JSON.stringify({ action: 'submit', person: NFD_NAME, fields: { reportUrl: url } }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const history = await historyOf(conferenceId, 'report-a');
    expect(history.map((h) => [h.actor.person, h.fields?.reportUrl])).toEqual([[NFC_NAME, url.normalize('NFC')]]);
  });

  it('from an Update sent straight to Temporal: the workflow itself keeps the name in NFC', async () => {
    const conferenceId = await start();
    const view = await suite.env.client.workflow
      .getHandle(responsibilityWorkflowId(conferenceId, 'reports'))
      .executeUpdate(taskActionUpdate, {
        args: [
          {
            taskId: 'report-b',
            action: 'complete',
            actor: { unitId: 'b', person: NFD_NAME },
            requestId: 'nfd-straight-1',
            note: NFD_NOTE,
          },
        ],
      });
    expect(view.history.map((h) => [h.actor.person, h.note])).toEqual([[NFC_NAME, NFD_NOTE.normalize('NFC')]]);
  });
});
