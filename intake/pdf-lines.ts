/**
 * A PDF page's text lines, rebuilt from the positions of its glyphs (pdfjs gives text items with
 * their x, y and width, not lines), each with its runs: the pieces of the line far enough apart to
 * be in different table cells, for `pdf-table.ts`. Pure; no I/O.
 */

/** A gap wider than this many font sizes, with no space glyph in it, separates two table cells. */
const CELL_GAP = 0.4;

/** A piece of a line, and where it starts. */
export interface PdfRun {
  x: number;
  text: string;
}

export interface PdfLine {
  text: string;
  runs: PdfRun[];
}

export interface PdfTextItem {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  width?: number;
}

interface Glyph {
  x: number;
  w: number;
  ch: string;
  item: number;
  /** A gap that is a whole item: its x and width are the PDF's own, not shared out. */
  exact?: boolean;
}

/**
 * A page's lines, rebuilt from x positions. When a font lacks a glyph (LibreOffice draws "ệ"
 * from a fallback font when the main one has none), the PDF holds a line as two runs: the main
 * font's text with gaps where the fallback glyphs go, and the fallback glyphs with gaps where the
 * main text goes; pdfjs writes each gap as a space. So every glyph is placed at its x (a run's
 * width shared out over its characters), and a gap becomes a space only when no glyph of the other
 * run fills it, or when the glyphs that do leave room for a real space beside them.
 */
export function pageLines(items: readonly PdfTextItem[]): PdfLine[] {
  const rows: { y: number; size: number; glyphs: Glyph[]; gaps: Glyph[] }[] = [];
  items.forEach((item, index) => {
    const str = item.str ?? '';
    const [a = 0, , , d = 0, x0 = 0, y = 0] = item.transform ?? [];
    if (str.length === 0) return;
    let row = rows.find((r) => Math.abs(r.y - y) <= 2);
    if (!row) rows.push((row = { y, size: Math.abs(d || a) || 10, glyphs: [], gaps: [] }));
    const chars = [...str];
    const step = (item.width ?? 0) / chars.length;
    chars.forEach((ch, i) => {
      const glyph = { x: x0 + step * i, w: step, ch, item: index, exact: str.trim() === '' };
      (ch.trim() === '' ? row.gaps : row.glyphs).push(glyph);
    });
  });
  rows.sort((a, b) => b.y - a.y);
  return rows.map((row) => {
    const spaces: Glyph[] = [];
    const room = row.size * 0.2;
    for (const gap of row.gaps) {
      const slack = gap.exact === true ? 0 : gap.w / 2;
      const inside = row.glyphs.filter(
        (g) => g.item !== gap.item && g.x + g.w / 2 > gap.x - slack && g.x + g.w / 2 < gap.x + gap.w + slack,
      );
      if (inside.length === 0) {
        spaces.push(gap);
        continue;
      }
      if (gap.exact !== true) continue;
      const start = Math.min(...inside.map((g) => g.x));
      const end = Math.max(...inside.map((g) => g.x + g.w));
      const before = start - gap.x;
      const after = gap.x + gap.w - end;
      if (Math.max(before, after) > room) spaces.push({ ...gap, x: before > after ? start - 0.01 : end - 0.01, w: 0 });
    }
    const all = [...row.glyphs, ...spaces].sort((a, b) => a.x - b.x);
    return { text: join(all), runs: runsOf(all, row.size) };
  });
}

const join = (glyphs: readonly Glyph[]): string =>
  glyphs
    .map((g) => (g.ch.trim() === '' ? ' ' : g.ch))
    .join('')
    .replace(/ {2,}/gu, ' ');

/**
 * The line's runs: glyphs closer than `CELL_GAP` font sizes to the one before them. Words within
 * a table cell are a space apart; two cells are at least their padding apart, with no space glyph.
 */
function runsOf(glyphs: readonly Glyph[], size: number): PdfRun[] {
  const runs: { x: number; glyphs: Glyph[] }[] = [];
  let end = -Infinity;
  let cut = false;
  for (const g of glyphs) {
    const last = runs[runs.length - 1];
    // A "space" as wide as a cell gap is the gap between two cells (pdfjs writes one for it).
    if (g.exact === true && g.ch.trim() === '' && g.w > CELL_GAP * size) {
      cut = true;
      continue;
    }
    if (!last || cut || g.x - end > CELL_GAP * size) runs.push({ x: g.x, glyphs: [g] });
    else last.glyphs.push(g);
    end = Math.max(end, g.x + g.w);
    cut = false;
  }
  return runs.map((r) => ({ x: r.x, text: join(r.glyphs).trim() })).filter((r) => r.text.length > 0);
}
