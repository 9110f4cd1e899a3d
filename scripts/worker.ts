/**
 * The standalone worker, for a Temporal cluster (docker-compose, production): connection from
 * the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key, profiles), prebuilt
 * workflow bundle if KEHOACH_WORKFLOW_BUNDLE names one. It lives here, above every layer, because
 * it composes the worker (worker/) with the documents the progress-report mail carries
 * (present/documents) and their PDF (engine/pdf), which the worker's layer may not import.
 */
import { mailSettingsFromEnv } from '../activities/email';
import { connectClient, connectWorker, temporalSettings } from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes';
import { docxToPdfIfPossible } from '../engine/pdf';
import { noticeDocuments } from '../present/documents/attachments';
import { openArchiver } from '../present/record';
import { openArchiveStore } from '../client/archive-store';
import { archiveStoreProblem, checkedRetention, RetentionError } from '../client/retention';
import { createKehoachWorker } from '../worker/create-worker';
import { announceCalendarRelease } from '../client/calendar';
import { CALENDAR_VERSION } from '../domain/calendar';

async function main(): Promise<void> {
  // Mail settings are checked before anything connects: a wrong one is named at once.
  const mail = mailSettingsFromEnv();
  const noStore = archiveStoreProblem();
  if (noStore) throw new Error(`KEHOACH_ARCHIVE_DIR: ${noStore}`);
  const settings = temporalSettings();
  const client = await connectClient(settings);
  await ensureSearchAttributes(client);
  const retention = await checkedRetention(client, settings.namespace).catch(async (err: unknown) => {
    await client.connection.close();
    throw err instanceof RetentionError ? new Error(`TEMPORAL_NAMESPACE: ${err.message}`) : err;
  });
  // This release's holiday calendar reaches the conferences running on an older one now, not at
  // their next timer: their provisional deadlines move and the units are told (client/calendar.ts).
  // Not a reason to stay down: without it they take it up at their next workflow task.
  const woken = await announceCalendarRelease(client)
    .catch((err: unknown) => {
      console.warn(`Running conferences not told of the holiday calendar: ${String(err)}`);
      return [];
    })
    .finally(() => client.connection.close());
  const archiver = openArchiver();
  const archive = openArchiveStore();
  const connection = await connectWorker(settings);
  const bundle = process.env.KEHOACH_WORKFLOW_BUNDLE;
  const worker = await createKehoachWorker({
    connection,
    namespace: settings.namespace,
    attachments: noticeDocuments({ toPdf: (docx) => docxToPdfIfPossible(docx) }),
    archiver,
    ...(bundle ? { workflowBundlePath: bundle } : {}),
  });
  console.log(`Kehoach worker polling ${settings.address} (namespace ${settings.namespace})`);
  console.log(`Archive of closed conferences: ${archive.location}; retention ${retention}`);
  console.log(
    `Holiday calendar version ${CALENDAR_VERSION}${woken.length ? `; ${woken.length} running conference(s) told to take it up` : ''}`,
  );
  console.log(
    mail
      ? `E-mail: SMTP ${mail.host}:${mail.port} as ${mail.from}`
      : 'E-mail: no KEHOACH_SMTP_HOST, mails go to the log',
  );
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  // A setting named with its variable (KEHOACH_SMTP_PORT: …) needs no stack trace.
  console.error(err instanceof Error && /^[A-Z_]+( and [A-Z_]+)?: /.test(err.message) ? err.message : err);
  process.exit(1);
});
