/**
 * A table saved as plain text by Word or LibreOffice ("Save as .txt", `soffice --convert-to txt`)
 * loses its grid: each cell becomes a line of its own and an empty cell an empty line.
 *
 *   TT⏎Nội dung công việc⏎Đơn vị chủ trì⏎Thời gian hoàn thành⏎1⏎Gửi giấy mời⏎Văn phòng⏎⏎2⏎…
 *
 * A header of short lines that starts with "TT"/"STT" and names a content column and a unit or
 * time column gives the number of columns N; each run of N lines after it that starts with a row
 * number is one row, written "| a | b | … |" as the .docx reader writes a table. A run that does
 * not start with a row number ends the table (a cell of two paragraphs would shift the grid; the
 * lines are then left as they are). Pure; no I/O.
 */
import { fold } from './text';

const FIRST = /^(?:s[ốo]\s*)?tt$|^stt$/iu;
const CONTENT = /noi dung|nhiem vu|cong viec/u;
const OTHER = /chu tri|thuc hien|thoi gian|thoi han|phoi hop|co quan|don vi/u;
const ROW_NUMBER = /^(?:\d{1,3}|[A-ZĐ]|[IVX]{1,4})\.?$/u;
/** A header cell is short; the most columns a duty table has. */
const HEADER_CELL = 40;
const MAX_COLUMNS = 8;

/** The lines with every cell-per-line duty table written as "| … |" rows. */
export function cellTables(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const n = FIRST.test((lines[i] ?? '').trim()) ? headerWidth(lines, i) : 0;
    if (n === 0) {
      out.push(lines[i] ?? '');
      continue;
    }
    let at = i + n;
    const rows = [lines.slice(i, at)];
    while (at + n <= lines.length && ROW_NUMBER.test((lines[at] ?? '').trim())) {
      rows.push(lines.slice(at, at + n));
      at += n;
    }
    if (rows.length < 2) {
      out.push(lines[i] ?? '');
      continue;
    }
    out.push(...rows.map((r) => `| ${r.map((c) => c.trim()).join(' | ')} |`));
    i = at - 1;
  }
  return out;
}

/** How many header cells start at `start` (0 when these lines are no duty table's header). */
function headerWidth(lines: readonly string[], start: number): number {
  let n = 1;
  while (n < MAX_COLUMNS && start + n < lines.length) {
    const cell = (lines[start + n] ?? '').trim();
    if (cell === '' || cell.length > HEADER_CELL || ROW_NUMBER.test(cell)) break;
    n += 1;
  }
  const header = fold(lines.slice(start, start + n).join(' | '));
  return n >= 3 && CONTENT.test(header) && OTHER.test(header) ? n : 0;
}
