/**
 * The picture of the plan the organizer's board and a unit's inbox show, drawn from the stored
 * seed conference (finished: done and late work) and the living-plan conference (running: work
 * in progress and waiting), read back from the SVG the way a person sees it: a row per
 * responsibility, a bar per task in its colour, the legend, the conference day and now, no two
 * bars over each other, no line through a title, every text escaped.
 */
import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistoryFiles } from '../../audit';
import type { TaskView } from '../../domain/views';
import { conferenceRecord, type ConferenceRecord } from '../../present/documents';
import { standingOf, STANDING_LABEL } from '../../present/tasks';
import { timelineSvg, type TimelineInput } from '../../present/timeline';
import { HISTORIES_DIR } from '../helpers/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
async function record(set: string): Promise<ConferenceRecord> {
  const mine = files.filter(
    (f) => f === `${set}.json` || (f.startsWith(`${set}.`) && /^[a-z-]+\.json$/.test(f.slice(set.length + 1))),
  );
  return conferenceRecord({ histories: await readHistoryFiles(mine.map((f) => HISTORIES_DIR + f)) });
}

let seed: ConferenceRecord;
let living: ConferenceRecord;
beforeAll(async () => {
  [seed, living] = await Promise.all([record('seed'), record('living')]);
});

const input = (r: ConferenceRecord, extra: Partial<TimelineInput> = {}): TimelineInput => ({
  rows: r.responsibilities,
  conferenceDate: r.date,
  startTime: r.plan.conference.startTime,
  nowIso: r.asOf,
  lang: 'vi',
  ...extra,
});

interface Rect {
  task: string;
  standing: string;
  x: number;
  width: number;
  y: number;
}
const rects = (svg: string): Rect[] =>
  [...svg.matchAll(/<rect data-task="([^"]+)" data-standing="(\w+)" x="([\d.]+)%" y="(\d+)" width="([\d.]+)%"/g)].map(
    (m) => ({ task: m[1] ?? '', standing: m[2] ?? '', x: Number(m[3]), y: Number(m[4]), width: Number(m[5]) }),
  );

describe('the timeline of a conference', () => {
  it('has one row per responsibility, titled, and one bar per task in the colour of where it stands', () => {
    const svg = timelineSvg(input(seed));
    const rows = [...svg.matchAll(/<g data-responsibility="([^"]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(seed.responsibilities.map((r) => r.id));
    for (const r of seed.responsibilities) expect(svg).toContain(`<title>${r.title}</title>`);
    const bars = rects(svg);
    const tasks = seed.responsibilities.flatMap((r) => r.tasks);
    expect(bars.map((b) => b.task).sort()).toEqual(tasks.map((t) => t.id).sort());
    for (const t of tasks) expect(bars.find((b) => b.task === t.id)?.standing).toBe(standingOf(t));
    expect(new Set(bars.map((b) => b.standing))).toEqual(new Set(['done', 'late']));
    for (const b of bars) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(100.01);
    }
  });

  it('shows work in progress and waiting work of a running conference apart, and overdue work in its own colour', () => {
    const running = rects(timelineSvg(input(living)));
    expect(running.map((b) => b.standing)).toContain('open');
    expect(running.map((b) => b.standing)).toContain('waiting');
    // The same conference a week later, nothing done: its open work is overdue.
    const late = (t: TaskView): TaskView => (t.state === 'open' ? { ...t, overdue: true } : t);
    const later = timelineSvg({
      ...input(living),
      rows: living.responsibilities.map((r) => ({ ...r, tasks: r.tasks.map(late) })),
    });
    const overdue = rects(later).filter((b) => b.standing === 'overdue');
    expect(overdue.length).toBe(running.filter((b) => b.standing === 'open').length);
    const fill = (s: string): string =>
      new RegExp(`data-standing="${s}"[^>]* fill="(#[0-9a-f]{6})"`).exec(later)?.[1] ?? s;
    expect(new Set(['overdue', 'waiting'].map(fill)).size).toBe(2);
    expect(fill('overdue')).not.toBe(fill('done'));
  });

  it('has a legend of the five standings in the reader language', () => {
    for (const lang of ['vi', 'en'] as const) {
      const svg = timelineSvg(input(seed, { lang }));
      for (const s of ['done', 'late', 'overdue', 'open', 'waiting'] as const)
        expect(svg).toMatch(new RegExp(`<svg data-legend="${s}"[^>]*>.*?${STANDING_LABEL[s][lang]}</text>`));
    }
  });

  it('draws the conference day and now as lines, labelled on lines of their own', () => {
    const svg = timelineSvg(input(seed));
    expect(svg).toMatch(/<g data-line="now">(<line [^>]+\/>)+<\/g>/);
    expect(svg).toMatch(/<g data-line="conference">(<line [^>]+\/>)+<\/g>/);
    expect(svg).toContain('>Hội nghị 30/03</text>');
    expect(svg).toMatch(/>Bây giờ 01\/04\/2023 \d\d:\d\d<\/text>/);
    const noDate = timelineSvg(input(seed, { conferenceDate: null }));
    expect(noDate).toContain('Chưa có ngày hội nghị');
    expect(noDate).not.toContain('data-line="conference"');
  });

  it('puts no bar over another and draws no line through a title', () => {
    const svg = timelineSvg(input(seed));
    const bars = rects(svg);
    const byLane = new Map<number, Rect[]>();
    for (const b of bars) byLane.set(b.y, [...(byLane.get(b.y) ?? []), b]);
    for (const lane of byLane.values()) {
      const sorted = [...lane].sort((a, b) => a.x - b.x);
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1] as Rect;
        expect((sorted[i] as Rect).x).toBeGreaterThanOrEqual(prev.x + prev.width);
      }
    }
    const titles = [...svg.matchAll(/<g data-responsibility="[^"]+"><text x="0" y="(\d+)"/g)].map((m) => Number(m[1]));
    const segments = [...svg.matchAll(/<line x1="[\d.]+%" x2="[\d.]+%" y1="(-?\d+)" y2="(\d+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(segments.length).toBeGreaterThan(seed.responsibilities.length);
    for (const y of titles)
      for (const [top, bottom] of segments) expect(y - 10 > (bottom ?? 0) || y < (top ?? 0)).toBe(true);
  });

  it('escapes every text it draws', () => {
    const [first, ...rest] = seed.responsibilities;
    if (!first) throw new Error('no responsibility');
    const svg = timelineSvg({
      ...input(seed),
      rows: [{ ...first, title: 'Hội trường <b>"A" & \'B\'</b>' }, ...rest],
    });
    expect(svg).toContain('Hội trường &lt;b&gt;&quot;A&quot; &amp; &#39;B&#39;&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
  });
});
