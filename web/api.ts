/**
 * The JSON API under /api: the CLI's operations for the holders of access links
 * (`Authorization: Bearer <token>`), validated with zod; /api/openapi.json is generated from
 * the same route definitions. Errors are `{ error: { type, field, message: { vi, en } } }`.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { formatAudit } from '../present/audit';
import { ErrorType, invalidValue } from '../domain/errors';
import { bearerToken, type Session } from './auth';
import { WebError, internalError } from './errors';
import { exceptEvidenceUploads, registerEvidenceApi } from './evidence-routes';
import { jsonBodyOnly, requestBodyLimit } from './middleware';
import {
  ActBodySchema,
  AmendBodySchema,
  AmendmentAnswerSchema,
  PlanInForceSchema,
  AuditQuerySchema,
  CancelBodySchema,
  ConferenceParams,
  DateChangeSchema,
  ErrorSchema,
  InboxSchema,
  IssuedLinkSchema,
  IssueLinkBodySchema,
  LinkParams,
  LinkViewSchema,
  RevokeLinkBodySchema,
  SessionSchema,
  SetDateBodySchema,
  StatusSchema,
  TaskParams,
  TaskViewSchema,
} from './schemas';
import type { WebService } from './service';

export type ApiEnv = { Variables: { session: Session } };

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
/** A required JSON request body: every command the API takes is one JSON object. */
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});
const errors = {
  400: json(ErrorSchema, 'Invalid request (field and reason)'),
  401: json(ErrorSchema, 'No token, or an unknown, expired or revoked link'),
  403: json(ErrorSchema, "The link's role or unit may not do this"),
  404: json(ErrorSchema, 'No such conference or task'),
  409: json(ErrorSchema, 'Refused in the current state (closed, blocked, duplicate request…)'),
};
const security = [{ AccessLink: [] }];
const base = '/conferences/{conferenceId}';

const routes = {
  me: createRoute({
    method: 'get',
    path: `${base}/me`,
    summary: 'Who the token is: unit, role, expiry',
    security,
    request: { params: ConferenceParams },
    responses: { 200: json(SessionSchema, 'The session'), ...errors },
  }),
  status: createRoute({
    method: 'get',
    path: `${base}/status`,
    summary: "The organizer's board (conference status)",
    security,
    request: { params: ConferenceParams },
    responses: { 200: json(StatusSchema, 'The board'), ...errors },
  }),
  inbox: createRoute({
    method: 'get',
    path: `${base}/inbox`,
    summary: "The authenticated unit's tasks: awaiting it now, and the others it has a part in",
    security,
    request: { params: ConferenceParams },
    responses: { 200: json(InboxSchema, 'The inbox'), ...errors },
  }),
  act: createRoute({
    method: 'post',
    path: `${base}/tasks/{taskId}/actions`,
    summary: 'Act on a task as the authenticated unit: its work, or a change of the living plan',
    description:
      'The work of a task: complete, submit, approve, sendBack, sign, confirmPhase, reportIncident. ' +
      'The living plan: requestExtension and progressNote (assignees), decideExtension, extend, reassign and ' +
      "withdraw (the organizer's link), returnWork (the responsibility's lead or the organizer), comment (anyone " +
      'with a part in the task). Deadlines (`until`) are Vietnam time, `YYYY-MM-DDTHH:MM`.',
    security,
    request: { params: TaskParams, body: jsonBody(ActBodySchema) },
    responses: { 200: json(TaskViewSchema, "The task's new state"), ...errors },
  }),
  setDate: createRoute({
    method: 'put',
    path: `${base}/date`,
    summary: 'Set or move the conference date (organizer)',
    security,
    request: { params: ConferenceParams, body: jsonBody(SetDateBodySchema) },
    responses: { 200: json(DateChangeSchema, 'The date change'), ...errors },
  }),
  cancel: createRoute({
    method: 'post',
    path: `${base}/cancel`,
    summary: 'Cancel the conference (organizer)',
    security,
    request: { params: ConferenceParams, body: jsonBody(CancelBodySchema) },
    responses: {
      200: json(z.object({ cancelled: z.literal(true), reason: z.string() }), 'Cancelled'),
      ...errors,
    },
  }),
  plan: createRoute({
    method: 'get',
    path: `${base}/plan`,
    summary: 'The plan in force: the plan started with, as amended, its version and amendments (organizer, auditor)',
    security,
    request: { params: ConferenceParams },
    responses: { 200: json(PlanInForceSchema, 'The plan in force'), ...errors },
  }),
  amend: createRoute({
    method: 'post',
    path: `${base}/amendments`,
    summary: "Amend the running plan: add a task, or change a task's title or deadline rule (organizer)",
    security,
    request: { params: ConferenceParams, body: jsonBody(AmendBodySchema) },
    responses: { 200: json(AmendmentAnswerSchema, 'The new plan version and the amendment recorded'), ...errors },
  }),
  links: createRoute({
    method: 'get',
    path: `${base}/links`,
    summary: 'The access links of the conference, without their secrets (organizer)',
    security,
    request: { params: ConferenceParams },
    responses: { 200: json(z.array(LinkViewSchema), 'The links'), ...errors },
  }),
  issueLink: createRoute({
    method: 'post',
    path: `${base}/links`,
    summary: 'Issue an access link to a unit (organizer); the token is returned once',
    security,
    request: { params: ConferenceParams, body: jsonBody(IssueLinkBodySchema) },
    responses: { 200: json(IssuedLinkSchema, 'The new link'), ...errors },
  }),
  revokeLink: createRoute({
    method: 'post',
    path: `${base}/links/{linkId}/revoke`,
    summary: 'Revoke an access link (organizer)',
    security,
    request: { params: LinkParams, body: jsonBody(RevokeLinkBodySchema) },
    responses: { 200: json(LinkViewSchema, 'The revoked link'), ...errors },
  }),
  audit: createRoute({
    method: 'get',
    path: `${base}/audit`,
    summary: 'The audit trail from Temporal history plus logged refusals (organizer, auditor): json, csv or md',
    security,
    request: { params: ConferenceParams, query: AuditQuerySchema },
    responses: {
      200: {
        content: {
          'application/json': { schema: z.array(z.record(z.string(), z.unknown())) },
          'text/csv': { schema: z.string() },
          'text/markdown': { schema: z.string() },
        },
        description: 'The audit rows',
      },
      ...errors,
    },
  }),
};

