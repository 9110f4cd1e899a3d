/**
 * E-mail on a real SMTP server (the `smtp-server` package, started here, with a login) and a real
 * Temporal server: a rehearsed mini plan whose units have e-mail contacts. The mails the server
 * received are parsed (`mailparser`) and read as a district's clerk would: recipients, subject,
 * Vietnamese (or English) body, the link into the inbox; one mail per notice although the
 * server answered 451 once and the activity was retried; a mailbox the server refuses for good
 * (550), shown on the organizer's board and in the audit; an extension asked and refused, the
 * progress report; the daily digest of a unit that asked
 * for one instead of a mail per reminder, while its escalation still came at once.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { MailSettings } from '../../activities/email';
import { buildAudit, fetchConferenceHistories } from '../../audit';
import { issueAccessLink } from '../../client/access-links';
import { actOnTask, cancelConference, conferenceStatus, startConference } from '../../client/conference';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import { startWebServer, type WebServer } from '../../web/server';
import { recordHistories } from '../helpers/histories';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { startSmtp, type Received, type TestSmtp } from '../helpers/smtp';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';

const A_MAIL = 'vanphong@huyen-a.test';
const B_MAIL = 'b@huyen-b.test';
const B_GONE = 'khong-ton-tai@huyen-b.test';
const ORG_CLERK = 'vanthu@noivu.test';
const ORG_HEAD = 'truongphong@noivu.test';

/** The mini plan with e-mail contacts: A wants a digest at 07:00, B reads English and has a dead mailbox. */
function mailPlan(): Plan {
  const base = miniPlan('http://127.0.0.1:9/unused', { progressReportEvery: '1d' });
  const contacts: Record<string, Plan['units'][number]['contacts']> = {
    org: [
      { channel: 'email', address: ORG_CLERK },
      { channel: 'email', address: ORG_HEAD },
    ],
    boss: [{ channel: 'log' }],
    a: [{ channel: 'email', address: A_MAIL, digestAt: '07:00' }],
    b: [
      { channel: 'email', address: B_MAIL, lang: 'en' },
      { channel: 'email', address: B_GONE },
    ],
  };
  return PlanSchema.parse({ ...base, units: base.units.map((u) => ({ ...u, contacts: contacts[u.id] })) });
}

let env: TestEnv;
let smtp: TestSmtp;
let web: WebServer;
let dataDir: string;

beforeAll(async () => {
  env = await createTestEnv();
  smtp = await startSmtp({ refuse: B_GONE, busyOnce: ORG_HEAD });
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client });
  dataDir = mkdtempSync(join(tmpdir(), 'kehoach-mail-'));
  const mail: MailSettings = {
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    requireTLS: false,
    auth: { user: 'kehoach', pass: 'mat-khau' },
    from: 'Kehoach Tủa Chùa <kehoach@tuachua.test>',
    publicUrl: web.url,
    dataDir,
  };
  await env.startWorker(createActivities({ mail }));
});

afterAll(async () => {
  await env?.close();
  await web?.close();
  await smtp?.close();
});

const mailsTo = (address: string, conferenceId: string): Received[] =>
  smtp.received.filter((r) => r.to.includes(address) && r.key.includes(conferenceId));

