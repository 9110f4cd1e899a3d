/** The activity implementations the worker registers; dependencies are injectable for tests. */
import { createSmtpMailer, mailSettingsFromEnv, type MailSettings } from './email';
import { createNotify, type NotifyDeps } from './notify';
import { renderProgressReport } from './progress-report';
import { Context } from '@temporalio/activity';
import type { Activities, ConferenceArchiver } from './types';

/** How often the archiving says it is alive (its heartbeat timeout is four times this). */
export const ARCHIVE_HEARTBEAT_MS = 5_000;

/**
 * The activities; e-mail goes over SMTP with the settings given, or from the environment
 * (KEHOACH_SMTP_*: see ./email), or to the log when no SMTP host is set.
 */
export function createActivities(
  deps: Partial<NotifyDeps> & {
    mail?: MailSettings;
    archiver?: ConferenceArchiver;
    /** The claim keys a conference may be started with (public keys, hex). */
    trustedClaimKeys?: readonly string[];
  } = {},
): Activities {
  const archiver = deps.archiver;
  const mail = deps.mail ?? mailSettingsFromEnv();
  const mailer = deps.mailer ?? (mail ? createSmtpMailer(mail) : undefined);
  return {
    notify: createNotify({
      fetch: deps.fetch ?? fetch,
      webhookTimeoutMs: deps.webhookTimeoutMs ?? 5000,
      mailer,
      ...(deps.attachments ? { attachments: deps.attachments } : {}),
    }),
    renderProgressReport,
    // A worker composed without an archiver (a bare test worker) leaves the archiving to one that
    // has it: the attempt fails and is retried, so the record waits rather than being lost.
    archiveConference: async (input) => {
      if (!archiver) throw new Error('this worker was started without an archive store: the archiving waits for one');
      // A heartbeat while it works: a worker killed mid-write is noticed within the heartbeat
      // timeout (workflows/archive.ts) and the archiving retried elsewhere, not after 30 minutes.
      const ctx = Context.current();
      const beat = setInterval(() => ctx.heartbeat(), ARCHIVE_HEARTBEAT_MS);
      try {
        return await archiver(input, () => ctx.client);
      } finally {
        clearInterval(beat);
      }
    },
    // A worker composed without a list (see worker/create-worker.ts, which always gives one) trusts no key.
    trustsClaimKey: (publicKey) => Promise.resolve((deps.trustedClaimKeys ?? []).includes(publicKey.toLowerCase())),
  };
}