export function createApi(service: WebService, linkUrl: (c: Context, conferenceId: string, token: string) => string) {
  const api = new OpenAPIHono<ApiEnv>({
    // A body or parameter the schema refuses: 400 naming the first bad field, logged when authenticated.
    defaultHook: async (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue?.path.map(String).join('.') || result.target;
      const { vi, en } = invalidValue(issue);
      const e = new WebError(400, ErrorType.InvalidPayload, field, vi, en);
      const session = c.get('session') as Session | undefined;
      if (session) {
        const taskId = c.req.param('taskId') ?? null;
        await service.logRefusal(session.conferenceId, session.unitId, { action: await apiAction(c), taskId }, e);
      }
      return c.json(e.toJSON(), 400);
    },
  });

  api.openAPIRegistry.registerComponent('securitySchemes', 'AccessLink', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token of an access link issued by the organizer (the last part of the link)',
  });

  // The body is bounded and JSON before anything else looks at it; evidence files are streamed
  // by their own route under their own limits.
  api.use('*', exceptEvidenceUploads(requestBodyLimit));
  api.use('*', exceptEvidenceUploads(jsonBodyOnly));

  // Every conference route is authenticated first; the unit of the link is the only unit there is.
  api.use('/conferences/:conferenceId/*', async (c, next) => {
    const conferenceId = c.req.param('conferenceId');
    const session = await service.authenticate(conferenceId, bearerToken(c.req.header('authorization')), {
      action: await apiAction(c),
      taskId: /\/tasks\/([^/]+)/.exec(c.req.path)?.[1] ?? null,
    });
    c.set('session', session);
    await next();
  });

  api.openapi(routes.me, (c) => c.json(c.get('session'), 200));

  api.openapi(routes.status, async (c) => {
    const session = c.get('session');
    await service.requireRole(session, ['organizer'], { action: 'status' });
    return c.json(await service.status(session.conferenceId), 200);
  });

  api.openapi(routes.inbox, async (c) => {
    const session = c.get('session');
    await service.requireRole(session, ['unit', 'organizer'], { action: 'inbox' });
    const status = await service.status(session.conferenceId);
    return c.json({ unitId: session.unitId, ...service.inbox(status, session.unitId) }, 200);
  });

  api.openapi(routes.act, async (c) => {
    const { taskId } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await service.act(c.get('session'), taskId, body), 200);
  });

  api.openapi(routes.setDate, async (c) => c.json(await service.setDate(c.get('session'), c.req.valid('json')), 200));

  api.openapi(routes.cancel, async (c) => c.json(await service.cancel(c.get('session'), c.req.valid('json')), 200));

  api.openapi(routes.plan, async (c) => c.json(await service.planInForce(c.get('session')), 200));

  api.openapi(routes.amend, async (c) => c.json(await service.amend(c.get('session'), c.req.valid('json')), 200));

  api.openapi(routes.links, async (c) => c.json(await service.listLinks(c.get('session')), 200));

  api.openapi(routes.issueLink, async (c) => {
    const session = c.get('session');
    const issued = await service.issueLink(session, c.req.valid('json'));
    return c.json({ ...issued, url: linkUrl(c, session.conferenceId, issued.token) }, 200);
  });

  api.openapi(routes.revokeLink, async (c) => {
    const { linkId } = c.req.valid('param');
    return c.json(await service.revokeLink(c.get('session'), linkId, c.req.valid('json').person), 200);
  });

  api.openapi(routes.audit, async (c) => {
    const { format, lang } = c.req.valid('query');
    const rows = await service.audit(c.get('session'), lang);
    if (format === 'json') return c.json(rows as unknown as Record<string, unknown>[], 200);
    const type = format === 'csv' ? 'text/csv' : 'text/markdown';
    return c.body(formatAudit(rows, format, lang), 200, { 'content-type': `${type}; charset=utf-8` });
  });

  registerEvidenceApi(api, service);

  api.doc('/openapi.json', (c) => ({
    openapi: '3.0.0',
    info: {
      title: 'Kehoach API',
      version: '1.0.0',
      description:
        'A Vietnamese government plan run as durable Temporal workflows. Authenticate with the token of an access link.',
    },
    servers: [{ url: `${new URL(c.req.url).origin}/api` }],
  }));

  api.onError((err, c) => {
    const e =
      err instanceof WebError
        ? err
        : err instanceof HTTPException && err.status < 500
          ? httpRefusal(err)
          : internalError(err);
    if (e.status === 500) console.error(err);
    if (e.status === 503) c.header('Retry-After', '5');
    return c.json(e.toJSON(), e.status);
  });
  // Last, so that it answers only what no route above took. A sub-app's notFound is never called
  // once it is mounted under /api (the parent's, an HTML page, would answer), hence a route.
  api.all('*', (c) =>
    c.json(new WebError(404, ErrorType.NotFound, 'path', 'không có địa chỉ này', 'no such address').toJSON(), 404),
  );
  return api;
}

