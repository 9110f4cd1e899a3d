/**
 * The document's layout, as Nghị định 30/2020 sets it: a header (issuing body, motto, number,
 * place and date, "KẾ HOẠCH" and the title), the legal bases ("Căn cứ …"), the body in sections
 * I, II, III with numbered headings (1., 1.1.) and dash items, the closing paragraph, "Nơi nhận"
 * and the signature block.
 *
 * Text read from a PDF breaks lines mid-sentence and puts blank lines between them; a .docx gives
 * whole paragraphs. Both are joined the same way: a line starts a new paragraph when it begins
 * with a marker (I., 1.1., -, Căn cứ) or when the previous line ended a sentence and this one
 * begins with a capital; otherwise it continues the paragraph. Pure; no I/O.
 */
import { VERBS } from './sentences';
import { cellTables } from './text-table';
import { clean, isCaps } from './text';

/** One paragraph of the body, with the clause an auditor would cite for it. */
export interface Block {
  kind: 'roman' | 'numbered' | 'item' | 'text' | 'row';
  /** "III", "1.1" for headings, "a" for a lettered item ("a) …"); absent for other items and text. */
  number?: string;
  /** A table row's cells ("| 1 | Nội dung | Đơn vị |"), for `kind: 'row'`. */
  cells?: string[];
  /** "III.1.1" for a heading; "III.1.1 ¶2" for its second item or paragraph; "" before section I. */
  clause: string;
  /** The heading's clause, for items and text ("III.1.1"); the clause itself for headings. */
  section: string;
  /** The text without its marker. */
  text: string;
  /** 1-based line of the source text where the paragraph starts. */
  line: number;
}

export interface Outline {
  /** Header lines, one per source line (the header is laid out in two columns, never joined). */
  header: string[];
  /** The legal bases, one per "Căn cứ" paragraph, without the words "Căn cứ". */
  legalBases: string[];
  /** Paragraphs between the legal bases and section I (who drew the plan up, "cụ thể như sau"). */
  preamble: string[];
  blocks: Block[];
  /** "Nơi nhận" lines and the signature block, one per source line. */
  tail: string[];
  /** The blocks of an appendix after the signature ("PHỤ LỤC …"), clauses "Phụ lục …". */
  appendix: Block[];
}

const ROMAN = /^([IVX]{1,4})\.\s*(.*)$/;
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})*)\.\s+(.*)$|^(\d{1,2}(?:\.\d{1,2})+)\s+(.*)$/;
const DASH = /^[-–—•+*]\s*(.*)$/;
const LETTER = /^([a-zđ])\)\s*(.*)$/u;
const ROW = /^\|(.*)\|$/u;
const MARKER =
  /^(?:[IVX]{1,4}\.\s|\d{1,2}(?:\.\d{1,2})*\.\s|\d{1,2}(?:\.\d{1,2})+\s|[-–—•+*]\s|[a-zđ]\)\s|\||Căn cứ(?=\s|$)|Trên đây(?=\s|$))/u;
/** The appendix's first line: "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ". */
const APPENDIX = /^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVX]{1,4}|\d{1,2}))?\s*(?:[:.]|$|\s+\p{Lu})/u;
/** A duty's first word, capitalised: a heading followed by it ends there ("2. Công an xã⏎Bảo đảm …"). */
const DUTY_START = new RegExp(`^(?:${VERBS.join('|')})(?=[\\s,])`, 'iu');
const ENDS_SENTENCE = /[.;:!?)]$/;
const STARTS_CAPITAL = /^\p{Lu}/u;

interface Line {
  text: string;
  line: number;
}

