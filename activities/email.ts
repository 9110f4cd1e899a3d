/**
 * E-mail to the units' contacts: the SMTP settings (from the environment), the mail of a notice
 * in the contact's language with the way into the unit's inbox, and the ledger that makes a
 * notice one mail however often Temporal retries the activity.
 *
 * One mail per notice, per recipient address:
 * - its Message-ID is derived from the notification's idempotency key, the unit and the address,
 *   so a copy that still slips through is the same message to the receiving server and the
 *   reader's mail program;
 * - the ledger (one file per mail under `<data>/mail/`, written once the server said 250) is
 *   read before sending, so an activity retried after this mail went (another recipient's server
 *   was busy, the worker lost the activity's completion) does not send it again.
 * Where that is not enough: a worker that dies between the server's 250 and the ledger write
 * sends again on retry (the Message-ID is the same), and workers on different machines need a
 * shared data folder (or a shared store) for the ledger to cover them all.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { z } from 'zod';
import type { Lang } from '../domain/time';
import type { MailAttachment, Notification, UndeliveredMail } from './types';
import type { Bilingual } from '../domain/bilingual';

// ---- settings ----

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce
  .number({ error: 'a port number from 1 to 65535' })
  .int('a port number from 1 to 65535')
  .min(1, 'a port number from 1 to 65535')
  .max(65535, 'a port number from 1 to 65535');

const MailEnvSchema = z.object({
  KEHOACH_SMTP_HOST: z.string().trim().min(1),
  KEHOACH_SMTP_PORT: port.optional(),
  KEHOACH_SMTP_SECURE: flag.optional(),
  KEHOACH_SMTP_REQUIRE_TLS: flag.optional(),
  KEHOACH_SMTP_USER: z.string().optional(),
  KEHOACH_SMTP_PASS: z.string().optional(),
  KEHOACH_MAIL_FROM: z.string().trim().min(3).optional(),
  KEHOACH_PUBLIC_URL: z.string().url('a web address such as https://kehoach.example.vn').optional(),
  KEHOACH_WEB_PORT: port.optional(),
  KEHOACH_DATA_DIR: z.string().optional(),
});

export interface MailSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send without STARTTLS. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  from: string;
  /** The web address units reach (links in mails). */
  publicUrl: string;
  /** Where the ledger of sent mails lives. */
  dataDir: string;
}

/**
 * The mail settings from the environment, or undefined when no SMTP host is set (mails then go
 * to the worker's log). A wrong value is named with its variable, for the operator.
 */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings | undefined {
  if (!env.KEHOACH_SMTP_HOST) return undefined;
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = MailEnvSchema.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'KEHOACH_SMTP_*')}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  const secure = e.KEHOACH_SMTP_SECURE ?? false;
  if ((e.KEHOACH_SMTP_USER === undefined) !== (e.KEHOACH_SMTP_PASS === undefined))
    throw new Error('KEHOACH_SMTP_USER and KEHOACH_SMTP_PASS: set both or neither');
  return {
    host: e.KEHOACH_SMTP_HOST,
    port: e.KEHOACH_SMTP_PORT ?? (secure ? 465 : 587),
    secure,
    requireTLS: e.KEHOACH_SMTP_REQUIRE_TLS ?? false,
    ...(e.KEHOACH_SMTP_USER !== undefined && e.KEHOACH_SMTP_PASS !== undefined
      ? { auth: { user: e.KEHOACH_SMTP_USER, pass: e.KEHOACH_SMTP_PASS } }
      : {}),
    from: e.KEHOACH_MAIL_FROM ?? 'Kehoach <kehoach@localhost>',
    publicUrl: e.KEHOACH_PUBLIC_URL ?? `http://127.0.0.1:${e.KEHOACH_WEB_PORT ?? 3000}`,
    dataDir: e.KEHOACH_DATA_DIR ?? 'data',
  };
}

// ---- the mail ----

type Recipient = Notification['recipients'][number];
export type EmailContact = Extract<Recipient['contacts'][number], { channel: 'email' }>;

const SUBJECT: Record<Notification['kind'], Bilingual> = {
  reminder: { vi: 'Đôn đốc', en: 'Reminder' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  refused: { vi: 'Yêu cầu bị từ chối', en: 'Request refused' },
  dateChanged: { vi: 'Ngày hội nghị', en: 'Conference date' },
  progressReport: { vi: 'Báo cáo tiến độ', en: 'Progress report' },
  cancelled: { vi: 'Hủy hội nghị', en: 'Conference cancelled' },
  extensionRequested: { vi: 'Đề nghị gia hạn', en: 'Extension request' },
  extensionDecided: { vi: 'Trả lời đề nghị gia hạn', en: 'Extension answered' },
  deadlineChanged: { vi: 'Gia hạn', en: 'Deadline changed' },
  calendarChanged: { vi: 'Điều chỉnh hạn theo lịch nghỉ lễ', en: 'Deadline moved by the holiday calendar' },
  returned: { vi: 'Trả lại kết quả', en: 'Work returned' },
  reassigned: { vi: 'Giao lại công việc', en: 'Task reassigned' },
  withdrawn: { vi: 'Rút công việc', en: 'Task withdrawn' },
  digest: { vi: 'Thư tổng hợp hằng ngày', en: 'Daily digest' },
};

export interface ComposedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  lang: Lang;
}

/** The Message-ID of one notice to one address: the same on every retry, different for each address. */
export function mailMessageId(key: string, unitId: string, address: string, from: string): string {
  const hash = createHash('sha256').update(`${key}\n${unitId}\n${address}`, 'utf8').digest('hex').slice(0, 40);
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'kehoach.invalid';
  return `<${hash}@${domain}>`;
}

