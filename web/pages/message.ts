/** A page with one message: a refusal (401/403/404…) or the hop after opening a link. */
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { errorBox } from './layout';

export function refusalPage(e: { status: number; field: string; vi: string; en: string }, lang: Lang): Html {
  const hint =
    e.status === 401
      ? say(
          lang,
          'Hãy mở lại đường liên kết được cơ quan tổ chức gửi cho đơn vị, hoặc xin cấp đường liên kết mới.',
          'Open the link the organizer sent your unit again, or ask for a new one.',
        )
      : '';
  return html`<h1>${say(lang, 'Không thực hiện được', 'Not allowed')}</h1>
    ${errorBox(e, lang)}${hint ? html`<p>${hint}</p>` : ''}`;
}

/**
 * The page a link answers with: it sets the session cookie and moves on at once. A same-site
 * hop (meta refresh) rather than a 302, because a SameSite=Strict cookie set during a
 * navigation that started in an e-mail or chat app would not be sent on the redirected request.
 */
export function hopPage(to: string, lang: Lang): { head: Html; body: Html } {
  return {
    head: html`<meta http-equiv="refresh" content="0;url=${to}" />`,
    body: html`<p><a href="${to}">${say(lang, 'Tiếp tục…', 'Continue…')}</a></p>`,
  };
}
