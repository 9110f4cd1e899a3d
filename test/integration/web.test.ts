/**
 * The web in a real browser (Debian's chromium driven by playwright-core) against a real
 * Temporal dev server: the organizer and two units run the rehearsed seed conference from their
 * access links. Plus the JSON API's authentication and its OpenAPI document. Screenshots go to
 * test-artifacts/screenshots/ (see docs/web.md for what each shows).
 */
import { readRefusals, type RefusalLogEntry } from '../../client/refusal-log';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink, revokeAccessLink } from '../../client/access-links';
import { conferenceStatus, startConference } from '../../client/conference';
import type { Actor } from '../../domain/actions';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import { startWebServer, type WebServer } from '../../web/server';
import { rehearsal } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import type { Bilingual } from '../../domain/bilingual';

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

const organizer: Actor = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };
const A = 'muong-cha';
const B = 'muong-nhe';
const A_TASK = 'districts.muong-cha.report';
const B_TASK = 'districts.muong-nhe.report';

let env: TestEnv;
let web: WebServer;
let browser: Browser;
let conferenceId: string;
let refusalLog: string;
const tokens: Record<'organizer' | 'a' | 'b' | 'auditor' | 'expired' | 'revoked', string> = {
  organizer: '',
  a: '',
  b: '',
  auditor: '',
  expired: '',
  revoked: '',
};

const link = (token: string, lang = ''): string => `${web.url}${lang ? `/${lang}` : ''}/k/${conferenceId}/${token}`;

async function issue(unitId: string, role: 'unit' | 'organizer' | 'auditor', validDays = 30): Promise<string> {
  return (await issueAccessLink(env.client, conferenceId, { unitId, role, validDays, actor: organizer })).token;
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  conferenceId = env.conferenceId('web');
  // One plan day per real hour: nothing falls due while the test runs.
  await startConference(env.client, {
    conferenceId,
    plan: loaded.plan,
    clock: rehearsal(3_600_000),
    date: '2023-03-28',
    startedBy: organizer,
    taskQueue: env.taskQueue,
  });
  tokens.organizer = await issue('noi-vu', 'organizer');
  tokens.a = await issue(A, 'unit');
  tokens.b = await issue(B, 'unit');
  tokens.auditor = await issue('hoi-dong-tdkt', 'auditor');
  tokens.expired = await issue('nam-po', 'unit', 0.5 / 86_400); // half a second
  tokens.revoked = await issue('dien-bien-dong', 'unit');
  const links = await env.client.workflow
    .getHandle(`conference:${conferenceId}`)
    .query<{ linkId: string; unitId: string }[]>('accessLinks');
  const toRevoke = links.find((l) => l.unitId === 'dien-bien-dong');
  if (toRevoke) await revokeAccessLink(env.client, conferenceId, toRevoke.linkId, organizer);

  refusalLog = join(mkdtempSync(join(tmpdir(), 'kehoach-web-')), 'refusals.jsonl');
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog, linkCacheMs: 1000 });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await env?.close();
});

/** What the screen shows (the viewport); `full` adds the whole page as `<name>-full.png`. */
async function shot(page: Page, name: string, full = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  if (full) await page.screenshot({ path: join(SCREENSHOTS, `${name}-full.png`), fullPage: true });
}

async function noHorizontalScroll(page: Page): Promise<void> {
  // Evaluated in the page (as text: the project's TypeScript has no DOM library).
  const widths = await page.evaluate<number[]>('[document.documentElement.scrollWidth, window.innerWidth]');
  expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
}

/** The conference's refusal log (in Temporal, merged with the web's local file). */
async function refusals(): Promise<RefusalLogEntry[]> {
  return readRefusals(env.client, conferenceId, refusalLog);
}

