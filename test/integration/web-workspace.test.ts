/**
 * The organizer's plan workspace in a real browser (Debian's chromium, playwright-core) against a
 * real Temporal dev server: the seed plan, as a .docx made by the test, is uploaded; the draft
 * shows beside the document's text with every task linked to its paragraph; every flagged value
 * is decided group by group (one set in its group's form, the rest confirmed as proposed); a
 * version is saved and started as a rehearsed conference, and the organizer lands on its board
 * with the plan's tasks. A wrong workspace link and a file that is not a plan are refused.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DESKTOP, launchChromium } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceStatus } from '../../client/conference';
import { draftState } from '../../client/drafts';
import { startWebServer, type WebServer } from '../../web/server';
import { runKehoach } from '../helpers/cli';
import { docxFromLines, writeBytes } from '../helpers/intake-docs';
import { createTestEnv, type TestEnv } from '../helpers/temporal';

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const SEED_TEXT = readFileSync(join(process.cwd(), 'test/fixtures/intake/ke-hoach-hoi-nghi-tong-ket-2022.txt'), 'utf8');
const TOKEN = 'workspace-secret-for-the-test-0123456789';

let env: TestEnv;
let web: WebServer;
let browser: Browser;
let page: Page;
let dir: string;
let started = '';

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  dir = mkdtempSync(join(tmpdir(), 'kehoach-workspace-'));
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

describe('the plan workspace', () => {
  it('refuses a wrong workspace link and opens with the right one', async () => {
    const wrong = await page.goto(`${web.url}/w/not-the-secret`);
    expect(wrong?.status()).toBe(401);
    const closed = await page.goto(`${web.url}/workspace`);
    expect(closed?.status()).toBe(401);
    await page.goto(`${web.url}/w/${TOKEN}`);
    expect(new URL(page.url()).pathname).toBe('/workspace');
    await expect(page.locator('h1').innerText()).resolves.toBe('Soạn kế hoạch');
  });

  it('refuses a file that is not a plan, in one sentence, and keeps no draft', async () => {
    const notAPlan = await writeBytes(join(dir, 'thu-moi.txt'), Buffer.from('Kính mời anh chị dự tiệc tất niên.\n'));
    await page.locator('#upload-file').setInputFiles(notAPlan);
    await page.locator('#upload-person').fill('Nguyễn Thị Lan');
    await page.locator('#upload button[type=submit]').click();
    await expect(page.locator('.msg.error').innerText()).resolves.toContain('không phải là một kế hoạch');
    await expect(page.locator('a[href^="/workspace/drafts/thu-moi"]').count()).resolves.toBe(0);
  });

  it('uploads the seed as .docx, decides every flagged value, saves a version and starts the conference', async () => {
    const docx = await writeBytes(join(dir, 'ke-hoach-tong-ket-2022.docx'), await docxFromLines(SEED_TEXT));
    await page.locator('#upload-file').setInputFiles(docx);
    await page.locator('#upload-person').fill('Nguyễn Thị Lan');
    await page.locator('#upload button[type=submit]').click();
    await page.waitForURL(/\/workspace\/drafts\/ke-hoach-tong-ket-2022-[0-9a-f]{6}$/);

    // The draft beside the document: every task links to a line of the text.
    const flagsAtStart = await page.locator('fieldset.flag').count();
    expect(flagsAtStart).toBeGreaterThan(3);
    const taskLinks = page.locator('#tasks a[href^="#L"]');
    expect(await taskLinks.count()).toBeGreaterThan(30);
    const target = (await taskLinks.first().getAttribute('href')) ?? '';
    await expect(page.locator(`#document li${target}`).count()).resolves.toBe(1);
    // Each numbered line has words, and its number is the line the links name.
    const lines = await page.evaluate<[string, string, string][]>(
      "[...document.querySelectorAll('#document li')].map((li) => [li.id, li.getAttribute('value'), li.textContent.trim()])",
    );
    expect(lines.length).toBeGreaterThan(30);
    expect(lines.filter(([, , text]) => text === '')).toEqual([]);
    expect(lines.filter(([id, value]) => id !== `L${value}`)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-draft.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-draft-full.png'), fullPage: true });

    // A forged edit at a path that leads nowhere: refused with the path, the draft unchanged.
    const draftId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const before = await draftState(env.client, draftId);
    for (const [path, kind, value] of [
      ['responsibilities[0].tasks[999].title', 'text', 'X'],
      ['responsibilities[0].tasks[999]', 'json', '{}'],
    ] as const) {
      const forged = await page.request.post(`${web.url}/workspace/drafts/${draftId}/edits`, {
        form: { op: 'set', path, kind, value, person: 'Nguyễn Thị Lan' },
      });
      expect(forged.status(), path).toBe(400);
      expect(await forged.text()).toContain(path);
    }
    expect((await draftState(env.client, draftId)).edits).toBe(before.edits);

    // One value set in its group's form: the conference's venue, as the organizer knows it.
    const venue = page.locator('fieldset.flag[data-path="conference.venue"]');
    if ((await venue.count()) === 1) {
      await venue.locator('input').fill('Hội trường UBND huyện Tủa Chùa');
      await confirm(page.locator('form[data-decide="plan"] button[type=submit]'));
      await expect(page.locator('fieldset.flag[data-path="conference.venue"]').count()).resolves.toBe(0);
    }
    // The rest: confirm each duty's group as proposed.
    for (let left = await page.locator('form[data-decide]').count(); left > 0; left--) {
      await confirm(page.locator('form[data-decide] button[type=submit]').first());
      await expect(page.locator('form[data-decide]').count()).resolves.toBe(left - 1);
    }
    await expect(page.locator('fieldset.flag').count()).resolves.toBe(0);
    await expect(page.locator('#open-flags').innerText()).resolves.toContain('mọi giá trị đã được quyết định');
    await expect(page.locator('#checks .msg.ok').count()).resolves.toBe(1);

    // A unit and a task edited in their forms, no YAML.
    const unit = page.locator('#units li[data-unit]').first();
    await unit.locator('summary').click();
    await unit.locator('input[name=shortName]').fill('Nội vụ Tủa Chùa');
    await confirm(unit.locator('button[type=submit]'));
    await expect(
      page.locator('#units li[data-unit]').first().locator('input[name=shortName]').inputValue(),
    ).resolves.toBe('Nội vụ Tủa Chùa');
    const task = page.locator('#tasks li[data-task]').first();
    await task.locator('summary').click();
    await task.locator('input[name=title]').fill('Xây dựng chương trình Hội nghị (đã xem lại)');
    await confirm(task.locator('button[type=submit]'));
    await expect(page.locator('#tasks').innerText()).resolves.toContain('Xây dựng chương trình Hội nghị (đã xem lại)');
    await expect(page.locator('#checks .msg.ok').count()).resolves.toBe(1);

    await page.locator('#save-note').fill('Đã xem lại toàn bộ');
    await confirm(page.locator('#versions button[type=submit]').first());
    const start = page.locator('form[data-start="1"]');
    await expect(start.count()).resolves.toBe(1);
    const conferenceId = env.conferenceId('workspace');
    await start.locator('input[name=conferenceId]').fill(conferenceId);
    await start.locator('input[name=rehearsal]').check();
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-version.png'), fullPage: true });
    await start.locator('button[type=submit]').click();
    await page.waitForURL(new RegExp(`/c/${conferenceId}/board`));
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-started-board.png') });

    // The conference runs the imported plan: its tasks are on the board.
    const status = await conferenceStatus(env.client, conferenceId);
    const tasks = status.responsibilities.flatMap((r) => r.tasks);
    expect(tasks.length).toBeGreaterThan(30);
    expect(status.title).toContain('Hội nghị');
    await expect(page.locator('li[data-task]').count()).resolves.toBe(tasks.length);
    // The draft remembers which version started which conference.
    await page.goto(`${web.url}/workspace`);
    // (Other suites on the shared server keep drafts too: this one is found by its id.)
    await page.locator(`a[href="/workspace/drafts/${draftId}"]`).click();
    await expect(page.locator('li[data-version="1"]').innerText()).resolves.toContain(conferenceId);
    started = conferenceId;
  });

  it("makes next year's draft from the conference: host, dates and flag moved, each marked for review", async () => {
    await page.goto(`${web.url}/workspace`);
    await page.locator('#from-id').fill(started);
    await page.locator('#from-person').fill('Nguyễn Thị Lan');
    await page.locator('#next-year').click();
    await page.waitForURL(/\/workspace\/drafts\/nam-sau-/);
    const items = page.locator('fieldset.flag');
    const paths: string[] = [];
    for (let i = 0; i < (await items.count()); i++) paths.push((await items.nth(i).getAttribute('data-path')) ?? '');
    for (const path of ['meta.place', 'conference.venue', 'conference.window']) expect(paths).toContain(path);
    await expect(page.locator('fieldset.flag[data-path="meta.place"]').innerText()).resolves.toContain('Mường Chà');
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-next-year.png') });

    // The same from the command line, as YAML with its review: list.
    const out = join(dir, 'nam-sau.yaml');
    const run = await runKehoach(['plan', 'next', started, '--out', out], { taskQueue: env.taskQueue, dataDir: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nơi đăng cai: muong-cha');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^review:/m);
    expect(yaml).toContain('from: 2024-03-');
  });
});

/** Submits a form by its button and waits for the page the redirect lands on (`?ok=1`). */
async function confirm(button: Locator): Promise<void> {
  const landed = page.waitForResponse((r) => r.request().method() === 'GET' && /[?&]ok=1/u.test(r.url()));
  await button.click();
  expect((await landed).status()).toBe(200);
  await page.waitForLoadState();
}
