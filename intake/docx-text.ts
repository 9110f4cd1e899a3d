/**
 * A .docx's body as the importer's text, from mammoth's HTML (mammoth's raw text drops line
 * breaks: a Word header's "KẾ HOẠCH⏎Tổ chức Hội nghị …" typed with Shift+Enter read as
 * "KẾ HOẠCHTổ chức Hội nghị …"). So:
 *
 * - a paragraph is a line, and each line break inside it (`<br />`) starts a new line;
 * - a list item keeps its marker: "- " in a bulleted list, "1." / "1.1." in a numbered one (Word
 *   numbering is not in the text), and "I." … for a numbered list whose items are in capitals (the
 *   sections: "I. MỤC ĐÍCH, YÊU CẦU"), with the numbers under it counted from 1 again;
 * - a table of data (at least `DATA_TABLE.minRows` rows and `DATA_TABLE.minColumns` columns, as a
 *   duty table "TT | Nội dung | Đơn vị chủ trì | …" is) becomes one line per row, "| a | b | c |",
 *   the paragraphs of a cell joined by "; ";
 * - a layout table (the header's two columns, Nơi nhận | signature) is read cell by cell, each
 *   cell's lines in turn, as a reader reads the page.
 * Pure; no I/O.
 */

/** The smallest table read as a table of data rather than as page layout. */
export const DATA_TABLE = { minRows: 2, minColumns: 3 } as const;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+);/giu, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

interface Cell {
  lines: string[];
  /** Merged cells: mammoth writes a vertical merge as `rowspan`, a horizontal one as `colspan`. */
  rowspan: number;
  colspan: number;
}
interface TableState {
  rows: Cell[][];
}
interface ListState {
  ordered: boolean;
  count: number;
  /** A numbered list whose items are in capitals is the document's sections: I., II., III. */
  roman?: boolean;
}

const ROMANS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** Walks mammoth's HTML and writes the lines (see the head comment). */
class TextWriter {
  private readonly out: string[] = [];
  private line = '';
  private readonly tables: TableState[] = [];
  private readonly lists: ListState[] = [];

  private get target(): string[] {
    const table = this.tables[this.tables.length - 1];
    const row = table?.rows[table.rows.length - 1];
    const cell = row?.[row.length - 1];
    return cell?.lines ?? this.out;
  }

  text(s: string): void {
    this.line += decode(s);
  }

  /** Ends the current line (a paragraph's end or a line break). */
  flush(): void {
    if (this.pending) this.line = `${this.numbering(this.pending, this.line.trim())}${this.line}`;
    this.pending = undefined;
    const l = this.line.replace(/\s+/gu, ' ').trim();
    if (l.length > 0) this.target.push(l);
    this.line = '';
  }

  open(tag: string, attrs = ''): void {
    switch (tag) {
      case 'br':
        this.flush();
        break;
      case 'table':
        this.flush();
        this.tables.push({ rows: [] });
        break;
      case 'tr':
        this.tables[this.tables.length - 1]?.rows.push([]);
        break;
      case 'td':
      case 'th': {
        const t = this.tables[this.tables.length - 1];
        const span = (name: string): number => Number(new RegExp(`${name}="(\\d+)"`, 'u').exec(attrs)?.[1] ?? 1);
        t?.rows[t.rows.length - 1]?.push({ lines: [], rowspan: span('rowspan'), colspan: span('colspan') });
        break;
      }
      case 'ul':
      case 'ol':
        this.flush();
        this.lists.push({ ordered: tag === 'ol', count: 0 });
        break;
      case 'li':
        this.flush();
        this.item();
        break;
      default:
        if (/^(p|h[1-6])$/u.test(tag)) this.flush();
    }
  }

  close(tag: string): void {
    if (/^(p|h[1-6]|li|td|th)$/u.test(tag)) this.flush();
    if (tag === 'ul' || tag === 'ol') this.lists.pop();
    if (tag === 'table') {
      this.flush();
      const t = this.tables.pop();
      if (t) this.target.push(...tableLines(t));
    }
  }

  private pending: ListState | undefined;

  /** A list item begins: a bullet now, a number once its text shows whether it is a section. */
  private item(): void {
    const list = this.lists[this.lists.length - 1];
    if (!list) return;
    list.count += 1;
    if (list.ordered) this.pending = list;
    else this.line = '- ';
  }

  /** "II. " for a section (a top numbered list in capitals), "2. " or "1.2. " below it. */
  private numbering(list: ListState, text: string): string {
    const top = this.lists.find((l) => l.ordered);
    if (list === top && list.count === 1) list.roman = /\p{L}/u.test(text) && text === text.toLocaleUpperCase('vi');
    if (list.roman === true) return `${ROMANS[list.count - 1] ?? list.count}. `;
    const path = this.lists.filter((l) => l.ordered && l.roman !== true).map((l) => l.count);
    return `${path.join('.')}. `;
  }

  result(): string {
    this.flush();
    return this.out.join('\n');
  }
}

/** A data table's rows as "| a | b |" lines; a layout table's cells one after the other. */
function tableLines(t: TableState): string[] {
  const columns = Math.max(0, ...t.rows.map((r) => r.reduce((n, c) => n + c.colspan, 0)));
  if (t.rows.length >= DATA_TABLE.minRows && columns >= DATA_TABLE.minColumns) {
    return grid(t).map((r) => `| ${r.map((c) => c.replace(/\|/gu, '/')).join(' | ')} |`);
  }
  return t.rows.flatMap((r) => r.flatMap((c) => c.lines));
}

/**
 * The table as a grid of texts: a cell merged down ("Phòng Nội vụ" for three duties) is repeated
 * in each row it covers, a cell merged across is followed by empty cells, so every row's cells stay
 * under their header.
 */
function grid(t: TableState): string[][] {
  const carried: { text: string; left: number }[] = [];
  return t.rows.map((row) => {
    const out: string[] = [];
    const fill = (): void => {
      for (let c = carried[out.length]; c !== undefined && c.left > 0; c = carried[out.length]) {
        out.push(c.text);
        c.left -= 1;
      }
    };
    for (const cell of row) {
      fill();
      const text = cell.lines.join('; ');
      if (cell.rowspan > 1) carried[out.length] = { text, left: cell.rowspan - 1 };
      out.push(text, ...new Array<string>(Math.max(0, cell.colspan - 1)).fill(''));
    }
    fill();
    return out;
  });
}

/** mammoth's HTML → the document's lines. */
export function htmlToText(html: string): string {
  const w = new TextWriter();
  const re = /<(\/?)([a-z0-9]+)\b([^>]*?)(\/?)>|([^<]+)/giu;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    if (m[5] !== undefined) w.text(m[5]);
    else if (m[1] === '/') w.close((m[2] ?? '').toLowerCase());
    else {
      const tag = (m[2] ?? '').toLowerCase();
      w.open(tag, m[3] ?? '');
      if (m[4] === '/' && tag !== 'br') w.close(tag);
    }
  }
  return w.result();
}
