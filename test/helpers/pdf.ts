/** PDF pages as pictures, for the tests that keep a look at a document (poppler's pdftoppm). */
import { execFileSync } from 'node:child_process';

/** Renders the first page of a PDF to `${outPrefix}.png` and returns that path. */
export function firstPageToPng(pdfPath: string, outPrefix: string, dpi = 60): string {
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdfPath, outPrefix], {
    timeout: 60_000,
  });
  return `${outPrefix}.png`;
}
