/**
 * Writes an administrative document (./model) as a .docx with the `docx` library, laid out as
 * Nghị định 30/2020/NĐ-CP, Phụ lục I asks: A4 portrait, margins top and bottom 20 mm, left 30 mm,
 * right 15 mm; Times New Roman throughout; the issuing body and the Quốc hiệu/Tiêu ngữ in a
 * borderless two-column table; body text 14 pt justified with the first line indented 1.27 cm;
 * Nơi nhận 12 pt bold italic with its items in 11 pt; the signer's title and name bold.
 * This file is the one layout source: the PDF is LibreOffice's rendering of these bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
  type IBordersOptions,
  type ITableBordersOptions,
} from 'docx';
import type { AdminDocument, Block, Run, Signature, Signer } from './model';

export const FONT = 'Times New Roman';
/** Sizes in points, as the decree gives them. */
export const PT = { header: 13, nation: 12, body: 14, recipientsLabel: 12, recipients: 11, table: 13 } as const;
/** The decree's margins, in millimetres (within its ranges: top/bottom 20–25, left 30–35, right 15–20). */
export const MARGIN_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;
/** Millimetres to twips (1/1440 inch), rounded: A4 is 11906 × 16838. */
const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);
const A4 = { width: mmToTwip(210), height: mmToTwip(297) };
const TEXT_MM = 210 - MARGIN_MM.left - MARGIN_MM.right;
const TEXT_WIDTH = A4.width - mmToTwip(MARGIN_MM.left) - mmToTwip(MARGIN_MM.right);

const half = (pt: number): number => pt * 2;
/**
 * The borders, built at first use: reading `BorderStyle` loads the docx package, which commands
 * that write no document (the CLI's `--help`, `plan check`) should not pay for.
 */
function borders(): {
  NONE: IBorderOptions;
  LINE: IBorderOptions;
  NO_BORDERS: ITableBordersOptions;
  RULED: ITableBordersOptions;
} {
  const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };
  const all = <T>(b: T) => ({ top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b });
  return { NONE, LINE, NO_BORDERS: all(NONE), RULED: all(LINE) };
}

