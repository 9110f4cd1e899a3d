/**
 * A clerk reviews an imported plan in a real browser (Debian's chromium, playwright-core) against a
 * real Temporal dev server: a corpus plan whose duties sit in an appendix table (Phụ lục I), laid
 * out as Word lays it out (.docx), is uploaded; the draft says how many duties it found and how
 * many values are left, groups the open values by duty with the proposals filled in; a mistaken
 * form is refused naming the value; the clerk changes one value in each group, confirms, starts
 * the conference and lands on its board with the document's duties and the deadline as decided.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceStatus } from '../../client/conference';
import { draftState, editDraft } from '../../client/drafts';
import { valueAt } from '../../domain/drafts';
import { startWebServer, type WebServer } from '../../web/server';
import { DESKTOP, launchChromium, PHONE } from '../helpers/browser';
import { coverage, loadKey } from '../helpers/intake-corpus';
import { docxFromPlanText } from '../helpers/intake-corpus-docs';
import { writeBytes } from '../helpers/intake-docs';
import { createTestEnv, type TestEnv } from '../helpers/temporal';

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const CORPUS = join(process.cwd(), 'test/fixtures/intake/corpus');
const DOCUMENT = '09-xa-na-hi-phu-luc-i';
const TOKEN = 'workspace-secret-for-the-review-test-0123';
const COUNTS =
  /^Văn bản giao (\d+) nhiệm vụ \((\d+) việc theo dõi\); còn (\d+) giá trị cần quyết định \((\d+) mục\)\.$/u;

let env: TestEnv;
let web: WebServer;
let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  dir = mkdtempSync(join(tmpdir(), 'kehoach-review-'));
  web = await startWebServer({
    port: 0,
    hostname: '127.0.0.1',
    client: env.client,
    taskQueue: env.taskQueue,
    workspaceToken: TOKEN,
    refusalLog: join(dir, 'refusals.jsonl'),
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  page = await (await browser.newContext(DESKTOP)).newPage();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await env?.close();
});

const counts = async (): Promise<number[]> => {
  const text = (await page.locator('#open-flags').innerText()).trim();
  const m = COUNTS.exec(text);
  expect(m, text).not.toBeNull();
  return (m ?? []).slice(1).map(Number);
};

describe('reviewing an imported table-layout plan, duty by duty', () => {
  it('imports the .docx, decides each duty’s open values and starts the conference on its board', async () => {
    const key = loadKey(join(CORPUS, `${DOCUMENT}.key.json`));
    expect(key.layout).toMatch(/table/u);
    const docx = await writeBytes(
      join(dir, `${DOCUMENT}.docx`),
      await docxFromPlanText(readFileSync(join(CORPUS, `${DOCUMENT}.txt`), 'utf8')),
    );
    await page.goto(`${web.url}/w/${TOKEN}`);
    await page.locator('#upload-file').setInputFiles(docx);
    await page.locator('#upload-person').fill('Lò Thị Hương');
    await page.locator('#upload button[type=submit]').click();
    await page.waitForURL(/\/workspace\/drafts\/09-xa-na-hi-phu-luc-i-[0-9a-f]{6}$/u);
    const draftId = new URL(page.url()).pathname.split('/').pop() ?? '';

    // What the draft found and what is left, as the page lists it.
    const [duties = 0, tasks = 0, values = 0, groups = 0] = await counts();
    expect(duties).toBeGreaterThanOrEqual(key.duties.length);
    expect(tasks).toBe(await page.locator('#tasks li[data-task]').count());
    expect(values).toBe(await page.locator('fieldset.flag').count());
    expect(groups).toBe(await page.locator('form[data-decide]').count());
    expect(values).toBeGreaterThan(groups);
    expect(values).toBeLessThanOrEqual(key.duties.length);

    // The plan's own values first, then each duty with its units, clause and sentence.
    const plan = page.locator('article[data-group="plan"]');
    await expect(plan.locator('h3').innerText()).resolves.toBe('Kế hoạch và Hội nghị');
    const startTime = plan.locator('fieldset[data-path="conference.startTime"] input[type=time]');
    const proposedStart = await startTime.inputValue();
    expect(proposedStart).toMatch(/^\d{2}:\d{2}$/u);
    const organizer = plan.locator('fieldset[data-path="organizer"] select');
    const proposedOrganizer = await organizer.inputValue();
    expect(proposedOrganizer).not.toBe('');
    const duty = page.locator('article.review-group:not([data-group="plan"])').first();
    const dutyKey = (await duty.getAttribute('data-group')) ?? '';
    expect(dutyKey).toMatch(/^responsibilities\[\d+\]\.tasks\[\d+\]$/u);
    const dutyTitle = (await duty.locator('h3').innerText()).trim();
    await expect(page.locator('#tasks').innerText()).resolves.toContain(dutyTitle);
    await expect(duty.locator('p.muted').first().innerText()).resolves.toMatch(/^Giao cho: .+ · khoản [IVX]+/u);
    // The deadline's proposal is filled in: counted from the conference day, with its time.
    const rule = duty.locator('fieldset[data-path$=".due"]');
    const proposal = (await rule.locator('.proposal strong').innerText()).trim();
    await expect(rule.locator('select[name$=".mode"]').inputValue()).resolves.toBe('before');
    const proposedDays = Number(await rule.locator('input[name$=".days"]').inputValue());
    const proposedTime = await rule.locator('input[name$=".time"]').inputValue();
    expect(proposal).toBe(`${proposedTime}, ${proposedDays} ngày trước Hội nghị`);
    // Vietnamese as written (NFC), and the same page in English.
    const body = await page.locator('#review').innerText();
    expect(body).toBe(body.normalize('NFC'));
    expect(body).toContain('Mỗi mục là một nhiệm vụ; giá trị điền sẵn là đề xuất.');
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-review-groups.png'), fullPage: true });
    await page.goto(`${page.url()}?lang=en`);
    await expect(page.locator('#open-flags').innerText()).resolves.toMatch(
      new RegExp(
        `^The document gives ${duties} duties \\(${tasks} tracked tasks\\); ${values} values left to decide`,
        'u',
      ),
    );
    await expect(page.locator('article[data-group="plan"] h3').innerText()).resolves.toBe(
      'The plan and its conference',
    );
    await expect(page.locator('form[data-decide] button').first().innerText()).resolves.toBe('Confirm this group');
    await page.goto(`${web.url}/workspace/drafts/${draftId}?lang=vi`);
    // On a phone the groups fit the screen: nothing wider than it.
    const phone = await (await browser.newContext(PHONE)).newPage();
    await phone.goto(`${web.url}/w/${TOKEN}`);
    await phone.goto(`${web.url}/workspace/drafts/${draftId}`);
    await expect(phone.locator('form[data-decide]').count()).resolves.toBe(groups);
    const [scrollWidth = 0, innerWidth = 0] = await phone.evaluate<number[]>(
      '[document.documentElement.scrollWidth, window.innerWidth]',
    );
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await phone.locator('#review').screenshot({ path: join(SCREENSHOTS, 'workspace-review-phone.png') });
    await phone.context().close();

    // A forged form with a day count no browser would send: refused naming the value, nothing decided.
    const before = await draftState(env.client, draftId);
    const forged = await page.request.post(`${web.url}/workspace/drafts/${draftId}/decisions`, {
      form: {
        group: dutyKey,
        p0: `${dutyKey}.due`,
        'v0.mode': 'before',
        'v0.days': '0',
        'v0.time': '17:00',
        person: 'Lò Thị Hương',
      },
    });
    expect(forged.status()).toBe(400);
    const refusal = await forged.text();
    expect(refusal).toContain(`${dutyKey}.due.days`);
    expect(refusal).toContain('số ngày phải là số nguyên từ 1 đến 60');
    expect(refusal).not.toMatch(/at .+\.ts:\d+/u);
    // A decision is all or nothing: one value at a place the draft does not have refuses the whole of it.
    const partly = await editDraft(env.client, draftId, {
      op: 'decide',
      accept: [`${dutyKey}.due`],
      set: [{ path: 'responsibilities[0].tasks[99].due', value: { type: 'conference', day: -1, time: '17:00' } }],
      by: { unitId: 'organizer', person: 'Lò Thị Hương' },
      requestId: randomUUID(),
    }).catch((e: unknown) => e);
    expect((partly as { cause?: { details?: unknown[] } }).cause?.details?.[0]).toMatchObject({
      field: 'path',
      en: 'no responsibilities[0].tasks[99].due in the draft',
    });
    const after = await draftState(env.client, draftId);
    expect(after.flags).toEqual(before.flags);
    expect(after.edits).toBe(before.edits);

    // The plan's group: the opening hour the invitation will carry; the organizer kept.
    const otherStart = proposedStart === '08:00' ? '07:00' : '08:00';
    await page.locator('article[data-group="plan"] input[type=time]').fill(otherStart);
    await confirm(page.locator('form[data-decide="plan"] button[type=submit]'));
    await expect(page.locator('article[data-group="plan"]').count()).resolves.toBe(0);
    const planDecided = await draftState(env.client, draftId);
    expect((planDecided.plan.conference as { startTime: string }).startTime).toBe(otherStart);
    expect(planDecided.plan.organizer).toBe(proposedOrganizer);
    const [, , valuesLeft = 0, groupsLeft = 0] = await counts();
    expect(groupsLeft).toBe(groups - 1);
    expect(valuesLeft).toBe(await page.locator('fieldset.flag').count());

    // Each duty: its deadline two days earlier than proposed, at 16:00; the rest as proposed.
    const changedDays = proposedDays + 2;
    for (let left = groupsLeft; left > 0; left--) {
      const g = page.locator('article.review-group').first();
      const due = g.locator('fieldset[data-path$=".due"]');
      if ((await g.getAttribute('data-group')) === dutyKey) {
        await due.locator('input[name$=".days"]').fill(String(changedDays));
        await due.locator('input[name$=".time"]').fill('16:00');
      }
      await confirm(g.locator('button[type=submit]'));
      await expect(page.locator('article.review-group').count()).resolves.toBe(left - 1);
    }
    await expect(page.locator('#open-flags').innerText()).resolves.toBe(
      `Văn bản giao ${duties} nhiệm vụ (${tasks} việc theo dõi); mọi giá trị đã được quyết định.`,
    );
    await expect(page.locator('#review').innerText()).resolves.toContain('Đã quyết định mọi giá trị.');
    await expect(page.locator('#checks .msg.ok').count()).resolves.toBe(1);
    await expect(page.locator('#tasks').innerText()).resolves.toContain(`ngày hội nghị -${changedDays} lúc 16:00`);

    // A version, started as a rehearsed conference.
    await page.locator('#save-note').fill('Đã quyết định theo từng nhiệm vụ');
    await confirm(page.locator('#versions button[type=submit]').first());
    const start = page.locator('form[data-start="1"]');
    const conferenceId = env.conferenceId('review');
    await start.locator('input[name=conferenceId]').fill(conferenceId);
    await start.locator('input[name=rehearsal]').check();
    await start.locator('button[type=submit]').click();
    await page.waitForURL(new RegExp(`/c/${conferenceId}/board`, 'u'));

    // The board: every task of the draft, the document's duties among them, the deadline as decided.
    const status = await conferenceStatus(env.client, conferenceId);
    await expect(page.locator('li[data-task]').count()).resolves.toBe(tasks);
    const titles = await page.locator('li[data-task] > details > summary').allInnerTexts();
    const uncovered = key.duties.filter((d) => !titles.some((t) => coverage(t, d.text) >= 0.5)).map((d) => d.text);
    expect(uncovered).toEqual([]);
    const dutyId = (valueAt(planDecided.plan, dutyKey) as { id: string }).id;
    const date = status.date ?? '';
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    const expected = new Date(`${date}T16:00:00+07:00`);
    expected.setUTCDate(expected.getUTCDate() - changedDays);
    const shown = await page.locator(`li[data-task="${dutyId}"] time`).first().getAttribute('datetime');
    expect(new Date(shown ?? '').toISOString()).toBe(expected.toISOString());
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-review-board.png'), fullPage: true });
  });
});

/** Submits a form by its button and waits for the page the redirect lands on (`?ok=1`). */
async function confirm(button: Locator): Promise<void> {
  const landed = page.waitForResponse((r) => r.request().method() === 'GET' && /[?&]ok=1/u.test(r.url()));
  await button.click();
  expect((await landed).status()).toBe(200);
  await page.waitForLoadState();
}
