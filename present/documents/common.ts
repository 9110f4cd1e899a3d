/**
 * What every document of a conference shares: the issuing body read from the plan's issuer, the
 * số/ký hiệu built on the plan's, the place and date line, unit names, the tallies by
 * responsibility and by unit, and the problems raised on a task (incidents, send-backs, requests
 * for more time and their answers, returns, progress notes), each in one Vietnamese line.
 */
import { changeText } from '../../domain/change-words';
import { PHASE_LABEL } from '../../domain/labels';
import type { Plan } from '../../domain/plan/schema';
import { formatAdministrativeDate, formatShortLocal } from '../../domain/time';
import type { ActionRecord, ResponsibilityView, TaskView } from '../../domain/views';
import { askedBefore, standingOf, type Standing } from '../tasks';
import type { ConferenceRecord } from './record';

/**
 * The issuing body as the header prints it. A plan's issuer reads like "Cụm thi đua huyện vùng
 * cao (UBND tỉnh Điện Biên); Trưởng Cụm năm 2022 là UBND huyện Tủa Chùa": the body is the part
 * before the parenthesis, the parent body the part inside it; what follows a semicolon explains
 * and is not printed.
 */
export function issuerOf(plan: Plan): { parent?: string; body: string } {
  const first = (plan.meta.issuer.split(';')[0] ?? plan.meta.issuer).trim();
  const m = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(first);
  return m?.[1] && m[2] ? { parent: m[2].trim(), body: m[1].trim() } : { body: first };
}

/**
 * "Số: …/BC-CTĐHVC": the plan's own number with the document's type code in place of "KH"; the
 * number itself is left as the plan leaves it ("…"), for the registry (văn thư) to fill.
 */
export function numberOf(plan: Plan, code: string): string {
  const n = plan.meta.number.trim();
  const m = /^(.*?)\/KH-(.+)$/.exec(n);
  return `Số: ${m ? `${m[1]}/${code}-${m[2]}` : `…/${code}`}`;
}

/** "Tủa Chùa, ngày 30 tháng 3 năm 2023": the plan's place and the day (Vietnam time) of `iso`. */
export function placeDateOf(plan: Plan, iso: string): string {
  return `${plan.meta.place}, ${formatAdministrativeDate(iso, 'vi')}`;
}

/** A unit's full name from the plan, or its id when the plan does not name it. */
export function unitName(plan: Plan): (id: string) => string {
  const names = new Map(plan.units.map((u) => [u.id, u.name]));
  return (id) => names.get(id) ?? id;
}

export const when = (iso: string | null | undefined): string => (iso ? formatShortLocal(iso) : '—');

/** Every task of the record, in the plan's order (withdrawn ones included). */
export function allTasks(r: ConferenceRecord): TaskView[] {
  return r.responsibilities.flatMap((x) => x.tasks);
}

export interface Tally {
  total: number;
  done: number;
  late: number;
  overdue: number;
  open: number;
  waiting: number;
}

export function tally(tasks: readonly TaskView[]): Tally {
  const t: Tally = { total: 0, done: 0, late: 0, overdue: 0, open: 0, waiting: 0 };
  for (const task of tasks) {
    const s: Standing = standingOf(task);
    if (s === 'closed') continue;
    t.total++;
    if (s === 'done') t.done++;
    else if (s === 'late') {
      t.done++;
      t.late++;
    } else t[s]++;
  }
  return t;
}

/** The tally's cells in a table row: total, done, of which late, overdue, in progress, waiting. */
export function tallyCells(t: Tally): string[] {
  return [t.total, t.done, t.late, t.overdue, t.open, t.waiting].map(String);
}

export const TALLY_HEADER = ['Số việc', 'Đã xong', 'Trễ hạn', 'Quá hạn', 'Đang làm', 'Đang chờ'];

/** Responsibility → tally, in the plan's order. */
export function byResponsibility(r: ConferenceRecord): { view: ResponsibilityView; tally: Tally }[] {
  return r.responsibilities.map((view) => ({ view, tally: tally(view.tasks) }));
}

/** Unit → tally of the tasks it is assigned, in the plan's order of units; units with no task left out. */
export function byUnit(r: ConferenceRecord): { unitId: string; tally: Tally }[] {
  const tasks = allTasks(r);
  return r.plan.units
    .map((u) => ({ unitId: u.id, tally: tally(tasks.filter((t) => t.assignees.includes(u.id))) }))
    .filter((x) => x.tally.total > 0);
}

/** The actions that raise or answer a problem on a task, as a report lists them. */
const PROBLEM_ACTIONS = new Set<ActionRecord['action']>([
  'reportIncident',
  'sendBack',
  'requestExtension',
  'decideExtension',
  'extend',
  'returnWork',
  'progressNote',
  'reassign',
  'withdraw',
]);

/** One line per problem raised on the record's tasks, in time order. */
export function problemLines(r: ConferenceRecord, actions: ReadonlySet<string> = PROBLEM_ACTIONS): string[] {
  const name = unitName(r.plan);
  const items: { at: string; text: string }[] = [];
  for (const t of allTasks(r)) {
    t.history.forEach((h, i) => {
      if (!actions.has(h.action)) return;
      items.push({
        at: h.at,
        text: `${when(h.at)}, ${name(h.actor.unitId)} (${h.actor.person}), "${t.title}": ${problemText(h, askedBefore(t.history, i))}`,
      });
    });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at)).map((x) => x.text);
}

/** What one action says, in Vietnamese: the change with its old and new value, the reason, the note. */
export function problemText(h: ActionRecord, asked?: string): string {
  const parts: string[] = [];
  const head: Partial<Record<ActionRecord['action'], string>> = {
    reportIncident: 'báo sự cố',
    sendBack: 'trả lại, yêu cầu làm lại',
  };
  const word = head[h.action];
  if (word) parts.push(h.phase ? `${word} (${PHASE_LABEL[h.phase].vi})` : word);
  const change = changeText(h, 'vi', asked);
  if (change) parts.push(change);
  if (h.reason) parts.push(`lý do: ${h.reason}`);
  if (h.note) parts.push(h.note);
  return parts.join('; ');
}

/** Extensions and returns of one task, for the final report's column. */
export function changesOf(t: TaskView): string {
  const kept = new Set<string>(['requestExtension', 'decideExtension', 'extend', 'returnWork', 'sendBack', 'reassign']);
  return t.history
    .map((h, i) => (kept.has(h.action) ? `${when(h.at)}: ${problemText(h, askedBefore(t.history, i))}` : ''))
    .filter((s) => s !== '')
    .join('\n');
}
