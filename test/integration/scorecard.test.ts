/**
 * The emulation scorecard of two rehearsed conferences of one cluster on a real Temporal server:
 * in the first, district A hands its report in late, and B asks for more time and gets it; in the
 * second, B is late, and A's report is returned once. The scorecard (built by present/scorecard
 * and printed by `kehoach scorecard`) must say what the two conferences' audits say; the web
 * page the organizer and the auditor read (a real browser, screenshots on desktop and phone in
 * test-artifacts/screenshots/scorecard-*.png), its CSV and its .docx table (and the CLI's
 * `--docx`, rendered to test-artifacts/documents/scorecard.png) say the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { DESKTOP, launchChromium, PHONE } from '../helpers/browser';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAudit, fetchConferenceHistories, type AuditRow } from '../../audit';
import { issueAccessLink } from '../../client/access-links';
import { docxToPdf } from '../../engine/pdf';
import { startWebServer, type WebServer } from '../../web/server';
import { actOnTask, cancelConference, conferenceStatus, startConference } from '../../client/conference';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import { buildScorecard, conferenceScore, type ScoreRow } from '../../present/scorecard';
import { runKehoach } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { eventually } from '../helpers/temporal';
import { conferenceSuite } from '../helpers/suite';
import { firstPageToPng } from '../helpers/pdf';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };
const unitB = { unitId: 'b', person: 'Lò Văn Minh' };
const CLUSTER = 'Cụm thi đua thử nghiệm bảng điểm';

function clusterPlan(): Plan {
  const base = miniPlan(suite.hooks.url);
  return PlanSchema.parse({ ...base, meta: { ...base.meta, issuer: `${CLUSTER}; Trưởng Cụm: UBND huyện A` } });
}

async function start(): Promise<string> {
  const id = suite.env.conferenceId('score');
  // 1.5 s per plan day from 14/3/2023 08:00: report-a is due 16/3 00:00 (2.5 s), report-b 18/3 17:00 (6.6 s).
  await startConference(suite.env.client, {
    conferenceId: id,
    plan: clusterPlan(),
    clock: rehearsal(1500),
    date: '2023-03-20',
    taskQueue: suite.env.taskQueue,
  });
  return id;
}

const overdueOnBoard = (id: string, taskId: string) =>
  eventually(async () => {
    const s = await conferenceStatus(suite.env.client, id);
    return s.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId && t.overdue);
  }, `${taskId} overdue`);

const submitA = (id: string) =>
  actOnTask(suite.env.client, id, 'reports', {
    action: 'submit',
    taskId: 'report-a',
    actor: unitA,
    fields: { reportUrl: 'https://example.org/bao-cao-a.pdf' },
  });
const completeB = (id: string) =>
  actOnTask(suite.env.client, id, 'reports', { action: 'complete', taskId: 'report-b', actor: unitB });

/**
 * What an auditor counts from one conference's rows, per unit: a task it acted on is late when
 * one of its judged actions on it was late; an escalated task it holds and never acted on is overdue.
 */
function fromAudit(rows: AuditRow[], plan: Plan) {
  const assignees = new Map(plan.responsibilities.flatMap((r) => r.tasks).map((t) => [t.id, t.assignees]));
  const judged = (unit: string): Map<string, boolean> => {
    const tasks = new Map<string, boolean>();
    for (const r of rows)
      if (r.kind === 'action' && r.timing && r.taskId && r.unit === unit)
        tasks.set(r.taskId, (tasks.get(r.taskId) ?? false) || r.timing === 'late');
    return tasks;
  };
  const count = (unit: string) => {
    const tasks = judged(unit);
    const late = [...tasks.values()].filter(Boolean).length;
    return {
      late,
      onTime: tasks.size - late,
      overdue: new Set(
        rows
          .filter((r) => r.kind === 'overdue' && r.taskId && !tasks.has(r.taskId))
          .filter((r) => assignees.get(r.taskId ?? '')?.includes(unit))
          .map((r) => r.taskId),
      ).size,
      returned: rows.filter(
        (r) => r.kind === 'action' && r.action === 'returnWork' && assignees.get(r.taskId ?? '')?.includes(unit),
      ).length,
      extensionsAsked: rows.filter((r) => r.kind === 'action' && r.action === 'requestExtension' && r.unit === unit)
        .length,
    };
  };
  const units = [...new Set(rows.flatMap((r) => (r.kind === 'action' && r.unit ? [r.unit] : [])))];
  return { count, lateUnits: units.filter((u) => count(u).late > 0).sort() };
}

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const DOCUMENTS = join(process.cwd(), 'test-artifacts', 'documents');