/** The .docx bytes of a document. */
export async function toDocx(doc: AdminDocument): Promise<Buffer> {
  const d = new Document({
    creator: 'Kehoach',
    title: doc.title,
    description: doc.summary,
    styles: {
      default: {
        document: { run: { font: FONT, size: half(PT.body) }, paragraph: { spacing: { after: 0, line: 276 } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: {
              top: mmToTwip(MARGIN_MM.top),
              bottom: mmToTwip(MARGIN_MM.bottom),
              left: mmToTwip(MARGIN_MM.left),
              right: mmToTwip(MARGIN_MM.right),
              header: mmToTwip(10),
              footer: mmToTwip(10),
            },
          },
        },
        children: [
          headerTable(doc),
          gap(),
          centered([{ text: doc.type, bold: true }], PT.body),
          centered([{ text: doc.summary, bold: true }], PT.body),
          rule(TEXT_MM, 40),
          gap(),
          ...doc.body.flatMap(block),
          gap(),
          ...closing(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(d);
}

// ---- the header: issuing body | Quốc hiệu, Tiêu ngữ ----

function headerTable(doc: AdminDocument): Table {
  const issuer = [
    ...(doc.issuer.parent ? [centered([{ text: doc.issuer.parent.toLocaleUpperCase('vi') }], PT.header)] : []),
    centered([{ text: doc.issuer.body.toLocaleUpperCase('vi'), bold: true }], PT.header),
    rule(TEXT_MM * 0.38, 25),
  ];
  const nation = [
    centered([{ text: 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true }], PT.nation),
    centered([{ text: 'Độc lập - Tự do - Hạnh phúc', bold: true }], PT.body),
    rule(TEXT_MM * 0.62, 62),
  ];
  // Two rows, so that the số/ký hiệu and the place and date stand on one line.
  return layoutTable(
    [
      [issuer, nation],
      [[centered([{ text: doc.number }], PT.header)], [centered([{ text: doc.placeDate, italic: true }], PT.body)]],
    ],
    [38, 62],
  );
}

// ---- the body ----

function block(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [
        new Paragraph({
          spacing: { before: 120, after: 60 },
          keepNext: true,
          children: [run({ text: b.text, bold: true }, PT.body)],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: mmToTwip(12.7) },
          spacing: { before: 60, after: 60 },
          children: b.runs.map((r) => run(r, PT.body)),
        }),
      ];
    case 'list':
      return b.items.map(
        (item) =>
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: mmToTwip(12.7) },
            spacing: { before: 30, after: 30 },
            children: [run({ text: `- ${item}` }, PT.body)],
          }),
      );
    case 'table':
      return [ruledTable(b), gap()];
  }
}

function ruledTable(b: Extract<Block, { kind: 'table' }>): Table {
  const widths = twips(b.widths);
  const cell = (text: string, col: number, header: boolean): TableCell =>
    new TableCell({
      width: { size: widths[col] ?? 0, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 30, bottom: 30, left: 50, right: 50 },
      children: text.split('\n').map(
        (line) =>
          new Paragraph({
            alignment: header || b.centered?.includes(col) ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [run({ text: line, bold: header }, PT.table)],
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: borders().RULED,
    rows: [
      new TableRow({ tableHeader: true, children: b.header.map((h, i) => cell(h, i, true)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

// ---- Nơi nhận and the signature ----

function closing(doc: AdminDocument): (Paragraph | Table)[] {
  const recipients = [
    new Paragraph({ children: [run({ text: 'Nơi nhận:', bold: true, italic: true }, PT.recipientsLabel)] }),
    ...doc.recipients.map(
      (r, i) =>
        new Paragraph({
          children: [run({ text: `- ${r}${i === doc.recipients.length - 1 ? '.' : ';'}` }, PT.recipients)],
        }),
    ),
  ];
  const s: Signature = doc.signature;
  if (s.kind === 'single') {
    const sign = [
      ...(s.authority ? [centered([{ text: s.authority.toLocaleUpperCase('vi'), bold: true }], PT.body)] : []),
      centered([{ text: s.title.toLocaleUpperCase('vi'), bold: true }], PT.body),
      gap(),
      gap(),
      gap(),
      centered([{ text: s.name, bold: true }], PT.body),
    ];
    return [layoutTable([[recipients, sign]], [45, 55])];
  }
  return [layoutTable([[signer(s.left), signer(s.right)]], [50, 50]), gap(), ...recipients];
}

function signer(s: Signer): Paragraph[] {
  return [
    centered([{ text: s.title.toLocaleUpperCase('vi'), bold: true }], PT.body),
    ...(s.body ? [centered([{ text: s.body, italic: true }], PT.body)] : []),
    gap(),
    ...(s.note ? [centered([{ text: s.note, italic: true }], PT.recipientsLabel)] : [gap()]),
    gap(),
    centered([{ text: s.name || '……………………', bold: true }], PT.body),
  ];
}

// ---- small parts ----

function run(r: Run, pt: number): TextRun {
  return new TextRun({
    text: r.text.normalize('NFC'),
    bold: r.bold === true,
    italics: r.italic === true,
    size: half(pt),
    font: FONT,
  });
}

function centered(runs: Run[], pt: number): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: runs.map((r) => run(r, pt)) });
}

function gap(): Paragraph {
  return new Paragraph({ children: [] });
}

/** A short centred line (under the issuing body, the Tiêu ngữ and the trích yếu): `width` of a `container`, in mm. */
function rule(container: number, width: number): Paragraph {
  const border: IBordersOptions = { top: borders().LINE };
  const side = mmToTwip(Math.max(0, (container - width) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    border,
    indent: { left: side, right: side },
    spacing: { before: 100, after: 60 },
    children: [],
  });
}

/** A borderless table that places blocks side by side (header, closing); widths in percent. */
function layoutTable(rows: Paragraph[][][], percents: number[]): Table {
  const widths = twips(percents);
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: borders().NO_BORDERS,
    rows: rows.map(
      (cells) =>
        new TableRow({
          children: cells.map(
            (children, i) =>
              new TableCell({
                width: { size: widths[i] ?? 0, type: WidthType.DXA },
                borders: { top: borders().NONE, bottom: borders().NONE, left: borders().NONE, right: borders().NONE },
                children,
              }),
          ),
        }),
    ),
  });
}

function twips(percents: number[]): number[] {
  const total = percents.reduce((a, b) => a + b, 0);
  return percents.map((p) => Math.floor((TEXT_WIDTH * p) / total));
}
