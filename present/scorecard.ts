/**
 * The emulation scorecard (bảng theo dõi thi đua), for the Council's scoring: per unit, across
 * the conferences it took part in, the tasks it held, done on time, done late, overdue (escalated
 * and never done), returned, extensions asked and granted. Built from each conference's own
 * history through the audit's decoder — the same facts the audit rows come from, no second store
 * that can drift — and pure: histories in, rows out.
 *
 * The rules, per conference and unit U:
 * - held: tasks whose assignees (after any reassignment) include U, withdrawn tasks left out;
 * - on time / late: tasks on which U did its part (completed, submitted, approved, signed,
 *   confirmed a phase — the actions the audit judges on time or late), late when any of U's
 *   actions on it was late: a sign-off one district signed late is late for that district only,
 *   and an approver answering late is late for the approver;
 * - overdue: held tasks not done, that the workflow escalated (an "overdue" row in the audit)
 *   and on which U did nothing;
 * - returned: each time accepted work of such a task was returned;
 * - extensions asked: U's requests for more time; granted: those the organizer granted.
 * A conference's year is the year of its date (the last set, else the plan's, else the year the
 * rehearsal or the run started); its cluster is the plan's issuer (`meta.issuer`), matched
 * without regard to case or diacritics.
 */
import type { Client } from '@temporalio/client';
import { decodeWorkflow, type WorkflowFacts, type WorkflowHistory } from '../audit';
import type { Plan } from '../domain/plan/schema';
import { isLivingPlanAction } from '../domain/task-kinds';
import type { TaskView } from '../domain/views';
import { listConferenceIds, openArchiveReader, openConferenceRecord, type ArchiveReader } from './record';
import { table } from './text-table';
import { say, type Lang } from './words';
import type { Bilingual } from '../domain/bilingual';

export interface ScoreCounts {
  held: number;
  onTime: number;
  late: number;
  overdue: number;
  returned: number;
  extensionsAsked: number;
  extensionsGranted: number;
}

/** One conference as the scorecard reads it. */
export interface ConferenceScore {
  conferenceId: string;
  year: number | null;
  cluster: string;
  units: { id: string; name: string }[];
  byUnit: Record<string, ScoreCounts>;
  /** The plan the conference was started with (the scorecard's document takes its header from it). */
  plan: Plan;
}

export interface ScoreRow extends ScoreCounts {
  unitId: string;
  unit: string;
  /** The conferences counted where the unit held a task or acted. */
  conferences: number;
}

const zero = (): ScoreCounts => ({
  held: 0,
  onTime: 0,
  late: 0,
  overdue: 0,
  returned: 0,
  extensionsAsked: 0,
  extensionsGranted: 0,
});

/** Reads one conference's histories (parent and children) into its counts per unit. */
export function conferenceScore(histories: readonly WorkflowHistory[]): ConferenceScore {
  const facts = histories.map(decodeWorkflow);
  const conference = facts.find((f) => f.kind === 'conference');
  if (!conference || conference.kind !== 'conference') throw new Error('no conference workflow in these histories');
  const plan = conference.input.plan;
  const byUnit: Record<string, ScoreCounts> = {};
  const of = (unit: string): ScoreCounts => (byUnit[unit] ??= zero());
  for (const f of facts) {
    if (f.kind !== 'responsibility') continue;
    const escalated = new Set(
      f.notifications.filter((n) => n.notification.kind === 'overdue').map((n) => n.notification.taskId),
    );
    for (const t of lastViews(f)) {
      // Each unit's own work on the task: late if any of its judged actions was late.
      const judged = new Map<string, boolean>();
      for (const h of t.history)
        if (!isLivingPlanAction(h.action)) judged.set(h.actor.unitId, (judged.get(h.actor.unitId) ?? false) || h.late);
      for (const [unit, late] of judged) {
        if (late) of(unit).late++;
        else of(unit).onTime++;
      }
      if (t.state !== 'withdrawn')
        for (const unit of t.assignees) {
          const c = of(unit);
          c.held++;
          if (t.state !== 'done' && !judged.has(unit) && escalated.has(t.id)) c.overdue++;
          c.returned += t.history.filter((h) => h.action === 'returnWork').length;
        }
      let asker: string | undefined;
      for (const h of t.history) {
        if (h.action === 'requestExtension') {
          asker = h.actor.unitId;
          of(asker).extensionsAsked++;
        } else if (h.action === 'decideExtension' && asker) {
          if (h.decision === 'grant') of(asker).extensionsGranted++;
          asker = undefined;
        }
      }
    }
  }
  return {
    conferenceId: conference.input.conferenceId,
    year: yearOf(conference),
    cluster: plan.meta.issuer,
    units: plan.units.map((u) => ({ id: u.id, name: u.name })),
    byUnit,
    plan,
  };
}

