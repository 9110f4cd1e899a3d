/**
 * Duty tables, as many plans give their duties (in section III or in an appendix, "Phụ lục"):
 * a header row naming the columns, then one row per duty.
 *
 *   | TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành | Ghi chú |
 *   | A  | CÔNG TÁC CHUẨN BỊ  |                |                 |                      |         |
 *   | 1  | Gửi giấy mời …     | Văn phòng …    |                 | Trước ngày … 07 ngày |         |
 *
 * Columns are recognised by their header's words (`COLUMNS`); a row with a content cell and no
 * unit (a letter or Roman "TT": "A | CÔNG TÁC CHUẨN BỊ") is a group heading, not a duty. Each row
 * is one duty: its content is the title, the lead cell its unit(s) (members for "UBND các xã
 * trong Cụm"), the support cell its supporting units, the time cell its deadline (read as a
 * column: a bare "Ngày 09/01/2025" or "Tại Hội nghị" is the deadline itself). Pure; no I/O.
 */
import { PHASES, readDeadline } from './deadlines';
import { truncate, unique, type RespBuild } from './draft-parts';
import type { Block } from './outline';
import { dutyTasks, type TaskContext } from './task-build';
import { clean, fold, slug } from './text';

/** Header words of each column, folded (no marks). */
const COLUMNS = {
  content: /noi dung|cong viec|nhiem vu/u,
  lead: /chu tri|thuc hien|phu trach|don vi|co quan|phan cong|trach nhiem/u,
  support: /phoi hop/u,
  time: /thoi gian|thoi han|hoan thanh|tien do/u,
} as const;

interface Columns {
  content: number;
  lead: number;
  support: number;
  time: number;
}

/** The duties of every duty table among the blocks. */
export function readTables(blocks: Block[], ctx: TaskContext): RespBuild[] {
  const resps: RespBuild[] = [];
  let columns: Columns | undefined;
  for (const b of blocks) {
    if (b.kind !== 'row' || !b.cells) {
      columns = undefined;
      continue;
    }
    const header = headerColumns(b.cells);
    if (header) {
      columns = header;
      continue;
    }
    if (!columns) continue;
    const r = rowDuty(b, b.cells, columns, ctx);
    if (r) resps.push(r);
  }
  return resps;
}

/** The columns a header row names; undefined when the row is not a duty table's header. */
function headerColumns(cells: string[]): Columns | undefined {
  const folded = cells.map((c) => fold(c));
  const find = (re: RegExp, not?: RegExp): number => folded.findIndex((c) => re.test(c) && !(not?.test(c) ?? false));
  const content = find(COLUMNS.content);
  const support = find(COLUMNS.support);
  const lead = find(COLUMNS.lead, /phoi hop|noi dung/u);
  const time = find(COLUMNS.time);
  if (content < 0 || lead < 0) return undefined;
  return { content, lead, support, time };
}

function rowDuty(b: Block, cells: string[], col: Columns, ctx: TaskContext): RespBuild | undefined {
  const at = (i: number): string => (i >= 0 ? clean(cells[i] ?? '') : '');
  const content = at(col.content).replace(/[.;]+$/u, '');
  const leadCell = at(col.lead);
  if (content.length === 0 || leadCell.length === 0) return undefined; // a group heading ("A | CÔNG TÁC CHUẨN BỊ")
  const number = clean(cells[0] ?? '');
  const clause = `${b.section} TT${/^\d{1,3}$/u.test(number) ? number : (b.clause.split('TT')[1] ?? '')}`;
  // One column for both: "Phòng Nội vụ chủ trì, phối hợp với Văn phòng".
  const both = /^(.+?)\s*\(?\s*chủ trì\s*\)?\s*[,;]?\s*(?:phối hợp(?:\s+với)?\s*:?\s*(.+))?$/iu.exec(leadCell);
  const units = ctx.book.fromHeading(both?.[1] ?? leadCell, clause, b.text);
  const support = [at(col.support), both?.[2] ?? '']
    .join(';')
    .split(/\s*;\s*/u)
    .flatMap((s) => ctx.book.fromHeading(s, clause, b.text))
    .map((u) => u.id);
  const timeCell = at(col.time);
  const column = readDeadline(timeCell, { ...ctx.deadline, column: true });
  // The time cell's deadline, else one the content states ("… trước ngày 20/3").
  const deadlineText = column.words !== undefined || PHASES.test(timeCell) ? timeCell : `${timeCell} ${content}`;
  const id = unique(slug(content, 28), ctx.ids);
  const duty = { text: content, sentence: b.text, deadlineText: deadlineText.trim() };
  const tasks = dutyTasks(
    id,
    duty,
    units,
    { clause, sentence: b.text, line: b.line },
    {
      ...ctx,
      deadline: { ...ctx.deadline, column: true },
    },
  );
  return {
    id,
    title: truncate(content),
    lead: units.length === 1 ? (units[0]?.id ?? '?') : '?',
    support: [...new Set([...(units.length > 1 ? units.map((u) => u.id) : []), ...support])],
    clause,
    tasks,
    flags: [],
    count: tasks.length,
  };
}
