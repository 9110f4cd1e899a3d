/** The links to a conference's administrative documents (.docx and PDF), for the board and the audit page. */
import { DOCUMENT_KINDS, DOCUMENT_LABEL } from '../../present/documents';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';

export function reportLinks(base: string, lang: Lang): Html {
  return html`<section class="card" id="reports">
    <h2>${say(lang, 'Văn bản (Nghị định 30/2020)', 'Documents (Decree 30/2020 layout)')}</h2>
    <ul class="tasks">
      ${DOCUMENT_KINDS.map(
        (k) =>
          html`<li data-report="${k}">
            ${say(lang, DOCUMENT_LABEL[k].vi, DOCUMENT_LABEL[k].en)}:
            <a href="${base}/reports/${k}.docx" download>.docx</a> ·
            <a href="${base}/reports/${k}.pdf" download>PDF</a>
          </li>`,
      )}
    </ul>
  </section>`;
}
