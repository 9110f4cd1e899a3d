/**
 * The picture of the plan in a real browser (Debian's chromium driven by playwright-core) against
 * a real Temporal dev server, and the documents as the organizer downloads them. The seed
 * conference is rehearsed from 21/3/2023, after the member districts' deadline (20/3): their
 * reports are overdue from the start; Mường Chà sends its report late from its phone; the hall is
 * set up on time. The board's timeline then holds all five colours. Screenshots of the timeline on
 * desktop and phone go to test-artifacts/screenshots/timeline-*.png (see docs/web.md). The same
 * documents from the command line: `kehoach report`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from '../helpers/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { actOnTask, conferenceStatus, startConference } from '../../client/conference';
import type { Actor } from '../../domain/actions';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan } from '../../domain/plan/schema';
import { startWebServer, type WebServer } from '../../web/server';
import { runKehoach, type Run } from '../helpers/cli';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const organizer: Actor = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };
const LATE_TASK = 'districts.muong-cha.report';

let env: TestEnv;
let web: WebServer;
let browser: Browser;
let plan: Plan;
let conferenceId: string;
const tokens = { organizer: '', unit: '' };
const link = (token: string): string => `${web.url}/k/${conferenceId}/${token}`;

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  plan = loaded.plan;
  conferenceId = env.conferenceId('timeline');
  // From 08:00 on 21/3/2023, one plan day per real hour: the districts' reports (due 20/3) are
  // overdue at once, and nothing else falls due while the test runs.
  await startConference(env.client, {
    conferenceId,
    plan,
    clock: { mode: 'rehearsal', planStart: '2023-03-21T01:00:00.000Z', msPerPlanDay: 3_600_000 },
    date: '2023-03-28',
    startedBy: organizer,
    taskQueue: env.taskQueue,
  });
  await actOnTask(env.client, conferenceId, 'hall', {
    taskId: 'hall.setup',
    action: 'complete',
    actor: { unitId: 'van-phong', person: 'Vàng Thị Mai' },
    note: 'Hội trường đã sẵn sàng',
  });
  const issue = async (unitId: string, role: 'unit' | 'organizer') =>
    (await issueAccessLink(env.client, conferenceId, { unitId, role, validDays: 30, actor: organizer })).token;
  tokens.organizer = await issue('noi-vu', 'organizer');
  tokens.unit = await issue('muong-cha', 'unit');
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog: false });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await env?.close();
});

/** An attribute of every element a locator finds, in order. */
async function attrs(locator: Locator, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const el of await locator.all()) out.push((await el.getAttribute(name)) ?? '');
  return out;
}

/** The boxes of the timeline's texts, as the browser lays them out (evaluated in the page). */
async function textBoxes(page: Page): Promise<{ text: string; x: number; y: number; w: number; h: number }[]> {
  return page.evaluate(
    `[...document.querySelectorAll('#timeline-svg text')].map((t) => { const r = t.getBoundingClientRect(); return { text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height }; })`,
  );
}

/** Two texts of the picture drawn over each other, if any. */
function overlapping(boxes: { text: string; x: number; y: number; w: number; h: number }[]): string[] {
  const out: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const apart =
        a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
      if (!apart) out.push(`${a.text} × ${b.text}`);
    }),
  );
  return out;
}

describe('the timeline', () => {
  it('Mường Chà sends its report late from a phone: the confirmation names the task and says late', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(link(tokens.unit));
    await page.waitForURL(`**/c/${conferenceId}/inbox`);
    const form = page.locator(`section[data-task="${LATE_TASK}"] form[data-action=submit]`);
    await form.locator('input[name="field.reportUrl"]').fill('https://muongcha.example/bao-cao-2022.pdf');
    await form.locator('input[name="field.videoUrl"]').fill('https://muongcha.example/video.mp4');
    await form.locator('input[name=person]').fill('Lò Văn Hùng');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/inbox\?ok=/);
    const title = plan.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === LATE_TASK)?.title ?? '?';
    const ok = (await page.locator('.msg.ok').textContent()) ?? '';
    expect(ok.trim()).toBe(`Đã ghi nhận "nộp" cho công việc "${title}" — trễ hạn.`);
    expect(ok).not.toContain(LATE_TASK);

    // Its inbox draws its own tasks only, one row per responsibility it has a part in.
    await page.locator('#timeline summary').click();
    const rows = await attrs(page.locator('#timeline-svg [data-responsibility]'), 'data-responsibility');
    const status = await conferenceStatus(env.client, conferenceId);
    const mine = status.responsibilities
      .filter((r) => r.tasks.some((t) => t.assignees.includes('muong-cha') || t.deciders.includes('muong-cha')))
      .map((r) => r.id);
    expect(rows).toEqual(mine);
    const bars = await attrs(page.locator('#timeline-svg rect[data-task]'), 'data-task');
    for (const id of bars) expect(id).not.toMatch(/muong-nhe|nam-po|dien-bien-dong/);
    await expect(
      page.locator(`#timeline-svg rect[data-task="${LATE_TASK}"]`).getAttribute('data-standing'),
    ).resolves.toBe('late');
    expect(overlapping(await textBoxes(page))).toEqual([]);
    await page.locator('#timeline').screenshot({ path: join(SCREENSHOTS, 'timeline-inbox-phone.png') });
    await context.close();
  });

  for (const [device, options] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`the organizer's board draws the plan on ${device}: a row per responsibility, five colours, the legend, now`, async () => {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      await page.goto(link(tokens.organizer));
      await page.waitForURL('**/board');
      // The board is the conference's view: wait until it shows Mường Chà's late report.
      await eventually(async () => {
        await page.reload();
        const s = await page.locator(`#timeline-svg rect[data-task="${LATE_TASK}"]`).getAttribute('data-standing');
        return s === 'late' ? true : undefined;
      }, 'the late report on the board');
      const svg = page.locator('#timeline-svg');
      await expect(svg.isVisible()).resolves.toBe(true);
      const rows = await svg.locator('[data-responsibility]').count();
      expect(rows).toBe(plan.responsibilities.length);
      const standings = new Set(await attrs(svg.locator('rect[data-task]'), 'data-standing'));
      expect(standings).toEqual(new Set(['done', 'late', 'overdue', 'open', 'waiting']));
      await expect(svg.locator('rect[data-task="hall.setup"]').getAttribute('data-standing')).resolves.toBe('done');
      await expect(
        svg.locator('rect[data-task="districts.nam-po.report"]').getAttribute('data-standing'),
      ).resolves.toBe('overdue');
      const legend = await svg.locator('[data-legend]').allTextContents();
      expect(legend).toEqual(['xong đúng hạn', 'xong trễ hạn', 'quá hạn', 'đang làm', 'đang chờ']);
      await expect(svg.locator('[data-line="now"] line').count()).resolves.toBe(plan.responsibilities.length + 1);
      await expect(svg.locator('text.tl-now').textContent()).resolves.toMatch(/^Bây giờ 2[1-3]\/03\/2023 \d\d:\d\d$/);
      await expect(svg.locator('text.tl-conference').textContent()).resolves.toBe('Hội nghị 28/03');
      // It fits the screen and no two of its words are drawn over each other.
      const box = await svg.boundingBox();
      expect(box?.width ?? 0).toBeLessThanOrEqual(options.viewport.width);
      expect(overlapping(await textBoxes(page))).toEqual([]);
      const widths = await page.evaluate<number[]>('[document.documentElement.scrollWidth, window.innerWidth]');
      expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
      await page.locator('#timeline').screenshot({ path: join(SCREENSHOTS, `timeline-board-${device}.png`) });
      await context.close();
    });
  }
});