describe('e-mail to the units', () => {
  it('mails each notice (extension, escalation, report, reminder) once to each address, in the contact language, with the inbox link; a refused mailbox shows on the board and in the audit; a digest replaces reminders', async () => {
    const conferenceId = env.conferenceId('mail');
    // 3 s per plan day from 14/3/2023 08:00; the conference on 20/3. report-a (A) is due 16/3
    // 00:00 with a reminder on 15/3 00:00; report-b (B) is due 18/3 17:00, reminded on 17/3 17:00.
    await startConference(env.client, {
      conferenceId,
      plan: mailPlan(),
      clock: rehearsal(3000),
      date: '2023-03-20',
      taskQueue: env.taskQueue,
    });

    // A asks for more time and the organizer refuses: the organizer is told of the request, A of
    // the answer, at once (A's digest holds only reminders).
    await actOnTask(env.client, conferenceId, 'reports', {
      action: 'requestExtension',
      taskId: 'report-a',
      actor: { unitId: 'a', person: 'Giàng A Páo' },
      until: '2023-03-18T00:00',
      reason: 'Chờ số liệu của Phòng Tài chính',
    });
    await actOnTask(env.client, conferenceId, 'reports', {
      action: 'decideExtension',
      taskId: 'report-a',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
      decision: 'refuse',
      reason: 'Hạn báo cáo không thể lùi',
    });
    const asked = await eventually(
      () => mailsTo(ORG_CLERK, conferenceId).find((r) => r.mail.subject?.includes('Đề nghị gia hạn')),
      'the request to the organizer',
    );
    expect(asked.mail.text).toContain(
      'Đề nghị gia hạn: UBND huyện A xin gia hạn "Báo cáo của huyện A" đến 18/03/2023 00:00',
    );
    const answer = await eventually(
      () => mailsTo(A_MAIL, conferenceId).find((r) => r.mail.subject?.includes('Trả lời đề nghị gia hạn')),
      'the answer to A',
    );
    expect(answer.mail.text).toContain(
      'Không đồng ý gia hạn "Báo cáo của huyện A"; hạn giữ nguyên. Lý do: Hạn báo cáo không thể lùi',
    );

    // A's escalation comes at once, although A takes its reminders in a digest.
    const overdue = await eventually(
      () => mailsTo(A_MAIL, conferenceId).find((r) => r.mail.subject?.includes('Quá hạn')),
      "A's escalation",
    );
    expect(overdue.mail.subject).toBe(`[Kehoach] Quá hạn — ${conferenceId}`);
    expect(overdue.mail.from?.text).toContain('kehoach@tuachua.test');
    const body = overdue.mail.text ?? '';
    expect(body.normalize('NFC')).toBe(body);
    expect(body).toContain('Kính gửi: UBND huyện A,');
    expect(body).toContain('Quá hạn: "Báo cáo của huyện A" chưa hoàn thành, hạn là 16/03/2023 00:00.');
    const inbox = `${web.url}/c/${conferenceId}/inbox`;
    expect(body).toContain(`Xem và xử lý trong hộp công việc của đơn vị: ${inbox}`);
    expect(body).toContain('đường liên kết truy cập mà cơ quan tổ chức đã cấp');
    expect(overdue.mail.messageId).toMatch(/^<[0-9a-f]{40}@tuachua\.test>$/);

    // The inbox link opens A's inbox once the browser has opened A's access link; before, the
    // page asks for that link.
    const unsigned = await fetch(inbox, { redirect: 'manual' });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toContain('cần đăng nhập bằng đường liên kết được cấp');
    const { token } = await issueAccessLink(env.client, conferenceId, {
      unitId: 'a',
      role: 'unit',
      validDays: 1,
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
    });
    const opened = await fetch(`${web.url}/k/${conferenceId}/${token}`, { redirect: 'manual' });
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(inbox, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Báo cáo của huyện A');

    // A's digests: one at 07:00 on 15/3 (report-a due soon), then 16/3 (report-a overdue). No
    // mail for A's reminder of 15/3 00:00.
    const digests = await eventually(() => {
      const d = mailsTo(A_MAIL, conferenceId).filter((r) => r.mail.subject?.includes('Thư tổng hợp'));
      return d.length >= 2 ? d : undefined;
    }, "A's two digests");
    expect(digests[0]?.mail.text).toContain('Thư tổng hợp ngày 15 tháng 3 năm 2023 gửi UBND huyện A.');
    expect(digests[0]?.mail.text).toContain('Sắp đến hạn (1):\n- Báo cáo của huyện A — hạn 16/03/2023 00:00');
    expect(digests[1]?.mail.text).toContain('Thư tổng hợp ngày 16 tháng 3 năm 2023 gửi UBND huyện A.');
    expect(digests[1]?.mail.text).toContain('Quá hạn (1):\n- Báo cáo của huyện A');
    expect(mailsTo(A_MAIL, conferenceId).filter((r) => r.mail.subject?.includes('Đôn đốc'))).toEqual([]);

    // B reads English; B's second mailbox does not exist (550): the reminder went to the first.
    const bReminder = await eventually(
      () => mailsTo(B_MAIL, conferenceId).find((r) => r.mail.subject?.includes('Reminder')),
      "B's reminder",
    );
    expect(bReminder.mail.subject).toBe(`[Kehoach] Reminder — ${conferenceId}`);
    expect(bReminder.mail.text).toContain('To: UBND huyện B,');
    expect(bReminder.mail.text).toContain('Reminder: "Báo cáo của huyện B" is due at 18/03/2023 17:00');
    expect(bReminder.mail.text).toContain(`See and act on it in your unit's inbox: ${inbox}`);
    expect(mailsTo(B_GONE, conferenceId)).toEqual([]);

    // The organizer's board says which mail could not be sent, at once on every reader's load.
    const status = await eventually(async () => {
      const s = await conferenceStatus(env.client, conferenceId);
      const t = s.responsibilities.flatMap((r) => r.tasks).find((x) => x.id === 'report-b');
      return t?.undelivered?.length ? s : undefined;
    }, 'the refused mail on the status');
    const refused = status.responsibilities.flatMap((r) => r.tasks).find((x) => x.id === 'report-b')?.undelivered;
    expect(refused).toEqual([expect.objectContaining({ unitId: 'b', address: B_GONE, notice: 'reminder' })]);
    expect(refused?.[0]?.reason).toContain('550');
    const organizer = await issueAccessLink(env.client, conferenceId, {
      unitId: 'org',
      role: 'organizer',
      validDays: 1,
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
    });
    const orgOpened = await fetch(`${web.url}/k/${conferenceId}/${organizer.token}`, { redirect: 'manual' });
    const orgCookie = (orgOpened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const board = await (await fetch(`${web.url}/c/${conferenceId}/board`, { headers: { cookie: orgCookie } })).text();
    // (The board names units by their short names.)
    expect(board).toContain(`Không gửi được thư tới ${B_GONE} (B): 550 5.1.1 Mailbox unavailable`);
    expect(board).toContain('công việc &quot;Báo cáo của huyện B&quot;');

    // The progress report of each plan day reaches the organizer.
    const report = await eventually(
      () => mailsTo(ORG_CLERK, conferenceId).find((r) => r.mail.subject?.includes('Báo cáo tiến độ')),
      'a progress report',
    );
    expect(report.mail.text).toContain('BÁO CÁO TIẾN ĐỘ — Hội nghị thử');
    expect(report.mail.text).toContain('| UBND huyện A |');

    // The organizer's second address was busy once (451): Temporal retried the notice, and each
    // address still got it once: the first address's mail, sent before the retry, was not sent again.
    expect(smtp.busy).toEqual([ORG_HEAD]);
    await eventually(() => (mailsTo(ORG_HEAD, conferenceId).length > 0 ? true : undefined), 'the retried mail');
    for (const address of [ORG_CLERK, ORG_HEAD, A_MAIL, B_MAIL]) {
      const keys = mailsTo(address, conferenceId).map((r) => r.key);
      expect(new Set(keys).size, address).toBe(keys.length);
    }
    const retriedKey = mailsTo(ORG_HEAD, conferenceId)[0]?.key;
    expect(mailsTo(ORG_CLERK, conferenceId).filter((r) => r.key === retriedKey)).toHaveLength(1);
    // The ledger holds one entry per mail sent or refused.
    expect(readdirSync(join(dataDir, 'mail')).length).toBeGreaterThanOrEqual(smtp.received.length);

    // The audit names the refused mail, in Vietnamese and in English.
    const histories = await fetchConferenceHistories(env.client, conferenceId);
    const vi = buildAudit(histories, [], 'vi').filter((r) => r.action === 'email');
    expect(vi).toEqual([
      expect.objectContaining({
        kind: 'refused',
        unit: 'b',
        taskId: 'report-b',
        detail: expect.stringContaining(`Không gửi được thư tới ${B_GONE} (UBND huyện B): 550`) as string,
      }),
    ]);
    const en = buildAudit(histories, [], 'en').filter((r) => r.action === 'email');
    expect(en[0]?.detail).toContain(`Could not send mail to ${B_GONE} (UBND huyện B): 550`);

    await cancelConference(env.client, conferenceId, {
      reason: 'Kết thúc thử nghiệm thư điện tử',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
      requestId: 'cancel-mail',
    });
    await eventually(
      () => (mailsTo(ORG_CLERK, conferenceId).some((r) => r.mail.subject?.includes('Hủy hội nghị')) ? true : undefined),
      'the cancellation mail',
    );
    // The conference's own notice (the cancellation) to the dead mailbox is on its status too.
    const after = await eventually(async () => {
      const s = await conferenceStatus(env.client, conferenceId);
      return s.undelivered?.some((m) => m.notice === 'cancelled') ? s : undefined;
    }, 'the refused cancellation mail on the status');
    expect(after.undelivered).toEqual([expect.objectContaining({ unitId: 'b', address: B_GONE })]);
    await recordHistories('email', conferenceId, ['reports', 'summary', 'ceremony']);
  });
});
