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
import { clean } from './text';

/** One paragraph of the body, with the clause an auditor would cite for it. */
export interface Block {
  kind: 'roman' | 'numbered' | 'item' | 'text';
  /** "III", "1.1" for headings; absent for items and text. */
  number?: string;
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
}

const ROMAN = /^([IVX]{1,4})\.\s*(.*)$/;
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})*)\.\s+(.*)$|^(\d{1,2}(?:\.\d{1,2})+)\s+(.*)$/;
const DASH = /^[-–—•+*]\s*(.*)$/;
const MARKER =
  /^(?:[IVX]{1,4}\.\s|\d{1,2}(?:\.\d{1,2})*\.\s|\d{1,2}(?:\.\d{1,2})+\s|[-–—•+*]\s|Căn cứ(?=\s|$)|Trên đây(?=\s|$))/u;
const ENDS_SENTENCE = /[.;:!?)]$/;
const STARTS_CAPITAL = /^\p{Lu}/u;

interface Line {
  text: string;
  line: number;
}

/** Splits plain text (from any reader) into the parts of a plan document. */
export function outline(text: string): Outline {
  const lines: Line[] = text
    .split(/\r\n|\r|\n/)
    .map((t, i) => ({ text: clean(t), line: i + 1 }))
    .filter((l) => l.text.length > 0);
  const bodyStart = lines.findIndex((l) => /^Căn cứ(?=\s|$)/u.test(l.text) || ROMAN.test(l.text));
  const start = bodyStart < 0 ? lines.length : bodyStart;
  const tailStart = lines.findIndex((l, i) => i >= start && /^Nơi nhận\b/iu.test(l.text));
  const end = tailStart < 0 ? lines.length : tailStart;

  const paragraphs = joinLines(lines.slice(start, end));
  const legalBases: string[] = [];
  const preamble: string[] = [];
  const blocks: Block[] = [];
  let roman = '';
  let section = '';
  let count = 0;
  for (const p of paragraphs) {
    const basis = /^Căn cứ\s+(.*)$/u.exec(p.text);
    if (!roman && basis) {
      legalBases.push(stripEnd(basis[1] ?? ''));
      continue;
    }
    const r = ROMAN.exec(p.text);
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
    const n = NUMBERED.exec(p.text);
    if (n) {
      const number = n[1] ?? n[3] ?? '';
      section = `${roman}.${number}`;
      count = 0;
      blocks.push({ kind: 'numbered', number, clause: section, section, text: n[2] ?? n[4] ?? '', line: p.line });
      continue;
    }
    const d = DASH.exec(p.text);
    count += 1;
    blocks.push({
      kind: d ? 'item' : 'text',
      clause: `${section} ¶${count}`,
      section,
      text: d ? (d[1] ?? '') : p.text,
      line: p.line,
    });
  }
  return {
    header: lines.slice(0, start).map((l) => l.text),
    legalBases,
    preamble,
    blocks,
    tail: lines.slice(end).map((l) => l.text),
  };
}

/** Joins the lines of one paragraph back together (see the head comment for the rule). */
function joinLines(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    const starts =
      MARKER.test(l.text) || (prev !== undefined && ENDS_SENTENCE.test(prev.text) && STARTS_CAPITAL.test(l.text));
    if (prev === undefined || starts) out.push({ ...l });
    else prev.text = `${prev.text} ${l.text}`;
  }
  return out;
}

/** Drops the final ";" or "." of an enumerated line. */
export function stripEnd(s: string): string {
  return s.replace(/\s*[;.,]+\s*$/u, '').trim();
}