describe('the documents as downloads', () => {
  it('the organizer downloads each document as .docx and the progress report as PDF; a wrong kind or format is a 400 naming it', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(link(tokens.organizer));
    await page.waitForURL('**/board');
    const hrefs = await attrs(page.locator('#reports a'), 'href');
    expect(hrefs).toContain(`/c/${conferenceId}/reports/progress.pdf`);
    for (const kind of ['progress', 'final', 'flag-handover', 'audit-summary']) {
      const res = await page.request.get(`${web.url}/c/${conferenceId}/reports/${kind}.docx`);
      expect(res.status(), kind).toBe(200);
      expect(res.headers()['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(res.headers()['content-disposition']).toContain(`-${conferenceId}.docx`);
      expect((await res.body()).subarray(0, 2).toString()).toBe('PK');
    }
    const pdf = await page.request.get(`${web.url}/c/${conferenceId}/reports/progress.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const badKind = await page.request.get(`${web.url}/c/${conferenceId}/reports/weekly.docx`);
    expect(badKind.status()).toBe(400);
    expect(await badKind.text()).toContain('không có loại văn bản &quot;weekly&quot;');
    const badFormat = await page.request.get(`${web.url}/c/${conferenceId}/reports/progress.odt`);
    expect(badFormat.status()).toBe(400);
    expect(await badFormat.text()).toContain('không có định dạng &quot;odt&quot;');
    await context.close();

    // A unit's link does not open the documents.
    const unit = await browser.newContext(DESKTOP);
    const up = await unit.newPage();
    await up.goto(link(tokens.unit));
    await up.waitForURL('**/inbox');
    expect((await up.request.get(`${web.url}/c/${conferenceId}/reports/progress.docx`)).status()).toBe(403);
    await unit.close();
  });
});

describe('kehoach report', () => {
  it('writes the flag-handover minutes as PDF and the final report as .docx; refuses a wrong kind, format or conference', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-report-'));
    const kehoach = (...args: string[]): Promise<Run> => runKehoach(args, { taskQueue: env.taskQueue, dataDir });
    const pdfPath = join(dataDir, 'bien-ban.pdf');
    const [pdf, docx] = await Promise.all([
      kehoach('report', conferenceId, '--kind', 'flag-handover', '--format', 'pdf', '--out', pdfPath),
      kehoach('report', conferenceId, '--kind', 'final', '--out', join(dataDir, 'ket-qua.docx'), '--json'),
    ]);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stdout).toMatch(/^Đã ghi .*bien-ban\.pdf \(\d+ byte\)\.\n$/);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('BIÊN BẢN');
    expect(text).toContain('Bên giao: UBND huyện Tủa Chùa');
    expect(text).toMatch(/Chưa xác nhận/); // nobody has signed yet
    expect(docx.code, docx.stderr).toBe(0);
    const written = JSON.parse(docx.stdout) as { path: string; bytes: number };
    expect(readFileSync(written.path).subarray(0, 2).toString()).toBe('PK');

    const [kind, format, unknown] = await Promise.all([
      kehoach('report', conferenceId, '--kind', 'weekly', '--lang', 'en'),
      kehoach('report', conferenceId, '--kind', 'final', '--format', 'odt'),
      kehoach('report', 'no-such-conference', '--kind', 'final'),
    ]);
    expect([kind.code, kind.stderr]).toEqual([
      2,
      'kind: no document kind "weekly"; choose one of: progress, final, flag-handover, audit-summary\n',
    ]);
    expect([format.code, format.stderr]).toEqual([2, 'format: không có định dạng "odt"; chọn một trong: docx, pdf\n']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^conference: /);
  });
});
