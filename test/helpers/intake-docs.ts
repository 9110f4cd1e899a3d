/**
 * Documents the importer tests make for themselves: a .docx from lines of text (docx library),
 * a PDF from a .docx through LibreOffice headless (optionally with an open password), a page
 * rendered to PNG by poppler (a "scan"), and a .docx holding only that picture.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { firstPageToPng } from './pdf';

const run = promisify(execFile);

/** One Word paragraph per non-blank line, in a font with every Vietnamese glyph. */
export async function docxFromLines(text: string): Promise<Buffer> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const doc = new Document({
    sections: [
      {
        children: lines.map(
          (l) => new Paragraph({ children: [new TextRun({ text: l.trim(), font: 'DejaVu Serif', size: 26 })] }),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * The seed laid out as Word lays out a plan: the header (issuing body and number | motto, place
 * and date) and the signature (Nơi nhận | signer) as two-column tables, the body between them.
 */
export async function docxWithTables(text: string): Promise<Buffer> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const p = (l: string): Paragraph =>
    new Paragraph({ children: [new TextRun({ text: l, font: 'DejaVu Serif', size: 26 })] });
  const cells = (left: string[], right: string[]): Table =>
    new Table({
      rows: [
        new TableRow({
          children: [new TableCell({ children: left.map(p) }), new TableCell({ children: right.map(p) })],
        }),
      ],
    });
  const motto = lines.findIndex((l) => l.startsWith('CỘNG HÒA'));
  const numberAt = lines.findIndex((l) => l.startsWith('Số:'));
  const numberLine = lines[numberAt] ?? '';
  const cut = numberLine.indexOf(' Tủa Chùa,');
  const recipientsAt = lines.findIndex((l) => l.startsWith('Nơi nhận'));
  const signAt = lines.findIndex((l) => l.startsWith('TM.'));
  const doc = new Document({
    sections: [
      {
        children: [
          cells(
            [...lines.slice(0, motto), numberLine.slice(0, cut)],
            [...lines.slice(motto, numberAt), numberLine.slice(cut + 1)],
          ),
          ...lines.slice(numberAt + 1, recipientsAt).map(p),
          cells(lines.slice(recipientsAt, signAt), lines.slice(signAt)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A .docx whose only content is a picture. */
export async function docxWithPicture(png: Buffer): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: png, transformation: { width: 500, height: 700 } })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Converts a .docx to PDF with LibreOffice (its own profile in `dir`); returns the PDF's path. */
export async function pdfFromDocx(docxPath: string, dir: string, filterOptions?: string): Promise<string> {
  const target = filterOptions === undefined ? 'pdf' : `pdf:writer_pdf_Export:${filterOptions}`;
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
      '--headless',
      '--convert-to',
      target,
      '--outdir',
      dir,
      docxPath,
    ],
    { timeout: 150_000 },
  );
  return join(dir, basename(docxPath).replace(/\.docx$/u, '.pdf'));
}

/** The first page of a PDF as a PNG (poppler's pdftoppm). */
export async function firstPagePng(pdfPath: string, dir: string): Promise<Buffer> {
  return readFile(firstPageToPng(pdfPath, join(dir, 'page'), 40));
}

export async function writeBytes(path: string, bytes: Uint8Array | Buffer): Promise<string> {
  await writeFile(path, bytes);
  return path;
}