/** Splits plain text (from any reader) into the parts of a plan document. */
export function outline(text: string): Outline {
  const lines: Line[] = cellTables(text.split(/\r\n|\r|\n/))
    .map((t, i) => ({ text: clean(tabRow(t)), line: i + 1 }))
    .filter((l) => l.text.length > 0);
  const bodyStart = lines.findIndex((l) => /^Căn cứ(?=\s|$)/u.test(l.text) || ROMAN.test(l.text));
  const start = bodyStart < 0 ? lines.length : bodyStart;
  const tailStart = lines.findIndex((l, i) => i >= start && /^Nơi nhận\b/iu.test(l.text));
  const end = tailStart < 0 ? lines.length : tailStart;
  const appendixStart = lines.findIndex((l, i) => i >= end && APPENDIX.test(l.text));
  const tailEnd = appendixStart < 0 ? lines.length : appendixStart;

  const legalBases: string[] = [];
  const preamble: string[] = [];
  const blocks = readBlocks(joinLines(lines.slice(start, end)), legalBases, preamble);
  const appendix = appendixStart < 0 ? [] : readBlocks(joinLines(lines.slice(appendixStart + 1)), [], [], 'Phụ lục');
  return {
    header: lines.slice(0, start).map((l) => l.text),
    legalBases,
    preamble,
    blocks,
    tail: lines.slice(end, tailEnd).map((l) => l.text),
    appendix,
  };
}

/** A line copied from a Word table holds its cells separated by tabs: read it as a table row. */
function tabRow(raw: string): string {
  const cells = raw.split('\t');
  return cells.length >= 3 && !raw.trim().startsWith('|') ? `| ${cells.map((c) => c.trim()).join(' | ')} |` : raw;
}

/** Paragraphs → blocks, each with its clause; legal bases and the preamble go to their lists. */
function readBlocks(paragraphs: Line[], legalBases: string[], preamble: string[], base = ''): Block[] {
  const blocks: Block[] = [];
  let roman = base;
  let section = base;
  let count = 0;
  let rows = 0;
  for (const p of paragraphs) {
    const basis = /^Căn cứ\s+(.*)$/u.exec(p.text);
    if (!roman && basis) {
      legalBases.push(stripEnd(basis[1] ?? ''));
      continue;
    }
    const r = base ? null : ROMAN.exec(p.text);
    if (r) {
      roman = r[1] ?? '';
      section = roman;
      count = 0;
      blocks.push({ kind: 'roman', number: roman, clause: roman, section: roman, text: r[2] ?? '', line: p.line });
      continue;
    }
    if (!roman) {
      preamble.push(p.text);
      continue;
    }
    const row = ROW.exec(p.text);
    if (row) {
      const cells = (row[1] ?? '').split('|').map((c) => clean(c));
      rows += 1;
      blocks.push({
        kind: 'row',
        cells,
        clause: `${section} TT${rows}`,
        section,
        text: cells.join(' | '),
        line: p.line,
      });
      continue;
    }
    const n = NUMBERED.exec(p.text);
    if (n) {
      const number = n[1] ?? n[3] ?? '';
      section = base ? `${base} ${number}` : `${roman}.${number}`;
      count = 0;
      blocks.push({ kind: 'numbered', number, clause: section, section, text: n[2] ?? n[4] ?? '', line: p.line });
      continue;
    }
    const letter = LETTER.exec(p.text);
    const d = letter ? null : DASH.exec(p.text);
    count += 1;
    blocks.push({
      kind: d || letter ? 'item' : 'text',
      ...(letter ? { number: letter[1] ?? '' } : {}),
      clause: letter ? `${section} ${letter[1] ?? ''}` : `${section} ¶${count}`,
      section,
      text: letter ? (letter[2] ?? '') : d ? (d[1] ?? '') : p.text,
      line: p.line,
    });
  }
  return blocks;
}

/** Joins the lines of one paragraph back together (see the head comment for the rule). */
function joinLines(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    const starts = MARKER.test(l.text) || (prev !== undefined && startsParagraph(prev.text, l.text));
    if (prev === undefined || starts) out.push({ ...l });
    else prev.text = `${prev.text} ${l.text}`;
  }
  return out;
}

/**
 * A line that does not start with a marker still starts a paragraph after a finished sentence, after
 * a heading in capitals, and after a numbered heading when it opens with a duty's verb.
 */
function startsParagraph(prev: string, line: string): boolean {
  if (!STARTS_CAPITAL.test(line)) return false;
  if (ENDS_SENTENCE.test(prev)) return true;
  if (ROMAN.test(prev) && isCaps(prev) && !isCaps(line)) return true;
  return NUMBERED.test(prev) && !prev.includes(':') && DUTY_START.test(line);
}

/** Drops the final ";" or "." of an enumerated line. */
export function stripEnd(s: string): string {
  return s.replace(/\s*[;.,]+\s*$/u, '').trim();
}