/**
 * A notice as a mail to one contact: the subject names the kind and the conference, the body
 * greets the unit, says the notice, and gives the way into the unit's inbox. The access link
 * itself holds a secret and never travels by mail: the body says to open it once if the browser
 * has not yet signed in.
 */
export function composeMail(
  n: Notification,
  recipient: Pick<Recipient, 'id' | 'name'>,
  contact: EmailContact,
  settings: Pick<MailSettings, 'from' | 'publicUrl'>,
): ComposedMail {
  const lang: Lang = contact.lang ?? 'vi';
  const inbox = `${settings.publicUrl.replace(/\/+$/, '')}/c/${encodeURIComponent(n.conferenceId)}/inbox`;
  const subject = `[Kehoach] ${SUBJECT[n.kind][lang]} — ${n.conferenceId}`;
  const body =
    lang === 'vi'
      ? [
          `Kính gửi: ${recipient.name},`,
          '',
          n.text.vi,
          '',
          `Hội nghị: ${n.conferenceId}${n.taskId ? `; công việc: ${n.taskId}` : ''}.`,
          `Xem và xử lý trong hộp công việc của đơn vị: ${inbox}`,
          'Nếu trình duyệt chưa đăng nhập, hãy mở một lần đường liên kết truy cập mà cơ quan tổ chức đã cấp cho đơn vị (thư không mang liên kết đó vì nó chứa mã bí mật).',
          '',
          '--',
          'Thư gửi tự động từ Kehoach; xin đừng trả lời thư này.',
        ]
      : [
          `To: ${recipient.name},`,
          '',
          n.text.en,
          '',
          `Conference: ${n.conferenceId}${n.taskId ? `; task: ${n.taskId}` : ''}.`,
          `See and act on it in your unit's inbox: ${inbox}`,
          'If your browser has not signed in yet, open the access link the organizer gave your unit once (mail does not carry that link: it holds a secret).',
          '',
          '--',
          'Sent automatically by Kehoach; please do not reply.',
        ];
  return {
    messageId: mailMessageId(n.key, recipient.id, contact.address, settings.from),
    to: contact.address,
    subject,
    text: body.join('\n'),
    lang,
  };
}

// ---- the ledger ----

export interface LedgerEntry {
  status: 'sent' | 'undelivered';
  key: string;
  unitId: string;
  address: string;
  messageId: string;
  /** The server's last answer. */
  response: string;
  /** Wall-clock time of the send. */
  at: string;
}

/** One file per mail, named by its Message-ID's hash: what was sent (or refused for good). */
export class MailLedger {
  constructor(private readonly dir: string) {}

  private file(messageId: string): string {
    return join(this.dir, `${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}.json`);
  }

  async get(messageId: string): Promise<LedgerEntry | undefined> {
    try {
      return JSON.parse(await readFile(this.file(messageId), 'utf8')) as LedgerEntry;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async put(entry: LedgerEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.file(entry.messageId), `${JSON.stringify(entry)}\n`, 'utf8');
  }
}

// ---- sending ----

/** What became of one mail: sent (now or before), refused for good, or worth another try. */
export type MailOutcome =
  | { status: 'sent'; again: boolean }
  | { status: 'undelivered'; mail: UndeliveredMail }
  | { status: 'retry'; mail: UndeliveredMail };

/**
 * An SMTP error is permanent when the server answered 5xx (unknown mailbox, rejected), or when
 * nodemailer refused the address itself (EENVELOPE without a server answer); anything else
 * (4xx, a connection refused, dropped or timed out) may pass later.
 */
export function isPermanentMailError(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown } | null;
  if (typeof e?.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e?.code === 'EENVELOPE';
}

function serverAnswer(err: unknown): string {
  const e = err as { response?: unknown; message?: unknown } | null;
  const text = typeof e?.response === 'string' ? e.response : typeof e?.message === 'string' ? e.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export interface Mailer {
  send(
    n: Notification,
    recipient: Pick<Recipient, 'id' | 'name'>,
    contact: EmailContact,
    attachments?: readonly MailAttachment[],
  ): Promise<MailOutcome>;
  close(): void;
}

/** A mailer over SMTP with nodemailer; the ledger lives in `<dataDir>/mail`. */
export function createSmtpMailer(settings: MailSettings): Mailer {
  const options: SMTPTransport.Options = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  const transport = nodemailer.createTransport(options);
  const ledger = new MailLedger(join(settings.dataDir, 'mail'));
  return {
    async send(n, recipient, contact, attachments = []) {
      const mail = composeMail(n, recipient, contact, settings);
      const before = await ledger.get(mail.messageId);
      if (before?.status === 'sent') return { status: 'sent', again: true };
      if (before?.status === 'undelivered')
        return {
          status: 'undelivered',
          mail: { unitId: recipient.id, address: contact.address, reason: before.response },
        };
      const entry = { key: n.key, unitId: recipient.id, address: contact.address, messageId: mail.messageId };
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          headers: { 'X-Kehoach-Key': n.key, 'Content-Language': mail.lang },
          ...(attachments.length
            ? {
                attachments: attachments.map((a) => ({
                  filename: a.filename,
                  contentType: a.contentType,
                  content: Buffer.from(a.content),
                })),
              }
            : {}),
        });
        await ledger.put({ ...entry, status: 'sent', response: info.response, at: new Date().toISOString() });
        return { status: 'sent', again: false };
      } catch (err) {
        const reason = serverAnswer(err);
        if (!isPermanentMailError(err))
          return { status: 'retry', mail: { unitId: recipient.id, address: contact.address, reason } };
        await ledger.put({ ...entry, status: 'undelivered', response: reason, at: new Date().toISOString() });
        return { status: 'undelivered', mail: { unitId: recipient.id, address: contact.address, reason } };
      }
    },
    close() {
      transport.close();
    },
  };
}
