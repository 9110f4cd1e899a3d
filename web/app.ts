/**
 * The web: the JSON API under /api and the server-rendered pages for the organizer's board,
 * each unit's inbox, the access links and the audit view. Every page and API call is
 * authenticated by an access-link token; the unit acting is always the link's unit.
 *
 * Pages: GET /k/<conference>/<token> (or /en/k/…) sets an HttpOnly SameSite=Strict cookie scoped
 * to /c/<conference> and moves on to the holder's home page; forms POST and redirect (PRG); a
 * refused form is shown again with the reason.
 *
 * This module assembles the app, in the order its parts must run: response headers, the API,
 * the language, the opening pages, the conference session, the conference's pages and forms
 * (middleware.ts, api.ts, page-routes.ts, form-routes.ts), and the refusal pages.
 */
import { ErrorType } from '../domain/errors';
import type { Client } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import type { ArchiveReader } from '../present/record';
import type { EvidenceStore } from '../client/evidence-store';
import { registerCodecRoutes } from './codec-routes';
import { createApi } from './api';
import { exceptEvidenceUploads, registerEvidencePages } from './evidence-routes';
import { WebError, internalError } from './errors';
import { registerFormRoutes } from './form-routes';
import { registerWorkspace, withDocumentUploads } from './workspace-routes';
import {
  conferenceSession,
  formBodyOnly,
  language,
  requestBodyLimit,
  securityHeaders,
  transport,
  type PageEnv,
} from './middleware';
import { registerConferencePages, registerOpeningPages } from './page-routes';
import { refusal } from './screens';
import { WebService } from './service';

export interface AppOptions {
  client: Client;
  /**
   * The task queue of conferences started from the web. No page starts a conference yet (the
   * CLI does), so it is kept for that; acting on a running conference needs no task queue.
   */
  taskQueue?: string;
  /** The refusal log (JSON lines) shared with the CLI; `false` for none. */
  refusalLog?: string | false;
  /** How long the access links of a conference are cached (ms); revocation takes effect within it. */
  linkCacheMs?: number;
  /** The address people reach this server at, for issued links (default: the request's origin). */
  publicUrl?: string;
  /** The secret of the organizer's plan workspace (/w/<token>); without it the workspace is closed. */
  workspaceToken?: string;
  /** The operators' token of the codec endpoint (/codec/decode); without it the endpoint is closed. */
  codecToken?: string;
  /** Browser origins allowed to call the codec endpoint (the Temporal Web UI's). */
  codecCorsOrigins?: readonly string[];
  /** A proxy that sets `X-Forwarded-Proto` fronts this server: believe the header (Secure cookies). */
  trustProxy?: boolean;
  /** Where evidence files are kept (default: the data folder, or S3 by env). */
  evidence?: EvidenceStore;
  /** Where closed conferences are read once Temporal has forgotten them (default: by env, present/record). */
  archive?: ArchiveReader;
}

export function createApp(opts: AppOptions): Hono<PageEnv> & { service: WebService } {
  const service = new WebService({
    client: opts.client,
    ...(opts.refusalLog !== undefined ? { refusalLog: opts.refusalLog } : {}),
    ...(opts.linkCacheMs !== undefined ? { linkCacheMs: opts.linkCacheMs } : {}),
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    ...(opts.archive ? { archive: opts.archive } : {}),
  });
  const app = new Hono<PageEnv>();

  const linkUrl = (c: Context, conferenceId: string, token: string): string =>
    `${opts.publicUrl ?? new URL(c.req.url).origin}/k/${conferenceId}/${token}`;

  app.use('*', securityHeaders);
  app.use(
    '*',
    transport({ trustProxy: opts.trustProxy ?? false, ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}) }),
  );
  app.route('/api', createApi(service, linkUrl));
  // Before the pages' middleware: JSON for the Temporal Web UI and CLI, with its own body limit.
  registerCodecRoutes(app, opts.client, { token: opts.codecToken, corsOrigins: opts.codecCorsOrigins ?? [] });
  app.use('*', language);
  // A plan document may be a few MB; every other body, a form or a command, is small.
  // Evidence files are streamed by their route under their own limits (evidence-routes.ts).
  app.use('*', exceptEvidenceUploads(withDocumentUploads(requestBodyLimit)));
  app.use('/c/*', exceptEvidenceUploads(formBodyOnly));

  app.onError((err, c) => {
    const e = err instanceof WebError ? err : internalError(err);
    if (e.status === 500) console.error(err);
    return refusal(c, service, e);
  });

  registerOpeningPages(app, service);
  app.use('/c/:conferenceId/*', conferenceSession(service));
  registerConferencePages(app, service);
  registerEvidencePages(app, service);
  registerFormRoutes(app, service, linkUrl);
  registerWorkspace(app, service, { token: opts.workspaceToken, taskQueue: opts.taskQueue });

  app.notFound((c) =>
    refusal(c, service, new WebError(404, ErrorType.NotFound, 'path', 'không có trang này', 'no such page')),
  );

  return Object.assign(app, { service });
}
