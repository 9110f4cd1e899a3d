/**
 * The audit view: who did what and when, on time or late, including refused attempts, read
 * from Temporal's history plus the refusal log; with links to the CSV, JSON and Markdown exports.
 */
import type { AuditRow } from '../../audit';
import { formatShortLocal } from '../../domain/time';
import { AUDIT_KIND_LABEL as KIND, auditActionWord } from '../../present/audit';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import type { UnitNames } from './task-parts';

export function auditPage(rows: AuditRow[], a: { lang: Lang; base: string; name: UnitNames }): Html {
  const { lang } = a;
  const refused = rows.filter((r) => r.kind === 'refused').length;
  return html`<h1>${say(lang, 'Nhật ký kiểm tra', 'Audit trail')}</h1>
    <p>
      ${say(lang, 'Tải về', 'Export')}: <a href="${a.base}/audit/export?format=csv&amp;lang=${lang}" download>CSV</a> ·
      <a href="${a.base}/audit/export?format=json" download>JSON</a> ·
      <a href="${a.base}/audit/export?format=md&amp;lang=${lang}" download>Markdown</a>
    </p>
    <p class="muted">
      ${say(lang, `${rows.length} dòng, ${refused} lần bị từ chối.`, `${rows.length} rows, ${refused} refused attempts.`)}
    </p>
    <ol class="history" id="audit-rows">
      ${rows.map(
        (r) =>
          html`<li class="card" data-kind="${r.kind}">
            <strong>${say(lang, KIND[r.kind].vi, KIND[r.kind].en)}</strong
            >${(r.kind === 'action' || r.kind === 'refused') && r.action ? html` · ${auditActionWord(r.action, lang)}` : ''}${
              r.timing
                ? html` <span class="badge ${r.timing === 'late' ? 'late' : 'done'}"
                    >${r.timing === 'late' ? say(lang, 'trễ hạn', 'late') : say(lang, 'đúng hạn', 'on time')}</span
                  >`
                : ''
            }<br /><span class="muted"
              >${formatShortLocal(r.at)}${r.planAt ? html` (${say(lang, 'giờ kế hoạch', 'plan time')} ${formatShortLocal(r.planAt)})` : ''}${r.unit ? html` · ${r.unit.split(' ').map(a.name).join(', ')}` : ''}${r.person ? html` · ${r.person}` : ''}${r.taskId ? html` · <code>${r.taskId}</code>` : ''}${r.clause ? html` · ${r.clause}` : ''}</span
            >${r.detail ? html`<br />${r.detail}` : ''}
          </li>`,
      )}
    </ol>`;
}
