/**
 * A corpus plan's text laid out as Word lays out a plan (Nghị định 30/2020): the header a two-column
 * table whose cells are single paragraphs with line breaks (Shift+Enter) between their lines, the
 * title "KẾ HOẠCH" and its subject in one paragraph broken the same way, the body one paragraph per
 * line, every run of "| … |" lines a real Word table, and "Nơi nhận" | signature as a second
 * two-column table. This is the shape mammoth's raw text read as "KẾ HOẠCHTổ chức …".
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

const run = promisify(execFile);

/**
 * The .docx saved as plain text by LibreOffice (`--convert-to txt:Text`): every table cell a line of
 * its own, an empty cell an empty line. Returns the text file's path.
 */
export async function textFromDocx(docxPath: string, dir: string): Promise<string> {
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      'txt:Text',
      '--outdir',
      join(dir, 'txt'),
      docxPath,
    ],
    { timeout: 150_000 },
  );
  return join(dir, 'txt', docxPath.replace(/^.*\//u, '').replace(/\.docx$/u, '.txt'));
}

const FONT = { font: 'DejaVu Serif', size: 24 };

/** One paragraph holding the lines, separated by line breaks (w:br). */
function broken(lines: readonly string[]): Paragraph {
  return new Paragraph({
    children: lines.map((l, i) => new TextRun({ text: l, ...FONT, ...(i > 0 ? { break: 1 } : {}) })),
  });
}

const para = (l: string): Paragraph => new Paragraph({ children: [new TextRun({ text: l, ...FONT })] });

function twoColumns(left: Paragraph[], right: Paragraph[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ children: [new TableCell({ children: left }), new TableCell({ children: right })] })],
  });
}

function gridTable(rows: readonly string[]): Table {
  const cells = rows.map((r) =>
    r
      .replace(/^\s*\|/u, '')
      .replace(/\|\s*$/u, '')
      .split('|')
      .map((c) => c.trim()),
  );
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: cells.map((row) => new TableRow({ children: row.map((c) => new TableCell({ children: [para(c)] })) })),
  });
}

/** The body: paragraphs, and tables for runs of pipe rows. */
function body(lines: readonly string[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const l = lines[i] ?? '';
    if (!l.startsWith('|')) {
      out.push(para(l));
      continue;
    }
    const rows: string[] = [];
    while (i < lines.length && (lines[i] ?? '').startsWith('|')) rows.push(lines[i++] ?? '');
    i -= 1;
    out.push(gridTable(rows));
  }
  return out;
}

export async function docxFromPlanText(text: string): Promise<Buffer> {
  const lines = text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const motto = lines.findIndex((l) => l.startsWith('CỘNG HÒA'));
  const numberAt = lines.findIndex((l) => l.startsWith('Số:'));
  const titleAt = lines.findIndex((l) => l === 'KẾ HOẠCH');
  const basesAt = lines.findIndex((l) => l.startsWith('Căn cứ'));
  const tailAt = lines.findIndex((l) => l.startsWith('Nơi nhận'));
  const signAt = lines.findIndex((l, i) => i > tailAt && !l.startsWith('-') && !l.startsWith('Nơi nhận'));
  const appendixAt = lines.findIndex((l, i) => i > tailAt && l === 'PHỤ LỤC');
  const number = /^(Số:\s*\S+)\s+(.+)$/u.exec(lines[numberAt] ?? '');
  const signEnd = appendixAt < 0 ? lines.length : appendixAt;
  const doc = new Document({
    sections: [
      {
        children: [
          twoColumns(
            [broken(lines.slice(0, motto)), para(number?.[1] ?? '')],
            [broken(lines.slice(motto, numberAt)), para(number?.[2] ?? '')],
          ),
          broken(lines.slice(titleAt, basesAt)),
          ...body(lines.slice(basesAt, tailAt)),
          twoColumns(lines.slice(tailAt, signAt).map(para), [broken(lines.slice(signAt, signEnd))]),
          ...(appendixAt < 0 ? [] : body(lines.slice(appendixAt))),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
