/**
 * The progress-report mail carries the báo cáo tiến độ: a rehearsed mini plan reports every plan
 * day to the organizer's e-mail; the real SMTP server (smtp-server, parsed with mailparser)
 * receives the mail with the .docx (and the PDF, LibreOffice being installed) attached. The
 * .docx opens (mammoth) as the report with its title and its place-and-date line for the day the
 * report speaks of; the PDF's text (pdftotext) has the same line. Both, and the PDF's first page
 * as PNG, are kept in test-artifacts/documents/mail-progress.*.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { createActivities } from '../../activities';
import { ACTIVITY_NAME, type Notification } from '../../activities/types';
import { fetchConferenceHistories } from '../../audit';
import { cancelConference, startConference } from '../../client/conference';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import { formatAdministrativeDate } from '../../domain/time';
import { docxToPdfIfPossible } from '../../engine/pdf';
import { noticeDocuments } from '../../present/documents/attachments';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import { firstPageToPng } from '../helpers/pdf';

const CLERK = 'vanthu@noivu.test';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'documents');

function reportPlan(): Plan {
  const base = miniPlan('http://127.0.0.1:9/unused', { progressReportEvery: '1d' });
  return PlanSchema.parse({
    ...base,
    units: base.units.map((u) => ({
      ...u,
      contacts: u.id === 'org' ? [{ channel: 'email', address: CLERK }] : [{ channel: 'log' }],
    })),
  });
}

let env: TestEnv;
let smtp: TestSmtp;

beforeAll(async () => {
  env = await createTestEnv();
  smtp = await startSmtp();
  const dataDir = mkdtempSync(join(tmpdir(), 'kehoach-mail-'));
  await env.startWorker(
    createActivities({
      mail: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        requireTLS: false,
        auth: { user: 'kehoach', pass: 'mat-khau' },
        from: 'Kehoach Tủa Chùa <kehoach@tuachua.test>',
        publicUrl: 'http://127.0.0.1:3000',
        dataDir,
      },
      attachments: noticeDocuments({
        refusalLog: join(dataDir, 'refusals.jsonl'),
        toPdf: (docx) => docxToPdfIfPossible(docx),
      }),
    }),
  );
});

afterAll(async () => {
  await env?.close();
  await smtp?.close();
});

describe('the progress-report mail', () => {
  it('carries the báo cáo tiến độ as .docx and PDF, with its title and the date line of the day it reports on', async () => {
    const conferenceId = env.conferenceId('mail-report');
    const plan = reportPlan();
    await startConference(env.client, {
      conferenceId,
      plan,
      clock: rehearsal(4000),
      date: '2023-03-20',
      taskQueue: env.taskQueue,
    });
    const report = await eventually(
      () =>
        smtp.received.find(
          (r) => r.to.includes(CLERK) && r.key.includes(conferenceId) && r.mail.subject?.includes('Báo cáo tiến độ'),
        ),
      'a progress-report mail',
    );
    await cancelConference(env.client, conferenceId, {
      reason: 'Kết thúc thử nghiệm báo cáo',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
      requestId: 'cancel-mail-report',
    });

    // The text of the mail is still there; the report comes attached.
    expect(report.mail.text).toContain('BÁO CÁO TIẾN ĐỘ — Hội nghị thử');
    const files = report.mail.attachments.map((a) => [a.filename, a.contentType]);
    expect(files).toEqual([
      [
        `bao-cao-tien-do-${conferenceId}.docx`,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [`bao-cao-tien-do-${conferenceId}.pdf`, 'application/pdf'],
    ]);

    // The day the report speaks of is the one its notice is about, as history records the notice.
    const notice = (await fetchConferenceHistories(env.client, conferenceId))
      .flatMap((h) => h.history.events ?? [])
      .flatMap((e) => {
        const a = e.activityTaskScheduledEventAttributes;
        if (a?.activityType?.name !== ACTIVITY_NAME.notify) return [];
        return [defaultPayloadConverter.fromPayload<Notification>(a.input?.payloads?.[0] ?? {})];
      })
      .find((n) => n.key === report.key);
    expect(notice?.kind).toBe('progressReport');
    const dateLine = `${plan.meta.place}, ${formatAdministrativeDate(notice?.at ?? '', 'vi')}`;

    const docx = report.mail.attachments[0]?.content ?? Buffer.alloc(0);
    const text = (await mammoth.extractRawText({ buffer: docx })).value;
    expect(text).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Tiến độ thực hiện');
    expect(text).toContain(dateLine);
    expect(text).toContain('Báo cáo các huyện'); // a responsibility, in the table by responsibility
    expect(text).toContain('UBND huyện A'); // a unit, in the table by unit

    // Kept for a person to look at: the attachments as received, and the PDF's first page.
    mkdirSync(ARTIFACTS, { recursive: true });
    const pdf = report.mail.attachments[1]?.content ?? Buffer.alloc(0);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfPath = join(ARTIFACTS, 'mail-progress.pdf');
    writeFileSync(join(ARTIFACTS, 'mail-progress.docx'), docx);
    writeFileSync(pdfPath, pdf);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(pdfText.replace(/\s+/g, ' ')).toContain(dateLine);
    firstPageToPng(pdfPath, join(ARTIFACTS, 'mail-progress'));
  });
});
