/**
 * The emulation scorecard page (bảng theo dõi thi đua), for the organizer and the auditor: the
 * filter (year, cluster) as a GET form, the table of units, the conferences counted, and the
 * downloads (CSV, .docx) for the same filter. On a phone the table scrolls inside its own box.
 */
import type { ConferenceScore, ScoreFilter, ScoreRow } from '../../present/scorecard';
import { SCORE_COLUMNS } from '../../present/scorecard';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';

export interface ScorecardPage {
  lang: Lang;
  base: string;
  filter: ScoreFilter;
  rows: readonly ScoreRow[];
  conferences: readonly ConferenceScore[];
}

/** The query string of a filter (empty fields kept: an empty field means "every"). */
export function filterQuery(f: ScoreFilter): string {
  const q = new URLSearchParams({
    year: f.year === undefined ? '' : String(f.year),
    cluster: f.cluster ?? '',
  });
  return q.toString();
}

export function scorecardPage(p: ScorecardPage): Html {
  const { lang } = p;
  const query = filterQuery(p.filter);
  const columns = SCORE_COLUMNS.filter((c) => c.key !== 'unitId');
  return html`<h1>${say(lang, 'Bảng theo dõi thi đua', 'Emulation scorecard')}</h1>
    <form method="get" action="${p.base}/scorecard" class="card" id="scorecard-filter">
      <label for="year">${say(lang, 'Năm (để trống: mọi năm)', 'Year (empty: every year)')}</label>
      <input type="number" id="year" name="year" min="2000" max="2100" value="${p.filter.year ?? ''}" />
      <label for="cluster">${say(lang, 'Cụm thi đua (để trống: mọi cụm)', 'Cluster (empty: every cluster)')}</label>
      <input type="text" id="cluster" name="cluster" value="${p.filter.cluster ?? ''}" />
      <button type="submit">${say(lang, 'Lọc', 'Filter')}</button>
    </form>
    <p>
      ${say(lang, 'Tải về', 'Download')}:
      <a href="${p.base}/scorecard.csv?${query}&amp;lang=${lang}" download>CSV</a> ·
      <a href="${p.base}/scorecard.docx?${query}" download>.docx</a>
    </p>
    <p class="muted">
      ${say(
        lang,
        `${p.rows.length} đơn vị, ${p.conferences.length} hội nghị; số liệu lấy từ nhật ký của từng hội nghị.`,
        `${p.rows.length} units, ${p.conferences.length} conferences; counted from each conference's own record.`,
      )}
    </p>
    ${
      p.rows.length
        ? html`<div class="scroll" style="overflow-x:auto">
            <table id="scorecard" style="min-width:42rem;word-break:normal;overflow-wrap:normal">
              <thead>
                <tr>
                  ${columns.map((c) => html`<th scope="col">${say(lang, c.vi, c.en)}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${p.rows.map(
                  (r) =>
                    html`<tr data-unit="${r.unitId}">
                      ${columns.map((c) =>
                        c.key === 'unit'
                          ? html`<th scope="row" style="position:sticky;left:0;background:#f5f4ef">${r.unit}</th>`
                          : html`<td>${String(r[c.key])}</td>`,
                      )}
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="msg pending">${say(lang, 'Không có hội nghị nào khớp.', 'No conference matches.')}</p>`
    }
    <h2>${say(lang, 'Các hội nghị được tổng hợp', 'Conferences counted')}</h2>
    <ul id="scorecard-conferences">
      ${p.conferences.map(
        (c) =>
          html`<li>
            <code>${c.conferenceId}</code> — ${c.plan.conference.title}${c.year !== null ? ` (${c.year})` : ''}
          </li>`,
      )}
    </ul>`;
}
