/**
 * A picture of the plan: one row per responsibility, each task a bar from its opening to its
 * deadline (on to its completion when it was done late, on to now while it is overdue; from the
 * deadline when it opened after it), the conference day and "now" as vertical
 * lines, the bars coloured by where the task stands (done, late, overdue, in progress, waiting)
 * with a legend. Drawn on the server as an inline SVG with no script.
 *
 * Readable on a phone: positions across are percentages of the width the page gives the SVG and
 * text keeps its size in pixels, so the picture scales to any width without shrinking its words;
 * a responsibility's title has a line of its own above its bars, the day labels sit on their own
 * lines (conference, now, axis), and bars that overlap in time go to separate lanes, so no two
 * labels or bars are drawn over each other. Every text is escaped. Pure.
 */
import { localToUtc, formatShortLocal, type Lang } from '../domain/time';
import type { LocalDate } from '../domain/plan/schema';
import type { TaskView } from '../domain/views';
import { currentDue, standingOf, STANDING_LABEL, type Standing } from './tasks';
import { say, titleIn } from './words';

export interface TimelineRow {
  id: string;
  title: string;
  titleEn?: string | undefined;
  tasks: readonly TaskView[];
}

export interface TimelineInput {
  rows: readonly TimelineRow[];
  /** Every task of the conference, to find when a task's dependencies were done (defaults to the rows' tasks). */
  allTasks?: readonly TaskView[];
  conferenceDate: LocalDate | null;
  /** The session's start (`HH:MM`, Vietnam time), for the conference line. */
  startTime?: string;
  /** When the plan started running (UTC ISO): the opening of tasks that wait for nothing. */
  start?: string | undefined;
  nowIso: string;
  lang: Lang;
  /** `id` of the <svg>, and its accessible name. */
  id?: string;
}

const COLOR: Record<Exclude<Standing, 'closed'>, string> = {
  done: '#2e7d32',
  late: '#e08600',
  overdue: '#b00020',
  open: '#0b57a4',
  waiting: '#9e9e9e',
};
const LEGEND: Exclude<Standing, 'closed'>[] = ['done', 'late', 'overdue', 'open', 'waiting'];

const LINE_H = 16; // a line of text, px
const LANE_H = 10;
const LANE_GAP = 4;
const ROW_GAP = 10;
const TITLE_CHARS = 40;
/** Where the lines go in the list of parts: under the rows, which are drawn after them. */
const ROWS_MARK = '<!--rows-->';

interface Bar {
  task: TaskView;
  standing: Exclude<Standing, 'closed'>;
  from: number;
  to: number;
  dueKnown: boolean;
}

