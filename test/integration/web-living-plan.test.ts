/**
 * The living plan in a real browser (Debian's chromium driven by playwright-core) against a real
 * Temporal dev server: a unit on its phone asks for more time (a mistaken date first, shown again
 * with the engine's reason), reports progress, and cannot grant its own request with a forged
 * form; the organizer sees the request on the board and grants it; the unit's inbox then shows
 * the new deadline, and the history the old one → the new one. The organizer also moves a task to
 * another unit, withdraws one and returns done work from the board. Screenshots go to
 * test-artifacts/screenshots/.
 */
import { readRefusals, type RefusalLogEntry } from '../../client/refusal-log';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { conferenceStatus, startConference } from '../../client/conference';
import type { Actor } from '../../domain/actions';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import { responsibilityWorkflowId } from '../../domain/ids';
import { responsibilityStatusQuery } from '../../domain/messages';
import type { TaskView } from '../../domain/views';
import { startWebServer, type WebServer } from '../../web/server';
import { rehearsal } from '../helpers/mini-plan';
import { createTestEnv, type TestEnv } from '../helpers/temporal';

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

const organizer: Actor = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };
const A = 'muong-cha';
const A_TASK = 'districts.muong-cha.report'; // due 20/3/2023 00:00 (written in the plan)
const MOVED = 'districts.muong-nhe.presentation';
const WITHDRAWN = 'districts.nam-po.presentation';
const REASON = 'Chờ số liệu kinh tế - xã hội quý I của Chi cục Thống kê';

let env: TestEnv;
let web: WebServer;
let browser: Browser;
let conferenceId: string;
let refusalLog: string;
const tokens = { organizer: '', a: '' };

const link = (token: string): string => `${web.url}/k/${conferenceId}/${token}`;

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  conferenceId = env.conferenceId('web-living');
  // One plan day per real hour (plan time starts 14/3/2023 08:00): nothing falls due meanwhile.
  await startConference(env.client, {
    conferenceId,
    plan: loaded.plan,
    clock: rehearsal(3_600_000),
    date: '2023-03-28',
    startedBy: organizer,
    taskQueue: env.taskQueue,
  });
  const issue = async (unitId: string, role: 'unit' | 'organizer') =>
    (await issueAccessLink(env.client, conferenceId, { unitId, role, validDays: 30, actor: organizer })).token;
  tokens.organizer = await issue('noi-vu', 'organizer');
  tokens.a = await issue(A, 'unit');
  refusalLog = join(mkdtempSync(join(tmpdir(), 'kehoach-web-living-')), 'refusals.jsonl');
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog, linkCacheMs: 1000 });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await env?.close();
});

async function shot(page: Page, name: string, full = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  if (full) await page.screenshot({ path: join(SCREENSHOTS, `${name}-full.png`), fullPage: true });
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate<number[]>('[document.documentElement.scrollWidth, window.innerWidth]');
  expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
}

async function task(id: string): Promise<TaskView> {
  const t = (await conferenceStatus(env.client, conferenceId)).responsibilities
    .flatMap((r) => r.tasks)
    .find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
}

/** The conference's refusal log (in Temporal, merged with the web's local file). */
async function refusals(): Promise<RefusalLogEntry[]> {
  return readRefusals(env.client, conferenceId, refusalLog);
}