/** Set by the first test: the two conferences and their scorecard (the second test reads them on the web). */
const story: { ids: string[]; card: ScoreRow[] } = { ids: [], card: [] };
let web: WebServer | undefined;
afterAll(async () => {
  await web?.close();
});

/** A scorecard row as the page, the CSV and the .docx print it: the unit, then the counts. */
const printed = (r: ScoreRow): string[] =>
  [r.unit, r.conferences, r.held, r.onTime, r.late, r.overdue, r.returned, r.extensionsAsked, r.extensionsGranted].map(
    String,
  );

describe('emulation scorecard', () => {
  it('of two rehearsed conferences with different late units matches their audits, in the builder and the CLI', async () => {
    // First conference: B asks for more time and gets it, then B is on time; A is late.
    const first = await start();
    await actOnTask(suite.env.client, first, 'reports', {
      action: 'requestExtension',
      taskId: 'report-b',
      actor: unitB,
      until: '2023-03-19T12:00',
      reason: 'Chờ danh sách đại biểu',
    });
    await actOnTask(suite.env.client, first, 'reports', {
      action: 'decideExtension',
      taskId: 'report-b',
      actor: org,
      decision: 'grant',
    });
    expect(await completeB(first)).toMatchObject({ state: 'done', late: false });
    await overdueOnBoard(first, 'report-a');
    expect(await submitA(first)).toMatchObject({ state: 'done', late: true });

    // Second conference: A is on time, is returned once and is on time again; B is late.
    const second = await start();
    expect(await submitA(second)).toMatchObject({ state: 'done', late: false });
    await actOnTask(suite.env.client, second, 'reports', {
      action: 'returnWork',
      taskId: 'report-a',
      actor: org,
      until: '2023-03-17T00:00',
      reason: 'Thiếu số liệu',
    });
    expect(await submitA(second)).toMatchObject({ state: 'done', late: false });
    await overdueOnBoard(second, 'report-b');
    expect(await completeB(second)).toMatchObject({ state: 'done', late: true });

    for (const id of [first, second])
      await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });

    const plan = clusterPlan();
    const histories = await Promise.all([first, second].map((id) => fetchConferenceHistories(suite.env.client, id)));
    const audits = histories.map((h) => fromAudit(buildAudit(h), plan));
    // The two conferences have different late units.
    expect(audits.map((a) => a.lateUnits)).toEqual([['a'], ['b']]);

    const scores = histories.map(conferenceScore);
    expect(scores.map((s) => s.year)).toEqual([2023, 2023]);
    const card = buildScorecard(scores, { year: 2023, cluster: 'cum thi dua thu nghiem' });
    const row = (unit: string): ScoreRow | undefined => card.find((r) => r.unitId === unit);
    for (const unit of ['a', 'b', 'org']) {
      const fromRows = audits.map((a) => a.count(unit));
      const sum = (k: keyof ReturnType<(typeof audits)[number]['count']>) => fromRows.reduce((n, c) => n + c[k], 0);
      expect(row(unit), unit).toMatchObject({
        conferences: 2,
        late: sum('late'),
        onTime: sum('onTime'),
        overdue: sum('overdue'),
        returned: sum('returned'),
        extensionsAsked: sum('extensionsAsked'),
      });
    }
    // The story, as the Council reads it.
    expect(row('a')).toMatchObject({ unit: 'UBND huyện A', held: 4, late: 1, onTime: 1, returned: 1 });
    expect(row('b')).toMatchObject({
      unit: 'UBND huyện B',
      held: 6,
      late: 1,
      onTime: 1,
      extensionsAsked: 1,
      extensionsGranted: 1,
    });
    expect(buildScorecard(scores, { year: 2022 })).toEqual([]);
    expect(buildScorecard(scores, { cluster: 'cụm khác' })).toEqual([]);

    // The CLI prints the same rows, as CSV with the header in Vietnamese.
    const run = await runKehoach(['scorecard', '--year', '2023', '--cluster', 'Cụm thi đua thử nghiệm', '--csv'], {
      taskQueue: suite.env.taskQueue,
      dataDir: mkdtempSync(join(tmpdir(), 'kehoach-score-')),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, ...lines] = run.stdout.trim().split('\n');
    expect(header).toBe('Mã,Đơn vị,Hội nghị,Nhiệm vụ,Đúng hạn,Trễ hạn,Quá hạn,Bị trả lại,Xin gia hạn,Được gia hạn');
    expect(lines).toEqual(
      card.map((r) =>
        [
          r.unitId,
          r.unit,
          r.conferences,
          r.held,
          r.onTime,
          r.late,
          r.overdue,
          r.returned,
          r.extensionsAsked,
          r.extensionsGranted,
        ].join(','),
      ),
    );
    const bad = await runKehoach(['scorecard', '--year', 'năm ngoái'], {
      taskQueue: suite.env.taskQueue,
      dataDir: mkdtempSync(join(tmpdir(), 'kehoach-score-')),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('year: "năm ngoái" không phải một năm (vd. 2023)');
    story.ids = [first, second];
    story.card = card;
  });

  it(
    'as a .docx table from the CLI, in the administrative format, with the same rows',
    { timeout: 180_000 },
    async () => {
      expect(story.card.length).toBeGreaterThan(0);
      const out = join(mkdtempSync(join(tmpdir(), 'kehoach-score-')), 'bang-thi-dua.docx');
      const run = await runKehoach(
        ['scorecard', '--year', '2023', '--cluster', 'cum thi dua thu nghiem', '--docx', out],
        {
          taskQueue: suite.env.taskQueue,
          dataDir: mkdtempSync(join(tmpdir(), 'kehoach-score-')),
        },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Đã ghi ${out}`);
      const docx = readFileSync(out);
      const text = (await mammoth.extractRawText({ buffer: docx })).value.replace(/\n{2,}/g, '\n');
      const lines = text.split('\n').map((l) => l.trim());
      expect(lines).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(lines).toContain(CLUSTER.toLocaleUpperCase('vi'));
      expect(lines).toContain('BÁO CÁO');
      expect(lines).toContain('Kết quả theo dõi thi đua của các đơn vị năm 2023 (cụm: cum thi dua thu nghiem)');
      expect(lines).toContain('Nơi nhận:');
      expect(lines).toContain('Nguyễn Văn A'); // the plan's signer
      // Each unit's row, cell by cell, after its number.
      const tableRows = lines.join('\n');
      story.card.forEach((r, i) => expect(tableRows).toContain([String(i + 1), ...printed(r)].join('\n')));
      for (const id of story.ids) expect(text).toContain(`mã ${id}, năm 2023`);
      // Rendered as a reader sees it: A4, Times, one PNG kept for a person to look at.
      mkdirSync(DOCUMENTS, { recursive: true });
      const pdfPath = join(DOCUMENTS, 'scorecard.pdf');
      writeFileSync(pdfPath, await docxToPdf(docx));
      expect(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })).toMatch(
        /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/,
      );
      firstPageToPng(pdfPath, join(DOCUMENTS, 'scorecard'));
    },
  );

  it(
    'on a web page for the organizer and the auditor (year, cluster), with its CSV and .docx; a unit may not see it',
    { timeout: 180_000 },
    async () => {
      expect(story.card.length).toBeGreaterThan(0);
      // A third conference of the cluster, still running (links are issued by a running
      // conference) on a slow clock, so that nothing changes while the page is read.
      const conferenceId = suite.env.conferenceId('score-web');
      await startConference(suite.env.client, {
        conferenceId,
        plan: clusterPlan(),
        clock: rehearsal(3_600_000),
        date: '2023-03-20',
        taskQueue: suite.env.taskQueue,
      });
      const ids = [...story.ids, conferenceId];
      const card = buildScorecard(
        await Promise.all(ids.map(async (id) => conferenceScore(await fetchConferenceHistories(suite.env.client, id)))),
      );
      // The third conference adds tasks held, and nothing done, late or overdue.
      for (const r of card) {
        const before = story.card.find((x) => x.unitId === r.unitId);
        expect(r, r.unitId).toMatchObject({
          late: before?.late ?? 0,
          onTime: before?.onTime ?? 0,
          overdue: before?.overdue ?? 0,
        });
      }
      web = await startWebServer({
        port: 0,
        hostname: '127.0.0.1',
        client: suite.env.client,
        refusalLog: false,
        linkCacheMs: 0,
      });
      const token = async (unitId: string, role: 'auditor' | 'organizer' | 'unit') =>
        (await issueAccessLink(suite.env.client, conferenceId, { unitId, role, validDays: 1, actor: org })).token;
      const cookieOf = async (t: string): Promise<string> => {
        const opened = await fetch(`${web?.url}/k/${conferenceId}/${t}`, { redirect: 'manual' });
        return (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      };
      const auditor = await token('boss', 'auditor');
      const base = `${web.url}/c/${conferenceId}`;

      mkdirSync(SCREENSHOTS, { recursive: true });
      const browser = await launchChromium();
      try {
        for (const [device, options] of [
          ['desktop', DESKTOP],
          ['phone', PHONE],
        ] as const) {
          const context = await browser.newContext(options);
          const page = await context.newPage();
          await page.goto(`${web.url}/k/${conferenceId}/${auditor}`);
          await page.getByRole('link', { name: 'Thi đua' }).click();
          await page.waitForURL('**/scorecard');
          // It opens on this conference's year and cluster.
          await expect(page.locator('#year').inputValue()).resolves.toBe('2023');
          await expect(page.locator('#cluster').inputValue()).resolves.toBe(CLUSTER);
          const cells = await page.evaluate<string[][]>(
            "[...document.querySelectorAll('#scorecard tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent.trim()))",
          );
          expect(cells).toEqual(card.map(printed));
          await expect(page.locator('#scorecard-conferences li').count()).resolves.toBe(3);
          // The page fits the phone: only the table scrolls, inside its box.
          const widths = await page.evaluate<number[]>('[document.documentElement.scrollWidth, window.innerWidth]');
          expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
          await page.screenshot({ path: join(SCREENSHOTS, `scorecard-${device}.png`), fullPage: true });
          if (device === 'desktop') {
            // Another year: nothing counted.
            await page.locator('#year').fill('2022');
            await page.getByRole('button', { name: 'Lọc' }).click();
            await page.waitForURL('**/scorecard?year=2022*');
            await expect(page.locator('#scorecard').count()).resolves.toBe(0);
            await expect(page.locator('main').textContent()).resolves.toContain('Không có hội nghị nào khớp.');
          }
          await context.close();
        }
      } finally {
        await browser.close();
      }

      // The downloads, for the filter asked.
      const cookie = await cookieOf(auditor);
      const query = `year=2023&cluster=${encodeURIComponent('Cụm thi đua thử nghiệm')}`;
      const csv = await fetch(`${base}/scorecard.csv?${query}`, { headers: { cookie } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain('bang-theo-doi-thi-dua.csv');
      const [header, ...csvLines] = (await csv.text()).trim().split('\n');
      expect(header).toBe('Mã,Đơn vị,Hội nghị,Nhiệm vụ,Đúng hạn,Trễ hạn,Quá hạn,Bị trả lại,Xin gia hạn,Được gia hạn');
      expect(csvLines).toEqual(card.map((r) => [r.unitId, ...printed(r)].join(',')));
      const docx = await fetch(`${base}/scorecard.docx?${query}`, { headers: { cookie } });
      expect(docx.status).toBe(200);
      const text = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
      expect(text).toContain('Kết quả theo dõi thi đua của các đơn vị năm 2023 (cụm: Cụm thi đua thử nghiệm)');
      expect(text).toContain('UBND huyện B');

      // The organizer sees it too; a unit does not; a year that is not one is named.
      const organizer = await cookieOf(await token('org', 'organizer'));
      expect((await fetch(`${base}/scorecard`, { headers: { cookie: organizer } })).status).toBe(200);
      const unit = await cookieOf(await token('a', 'unit'));
      expect((await fetch(`${base}/scorecard`, { headers: { cookie: unit } })).status).toBe(403);
      const badYear = await fetch(`${base}/scorecard.csv?year=hai-nghin`, { headers: { cookie, accept: 'text/html' } });
      expect(badYear.status).toBe(400);
      expect(await badYear.text()).toContain('&quot;hai-nghin&quot; không phải một năm');
      await cancelConference(suite.env.client, conferenceId, { reason: 'Kết thúc thử nghiệm', actor: org });
    },
  );
});