export function timelineSvg(input: TimelineInput): string {
  const { lang } = input;
  const all = input.allTasks ?? input.rows.flatMap((r) => r.tasks);
  const doneAt = new Map(all.flatMap((t) => (t.completedAt ? [[t.id, Date.parse(t.completedAt)] as const] : [])));
  const now = Date.parse(input.nowIso);
  const conference =
    input.conferenceDate !== null
      ? Date.parse(localToUtc(input.conferenceDate, input.startTime ?? '07:30'))
      : undefined;
  const history = all.flatMap((t) => t.history.map((h) => Date.parse(h.at)));
  const start = input.start ? Date.parse(input.start) : Math.min(now, ...history);

  // Each task's bar in time (ms); its lane comes later.
  const bars: Bar[][] = input.rows.map((r) =>
    r.tasks.flatMap((t): Bar[] => {
      const standing = standingOf(t);
      if (standing === 'closed') return [];
      const deps = t.dependsOn.map((d) => doneAt.get(d));
      const opening = deps.length === 0 ? start : deps.every((d) => d !== undefined) ? Math.max(start, ...deps) : now;
      const due = currentDue(t) ?? t.due;
      const dueMs = due ? Date.parse(due) : (conference ?? now);
      // Late or overdue work runs past its deadline: to its completion, or to now.
      const end = Math.max(
        dueMs,
        t.completedAt ? Date.parse(t.completedAt) : Number.NEGATIVE_INFINITY,
        standing === 'overdue' ? now : Number.NEGATIVE_INFINITY,
      );
      return [{ task: t, standing, from: Math.min(opening, dueMs), to: end, dueKnown: due !== null }];
    }),
  );
  const times = [
    start,
    now,
    ...(conference !== undefined ? [conference] : []),
    ...bars.flat().flatMap((b) => [b.from, b.to]),
  ];
  const span = Math.max(...times) - Math.min(...times) || 86_400_000;
  const t0 = Math.min(...times) - span * 0.02;
  const t1 = Math.max(...times) + span * 0.02;
  const x = (ms: number): number => Math.round(((ms - t0) / (t1 - t0)) * 10_000) / 100; // percent, 2 decimals

  const parts: string[] = [];
  let y = 0;
  // The labels of the two lines, each on its own line so they cannot meet.
  const marker = (ms: number, label: string, kind: string): void => {
    const at = x(ms);
    const anchor = at > 70 ? 'end' : at < 30 ? 'start' : 'middle';
    parts.push(
      `<text x="${at}%" y="${y + 12}" text-anchor="${anchor}" class="tl-${kind}" font-size="12" fill="${kind === 'now' ? '#8b1a1a' : '#1b1b1b'}" font-weight="600">${esc(label)}</text>`,
    );
    y += LINE_H;
  };
  if (conference !== undefined)
    marker(
      conference,
      `${say(lang, 'Hội nghị', 'Conference')} ${formatShortLocal(new Date(conference).toISOString()).slice(0, 5)}`,
      'conference',
    );
  else {
    parts.push(
      `<text x="0" y="${y + 12}" font-size="12" class="tl-conference">${esc(say(lang, 'Chưa có ngày hội nghị', 'Conference date not set'))}</text>`,
    );
    y += LINE_H;
  }
  marker(now, `${say(lang, 'Bây giờ', 'Now')} ${formatShortLocal(input.nowIso)}`, 'now');
  // The header lines' bottom, then each row's lanes: where the two lines are drawn.
  const spans: [number, number][] = [[y - 4, y]];
  parts.push(ROWS_MARK);

  input.rows.forEach((r, i) => {
    const rowBars = bars[i] ?? [];
    const title = titleIn(r, lang);
    parts.push(
      `<g data-responsibility="${esc(r.id)}"><text x="0" y="${y + 12}" font-size="12" font-weight="600" fill="#1b1b1b" stroke="#fff" stroke-width="4" paint-order="stroke"><title>${esc(title)}</title>${esc(cut(title))}</text>`,
    );
    y += LINE_H;
    // Lanes: a bar goes to the first lane it does not overlap (with a small gap).
    const lanes: number[] = [];
    for (const b of [...rowBars].sort((p, q) => p.from - q.from || p.to - q.to)) {
      const from = x(b.from);
      const to = Math.max(x(b.to), from + 0.8);
      let lane = lanes.findIndex((end) => end + 0.5 <= from);
      if (lane < 0) lane = lanes.push(to) - 1;
      else lanes[lane] = to;
      const top = y + lane * (LANE_H + LANE_GAP);
      const tip = `${titleIn(b.task, lang)} — ${STANDING_LABEL[b.standing][lang]}; ${say(lang, 'hạn', 'due')} ${
        b.dueKnown ? formatShortLocal(currentDue(b.task) ?? b.task.due ?? '') : say(lang, 'chưa có', 'not yet')
      }`;
      parts.push(
        `<rect data-task="${esc(b.task.id)}" data-standing="${b.standing}" x="${from}%" y="${top}" width="${Math.round((to - from) * 100) / 100}%" height="${LANE_H}" rx="2" fill="${COLOR[b.standing]}"${
          b.standing === 'waiting' ? ' fill-opacity="0.55" stroke="#616161" stroke-dasharray="3 2"' : ''
        }><title>${esc(tip)}</title></rect>`,
      );
    }
    const height = Math.max(1, lanes.length) * (LANE_H + LANE_GAP);
    spans.push([y - 2, y + height]);
    y += height + ROW_GAP;
    parts.push('</g>');
  });
  const rowsFrom = parts.indexOf(ROWS_MARK);

  // The conference day and now across every row, drawn under the bars.
  const lines: string[] = [];
  // One segment per row's lanes, so that no line crosses a title.
  const across = (ms: number, kind: string, style: string): string =>
    `<g data-line="${kind}">${spans
      .map(([top, bottom]) => `<line x1="${x(ms)}%" x2="${x(ms)}%" y1="${top}" y2="${bottom}" ${style}/>`)
      .join('')}</g>`;
  if (conference !== undefined) lines.push(across(conference, 'conference', 'stroke="#1b1b1b" stroke-width="2"'));
  lines.push(across(now, 'now', 'stroke="#8b1a1a" stroke-width="2" stroke-dasharray="5 3"'));

  parts.splice(rowsFrom, 1, ...lines);

  // The axis: five days, the first and last anchored inside.
  parts.push(`<line x1="0" x2="100%" y1="${y}" y2="${y}" stroke="#8f8b80"/>`);
  for (let k = 0; k <= 4; k++) {
    const ms = t0 + ((t1 - t0) * (k * 2 + 1)) / 10;
    const anchor = k === 0 ? 'start' : k === 4 ? 'end' : 'middle';
    const day = formatShortLocal(new Date(ms).toISOString()).slice(0, 5);
    parts.push(
      `<line x1="${x(ms)}%" x2="${x(ms)}%" y1="${y}" y2="${y + 4}" stroke="#8f8b80"/><text x="${x(ms)}%" y="${y + 16}" font-size="11" fill="#555" text-anchor="${anchor}">${day}</text>`,
    );
  }
  y += 24;

  // The legend: two entries a line, half the width each (a nested <svg> keeps the swatch and its words together).
  LEGEND.forEach((s, k) => {
    const col = k % 2;
    const row = Math.floor(k / 2);
    const top = y + row * LINE_H;
    parts.push(
      `<svg data-legend="${s}" x="${col * 50}%" y="${top}" overflow="visible"><rect x="0" y="2" width="12" height="10" rx="2" fill="${COLOR[s]}"${
        s === 'waiting' ? ' fill-opacity="0.55" stroke="#616161" stroke-dasharray="3 2"' : ''
      }/><text x="16" y="12" font-size="12" fill="#1b1b1b">${esc(STANDING_LABEL[s][lang])}</text></svg>`,
    );
  });
  y += Math.ceil(LEGEND.length / 2) * LINE_H + 4;

  const name = say(lang, 'Biểu đồ tiến độ kế hoạch', 'Timeline of the plan');
  return `<svg xmlns="http://www.w3.org/2000/svg"${input.id ? ` id="${esc(input.id)}"` : ''} class="timeline" role="img" aria-label="${esc(name)}" width="100%" height="${y}" font-family="system-ui, sans-serif" style="overflow:visible"><title>${esc(name)}</title>${parts.join('')}</svg>`;
}

function cut(s: string): string {
  const chars = [...s];
  return chars.length <= TITLE_CHARS ? s : `${chars.slice(0, TITLE_CHARS - 1).join('')}…`;
}

/** Text and attribute values in SVG: the five XML characters escaped, Vietnamese in NFC. */
export function esc(s: string): string {
  return s
    .normalize('NFC')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