describe('the living plan in the browser', () => {
  let aContext: BrowserContext;
  let a: Page;
  let orgContext: BrowserContext;
  let org: Page;

  it('a unit on its phone asks for more time: a date before the deadline is refused by name, then the request waits', async () => {
    // bypassCSP: the forged-form test below rewrites a form from a script.
    aContext = await browser.newContext({ ...PHONE, bypassCSP: true });
    a = await aContext.newPage();
    await a.goto(link(tokens.a));
    await a.waitForURL(`**/c/${conferenceId}/inbox`);
    const card = () => a.locator(`section[data-task="${A_TASK}"]`);
    await expect(card().innerText()).resolves.toContain('20/03/2023 00:00');

    const ask = async (until: string) => {
      const details = card().locator('details[data-form=requestExtension]');
      if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
      const form = details.locator('form');
      await form.locator('input[name=until]').fill(until);
      await form.locator('input[name=reason]').fill(REASON);
      await form.locator('input[name=person]').fill('Lò Văn Hùng');
      return form;
    };
    // Before the deadline in force: the engine refuses it, the form comes back with the reason.
    let form = await ask('2023-03-18T17:00');
    await form.locator('button[type=submit]').click();
    await expect(card().locator('.msg.error').innerText()).resolves.toContain('until');
    await expect(card().locator('details[data-form=requestExtension] input[name=reason]').inputValue()).resolves.toBe(
      REASON,
    );
    await noHorizontalScroll(a);
    await shot(a, 'living-unit-extension-refused-phone');

    form = await ask('2023-03-24T17:00');
    await shot(a, 'living-unit-asks-extension-phone');
    await form.locator('button[type=submit]').click();
    await a.waitForURL(/\/inbox\?ok=/);
    const pending = card().locator('[data-extension-request]');
    await expect(pending.innerText()).resolves.toContain('Đang chờ trả lời đề nghị gia hạn đến');
    await expect(pending.innerText()).resolves.toContain('24/03/2023 17:00');
    await expect(pending.innerText()).resolves.toContain(REASON);
    // Asked once: no second request until it is answered.
    await expect(card().locator('details[data-form=requestExtension]').count()).resolves.toBe(0);

    // A progress note with a share done.
    await card().locator('details[data-form=progressNote] summary').click();
    const note = card().locator('form[data-action=progressNote]');
    await note.locator('input[name=percent]').fill('60');
    await note.locator('textarea[name=note]').fill('Đã có số liệu 9 tháng, đang viết phần thi đua khen thưởng');
    await note.locator('button[type=submit]').click();
    await a.waitForURL(/\/inbox\?ok=/);
    await expect(card().locator('[data-progress]').innerText()).resolves.toMatch(/Tiến độ 60 %/);
    await noHorizontalScroll(a);
    await shot(a, 'living-unit-extension-pending-phone', true);

    const t = await task(A_TASK);
    expect(t.extensionRequest).toMatchObject({ until: '2023-03-24T10:00:00.000Z', reason: REASON });
    expect(t.due).toBe('2023-03-19T17:00:00.000Z');
    expect(t.progress).toMatchObject({ percent: 60 });
  });

  it('the unit cannot grant its own request: a forged form is refused (403) and nothing changes', async () => {
    const res = await aContext.request.post(`${web.url}/c/${conferenceId}/tasks/${A_TASK}`, {
      form: { action: 'decideExtension', decision: 'grant', person: 'Lò Văn Hùng', requestId: 'forged-grant-0001' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    // Its comment form in the page turned into a grant.
    await a.goto(`${web.url}/c/${conferenceId}/inbox`);
    await a.evaluate(`(() => {
      const f = document.querySelector('section[data-task="${A_TASK}"] form[data-action=comment]');
      f.querySelector('input[name=action]').value = 'decideExtension';
      const d = document.createElement('input');
      d.type = 'hidden'; d.name = 'decision'; d.value = 'grant';
      f.appendChild(d);
      f.querySelector('textarea[name=note]').removeAttribute('required');
      f.closest('details').open = true;
    })()`);
    const form = a.locator(`section[data-task="${A_TASK}"] form[data-action=comment]`);
    await form.locator('input[name=person]').fill('Lò Văn Hùng');
    const [response] = await Promise.all([
      a.waitForResponse((r) => r.request().method() === 'POST'),
      form.locator('button[type=submit]').click(),
    ]);
    expect(response.status()).toBe(403);
    await expect(a.locator('.msg.error').innerText()).resolves.toContain('chỉ cơ quan tổ chức');
    await noHorizontalScroll(a);
    await shot(a, 'living-unit-forged-grant-refused-phone');

    const t = await task(A_TASK);
    expect(t.extensionRequest).toBeDefined();
    expect(t.due).toBe('2023-03-19T17:00:00.000Z');
    expect(t.history.map((h) => h.action)).not.toContain('decideExtension');
    const refused = (await refusals()).filter(
      (r) => r.unit === A && r.taskId === A_TASK && r.action === 'decideExtension',
    );
    expect(refused.map((r) => r.type)).toEqual(['KehoachWrongUnit', 'KehoachWrongUnit']);
  });

  it('the organizer sees the request on the board and grants it', async () => {
    // bypassCSP: a test below takes a form's `required` away to send it empty.
    orgContext = await browser.newContext({ ...DESKTOP, bypassCSP: true });
    org = await orgContext.newPage();
    await org.goto(link(tokens.organizer));
    await org.waitForURL(`**/c/${conferenceId}/board`);
    const request = org.locator(`#extension-requests [data-request="${A_TASK}"]`);
    await expect(request.innerText()).resolves.toContain('24/03/2023 17:00');
    await expect(request.innerText()).resolves.toContain(REASON);
    await expect(request.innerText()).resolves.toContain('Lò Văn Hùng');
    await expect(org.locator(`li[data-task="${A_TASK}"] .badge.asked`).count()).resolves.toBe(1);
    await shot(org, 'living-organizer-board-request');

    const grant = request.locator('form[data-action=decideExtension-grant]');
    await grant.locator('input[name=reason]').fill('Đồng ý theo đề nghị');
    await grant.locator('input[name=person]').fill('Nguyễn Thị Lan');
    await grant.locator('button[type=submit]').click();
    await org.waitForURL(/\/board\?ok=/);
    await expect(org.locator('#extension-requests').count()).resolves.toBe(0);
    const item = org.locator(`li[data-task="${A_TASK}"]`);
    await item.locator('summary').first().click();
    await expect(item.innerText()).resolves.toContain('24/03/2023 17:00');
    await expect(item.innerText()).resolves.toMatch(/Đồng ý.*Hạn: 20\/03\/2023 00:00 → 24\/03\/2023 17:00/s);
    await shot(org, 'living-organizer-granted');

    const phone = await browser.newContext(PHONE);
    const p = await phone.newPage();
    await p.goto(link(tokens.organizer));
    await p.waitForURL('**/board');
    await noHorizontalScroll(p);
    await phone.close();
  });

  it("the unit's inbox shows the new deadline and the answer in the history", async () => {
    await a.goto(`${web.url}/c/${conferenceId}/inbox`);
    const card = a.locator(`section[data-task="${A_TASK}"]`);
    await expect(card.locator('p').filter({ hasText: 'Hạn:' }).first().innerText()).resolves.toContain(
      '24/03/2023 17:00',
    );
    await expect(card.locator('[data-extension-request]').count()).resolves.toBe(0);
    await card.locator('details', { hasText: 'Lịch sử' }).locator('summary').click();
    const history = await card.locator('ol.history').innerText();
    expect(history).toContain('Xin gia hạn đến 24/03/2023 17:00');
    expect(history).toMatch(/Đồng ý\s*·\s*Hạn:\s*20\/03\/2023 00:00\s*→\s*24\/03\/2023 17:00/);
    expect(history).toContain('Tiến độ: 60 %');
    // It may ask again now.
    await expect(card.locator('details[data-form=requestExtension]').count()).resolves.toBe(1);
    await noHorizontalScroll(a);
    await shot(a, 'living-unit-new-deadline-phone', true);

    // The conference's board and the responsibility both hold the deadline in force.
    const t = await task(A_TASK);
    expect(t.due).toBe('2023-03-24T10:00:00.000Z');
    expect(t.extensionRequest).toBeUndefined();
    const child = await env.client.workflow
      .getHandle(responsibilityWorkflowId(conferenceId, t.responsibilityId))
      .query(responsibilityStatusQuery);
    expect(child.tasks.find((x) => x.id === A_TASK)?.due).toBe('2023-03-24T10:00:00.000Z');
  });

  it('the organizer moves a task to another unit and withdraws another from the board', async () => {
    await org.goto(`${web.url}/c/${conferenceId}/board`);
    let item = org.locator(`li[data-task="${MOVED}"]`);
    await item.locator('summary').first().click();
    await item.locator('details[data-form=reassign] summary').click();
    const reassign = item.locator('form[data-action=reassign]');
    // The present unit is ticked; the organizer unticks it and ticks the new one.
    await reassign.locator('input[name=assignees][value=muong-nhe]').uncheck();
    await reassign.locator('input[name=assignees][value=tua-chua]').check();
    await reassign.locator('input[name=reason]').fill('Mường Nhé đề nghị Tủa Chùa trình bày thay');
    await reassign.locator('input[name=person]').fill('Nguyễn Thị Lan');
    await reassign.locator('button[type=submit]').click();
    await org.waitForURL(/\/board\?ok=/);

    item = org.locator(`li[data-task="${WITHDRAWN}"]`);
    await item.locator('summary').first().click();
    await item.locator('details[data-form=withdraw] summary').click();
    const withdraw = item.locator('form[data-action=withdraw]');
    // No reason: the browser would stop it; sent anyway, the form comes back with the field named.
    await org.evaluate(
      `document.querySelector('li[data-task="${WITHDRAWN}"] form[data-action=withdraw] input[name=reason]').removeAttribute('required')`,
    );
    await withdraw.locator('input[name=person]').fill('Nguyễn Thị Lan');
    await withdraw.locator('button[type=submit]').click();
    await expect(org.locator(`li[data-task="${WITHDRAWN}"] .msg.error`).innerText()).resolves.toContain('reason');
    const again = org.locator(`li[data-task="${WITHDRAWN}"] form[data-action=withdraw]`);
    await again.locator('input[name=reason]').fill('Nậm Pồ không cử đại biểu trình bày năm nay');
    await again.locator('button[type=submit]').click();
    await org.waitForURL(/\/board\?ok=/);

    const moved = await task(MOVED);
    expect(moved.assignees).toEqual(['tua-chua']);
    expect((await task(WITHDRAWN)).state).toBe('withdrawn');
    item = org.locator(`li[data-task="${MOVED}"]`);
    await item.locator('summary').first().click();
    await expect(item.innerText()).resolves.toMatch(/Giao lại: Mường Nhé → Tủa Chùa/);
    await expect(org.locator(`li[data-task="${WITHDRAWN}"] .badge.withdrawn`).count()).resolves.toBe(1);
    await shot(org, 'living-organizer-reassigned-withdrawn', true);

    // In English too.
    await org.goto(`${web.url}/c/${conferenceId}/board?lang=en`);
    item = org.locator(`li[data-task="${MOVED}"]`);
    await item.locator('summary').first().click();
    await expect(item.innerText()).resolves.toMatch(/Reassigned: Mường Nhé → Tủa Chùa/);
    await expect(item.locator('details[data-form=extend] summary').innerText()).resolves.toBe('Extend the deadline');
    await orgContext.close();
    await aContext.close();
  });
});

describe('the living plan through the JSON API', () => {
  const post = (taskId: string, token: string, body: unknown): Promise<Response> =>
    fetch(`${web.url}/api/conferences/${conferenceId}/tasks/${taskId}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it("takes the organizer's actions from the organizer's token only", async () => {
    let res = await post(A_TASK, tokens.a, {
      action: 'extend',
      person: 'Lò Văn Hùng',
      until: '2023-03-26T17:00',
      reason: 'Tự gia hạn',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { type: 'KehoachWrongUnit', field: 'action' } });

    res = await post(A_TASK, tokens.organizer, {
      action: 'extend',
      person: 'Nguyễn Thị Lan',
      until: '2023-03-26T17:00',
      reason: 'Chờ kết quả chấm điểm',
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as TaskView;
    expect(view.due).toBe('2023-03-26T10:00:00.000Z');
    expect(view.history.at(-1)).toMatchObject({ action: 'extend', previousDue: '2023-03-24T10:00:00.000Z' });

    // A comment from the organizer on a task it has no other part in; a unit has none on another unit's.
    res = await post('districts.muong-nhe.report', tokens.organizer, {
      action: 'comment',
      person: 'Nguyễn Thị Lan',
      note: 'Đề nghị gửi sớm',
    });
    expect(res.status).toBe(200);
    res = await post('districts.muong-nhe.report', tokens.a, {
      action: 'comment',
      person: 'Lò Văn Hùng',
      note: 'Xin góp ý',
    });
    expect(res.status).toBe(403);
  });
});

describe('done work returned from the board', () => {
  it('the organizer returns a done report with a new deadline; it is back in the unit’s inbox', async () => {
    const res = await fetch(`${web.url}/api/conferences/${conferenceId}/tasks/${A_TASK}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.a}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'submit',
        person: 'Lò Văn Hùng',
        fields: { reportUrl: 'https://muongcha.example/bc.pdf', videoUrl: 'https://muongcha.example/v.mp4' },
      }),
    });
    expect(res.status).toBe(200);

    const ctx = await browser.newContext(DESKTOP);
    const org = await ctx.newPage();
    await org.goto(link(tokens.organizer));
    await org.waitForURL('**/board');
    const item = org.locator(`li[data-task="${A_TASK}"]`);
    await item.locator('summary').first().click();
    await item.locator('details[data-form=returnWork] summary').click();
    const form = item.locator('form[data-action=returnWork]');
    await form.locator('input[name=until]').fill('2023-03-27T17:00');
    await form.locator('input[name=reason]').fill('Video chưa có phần thi đua khen thưởng');
    await form.locator('input[name=person]').fill('Nguyễn Thị Lan');
    await shot(org, 'living-organizer-returns-work');
    await form.locator('button[type=submit]').click();
    await org.waitForURL(/\/board\?ok=/);
    await ctx.close();

    const phone = await browser.newContext(PHONE);
    const a = await phone.newPage();
    await a.goto(link(tokens.a));
    await a.waitForURL('**/inbox');
    const card = a.locator(`section[data-task="${A_TASK}"]`);
    await expect(card.locator('p').filter({ hasText: 'Hạn:' }).first().innerText()).resolves.toContain(
      '27/03/2023 17:00',
    );
    await card.locator('details', { hasText: 'Lịch sử' }).locator('summary').click();
    await expect(card.locator('ol.history').innerText()).resolves.toMatch(
      /Trả lại kết quả[\s\S]*Hạn:\s*26\/03\/2023 17:00\s*→\s*27\/03\/2023 17:00[\s\S]*Video chưa có phần thi đua/,
    );
    await noHorizontalScroll(a);
    await shot(a, 'living-unit-work-returned-phone', true);
    await phone.close();
    expect((await task(A_TASK)).state).toBe('open');
  });
});