/** Each task's latest view in one responsibility's history. */
function lastViews(f: Extract<WorkflowFacts, { kind: 'responsibility' }>): TaskView[] {
  const views = new Map<string, TaskView>();
  for (const v of f.taskViews) views.set(v.id, v);
  return [...views.values()];
}

function yearOf(f: Extract<WorkflowFacts, { kind: 'conference' }>): number | null {
  const dates = f.changes.flatMap((c) => (c.kind === 'date' ? [c.result.to] : []));
  const date =
    dates.at(-1) ??
    f.input.date ??
    f.input.plan.conference.date ??
    (f.input.clock.mode === 'rehearsal' ? f.input.clock.planStart : f.first?.at);
  return date ? Number(date.slice(0, 4)) : null;
}

/** At most this many conferences are read from the server (each is a few histories). */
export const MAX_SCORED_CONFERENCES = 500;

/**
 * Every conference stored in Temporal, read from its own histories (the newest first, up to
 * MAX_SCORED_CONFERENCES): what the CLI and the web page build the scorecard from.
 */
export async function readConferenceScores(
  client: Client,
  archive: ArchiveReader = openArchiveReader(),
): Promise<ConferenceScore[]> {
  const ids = await listConferenceIds(client, archive, MAX_SCORED_CONFERENCES);
  const scores: ConferenceScore[] = [];
  for (const id of ids)
    scores.push(conferenceScore(await (await openConferenceRecord(client, id, archive)).histories()));
  return scores;
}

/** Whether a conference passes the scorecard's filter (year; cluster matched without case or diacritics). */
export function matchesFilter(c: ConferenceScore, filter: ScoreFilter): boolean {
  if (filter.year !== undefined && c.year !== filter.year) return false;
  return filter.cluster === undefined || fold(c.cluster).includes(fold(filter.cluster));
}

export interface ScoreFilter {
  year?: number | undefined;
  cluster?: string | undefined;
}

/** A year as the filter takes it, or a refusal naming the field. */
export function parseScoreYear(text: string | undefined): number | undefined | Bilingual {
  if (text === undefined || text.trim() === '') return undefined;
  const year = Number(text.trim());
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) return year;
  return { vi: `"${text}" không phải một năm (vd. 2023)`, en: `"${text}" is not a year (e.g. 2023)` };
}

const fold = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** The scorecard: one row per unit over the conferences that pass the filter, in Vietnamese name order. */
export function buildScorecard(conferences: readonly ConferenceScore[], filter: ScoreFilter = {}): ScoreRow[] {
  const rows = new Map<string, ScoreRow>();
  for (const c of conferences) {
    if (!matchesFilter(c, filter)) continue;
    for (const [unitId, counts] of Object.entries(c.byUnit)) {
      const name = c.units.find((u) => u.id === unitId)?.name ?? unitId;
      const row = rows.get(unitId) ?? { unitId, unit: name, conferences: 0, ...zero() };
      row.conferences++;
      for (const k of Object.keys(counts) as (keyof ScoreCounts)[]) row[k] += counts[k];
      rows.set(unitId, row);
    }
  }
  const collator = new Intl.Collator('vi');
  return [...rows.values()].sort((a, b) => collator.compare(a.unit, b.unit));
}

export const SCORE_COLUMNS: { key: keyof ScoreRow; vi: string; en: string }[] = [
  { key: 'unitId', vi: 'Mã', en: 'Id' },
  { key: 'unit', vi: 'Đơn vị', en: 'Unit' },
  { key: 'conferences', vi: 'Hội nghị', en: 'Conferences' },
  { key: 'held', vi: 'Nhiệm vụ', en: 'Tasks held' },
  { key: 'onTime', vi: 'Đúng hạn', en: 'On time' },
  { key: 'late', vi: 'Trễ hạn', en: 'Late' },
  { key: 'overdue', vi: 'Quá hạn', en: 'Overdue' },
  { key: 'returned', vi: 'Bị trả lại', en: 'Returned' },
  { key: 'extensionsAsked', vi: 'Xin gia hạn', en: 'Extensions asked' },
  { key: 'extensionsGranted', vi: 'Được gia hạn', en: 'Extensions granted' },
];

/** The scorecard as a text table or CSV (RFC 4180 quoting, the header in the reader's language). */
export function formatScorecard(rows: readonly ScoreRow[], format: 'table' | 'csv', lang: Lang): string {
  const header = SCORE_COLUMNS.map((c) => c[lang]);
  const cells = rows.map((r) => SCORE_COLUMNS.map((c) => String(r[c.key])));
  if (format === 'csv') return [header, ...cells].map((line) => line.map(csvCell).join(',')).join('\n');
  if (rows.length === 0) return say(lang, 'Không có hội nghị nào khớp.', 'No conference matches.');
  return table(header, cells);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
