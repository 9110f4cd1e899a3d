/**
 * A real SMTP server for the e-mail tests (the `smtp-server` package), with a login; it may
 * refuse one mailbox for good (550) and be busy once (451) for another. The mails it received are
 * parsed with `mailparser`, as a mail program would read them.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface Received {
  to: string[];
  mail: ParsedMail;
  key: string;
}

/** A real SMTP server that wants a login, refuses one mailbox for good and is busy once for another. */
export async function startSmtp(opts: { refuse?: string; busyOnce?: string } = {}) {
  const received: Received[] = [];
  const busy: string[] = [];
  let busyDone = false;
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'kehoach' && auth.password === 'mat-khau') callback(null, { user: auth.username });
      else callback(new Error('535 Authentication failed'));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address === opts.refuse) {
        callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      if (address.address === opts.busyOnce && !busyDone) {
        busyDone = true;
        busy.push(address.address);
        callback(Object.assign(new Error('4.3.2 Try again later'), { responseCode: 451 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const key = mail.headers.get('x-kehoach-key');
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
            key: typeof key === 'string' ? key : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    busy,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtp = Awaited<ReturnType<typeof startSmtp>>;
