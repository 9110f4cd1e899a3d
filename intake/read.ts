/**
 * Document bytes → text, for the three formats a plan arrives in. The format is recognised by
 * content (magic bytes), not by the file's name: `%PDF-` is a PDF, a zip with `word/document.xml`
 * is a .docx, an OLE compound file is a password-protected Office file (or an old .doc), and
 * anything else must be UTF-8 text. Libraries read the formats: mammoth (.docx → the
 * HTML of the body, read into lines and table rows by `docx-text.ts`), pdfjs-dist's legacy build (the PDF's text layer, on Node 20), jszip
 * (the .docx's central directory, to check declared sizes before mammoth inflates anything).
 */
import type JSZip from 'jszip';
import { DOCUMENT_LIMITS } from '../domain/limits';
import { htmlToText } from './docx-text';
import { pageLines, type PdfLine, type PdfTextItem } from './pdf-lines';
import { withTables } from './pdf-table';
import { refuse } from './import-refusal';

export type DocumentFormat = 'txt' | 'docx' | 'pdf';

const MiB = 1024 * 1024;
const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  sig.every((b, i) => bytes[at + i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const IMAGES: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
];

/** Which reader a file needs, from its first bytes. */
export function sniff(bytes: Uint8Array): DocumentFormat | 'zip' | 'ole' | 'image' | 'binary' {
  if (startsWith(bytes, PDF) || indexOf(bytes.subarray(0, 1024), PDF) >= 0) return 'pdf';
  if (startsWith(bytes, ZIP)) return 'zip';
  if (startsWith(bytes, OLE)) return 'ole';
  if (IMAGES.some((sig) => startsWith(bytes, sig))) return 'image';
  return bytes.subarray(0, 8192).includes(0) ? 'binary' : 'txt';
}

/** Reads a document's text; refuses (ImportRefusal) anything that is not a readable document. */
export async function readDocument(bytes: Uint8Array, name: string): Promise<{ format: DocumentFormat; text: string }> {
  if (bytes.byteLength > DOCUMENT_LIMITS.bytes) {
    throw refuse(
      'too-large',
      `Tệp "${name}" lớn hơn ${DOCUMENT_LIMITS.bytes / MiB} MiB; một kế hoạch chỉ vài trang`,
      `File "${name}" is larger than ${DOCUMENT_LIMITS.bytes / MiB} MiB; a plan is a few pages`,
    );
  }
  const kind = sniff(bytes);
  let out: { format: DocumentFormat; text: string } | undefined;
  switch (kind) {
    case 'pdf':
      out = { format: 'pdf', text: await readPdf(bytes, name) };
      break;
    case 'zip':
      out = { format: 'docx', text: await readDocx(bytes, name) };
      break;
    case 'ole':
      throw oleRefusal(bytes, name);
    case 'image':
      throw refuse(
        'no-text',
        `Tệp "${name}" là một ảnh, không có chữ để đọc; hãy dùng tệp .docx, .pdf có lớp chữ hoặc .txt`,
        `File "${name}" is an image with no text to read; use a .docx, a PDF with a text layer, or a .txt`,
      );
    case 'binary':
      throw notADocument(name);
    case 'txt':
      out = { format: 'txt', text: decodeText(bytes, name) };
      break;
  }
  if (out === undefined) throw notADocument(name);
  if (out.text.length > DOCUMENT_LIMITS.textChars) {
    throw refuse(
      'too-large',
      `Tệp "${name}" có hơn ${DOCUMENT_LIMITS.textChars} ký tự; một kế hoạch chỉ vài trang`,
      `File "${name}" holds more than ${DOCUMENT_LIMITS.textChars} characters; a plan is a few pages`,
    );
  }
  return out;
}

function notADocument(name: string): Error {
  return refuse(
    'not-a-document',
    `Tệp "${name}" không phải là văn bản .docx, .pdf hay .txt`,
    `File "${name}" is not a .docx, .pdf or .txt document`,
  );
}

function decodeText(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch (e) {
    throw refuse(
      'not-a-document',
      `Tệp "${name}" không phải là văn bản UTF-8, .docx hay .pdf`,
      `File "${name}" is neither UTF-8 text nor a .docx or .pdf`,
      e,
    );
  }
}

/** An OLE file is how Office stores a password-protected .docx ("EncryptedPackage"), or an old .doc. */
function oleRefusal(bytes: Uint8Array, name: string): Error {
  const marker = Buffer.from('EncryptedPackage', 'utf16le');
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(marker)) {
    return refuse(
      'encrypted',
      `Tệp "${name}" được đặt mật khẩu; hãy gỡ mật khẩu trong Word rồi nhập lại`,
      `File "${name}" is password-protected; remove the password in Word and import it again`,
    );
  }
  return refuse(
    'legacy-doc',
    `Tệp "${name}" là định dạng Word cũ (.doc); hãy lưu thành .docx rồi nhập lại`,
    `File "${name}" is an old Word file (.doc); save it as .docx and import it again`,
  );
}