/**
 * What a request asked to do, as the audit names it: the task action of the body ("submit"), or
 * the operation of the route ("setDate", "issueLink"), never the route's pattern.
 */
async function apiAction(c: { req: { path: string; method: string; json(): Promise<unknown> } }): Promise<string> {
  const [, op, rest] = /\/conferences\/[^/]+\/([^/]+)(?:\/(.*))?$/.exec(c.req.path) ?? [];
  const m = c.req.method;
  if (op === 'tasks' && rest?.endsWith('/actions') && m === 'POST') {
    const body = (await c.req.json().catch(() => undefined)) as { action?: unknown } | undefined;
    return typeof body?.action === 'string' && body.action.length <= 40 ? body.action : 'act';
  }
  if (op === 'date') return 'setDate';
  if (op === 'links') return m === 'GET' ? 'listLinks' : rest?.endsWith('/revoke') ? 'revokeLink' : 'issueLink';
  if (op === 'tasks') return 'task';
  return op ?? `${m} ${c.req.path}`;
}

/** A refusal Hono raised itself (a malformed form, say): the caller's mistake, said as ours. */
function httpRefusal(err: HTTPException): WebError {
  return new WebError(400, ErrorType.BadRequest, 'body', 'yêu cầu không hợp lệ', err.message || 'bad request');
}
