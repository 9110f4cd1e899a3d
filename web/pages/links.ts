/**
 * The organizer's access links: who holds one, until when, revoked or not; a form to issue a
 * link to a unit (its secret is shown once, here) and a button to revoke one.
 */
import type { Plan } from '../../domain/plan/schema';
import { formatShortLocal } from '../../domain/time';
import { html, type Html } from '../html';
import { roleText, say, type Lang } from '../i18n';
import type { LinkView } from '../service';
import { errorBox } from './layout';
import type { UnitNames } from './task-parts';

export interface LinksInput {
  links: LinkView[];
  plan: Plan | undefined;
  lang: Lang;
  name: UnitNames;
  base: string;
  person: string;
  issued?: { url: string; unitId: string } | undefined;
  error?: { field: string; vi: string; en: string } | undefined;
}

export function linksPage(l: LinksInput): Html {
  const { lang } = l;
  const now = Date.now();
  return html`<h1>${say(lang, 'Đường liên kết truy cập', 'Access links')}</h1>
    ${
      l.issued
        ? html`<div class="msg ok" role="status">
            ${say(lang, `Đường liên kết mới cho ${l.name(l.issued.unitId)} — chỉ hiện một lần, hãy gửi ngay:`, `New link for ${l.name(l.issued.unitId)} — shown once, send it now:`)}<br /><code
              id="new-link"
              >${l.issued.url}</code
            >
          </div>`
        : ''
    }
    ${l.error ? errorBox(l.error, lang) : ''}
    <section class="card">
      <h2>${say(lang, 'Cấp đường liên kết', 'Issue a link')}</h2>
      <form method="post" action="${l.base}/links">
        <label for="link-unit">${say(lang, 'Đơn vị', 'Unit')}</label>
        <select id="link-unit" name="unitId" required>
          ${(l.plan?.units ?? []).map((u) => html`<option value="${u.id}">${u.name}</option>`)}
        </select>
        <label for="link-role">${say(lang, 'Quyền', 'Role')}</label>
        <select id="link-role" name="role">
          ${(['unit', 'organizer', 'auditor'] as const).map((r) => html`<option value="${r}">${roleText(r, lang)}</option>`)}
        </select>
        <label for="link-days">${say(lang, 'Số ngày hiệu lực', 'Valid for (days)')}</label>
        <input type="number" id="link-days" name="validDays" min="1" max="366" value="30" required />
        <label for="link-person">${say(lang, 'Người cấp', 'Your name')}</label>
        <input type="text" id="link-person" name="person" required maxlength="120" value="${l.person}" />
        <button type="submit">${say(lang, 'Cấp', 'Issue')}</button>
      </form>
    </section>
    <section class="card">
      <h2>${say(lang, 'Đã cấp', 'Issued')} (${l.links.length})</h2>
      <ul class="tasks">
        ${l.links.map((k) => {
          const state = k.revokedAt
            ? say(lang, 'đã thu hồi', 'revoked')
            : Date.parse(k.expiresAt) <= now
              ? say(lang, 'hết hạn', 'expired')
              : say(lang, 'còn hiệu lực', 'valid');
          return html`<li data-link="${k.linkId}">
            <strong>${l.name(k.unitId)}</strong> — ${roleText(k.role, lang)} · <span class="badge">${state}</span><br />
            <span class="muted"
              >${say(lang, 'Hết hạn', 'Expires')}: ${formatShortLocal(k.expiresAt)} ·
              ${say(lang, 'Cấp bởi', 'Issued by')} ${k.issuedBy.person} · <code>${k.linkId}</code></span
            >${
              k.revokedAt
                ? ''
                : html`<form method="post" action="${l.base}/links/${k.linkId}/revoke">
                    <input type="hidden" name="person" value="${l.person}" /><button type="submit" class="secondary">
                      ${say(lang, 'Thu hồi', 'Revoke')}
                    </button>
                  </form>`
            }
          </li>`;
        })}
      </ul>
    </section>`;
}
