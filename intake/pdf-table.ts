/**
 * Tables in a PDF, rebuilt from positions: a PDF has no table, only text placed on the page, and
 * a cell's text wraps over several lines. A duty table's header ("TT | Nội dung | Đơn vị chủ trì |
 * … | Thời gian") sets the columns by the x of its pieces; below it a line whose first piece is a
 * row number ("1", "A", "II") in the first column starts a row, and the lines after it add their
 * pieces to the cells of the columns they stand in, until a line starts left of the second column
 * with something that is not a row number (the next heading). Each row becomes "| a | b | … |",
 * as the .docx reader writes a table. Pure; no I/O.
 */
import type { PdfLine, PdfRun } from './pdf-lines';
import { fold } from './text';

/** How far (in points) a piece may start left of its column and still be in it. */
const COLUMN_SLACK = 4;
/** The header's words: a content column and a unit or time column. */
const HEADER = /noi dung|cong viec|nhiem vu/u;
const HEADER_TOO = /chu tri|thuc hien|thoi gian|thoi han|co quan|don vi/u;
/** A row number in the first column. */
const ROW_NUMBER = /^(?:\d{1,3}|[A-ZĐ]|[IVX]{1,4})\.?$/u;

/** The document's lines, with every duty table written as "| … |" rows. */
export function withTables(lines: readonly PdfLine[]): string[] {
  const bodyAt = lines.findIndex((l) => /^(?:Căn cứ|I\.)\s/u.test(l.text));
  const out: string[] = headerColumns(lines.slice(0, Math.max(0, bodyAt)));
  for (let i = Math.max(0, bodyAt); i < lines.length; i += 1) {
    const line = lines[i] as PdfLine;
    if (!isHeader(line)) {
      out.push(line.text);
      continue;
    }
    const table = readTable(lines, i);
    out.push(...table.rows.map((cells) => `| ${cells.map((c) => c.trim()).join(' | ')} |`));
    i = table.end - 1;
  }
  return out;
}

/**
 * The header's two columns (issuing body and number | motto, place and date), side by side on the
 * page, read as a reader reads them: the left column's lines, then the right's. A line wrapped in
 * the narrow column ("… tháng 11 năm" / "2025", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM") is
 * joined back.
 */
function headerColumns(lines: readonly PdfLine[]): string[] {
  const split = lines.find((l) => l.runs.length === 2)?.runs[1]?.x;
  if (split === undefined) return lines.map((l) => l.text);
  // The columns end with the last line that has both, and a year wrapped under it.
  let end = lines.map((l) => l.runs.length >= 2).lastIndexOf(true) + 1;
  while (end < lines.length && /^\d{4}\b/u.test(lines[end]?.text ?? '')) end += 1;
  const left: string[] = [];
  const right: string[] = [];
  for (const l of lines.slice(0, end)) {
    const side = (r: PdfRun): string[] => (r.x >= split - COLUMN_SLACK ? right : left);
    const leftText = l.runs.filter((r) => side(r) === left).map((r) => r.text);
    const rightText = l.runs.filter((r) => side(r) === right).map((r) => r.text);
    if (leftText.length > 0) left.push(leftText.join(' '));
    if (rightText.length > 0) right.push(rightText.join(' '));
  }
  return [...unwrap(left), ...unwrap(right), ...lines.slice(end).map((l) => l.text)];
}

function unwrap(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    if (prev !== undefined && (/năm$/u.test(prev) || /^\d{4}\b/u.test(l) || /NGHĨA$/u.test(prev)))
      out[out.length - 1] = `${prev} ${l}`;
    else out.push(l);
  }
  return out;
}

function isHeader(line: PdfLine): boolean {
  const text = fold(line.runs.map((r) => r.text).join(' '));
  return line.runs.length >= 3 && HEADER.test(text) && HEADER_TOO.test(text);
}

/** The rows of the table whose header is at `start`, and the index of the first line after it. */
function readTable(lines: readonly PdfLine[], start: number): { rows: string[][]; end: number } {
  const columns = (lines[start] as PdfLine).runs.map((r) => r.x);
  const rows: string[][] = [new Array<string>(columns.length).fill('')];
  let i = start;
  for (; i < lines.length; i += 1) {
    const runs = (lines[i] as PdfLine).runs;
    const first = runs[0];
    if (!first) continue;
    const startsRow = ROW_NUMBER.test(first.text) && columnOf(first, columns) === 0;
    if (i > start && !startsRow && first.x < (columns[1] ?? 0) - COLUMN_SLACK && rows.length > 1) break;
    if (startsRow) rows.push(new Array<string>(columns.length).fill(''));
    const row = rows[rows.length - 1] as string[];
    for (const run of runs) {
      const c = columnOf(run, columns);
      row[c] = joinWrapped(row[c] ?? '', run.text);
    }
  }
  return { rows, end: i };
}

/** A cell's next line: "15/11/202" + "5" is one number, wrapped; words take a space. */
function joinWrapped(before: string, next: string): string {
  if (before === '') return next;
  return /[\d/.-]$/u.test(before) && /^\d/u.test(next) ? `${before}${next}` : `${before} ${next}`;
}

/** The column a piece stands in: the last whose start is at or left of it. */
function columnOf(run: PdfRun, columns: readonly number[]): number {
  let c = 0;
  columns.forEach((x, i) => {
    if (run.x >= x - COLUMN_SLACK) c = i;
  });
  return c;
}