describe('in the browser', () => {
  let orgContext: BrowserContext;
  let org: Page;
  let aContext: BrowserContext;
  let a: Page;

  it('the organizer opens the link, sees the board and moves the date', async () => {
    orgContext = await browser.newContext(DESKTOP);
    org = await orgContext.newPage();
    await org.goto(link(tokens.organizer));
    await org.waitForURL(`**/c/${conferenceId}/board`);
    await expect(org.locator('h1').first().textContent()).resolves.toContain('Hội nghị');
    await expect(org.locator('#conference-date').innerText()).resolves.toContain('ngày 28 tháng 3 năm 2023');
    const cookies = await orgContext.cookies();
    const session = cookies.find((c) => c.name === 'kh_token');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: `/c/${conferenceId}` });
    await shot(org, 'organizer-board-desktop', true);

    await org.locator('#conference-date summary').first().click();
    await org.fill('#date', '2023-03-30');
    await org.fill('#date-reason', 'Giấy mời số 12/GM-UBND');
    await org.fill('#date-person', 'Nguyễn Thị Lan');
    await org.click('#conference-date button[type=submit]');
    await org.waitForURL(/\/board\?ok=date$/);
    await expect(org.locator('#conference-date').innerText()).resolves.toContain('ngày 30 tháng 3 năm 2023');
    await org.locator('#conference-date details').first().locator('summary').click();
    await expect(org.locator('#conference-date').innerText()).resolves.toContain('Giấy mời số 12/GM-UBND');
    expect((await conferenceStatus(env.client, conferenceId)).date).toBe('2023-03-30');
    await shot(org, 'organizer-date-moved');
  });

  it('unit A opens its link on a phone and submits its report', async () => {
    aContext = await browser.newContext(PHONE);
    a = await aContext.newPage();
    await a.goto(link(tokens.a));
    await a.waitForURL(`**/c/${conferenceId}/inbox`);
    await expect(a.locator('h1').textContent()).resolves.toContain('Hộp việc — Mường Chà');
    const card = a.locator(`section[data-task="${A_TASK}"]`);
    await expect(card.textContent()).resolves.toMatch(/còn \d+ ngày/);
    // Only its own tasks.
    const listed: string[] = [];
    for (const el of await a.locator('[data-task]').all()) listed.push((await el.getAttribute('data-task')) ?? '');
    expect(listed.length).toBeGreaterThan(0);
    for (const id of listed) expect(id).not.toMatch(/muong-nhe|nam-po|dien-bien-dong/);
    await noHorizontalScroll(a);
    await shot(a, 'unit-a-inbox-phone');

    const form = card.locator('form[data-action=submit]');
    await form.locator('input[name="field.reportUrl"]').fill('https://muongcha.example/bao-cao-2022.pdf');
    await form.locator('input[name="field.videoUrl"]').fill('https://muongcha.example/video.mp4');
    await form.locator('textarea[name=note]').fill('Báo cáo tổng kết năm 2022 kèm video');
    await form.locator('input[name=person]').fill('Lò Văn Hùng');
    await form.locator('button[type=submit]').click();
    await a.waitForURL(/\/inbox\?ok=/);
    // The confirmation names the action and the task by its title, not its id; on time, so not "trễ hạn".
    const ok = (await a.locator('.msg.ok').textContent()) ?? '';
    expect(ok).toContain('Đã ghi nhận "nộp" cho công việc "Mường Chà gửi báo cáo tổng kết kèm video');
    expect(ok).not.toContain(A_TASK);
    expect(ok).not.toContain('trễ hạn');
    await expect(a.locator(`section[data-task="${A_TASK}"]`).count()).resolves.toBe(0);
    await noHorizontalScroll(a);
    await shot(a, 'unit-a-after-submit-phone');
  });

  it("the organizer's board shows A's task done", async () => {
    await org.goto(`${web.url}/c/${conferenceId}/board`);
    const item = org.locator(`li[data-task="${A_TASK}"]`);
    await expect(item.locator('.badge.done').count()).resolves.toBe(1);
    await item.locator('summary').first().click();
    // Done work: the organizer may return it (folded).
    await expect(item.locator('details[data-form=returnWork] summary').innerText()).resolves.toBe('Trả lại kết quả');
    await expect(item.innerText()).resolves.toContain('Lò Văn Hùng (Mường Chà)');
    await expect(item.innerText()).resolves.toContain('https://muongcha.example/video.mp4');
    await shot(org, 'organizer-board-task-done');
    const phone = await browser.newContext(PHONE);
    const p = await phone.newPage();
    await p.goto(link(tokens.organizer));
    await p.waitForURL('**/board');
    await noHorizontalScroll(p);
    await shot(p, 'organizer-board-phone');
    await phone.close();
  });

  it("unit B neither sees A's task nor can act on it with a forged form", async () => {
    const bContext = await browser.newContext({ ...PHONE, bypassCSP: true });
    const b = await bContext.newPage();
    await b.goto(link(tokens.b));
    await b.waitForURL('**/inbox');
    const html = await b.content();
    expect(html).not.toContain(A_TASK);
    expect(html).toContain(B_TASK);

    // A request crafted with B's session cookie…
    const res = await bContext.request.post(`${web.url}/c/${conferenceId}/tasks/${A_TASK}`, {
      form: { action: 'complete', person: 'Vàng A Dính', requestId: 'forged-0001' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    // …and B's own form pointed at A's task in the page.
    await b.evaluate(`(() => {
      const f = document.querySelector('form[data-action=submit]');
      f.setAttribute('action', f.getAttribute('action').replace(/tasks\\/[^/]+$/, 'tasks/${A_TASK}'));
      f.querySelectorAll('input[required]').forEach((i) => i.removeAttribute('required'));
    })()`);
    await b.locator('form[data-action=submit] input[name=person]').first().fill('Vàng A Dính');
    await b.locator('form[data-action=submit] button').first().click();
    await expect(b.locator('.msg.error').textContent()).resolves.toContain('không giao cho đơn vị "muong-nhe"');
    await shot(b, 'unit-b-forged-refused-phone');
    await bContext.close();

    const task = (await conferenceStatus(env.client, conferenceId)).responsibilities
      .flatMap((r) => r.tasks)
      .find((t) => t.id === A_TASK);
    expect(task?.history.map((h) => h.actor.unitId)).toEqual([A]);
    const wrong = (await refusals()).filter(
      (r) => r.type === 'KehoachWrongUnit' && r.unit === B && r.taskId === A_TASK,
    );
    expect(wrong.length).toBe(2);
  });

  it('refuses an expired, a revoked and an unknown link', async () => {
    const ctx = await browser.newContext(PHONE);
    const p = await ctx.newPage();
    await new Promise((r) => setTimeout(r, 600));
    let res = await p.goto(link(tokens.expired));
    expect(res?.status()).toBe(401);
    await expect(p.locator('.msg.error').textContent()).resolves.toContain('hết hạn');
    await shot(p, 'expired-link-phone');
    res = await p.goto(link(tokens.revoked));
    expect(res?.status()).toBe(401);
    await expect(p.locator('.msg.error').textContent()).resolves.toContain('thu hồi');
    res = await p.goto(link('not-a-real-token-at-all'));
    expect(res?.status()).toBe(401);
    // No cookie was set by any of them: the inbox stays closed.
    res = await p.goto(`${web.url}/c/${conferenceId}/inbox`);
    expect(res?.status()).toBe(401);
    await ctx.close();
    const types = (await refusals()).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(
        ['KehoachExpiredLink', 'KehoachRevokedLink', 'KehoachUnknownLink', 'KehoachNoToken'].slice(0, 3),
      ),
    );
  });

  it('the organizer issues a link from the links page, then revokes it; it stops working at once', async () => {
    await org.goto(`${web.url}/c/${conferenceId}/links`);
    await org.selectOption('#link-unit', 'tua-chua');
    await org.fill('#link-person', 'Nguyễn Thị Lan');
    await org.click('form[action$="/links"] button');
    await org.waitForURL('**/links');
    const url = (await org.locator('#new-link').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`/k/${conferenceId}/[A-Za-z0-9_-]{20,}$`));
    await shot(org, 'organizer-links-issued');
    // The secret is shown once.
    await org.reload();
    await expect(org.locator('#new-link').count()).resolves.toBe(0);

    const ctx = await browser.newContext(PHONE);
    const p = await ctx.newPage();
    await p.goto(url);
    await p.waitForURL('**/inbox');
    await expect(p.locator('h1').textContent()).resolves.toContain('Tủa Chùa');

    const item = org.locator('li[data-link]', { hasText: 'Tủa Chùa' }).last();
    await item.locator('button').click();
    await org.waitForURL('**/links');
    await expect(org.locator('li[data-link]', { hasText: 'Tủa Chùa' }).last().textContent()).resolves.toContain(
      'đã thu hồi',
    );
    const res = await p.goto(`${web.url}/c/${conferenceId}/inbox`);
    expect(res?.status()).toBe(401);
    await ctx.close();
  });

  it('switches to English and remembers it', async () => {
    await a.click('header a[hreflang=en]');
    await expect(a.locator('h1').textContent()).resolves.toContain('Inbox — Mường Chà');
    await expect(a.locator('html').getAttribute('lang')).resolves.toBe('en');
    await a.goto(`${web.url}/c/${conferenceId}/inbox`);
    await expect(a.locator('h1').textContent()).resolves.toContain('Inbox');
    await expect(a.locator('body').textContent()).resolves.toMatch(/due in \d+ days?/);
    await noHorizontalScroll(a);
    await shot(a, 'unit-a-inbox-english-phone');
    await a.click('header a[hreflang=vi]');
    await expect(a.locator('h1').textContent()).resolves.toContain('Hộp việc');
    await aContext.close();
  });

  it('the audit view lists actions and refused attempts, with exports', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const p = await ctx.newPage();
    await p.goto(link(tokens.auditor));
    await p.waitForURL('**/audit');
    await eventually(
      async () => ((await p.locator('[data-kind=refused]').count()) > 0 ? true : undefined),
      'refused rows',
    );
    const text = (await p.locator('#audit-rows').textContent()) ?? '';
    expect(text).toContain(A_TASK);
    expect(text).toContain('không giao cho đơn vị'); // the refusal in the reader's language
    await shot(p, 'auditor-audit-desktop');
    const csv = await ctx.request.get(`${web.url}/c/${conferenceId}/audit/export?format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('refused');
    // The auditor has no board.
    const res = await p.goto(`${web.url}/c/${conferenceId}/board`);
    expect(res?.status()).toBe(403);
    await ctx.close();
    await orgContext.close();
  });
});

describe('the JSON API', () => {
  const api = (path: string, token?: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${web.url}/api/conferences/${conferenceId}${path}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  const post = (path: string, token: string, body: unknown): Promise<Response> =>
    api(path, token, { method: 'POST', body: JSON.stringify(body) });

  it('needs a token (401), refuses another unit (403) and a unit id in the body (400)', async () => {
    let res = await api('/inbox');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: 'KehoachNoToken', field: 'token' } });

    res = await api('/status', tokens.a);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { type: 'KehoachForbidden', field: 'role' } });

    res = await post(`/tasks/${A_TASK}/actions`, tokens.b, { action: 'complete', person: 'Vàng A Dính' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { type: string; message: Bilingual } };
    expect(body.error.type).toBe('KehoachWrongUnit');
    expect(body.error.message.vi).toContain('không giao cho đơn vị');

    res = await post(`/tasks/${B_TASK}/actions`, tokens.b, {
      action: 'submit',
      person: 'Vàng A Dính',
      actor: { unitId: A, person: 'x' },
    });
    expect(res.status).toBe(400);

    res = await api('/inbox', tokens.b);
    expect(res.status).toBe(200);
    const inbox = (await res.json()) as { unitId: string; awaiting: { id: string }[] };
    expect(inbox.unitId).toBe(B);
    expect(inbox.awaiting.map((t) => t.id)).toContain(B_TASK);
    expect(inbox.awaiting.map((t) => t.id)).not.toContain(A_TASK);
  });

  it('acts as the unit of the token, and answers an engine refusal with its field', async () => {
    let res = await post(`/tasks/${B_TASK}/actions`, tokens.b, {
      action: 'submit',
      person: 'Vàng A Dính',
      fields: { reportUrl: 'https://muongnhe.example/bc.pdf', videoUrl: 'https://muongnhe.example/v.mp4' },
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { state: string; history: { actor: Actor }[] };
    expect(view.state).toBe('done');
    expect(view.history[0]?.actor).toEqual({ unitId: B, person: 'Vàng A Dính' });

    res = await post(`/tasks/${B_TASK}/actions`, tokens.b, { action: 'submit', person: 'Vàng A Dính', fields: {} });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('KehoachTaskClosed');
  });

  it('stops a revoked token (401) and lets the organizer manage links and read the audit', async () => {
    let res = await post('/links', tokens.organizer, {
      unitId: 'nam-po',
      role: 'unit',
      validDays: 1,
      person: 'Nguyễn Thị Lan',
    });
    expect(res.status).toBe(200);
    const issued = (await res.json()) as { link: { linkId: string }; token: string; url: string };
    expect(issued.url).toContain(`/k/${conferenceId}/${issued.token}`);
    expect((await api('/me', issued.token)).status).toBe(200);

    res = await post(`/links/${issued.link.linkId}/revoke`, tokens.organizer, { person: 'Nguyễn Thị Lan' });
    expect(res.status).toBe(200);
    res = await api('/me', issued.token);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('KehoachRevokedLink');

    res = await api('/links', tokens.organizer);
    const links = (await res.json()) as Record<string, unknown>[];
    expect(links.length).toBeGreaterThanOrEqual(7);
    for (const l of links) expect(l).not.toHaveProperty('tokenHash');

    res = await api('/audit?format=csv', tokens.auditor);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/token: đường liên kết đã bị thu hồi/);
    res = await api('/audit?format=csv&lang=en', tokens.auditor);
    expect(await res.text()).toMatch(/token: this link has been revoked/);
    res = await api('/audit', tokens.a);
    expect(res.status).toBe(403);
  });

  it('publishes an OpenAPI document with every route', async () => {
    const res = await fetch(`${web.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.0.0');
    const base = '/conferences/{conferenceId}';
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        `${base}/amendments`,
        `${base}/audit`,
        `${base}/cancel`,
        `${base}/date`,
        `${base}/inbox`,
        `${base}/links`,
        `${base}/links/{linkId}/revoke`,
        `${base}/me`,
        `${base}/plan`,
        `${base}/status`,
        `${base}/tasks/{taskId}/actions`,
        `${base}/tasks/{taskId}/files`,
        `${base}/tasks/{taskId}/files/{sha256}`,
      ].sort(),
    );
    expect(Object.keys(doc.paths[`${base}/links`] ?? {}).sort()).toEqual(['get', 'post']);
    expect(JSON.stringify(doc)).toContain('TaskActionBody');
  });
});