interface ZipEntryData {
  compressedSize?: number;
  uncompressedSize?: number;
}

async function readDocx(bytes: Uint8Array, name: string): Promise<string> {
  // Loaded here, not at start: every CLI command would pay for them otherwise.
  const { default: JSZipLib } = await import('jszip');
  let zip: JSZip;
  try {
    // Reads the central directory only; nothing is inflated yet.
    zip = await JSZipLib.loadAsync(bytes, { checkCRC32: false });
  } catch (e) {
    throw corrupt(name, e);
  }
  const entries = Object.values(zip.files);
  if (entries.length > DOCUMENT_LIMITS.zipEntries) throw bomb(name);
  let total = 0;
  for (const entry of entries) {
    // jszip keeps each entry's declared sizes from the central directory on `_data`.
    const data = (entry as unknown as { _data?: ZipEntryData })._data ?? {};
    const size = data.uncompressedSize ?? 0;
    const packed = Math.max(1, data.compressedSize ?? 0);
    total += size;
    if (total > DOCUMENT_LIMITS.unzippedBytes || (size > MiB && size / packed > DOCUMENT_LIMITS.zipRatio))
      throw bomb(name);
  }
  if (!zip.file('word/document.xml')) {
    throw refuse(
      'not-a-document',
      `Tệp "${name}" là tệp nén nhưng không phải văn bản Word (.docx)`,
      `File "${name}" is a zip archive but not a Word document (.docx)`,
    );
  }
  try {
    const { default: mammoth } = await import('mammoth');
    // HTML, not raw text: raw text drops line breaks and flattens tables (see docx-text.ts).
    const result = await mammoth.convertToHtml({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    return htmlToText(result.value);
  } catch (e) {
    throw corrupt(name, e);
  }
}

function corrupt(name: string, cause: unknown): Error {
  return refuse(
    'corrupt',
    `Tệp "${name}" bị hỏng, không đọc được; hãy mở và lưu lại bằng Word rồi nhập lại`,
    `File "${name}" is damaged and cannot be read; open and save it again in Word, then import it`,
    cause,
  );
}

function bomb(name: string): Error {
  return refuse(
    'zip-bomb',
    `Tệp "${name}" khai báo dung lượng giải nén quá lớn (quá ${DOCUMENT_LIMITS.unzippedBytes / MiB} MiB hoặc tỉ lệ nén bất thường); không mở`,
    `File "${name}" declares too much content once unpacked (over ${DOCUMENT_LIMITS.unzippedBytes / MiB} MiB or an abnormal compression ratio); not opened`,
  );
}

async function readPdf(bytes: Uint8Array, name: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    if (e instanceof Error && e.name === 'PasswordException') {
      throw refuse(
        'encrypted',
        `Tệp PDF "${name}" được đặt mật khẩu; hãy dùng bản không mật khẩu`,
        `PDF "${name}" is password-protected; use a copy without a password`,
        e,
      );
    }
    throw refuse(
      'corrupt',
      `Tệp PDF "${name}" bị hỏng, không đọc được`,
      `PDF "${name}" is damaged and cannot be read`,
      e,
    );
  }
  try {
    if (doc.numPages > DOCUMENT_LIMITS.pdfPages) {
      throw refuse(
        'too-large',
        `Tệp PDF "${name}" có ${doc.numPages} trang (tối đa ${DOCUMENT_LIMITS.pdfPages}); một kế hoạch chỉ vài trang`,
        `PDF "${name}" has ${doc.numPages} pages (at most ${DOCUMENT_LIMITS.pdfPages}); a plan is a few pages`,
      );
    }
    const lines: PdfLine[] = [];
    for (let p = 1; p <= doc.numPages; p += 1) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      lines.push(...pageLines(content.items as PdfTextItem[]));
      page.cleanup();
    }
    const text = withTables(lines).join('\n');
    if (text.replace(/\s/gu, '').length < 20) {
      throw refuse(
        'no-text',
        `Tệp PDF "${name}" không có lớp chữ (bản quét là ảnh); hãy dùng bản .docx hoặc PDF xuất từ Word`,
        `PDF "${name}" has no text layer (a scanned image); use the .docx or a PDF exported from Word`,
      );
    }
    return text;
  } finally {
    await doc.destroy();
  }
}

function indexOf(haystack: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
