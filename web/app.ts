/**
 * The web: the JSON API under /api and the server-rendered pages for the organizer's board,
 * each unit's inbox, the access links and the audit view. Every page and API call is
 * authenticated by an access-link token; the unit acting is always the link's unit.
 *
 * Pages: GET /k/<conference>/<token> (or /en/k/…) sets an HttpOnly SameSite=Strict cookie scoped
 * to /c/<conference> and moves on to the holder's home page; forms POST and redirect (PRG); a
 * refused form is shown again with the reason.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { formatAudit } from '../cli/audit-view';
import type { LinkRole } from '../domain/actions';
import { planNowIso } from '../domain/clock';
import { ErrorType } from '../domain/errors';
import type { Plan } from '../domain/plan/schema';
import { createApi } from './api';
import type { Session } from './auth';
import { WebError, WebErrorType } from './errors';
import { html, type Html } from './html';
import { parseLang, say, type Lang } from './i18n';
import { auditPage } from './pages/audit';
import { boardPage, type BoardInput } from './pages/board';
import { inboxPage, type FormError } from './pages/inbox';
import { page } from './pages/layout';
import { linksPage } from './pages/links';
import { hopPage, refusalPage } from './pages/message';
import { unitNames } from './pages/task-parts';
import { ActBodySchema, IssueLinkBodySchema } from './schemas';
import { WebService, type ActRequest } from './service';

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
}

type PageEnv = { Variables: { lang: Lang; session: Session } };

const TOKEN_COOKIE = 'kh_token';
const LANG_COOKIE = 'kh_lang';
const PERSON_COOKIE = 'kh_person';
const FLASH_COOKIE = 'kh_flash';

export function createApp(opts: AppOptions): Hono<PageEnv> & { service: WebService } {
  const service = new WebService({
    client: opts.client,
    ...(opts.refusalLog !== undefined ? { refusalLog: opts.refusalLog } : {}),
    ...(opts.linkCacheMs !== undefined ? { linkCacheMs: opts.linkCacheMs } : {}),
  });
  const app = new Hono<PageEnv>();

  const linkUrl = (c: Context, conferenceId: string, token: string): string =>
    `${opts.publicUrl ?? new URL(c.req.url).origin}/k/${conferenceId}/${token}`;

  // Small, strict pages: no script at all, styles inline, forms only to this site.
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    if (!c.req.path.startsWith('/api/')) {
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      c.header('Cache-Control', 'no-store');
    }
  });

  app.route('/api', createApi(service, linkUrl));

  // Language: ?lang=… (remembered), else the cookie, else Vietnamese.
  app.use('*', async (c: Context<PageEnv>, next) => {
    const asked = parseLang(c.req.query('lang'));
    if (asked) setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 });
    c.set('lang', asked ?? parseLang(getCookie(c, LANG_COOKIE)) ?? 'vi');
    await next();
  });

  const render = (c: Context<PageEnv>, title: string, body: Html, extra: { status?: number; plan?: Plan } = {}) => {
    const session = c.get('session') as Session | undefined;
    const name = unitNames(extra.plan);
    const out = page(
      {
        lang: c.get('lang'),
        title,
        path: c.req.path,
        session,
        unitName: session ? name(session.unitId) : undefined,
        conferenceTitle: extra.plan?.conference.title,
      },
      body,
    );
    return c.html(out.value, (extra.status ?? 200) as 200);
  };

  const refusal = async (c: Context<PageEnv>, e: WebError) => {
    const session = c.get('session') as Session | undefined;
    const plan = session ? await service.plan(session.conferenceId).catch(() => undefined) : undefined;
    return render(c, say(c.get('lang'), 'Không thực hiện được', 'Not allowed'), refusalPage(e, c.get('lang')), {
      status: e.status,
      ...(plan ? { plan } : {}),
    });
  };

  app.onError((err, c) => {
    const e =
      err instanceof WebError ? err : new WebError(500, WebErrorType.Internal, 'server', 'lỗi máy chủ', 'server error');
    if (e.status === 500) console.error(err);
    return refusal(c, e);
  });

  app.get('/', (c) => {
    const lang = c.get('lang');
    return render(
      c,
      'Kehoach',
      html`<h1>Kế hoạch</h1>
        <p>
          ${say(
            lang,
            'Hãy mở đường liên kết mà cơ quan tổ chức đã gửi cho đơn vị của bạn.',
            'Open the access link the organizer sent your unit.',
          )}
        </p>`,
    );
  });

  // ---- opening a link ----

  const openLink = async (c: Context<PageEnv>) => {
    const conferenceId = c.req.param('conferenceId') ?? '';
    const token = c.req.param('token') ?? '';
    const linkLang = parseLang(c.req.param('lang'));
    if (linkLang) {
      setCookie(c, LANG_COOKIE, linkLang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 });
      c.set('lang', linkLang);
    }
    const session = await service.authenticate(conferenceId, token, { action: 'openLink' });
    const base = `/c/${conferenceId}`;
    setCookie(c, TOKEN_COOKIE, token, {
      path: base,
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      expires: new Date(session.expiresAt),
    });
    const to = `${base}/${home(session.role)}`;
    const hop = hopPage(to, c.get('lang'));
    return c.html(
      page({ lang: c.get('lang'), title: say(c.get('lang'), 'Đang mở', 'Opening'), path: to, head: hop.head }, hop.body)
        .value,
    );
  };
  app.get('/k/:conferenceId/:token', openLink);
  app.get('/:lang{vi|en}/k/:conferenceId/:token', openLink);

  // ---- every page of a conference: the cookie's session, forms only from this site ----

  app.use('/c/:conferenceId/*', async (c: Context<PageEnv, '/c/:conferenceId/*'>, next) => {
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && new URL(origin).host !== c.req.header('host')) {
        throw new WebError(403, WebErrorType.Forbidden, 'origin', 'yêu cầu từ trang khác', 'request from another site');
      }
    }
    const conferenceId = c.req.param('conferenceId');
    const session = await service.authenticate(conferenceId, getCookie(c, TOKEN_COOKIE), {
      action: `page:${c.req.method} ${c.req.path.slice(`/c/${conferenceId}`.length) || '/'}`,
      taskId: /\/tasks\/([^/]+)/.exec(c.req.path)?.[1] ?? null,
    });
    c.set('session', session);
    await next();
  });
  app.get('/c/:conferenceId', (c) => c.redirect(`/c/${c.req.param('conferenceId')}/${home(c.get('session').role)}`));

  const need = async (c: Context<PageEnv>, roles: LinkRole[]) =>
    service.requireRole(c.get('session'), roles, { action: `page:GET ${c.req.path}` });
  const person = (c: Context<PageEnv>) => getCookie(c, PERSON_COOKIE) ?? '';
  const rememberPerson = (c: Context<PageEnv>, p: string) =>
    setCookie(c, PERSON_COOKIE, p, {
      path: `/c/${c.get('session').conferenceId}`,
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: 180 * 86_400,
    });

  // ---- board ----

  const board = async (
    c: Context<PageEnv>,
    extra: { ok?: string; error?: BoardInput['error']; status?: number } = {},
  ) => {
    const s = c.get('session');
    const [status, plan] = await Promise.all([service.status(s.conferenceId), service.plan(s.conferenceId)]);
    const lang = c.get('lang');
    const body = boardPage({
      status,
      nowIso: planNowIso(status.clock, Date.now()),
      lang,
      name: unitNames(plan),
      base: `/c/${s.conferenceId}`,
      person: person(c),
      requestIds: { date: randomUUID(), cancel: randomUUID() },
      ok: extra.ok,
      error: extra.error,
    });
    return render(c, say(lang, 'Bảng theo dõi', 'Board'), body, { plan, status: extra.status ?? 200 });
  };

  app.get('/c/:conferenceId/board', async (c) => {
    await need(c, ['organizer']);
    const ok = c.req.query('ok');
    const lang = c.get('lang');
    const okText =
      ok === 'date'
        ? say(
            lang,
            'Đã ghi nhận ngày hội nghị; mọi hạn đã được tính lại.',
            'Date recorded; every deadline was recomputed.',
          )
        : ok === 'cancel'
          ? say(lang, 'Đã hủy hội nghị.', 'The conference was cancelled.')
          : undefined;
    return board(c, okText ? { ok: okText } : {});
  });

  const organizerForm = (kind: 'date' | 'cancel') => async (c: Context<PageEnv>) => {
    const s = c.get('session');
    const form = await textForm(c);
    const values = { date: form.date ?? '', reason: form.reason ?? '', person: form.person ?? '' };
    try {
      if (!values.person.trim()) throw missing('person');
      if (!values.reason.trim()) throw missing('reason');
      const requestId = form.requestId || undefined;
      if (kind === 'date')
        await service.setDate(s, { date: values.date, reason: values.reason, person: values.person, requestId });
      else await service.cancel(s, { reason: values.reason, person: values.person, requestId });
      rememberPerson(c, values.person);
      return c.redirect(`/c/${s.conferenceId}/board?ok=${kind}`, 303);
    } catch (err) {
      if (!(err instanceof WebError) || err.status === 401 || err.status === 403 || err.status === 500) throw err;
      return board(c, { error: { form: kind, field: err.field, vi: err.vi, en: err.en, values }, status: err.status });
    }
  };
  app.post('/c/:conferenceId/date', organizerForm('date'));
  app.post('/c/:conferenceId/cancel', organizerForm('cancel'));

  // ---- inbox ----

  const inbox = async (c: Context<PageEnv>, extra: { ok?: string; error?: FormError; status?: number } = {}) => {
    const s = c.get('session');
    const [status, plan] = await Promise.all([service.status(s.conferenceId), service.plan(s.conferenceId)]);
    const lang = c.get('lang');
    const body = inboxPage({
      unitId: s.unitId,
      ...service.inbox(status, s.unitId),
      plan,
      nowIso: planNowIso(status.clock, Date.now()),
      lang,
      name: unitNames(plan),
      base: `/c/${s.conferenceId}`,
      person: person(c),
      newRequestId: randomUUID,
      ok: extra.ok,
      error: extra.error,
    });
    return render(c, say(lang, 'Hộp việc', 'Inbox'), body, { plan, status: extra.status ?? 200 });
  };

  app.get('/c/:conferenceId/inbox', async (c) => {
    await need(c, ['unit', 'organizer']);
    const ok = c.req.query('ok');
    return inbox(
      c,
      ok
        ? { ok: say(c.get('lang'), `Đã ghi nhận thao tác cho công việc ${ok}.`, `Recorded your action on task ${ok}.`) }
        : {},
    );
  });

  app.post('/c/:conferenceId/tasks/:taskId', async (c) => {
    const s = c.get('session');
    const taskId = c.req.param('taskId');
    const form = await textForm(c);
    const plan = await service.plan(s.conferenceId);
    try {
      let body: ActRequest;
      try {
        body = actBody(form, plan, taskId);
      } catch (err) {
        // The form was refused before it reached the engine: logged like any refusal.
        if (err instanceof WebError) {
          const attempt = {
            action: form.action ?? 'unknown',
            taskId,
            person: form.person ?? null,
            requestId: form.requestId ?? null,
          };
          await service.logRefusal(s.conferenceId, s.unitId, attempt, err);
        }
        throw err;
      }
      await service.act(s, taskId, body);
      rememberPerson(c, body.person);
      return c.redirect(`/c/${s.conferenceId}/inbox?ok=${encodeURIComponent(taskId)}#task-${taskId}`, 303);
    } catch (err) {
      // Another unit's task, a dead link: a refusal page. A mistake in the form: the form again.
      if (!(err instanceof WebError) || err.status === 401 || err.status === 403 || err.status === 500) throw err;
      return inbox(c, {
        error: { taskId, action: form.action ?? '', field: err.field, vi: err.vi, en: err.en, values: form },
        status: err.status,
      });
    }
  });

  // ---- links ----

  app.get('/c/:conferenceId/links', async (c) => {
    const s = c.get('session');
    const [links, plan] = await Promise.all([service.listLinks(s), service.plan(s.conferenceId)]);
    const flash = getCookie(c, FLASH_COOKIE);
    let issued: { url: string; unitId: string } | undefined;
    if (flash) {
      deleteCookie(c, FLASH_COOKIE, { path: `/c/${s.conferenceId}/links` });
      try {
        issued = JSON.parse(Buffer.from(flash, 'base64url').toString('utf8')) as { url: string; unitId: string };
      } catch {
        issued = undefined;
      }
    }
    const lang = c.get('lang');
    const body = linksPage({
      links,
      plan,
      lang,
      name: unitNames(plan),
      base: `/c/${s.conferenceId}`,
      person: person(c),
      issued,
    });
    return render(c, say(lang, 'Đường liên kết', 'Links'), body, { plan });
  });

  app.post('/c/:conferenceId/links', async (c) => {
    const s = c.get('session');
    const form = await textForm(c);
    const parsed = IssueLinkBodySchema.safeParse({
      unitId: form.unitId,
      role: form.role,
      validDays: Number(form.validDays || 30),
      person: form.person,
    });
    if (!parsed.success) throw badForm(parsed.error.issues[0]);
    const issued = await service.issueLink(s, parsed.data);
    rememberPerson(c, parsed.data.person);
    // Post/redirect/get with the secret carried once in a short-lived cookie, shown, then deleted.
    setCookie(
      c,
      FLASH_COOKIE,
      Buffer.from(
        JSON.stringify({ url: linkUrl(c, s.conferenceId, issued.token), unitId: parsed.data.unitId }),
      ).toString('base64url'),
      { path: `/c/${s.conferenceId}/links`, httpOnly: true, sameSite: 'Strict', maxAge: 120 },
    );
    return c.redirect(`/c/${s.conferenceId}/links`, 303);
  });

  app.post('/c/:conferenceId/links/:linkId/revoke', async (c) => {
    const s = c.get('session');
    const form = await textForm(c);
    const who = form.person?.trim() || person(c) || s.unitId;
    await service.revokeLink(s, c.req.param('linkId'), who);
    return c.redirect(`/c/${s.conferenceId}/links`, 303);
  });

  // ---- audit ----

  app.get('/c/:conferenceId/audit', async (c) => {
    const s = c.get('session');
    const lang = c.get('lang');
    const [rows, plan] = await Promise.all([service.audit(s, lang), service.plan(s.conferenceId)]);
    return render(
      c,
      say(lang, 'Nhật ký kiểm tra', 'Audit'),
      auditPage(rows, { lang, base: `/c/${s.conferenceId}`, name: unitNames(plan) }),
      {
        plan,
      },
    );
  });

  app.get('/c/:conferenceId/audit/export', async (c) => {
    const s = c.get('session');
    const format = c.req.query('format');
    if (format !== 'csv' && format !== 'json' && format !== 'md')
      throw badForm({ path: ['format'], message: 'csv, json or md' });
    const rows = await service.audit(s, c.get('lang'));
    const type = { csv: 'text/csv', json: 'application/json', md: 'text/markdown' }[format];
    return c.body(formatAudit(rows, format, c.get('lang')), 200, {
      'content-type': `${type}; charset=utf-8`,
      'content-disposition': `attachment; filename="audit-${s.conferenceId}.${format}"`,
    });
  });

  app.notFound((c) => refusal(c, new WebError(404, 'KehoachNotFound', 'path', 'không có trang này', 'no such page')));

  return Object.assign(app, { service });
}

function home(role: LinkRole): string {
  return role === 'organizer' ? 'board' : role === 'auditor' ? 'audit' : 'inbox';
}

/** A form's text fields, NFC-normalized (a phone keyboard may send decomposed Vietnamese). */
async function textForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v.normalize('NFC');
  return out;
}

