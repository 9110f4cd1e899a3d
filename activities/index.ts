/** The activity implementations the worker registers; dependencies are injectable for tests. */
import { createSmtpMailer, mailSettingsFromEnv, type MailSettings } from './email';
import { createNotify, type NotifyDeps } from './notify';
import { renderProgressReport } from './progress-report';
import type { Activities } from './types';

/**
 * The activities; e-mail goes over SMTP with the settings given, or from the environment
 * (KEHOACH_SMTP_*: see ./email), or to the log when no SMTP host is set.
 */
export function createActivities(deps: Partial<NotifyDeps> & { mail?: MailSettings } = {}): Activities {
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
  };
}
