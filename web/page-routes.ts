/**
 * The pages people read (GET): the front page, opening an access link (which sets the token
 * cookie and moves on to the holder's home page), and a conference's board, inbox, links and
 * audit, with the audit's export. A page checks the role of the session it is given.
 */
import type { Context, Hono } from 'hono';
import { formatAudit } from '../present/audit';
import type { LinkRole } from '../domain/actions';
import { badForm } from './forms';
import { html } from './html';
import { parseLang, say } from './i18n';
import { home, rememberLang, rememberToken, person, takeIssuedFlash, type PageEnv } from './middleware';
import { auditPage } from './pages/audit';
import { page } from './pages/layout';
import { linksPage } from './pages/links';
import { hopPage } from './pages/message';
import { reportLinks } from './pages/reports';
import { unitNames } from './pages/task-parts';
import { registerReportRoutes } from './report-routes';
import { registerScorecardRoutes } from './scorecard-routes';
import { boardScreen, inboxScreen, planScreen, render } from './screens';
import type { WebService } from './service';

/** The pages before a link is opened: the front page and the link itself. */
export function registerOpeningPages(app: Hono<PageEnv>, service: WebService): void {
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

  const openLink = async (c: Context<PageEnv>) => {
    const conferenceId = c.req.param('conferenceId') ?? '';
    const token = c.req.param('token') ?? '';
    const linkLang = parseLang(c.req.param('lang'));
    if (linkLang) {
      rememberLang(c, linkLang);
      c.set('lang', linkLang);
    }
    const session = await service.authenticate(conferenceId, token, { action: 'openLink' });
    rememberToken(c, conferenceId, token, session.expiresAt);
    const to = `/c/${conferenceId}/${home(session.role)}`;
    const hop = hopPage(to, c.get('lang'));
    return c.html(
      page({ lang: c.get('lang'), title: say(c.get('lang'), 'Đang mở', 'Opening'), path: to, head: hop.head }, hop.body)
        .value,
    );
  };
  app.get('/k/:conferenceId/:token', openLink);
  app.get('/:lang{vi|en}/k/:conferenceId/:token', openLink);
}

/** A conference's pages; the session middleware runs before them. */
export function registerConferencePages(app: Hono<PageEnv>, service: WebService): void {
  const need = async (c: Context<PageEnv>, roles: LinkRole[]) =>
    service.requireRole(c.get('session'), roles, { action: `page:GET ${c.req.path}` });

  app.get('/c/:conferenceId', (c) => c.redirect(`/c/${c.req.param('conferenceId')}/${home(c.get('session').role)}`));

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
    return boardScreen(c, service, okText ? { ok: okText } : ok ? { okTask: ok } : {});
  });

  app.get('/c/:conferenceId/inbox', async (c) => {
    await need(c, ['unit', 'organizer']);
    const ok = c.req.query('ok');
    return inboxScreen(c, service, ok ? { okTask: ok } : {});
  });

  app.get('/c/:conferenceId/plan', async (c) => {
    const ok = c.req.query('ok');
    const lang = c.get('lang');
    return planScreen(
      c,
      service,
      ok ? { ok: say(lang, `Đã ghi sửa đổi kế hoạch (công việc ${ok}).`, `Amendment recorded (task ${ok}).`) } : {},
    );
  });

  app.get('/c/:conferenceId/links', async (c) => {
    const s = c.get('session');
    const [links, plan] = await Promise.all([service.listLinks(s), service.plan(s.conferenceId)]);
    const issued = takeIssuedFlash(c, s.conferenceId);
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

  app.get('/c/:conferenceId/audit', async (c) => {
    const s = c.get('session');
    const lang = c.get('lang');
    const [rows, plan] = await Promise.all([service.audit(s, lang), service.plan(s.conferenceId)]);
    return render(
      c,
      say(lang, 'Nhật ký kiểm tra', 'Audit'),
      html`${auditPage(rows, { lang, base: `/c/${s.conferenceId}`, name: unitNames(plan) })}${reportLinks(`/c/${s.conferenceId}`, lang)}`,
      { plan },
    );
  });

  registerReportRoutes(app, service);
  registerScorecardRoutes(app, service);

  app.get('/c/:conferenceId/audit/export', async (c) => {
    const s = c.get('session');
    const format = c.req.query('format');
    if (format !== 'csv' && format !== 'json' && format !== 'md')
      throw badForm({ code: 'invalid_value', values: ['csv', 'json', 'md'], path: ['format'], message: '' });
    const rows = await service.audit(s, c.get('lang'));
    const type = { csv: 'text/csv', json: 'application/json', md: 'text/markdown' }[format];
    return c.body(formatAudit(rows, format, c.get('lang')), 200, {
      'content-type': `${type}; charset=utf-8`,
      'content-disposition': `attachment; filename="audit-${s.conferenceId}.${format}"`,
    });
  });
}
