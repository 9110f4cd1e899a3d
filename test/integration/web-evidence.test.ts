/**
 * Evidence files through the web, against a real Temporal dev server and the real HTTP server: a
 * unit hands in its report and video with the inbox form (multipart, streamed), another unit with
 * the API (upload, then the action); the files are in history, shown with a download link, served
 * to the task's unit, the organizer and the auditor and refused to another unit; a file over its
 * field's limit is a 413 naming the field; a file changed on disk is a 409, never served.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { conferenceStatus, startConference } from '../../client/conference';
import { openEvidenceStore } from '../../client/evidence-store';
import type { Actor, EvidenceFile } from '../../domain/actions';
import { PlanSchema, type PlanInput } from '../../domain/plan/schema';
import { startWebServer, type WebServer } from '../../web/server';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, type TestEnv } from '../helpers/temporal';

const organizer: Actor = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const VIDEO_LIMIT = 1024 * 1024;

/** The mini plan, with district A's report asking for its video as a file of at most 1 MiB. */
function planWithVideo() {
  const input = structuredClone(miniPlan('http://127.0.0.1:9/unused')) as PlanInput;
  const task = input.responsibilities[0]?.tasks.find((t) => t.id === 'report-a');
  if (task?.kind !== 'submission') throw new Error('mini plan changed: report-a is no submission');
  task.fields = [
    { name: 'reportUrl', label: 'Đường dẫn báo cáo', type: 'url' },
    { name: 'videoFile', label: 'Video khoảng 5 phút', type: 'file', maxBytes: VIDEO_LIMIT },
  ];
  return PlanSchema.parse(input);
}

const MP4_HEAD = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
function video(size: number): Buffer {
  const b = Buffer.alloc(size, 7);
  MP4_HEAD.copy(b);
  return b;
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let env: TestEnv;
let web: WebServer;
let dataDir: string;
let conferenceId: string;
const tokens = { a: '', b: '', org: '', auditor: '' };

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  conferenceId = env.conferenceId('evidence');
  await startConference(env.client, {
    conferenceId,
    plan: planWithVideo(),
    clock: rehearsal(3_600_000),
    date: '2023-03-28',
    startedBy: organizer,
    taskQueue: env.taskQueue,
  });
  const issue = async (unitId: string, role: 'unit' | 'organizer' | 'auditor') =>
    (await issueAccessLink(env.client, conferenceId, { unitId, role, validDays: 30, actor: organizer })).token;
  tokens.a = await issue('a', 'unit');
  tokens.b = await issue('b', 'unit');
  tokens.org = await issue('org', 'organizer');
  tokens.auditor = await issue('boss', 'auditor');
  dataDir = mkdtempSync(join(tmpdir(), 'kehoach-web-evidence-'));
  web = await startWebServer({
    port: 0,
    hostname: '127.0.0.1',
    client: env.client,
    refusalLog: join(dataDir, 'refusals.jsonl'),
    evidence: openEvidenceStore({ KEHOACH_DATA_DIR: dataDir }),
  });
});