function missing(field: string): WebError {
  return new WebError(400, ErrorType.InvalidPayload, field, 'cần điền', 'is required');
}

function badForm(issue: { path: readonly PropertyKey[]; message: string } | undefined): WebError {
  const field = issue?.path.map(String).join('.') || 'form';
  return new WebError(
    400,
    ErrorType.InvalidPayload,
    field,
    `giá trị không hợp lệ: ${issue?.message ?? ''}`,
    `invalid value: ${issue?.message ?? ''}`,
  );
}

/** The form of one task kind → the API's action body (validated by the same schema). */
function actBody(form: Record<string, string>, plan: Plan, taskId: string): ActRequest {
  const spec = plan.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
  const specFields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
  const raw: Record<string, unknown> = { action: form.action, person: form.person ?? '' };
  if (form.requestId) raw.requestId = form.requestId;
  if (form.note?.trim() || form.action === 'reportIncident') raw.note = form.note ?? '';
  const evidence = (form.evidence ?? '')
    .split(/\s+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (evidence.length) raw.evidence = evidence;
  if (form.action === 'sendBack') raw.reason = form.reason ?? '';
  if (form.action === 'confirmPhase' || form.action === 'reportIncident') raw.phase = form.phase;
  if (form.action === 'submit') {
    const fields: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(form)) {
      if (!k.startsWith('field.') || v.trim() === '') continue;
      const name = k.slice('field.'.length);
      const type = specFields.find((f) => f.name === name)?.type;
      fields[name] = type === 'integer' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
    }
    raw.fields = fields;
  }
  const parsed = ActBodySchema.safeParse(raw);
  if (!parsed.success) throw badForm(parsed.error.issues[0]);
  return parsed.data;
}
