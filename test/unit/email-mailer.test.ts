/**
 * The mailer alone against a real SMTP server (`smtp-server`, started here): what a retried
 * activity does when the server dropped the line after the message, when it is refused for good,
 * and when the mail already went. No Temporal: each call here is one attempt of the activity.
 */
import type { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createSmtpMailer, type Mailer } from '../../activities/email';
import { createNotify } from '../../activities/notify';
import { NOTIFY_MAX_ATTEMPTS } from '../../domain/notices';
import type { DeliveryReport, Notification } from '../../activities/types';

let server: SMTPServer;
let mailer: Mailer;
const received: ParsedMail[] = [];
const rcpts: string[] = [];
const sockets = new Set<Socket>();
let dropNext = true;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      rcpts.push(address.address);
      if (address.address.startsWith('khong-co'))
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      else if (address.address.startsWith('ban'))
        callback(Object.assign(new Error('4.2.1 Mailbox busy'), { responseCode: 451 }));
      else callback();
    },
    onData(stream, _session, callback) {
      void simpleParser(stream).then((mail) => {
        if (dropNext) {
          // The line drops after the message, before the server's answer: the sender cannot know.
          dropNext = false;
          for (const s of sockets) s.destroy();
          return;
        }
        received.push(mail);
        callback();
      });
    },
  });
  server.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  mailer = createSmtpMailer({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTLS: false,
    from: 'Kehoach <kehoach@tuachua.test>',
    publicUrl: 'https://kehoach.tuachua.test',
    dataDir: mkdtempSync(join(tmpdir(), 'kehoach-mailer-')),
  });
});

afterAll(async () => {
  mailer?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const notice: Notification = {
  key: 'conference:c1:districts:districts.nam-po.report|-|2023-03-19T17:00:00.000Z|due',
  conferenceId: 'c1',
  kind: 'overdue',
  taskId: 'districts.nam-po.report',
  at: '2023-03-19T17:00:00.000Z',
  recipients: [],
  text: { vi: 'Quá hạn: "Báo cáo tổng kết" chưa hoàn thành.', en: 'Overdue: "Summary report" is not done.' },
};
const namPo = { id: 'nam-po', name: 'UBND huyện Nậm Pồ' };

describe('the mailer on a real SMTP server', () => {
  it('retries after the line dropped after the message, then sends it once; a later attempt does not send it again', async () => {
    const contact = { channel: 'email' as const, address: 'vanphong@nampo.test' };
    const first = await mailer.send(notice, namPo, contact);
    expect(first.status).toBe('retry');
    expect(received).toHaveLength(0);
    expect(await mailer.send(notice, namPo, contact)).toEqual({ status: 'sent', again: false });
    expect(await mailer.send(notice, namPo, contact)).toEqual({ status: 'sent', again: true });
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('vanphong@nampo.test');
    expect(mail?.subject).toBe('[Kehoach] Quá hạn — c1');
    expect(mail?.text).toContain('Kính gửi: UBND huyện Nậm Pồ,');
    expect(mail?.text).toContain('Quá hạn: "Báo cáo tổng kết" chưa hoàn thành.');
    expect(mail?.text).toContain('https://kehoach.tuachua.test/c/c1/inbox');
  });

  it('reports a mailbox refused for good (550) and does not ask the server again on a later attempt', async () => {
    const contact = { channel: 'email' as const, address: 'khong-co@nampo.test' };
    const first = await mailer.send(notice, namPo, contact);
    expect(first).toEqual({
      status: 'undelivered',
      mail: { unitId: 'nam-po', address: 'khong-co@nampo.test', reason: expect.stringContaining('550') as string },
    });
    const asked = rcpts.filter((r) => r === 'khong-co@nampo.test').length;
    expect(await mailer.send(notice, namPo, contact)).toEqual(first);
    expect(rcpts.filter((r) => r === 'khong-co@nampo.test')).toHaveLength(asked);
  });

  it('writes an English mail for a contact that asks for English, with its own Message-ID', async () => {
    const contact = { channel: 'email' as const, address: 'office@nampo.test', lang: 'en' as const };
    expect((await mailer.send(notice, namPo, contact)).status).toBe('sent');
    const mail = received.find((m) => m.text?.includes('To: UBND huyện Nậm Pồ,'));
    expect(mail?.subject).toBe('[Kehoach] Overdue — c1');
    expect(mail?.text).toContain('Overdue: "Summary report" is not done.');
    expect(mail?.messageId).not.toBe(received[0]?.messageId);
  });

  it('attaches the documents of a progress report; without them Temporal retries, and the last attempt sends the text alone', async () => {
    const report: Notification = {
      ...notice,
      key: `${notice.key}:report`,
      kind: 'progressReport',
      text: { vi: 'BÁO CÁO TIẾN ĐỘ — Hội nghị', en: 'PROGRESS REPORT — Conference' },
      recipients: [{ ...namPo, contacts: [{ channel: 'email', address: 'baocao@nampo.test' }] }],
    };
    const docx = { filename: 'bao-cao-tien-do-c1.docx', contentType: 'application/octet-stream' };
    const withFiles = createNotify({
      fetch,
      webhookTimeoutMs: 1000,
      mailer,
      attachments: (n) =>
        Promise.resolve(n.kind === 'progressReport' ? [{ ...docx, content: new TextEncoder().encode('PK-thử') }] : []),
    });
    await new MockActivityEnvironment({ attempt: 1 }).run(withFiles, report);
    const sent = received.find((m) => m.text?.includes('BÁO CÁO TIẾN ĐỘ'));
    expect(sent?.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([
      ['bao-cao-tien-do-c1.docx', 'PK-thử'],
    ]);

    const broken = createNotify({
      fetch,
      webhookTimeoutMs: 1000,
      mailer,
      attachments: () => Promise.reject(new Error('history unavailable')),
    });
    const late: Notification = { ...report, key: `${notice.key}:report-late` };
    const early = await new MockActivityEnvironment({ attempt: 1 }).run(broken, late).catch((e: unknown) => e);
    expect(String(early)).toContain('history unavailable');
    expect(received.filter((m) => m.headers.get('x-kehoach-key') === late.key)).toEqual([]);
    await new MockActivityEnvironment({ attempt: NOTIFY_MAX_ATTEMPTS }).run(broken, late);
    const bare = received.filter((m) => m.headers.get('x-kehoach-key') === late.key);
    expect(bare.map((m) => [m.text?.includes('BÁO CÁO TIẾN ĐỘ'), m.attachments.length])).toEqual([[true, 0]]);
  });

  it('lets Temporal retry a busy mailbox, and at the last attempt reports it as undelivered instead', async () => {
    const notify = createNotify({ fetch, webhookTimeoutMs: 1000, mailer });
    const busy: Notification = {
      ...notice,
      key: `${notice.key}:busy`,
      recipients: [{ ...namPo, contacts: [{ channel: 'email', address: 'ban@nampo.test' }] }],
    };
    const early = await new MockActivityEnvironment({ attempt: 1 }).run(notify, busy).catch((e: unknown) => e);
    expect(String(early)).toContain('ban@nampo.test: 451 4.2.1 Mailbox busy');
    const last: DeliveryReport = await new MockActivityEnvironment({ attempt: NOTIFY_MAX_ATTEMPTS }).run(notify, busy);
    expect(last.undelivered).toEqual([
      { unitId: 'nam-po', address: 'ban@nampo.test', reason: '451 4.2.1 Mailbox busy (5 lần thử / attempts)' },
    ]);
  });
});