afterAll(async () => {
  await web?.close();
  await env?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The cookie a unit's browser gets from opening its access link. */
async function cookieOf(token: string): Promise<string> {
  const res = await fetch(`${web.url}/k/${conferenceId}/${token}`, { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kh_token='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

const api = (path: string) => `${web.url}/api/conferences/${conferenceId}${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let aVideo: EvidenceFile;
let aReport: EvidenceFile;
let bFile: EvidenceFile;

describe('evidence files on the web', () => {
  it('a unit hands in its report and video with the inbox form; the inbox links to them', async () => {
    const cookie = await cookieOf(tokens.a);
    const form = new FormData();
    form.set('action', 'submit');
    form.set('requestId', 'evidence-form-submit-1');
    form.set('person', 'Lò Văn Minh');
    form.set('field.reportUrl', 'https://muongcha.dienbien.gov.vn/bao-cao-2022');
    form.set('field.videoFile', new Blob([video(300_000)]), 'Phóng sự Mường Chà.mp4');
    form.set('files', new Blob([PDF]), 'Báo cáo tổng kết.pdf');
    const res = await fetch(`${web.url}/c/${conferenceId}/tasks/report-a`, {
      method: 'POST',
      body: form,
      headers: { cookie, origin: web.url },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);

    const status = await conferenceStatus(env.client, conferenceId);
    const task = status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'report-a');
    const record = task?.history.find((h) => h.requestId === 'evidence-form-submit-1');
    expect(record?.files).toHaveLength(2);
    aVideo = record!.files!.find((f) => f.mediaType === 'video/mp4')!;
    aReport = record!.files!.find((f) => f.mediaType === 'application/pdf')!;
    expect(aVideo).toMatchObject({ sha256: sha(video(300_000)), size: 300_000, name: 'Phóng sự Mường Chà.mp4' });
    expect(aReport).toMatchObject({ sha256: sha(PDF), size: PDF.length, name: 'Báo cáo tổng kết.pdf' });
    expect(record?.fields?.videoFile).toBe(aVideo.sha256);

    const inbox = await (await fetch(`${web.url}/c/${conferenceId}/inbox`, { headers: { cookie } })).text();
    expect(inbox).toContain(`tasks/report-a/files/${aReport.sha256}`);
    expect(inbox).toContain('Báo cáo tổng kết.pdf');
  });

  it("serves the file to the task's unit (page link), the organizer and the auditor, not to another unit", async () => {
    const cookie = await cookieOf(tokens.a);
    const mine = await fetch(`${web.url}/c/${conferenceId}/tasks/report-a/files/${aReport.sha256}`, {
      headers: { cookie },
    });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('Báo cáo tổng kết.pdf')}`,
    );
    expect(sha(Buffer.from(await mine.arrayBuffer()))).toBe(aReport.sha256);

    for (const token of [tokens.org, tokens.auditor]) {
      const res = await fetch(api(`/tasks/report-a/files/${aVideo.sha256}`), { headers: bearer(token) });
      expect(res.status).toBe(200);
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(aVideo.sha256);
    }

    const other = await fetch(api(`/tasks/report-a/files/${aVideo.sha256}`), { headers: bearer(tokens.b) });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { field: 'taskId' } });
    const bCookie = await cookieOf(tokens.b);
    const page = await fetch(`${web.url}/c/${conferenceId}/tasks/report-a/files/${aVideo.sha256}`, {
      headers: { cookie: bCookie },
    });
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain('ftypisom');
  });

  it('another unit hands in a file through the API: upload, then the action with the record', async () => {
    const form = new FormData();
    const text = Buffer.from('Biên bản kiểm tra an ninh ngày 20 tháng 3 năm 2023\n');
    form.set('files', new Blob([text]), 'bien-ban.txt');
    const up = await fetch(api('/tasks/report-b/files'), { method: 'POST', body: form, headers: bearer(tokens.b) });
    expect(up.status).toBe(200);
    const answer = (await up.json()) as { files: EvidenceFile[]; fields: Record<string, string> };
    expect(answer.files).toEqual([
      { sha256: sha(text), size: text.length, name: 'bien-ban.txt', mediaType: 'text/plain' },
    ]);
    bFile = answer.files[0]!;

    const act = await fetch(api('/tasks/report-b/actions'), {
      method: 'POST',
      headers: { ...bearer(tokens.b), 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'complete', person: 'Vàng A Dơ', files: answer.files }),
    });
    expect(act.status).toBe(200);
    const view = (await act.json()) as { history: { files?: EvidenceFile[] }[] };
    expect(view.history.at(-1)?.files).toEqual([bFile]);

    const audit = await fetch(api('/audit?format=json'), { headers: bearer(tokens.org) });
    expect(JSON.stringify(await audit.json())).toContain(bFile.sha256);
  });

  it('refuses an action naming a file that was never uploaded', async () => {
    const res = await fetch(api('/tasks/pledge/actions'), {
      method: 'POST',
      headers: { ...bearer(tokens.b), 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'sign',
        person: 'Vàng A Dơ',
        files: [{ sha256: sha(Buffer.from('nowhere')), size: 7, name: 'x.txt', mediaType: 'text/plain' }],
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'files.0' } });
  });

  it("answers 413 naming the field when a file is over its field's limit, and keeps nothing", async () => {
    const big = video(VIDEO_LIMIT + 1);
    const form = new FormData();
    form.set('field.videoFile', new Blob([big]), 'video-dai.mp4');
    const res = await fetch(api('/tasks/report-a/files'), { method: 'POST', body: form, headers: bearer(tokens.a) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { type: 'KehoachTooLarge', field: 'fields.videoFile' } });
    expect(await openEvidenceStore({ KEHOACH_DATA_DIR: dataDir }).has(sha(big))).toBe(false);

    // The same from the inbox form: the form again, with the reason, and the 413.
    const cookie = await cookieOf(tokens.a);
    const page = new FormData();
    page.set('action', 'submit');
    page.set('person', 'Lò Văn Minh');
    page.set('field.videoFile', new Blob([big]), 'video-dai.mp4');
    const shown = await fetch(`${web.url}/c/${conferenceId}/tasks/report-a`, {
      method: 'POST',
      body: page,
      headers: { cookie, origin: web.url },
      redirect: 'manual',
    });
    expect(shown.status).toBe(413);
    expect(await shown.text()).toContain('tệp quá lớn');
  });

  it('reports a file changed on disk and does not serve it', async () => {
    const path = join(dataDir, 'evidence', aReport.sha256.slice(0, 2), aReport.sha256);
    const bytes = readFileSync(path);
    bytes.write('X', 3);
    writeFileSync(path, bytes);
    const res = await fetch(api(`/tasks/report-a/files/${aReport.sha256}`), { headers: bearer(tokens.org) });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { type: string; message: { en: string } } };
    expect(body.error.type).toBe('KehoachEvidenceChanged');
    expect(body.error.message.en).toContain('Báo cáo tổng kết.pdf');
  });
});
