/**
 * The emulation scorecard on the web, for a conference's organizer and auditor:
 * GET /c/<conference>/scorecard (the page), /scorecard.csv and /scorecard.docx, each with
 * `?year=&cluster=`. With no filter given, the page opens on this conference's year and cluster;
 * an empty field means every year or every cluster. Built from every stored conference's own
 * history (present/scorecard), the .docx under this conference's header (present/documents). A
 * year that is not one is a 400 naming it.
 */
import type { Context, Hono } from 'hono';
import { ErrorType } from '../domain/errors';
import { scorecardDocument, toDocx } from '../present/documents';
import { issuerOf } from '../present/documents/common';
import {
  buildScorecard,
  conferenceScore,
  formatScorecard,
  matchesFilter,
  parseScoreYear,
  readConferenceScores,
  type ScoreFilter,
} from '../present/scorecard';
import { toWebError, WebError } from './errors';
import type { PageEnv } from './middleware';
import { say } from './i18n';
import { scorecardPage } from './pages/scorecard';
import { render } from './screens';
import type { WebService } from './service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function registerScorecardRoutes(app: Hono<PageEnv>, service: WebService): void {
  /** The filter of the request, the conferences it counts and their rows; this conference's plan for the header. */
  async function scorecard(c: Context<PageEnv>, format: string) {
    const s = c.get('session');
    await service.requireRole(s, ['organizer', 'auditor'], { action: `scorecard:${format}` });
    try {
      const own = conferenceScore(await (await service.record(s.conferenceId)).histories());
      const q = c.req.query();
      // No filter asked for: this conference's year and cluster.
      const asked = 'year' in q || 'cluster' in q;
      const year = parseScoreYear(q.year);
      if (typeof year === 'object') throw new WebError(400, ErrorType.InvalidPayload, 'year', year.vi, year.en);
      const cluster = q.cluster?.normalize('NFC').trim() || undefined;
      const filter: ScoreFilter = asked
        ? { year, cluster }
        : { year: own.year ?? undefined, cluster: issuerOf(own.plan).body };
      const all = await readConferenceScores(service.client, service.archive);
      const conferences = all.filter((x) => matchesFilter(x, filter));
      return { filter, conferences, rows: buildScorecard(conferences, filter), plan: own.plan };
    } catch (err) {
      throw toWebError(err, s.conferenceId);
    }
  }

  app.get('/c/:conferenceId/scorecard', async (c) => {
    const { filter, conferences, rows, plan } = await scorecard(c, 'page');
    const lang = c.get('lang');
    const base = `/c/${c.get('session').conferenceId}`;
    return render(
      c,
      say(lang, 'Bảng theo dõi thi đua', 'Emulation scorecard'),
      scorecardPage({ lang, base, filter, rows, conferences }),
      { plan },
    );
  });

  app.get('/c/:conferenceId/scorecard.csv', async (c) => {
    const { rows } = await scorecard(c, 'csv');
    return c.body(`${formatScorecard(rows, 'csv', c.get('lang'))}\n`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="bang-theo-doi-thi-dua.csv"',
    });
  });

  app.get('/c/:conferenceId/scorecard.docx', async (c) => {
    const { filter, conferences, rows, plan } = await scorecard(c, 'docx');
    const doc = scorecardDocument(rows, { plan, filter, conferences, asOf: new Date().toISOString() });
    return c.body(new Uint8Array(await toDocx(doc)), 200, {
      'content-type': DOCX,
      'content-disposition': 'attachment; filename="bang-theo-doi-thi-dua.docx"',
    });
  });
}
