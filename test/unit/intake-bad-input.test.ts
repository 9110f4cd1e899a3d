/**
 * Bad documents given to `kehoach plan import`: each is refused with one sentence naming the
 * file and the reason, exit code 2, and no draft written. The files are made here (a zip bomb,
 * a damaged .docx, an image-only and a password PDF through LibreOffice) except the password
 * .docx, which only Office-grade encryption tools can make (test/fixtures/intake/README.md).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from '../../domain/limits';
import { importDocument, ImportRefusal } from '../../intake/import';
import type { RefusalCode } from '../../intake/import-refusal';
import { docxFromLines, docxWithPicture, firstPagePng, pdfFromDocx, writeBytes } from '../helpers/intake-docs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED_TEXT = fileURLToPath(new URL('../fixtures/intake/ke-hoach-hoi-nghi-tong-ket-2022.txt', import.meta.url));
const PASSWORD_DOCX = join(ROOT, 'test/fixtures/intake/password-protected.docx');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kehoach(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', ['bin/kehoach.mjs', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehoach-intake-bad-'));
  const seedText = await readFile(SEED_TEXT, 'utf8');
  const seedDocx = await docxFromLines(seedText);

  files.randomText = await writeBytes(
    join(dir, 'ghi-chu.txt'),
    Buffer.from('Hôm nay trời đẹp. Chiều nay họp tổ lúc 15 giờ.\nNhớ mang theo sổ tay.\n', 'utf8'),
  );
  files.otherDocx = await writeBytes(
    join(dir, 'bien-ban.docx'),
    await docxFromLines(
      'BIÊN BẢN HỌP\nThời gian: 8 giờ ngày 5/3/2023\nThành phần: Tổ văn phòng\nNội dung: thống nhất lịch trực Tết.',
    ),
  );
  files.notDocxZip = await writeBytes(
    join(dir, 'anh.docx'),
    await new JSZip().file('readme.txt', 'không phải văn bản Word').generateAsync({ type: 'nodebuffer' }),
  );
  files.corruptDocx = await writeBytes(join(dir, 'hong.docx'), seedDocx.subarray(0, Math.floor(seedDocx.length / 2)));
  files.zipBomb = await writeBytes(
    join(dir, 'bom.docx'),
    await new JSZip()
      .file('[Content_Types].xml', '<Types/>')
      .file('word/document.xml', Buffer.alloc(20 * 1024 * 1024, 0x20))
      .generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }),
  );
  files.binary = await writeBytes(join(dir, 'du-lieu.bin'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x20]));
  files.tooLarge = join(dir, 'rat-lon.txt');
  await writeFile(files.tooLarge, '');
  await truncate(files.tooLarge, DOCUMENT_LIMITS.bytes + 1);

  const seedDocxPath = await writeBytes(join(dir, 'seed.docx'), seedDocx);
  const seedPdf = await pdfFromDocx(seedDocxPath, dir);
  const scanDocx = await writeBytes(
    join(dir, 'ban-quet.docx'),
    await docxWithPicture(await firstPagePng(seedPdf, dir)),
  );
  files.imageOnlyPdf = await pdfFromDocx(scanDocx, dir);
  const lockedDir = join(dir, 'locked');
  files.passwordPdf = await pdfFromDocx(
    seedDocxPath,
    lockedDir,
    '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"matkhau"}}',
  );
  files.passwordDocx = PASSWORD_DOCX;
  // Content, not the name, decides the reader: the seed's text named .docx, its .docx named .txt.
  files.textNamedDocx = await writeBytes(join(dir, 'van-ban-that-ra-la-chu.docx'), Buffer.from(seedText, 'utf8'));
  files.docxNamedTxt = await writeBytes(join(dir, 'that-ra-la-word.txt'), seedDocx);
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CASES: { name: string; file: string; code: RefusalCode; vi: RegExp; en: RegExp }[] = [
  {
    name: 'a text that is not a plan',
    file: 'randomText',
    code: 'not-a-plan',
    vi: /không phải là một kế hoạch/,
    en: /is not a plan/,
  },
  {
    name: 'a .docx of something else',
    file: 'otherDocx',
    code: 'not-a-plan',
    vi: /không phải là một kế hoạch/,
    en: /is not a plan/,
  },
  {
    name: 'a zip that is not a .docx',
    file: 'notDocxZip',
    code: 'not-a-document',
    vi: /không phải văn bản Word/,
    en: /not a Word document/,
  },
  { name: 'a damaged .docx', file: 'corruptDocx', code: 'corrupt', vi: /bị hỏng/, en: /damaged/ },
  {
    name: 'a zip bomb',
    file: 'zipBomb',
    code: 'zip-bomb',
    vi: /dung lượng giải nén quá lớn/,
    en: /too much content once unpacked/,
  },
  {
    name: 'a binary file',
    file: 'binary',
    code: 'not-a-document',
    vi: /không phải là văn bản/,
    en: /is not a \.docx, \.pdf or \.txt/,
  },
  {
    name: 'a file over the size limit',
    file: 'tooLarge',
    code: 'too-large',
    vi: /lớn hơn 10 MiB/,
    en: /larger than 10 MiB/,
  },
  { name: 'an image-only PDF', file: 'imageOnlyPdf', code: 'no-text', vi: /không có lớp chữ/, en: /no text layer/ },
  {
    name: 'a password-protected PDF',
    file: 'passwordPdf',
    code: 'encrypted',
    vi: /đặt mật khẩu/,
    en: /password-protected/,
  },
  {
    name: 'a password-protected .docx',
    file: 'passwordDocx',
    code: 'encrypted',
    vi: /đặt mật khẩu/,
    en: /password-protected/,
  },
];

describe('kehoach plan import refuses bad documents', { timeout: 60_000 }, () => {
  for (const c of CASES) {
    it(`refuses ${c.name}: one sentence, exit 2, nothing written`, async () => {
      const file = files[c.file] as string;
      const out = join(dir, `${c.file}.draft.yaml`);
      const vi = await kehoach('plan', 'import', file, '--out', out);
      expect(vi.code).toBe(2);
      expect(vi.stdout).toBe('');
      expect(vi.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(vi.stderr).toMatch(c.vi);
      expect(vi.stderr.startsWith(`${file}: `)).toBe(true);
      expect(existsSync(out)).toBe(false);
      // The same refusal in English, from the importer itself (the CLI only picks the language).
      const bytes =
        c.file === 'tooLarge' ? new Uint8Array(DOCUMENT_LIMITS.bytes + 1) : new Uint8Array(await readFile(file));
      const refusal = await importDocument(bytes, 'x').catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ImportRefusal);
      expect((refusal as ImportRefusal).code).toBe(c.code);
      expect((refusal as ImportRefusal).en).toMatch(c.en);
    });
  }

  it('refuses a file that does not exist, exit 2', async () => {
    const run = await kehoach('plan', 'import', join(dir, 'khong-co.docx'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ENOENT');
  });

  it('reads by content, not by name: text named .docx and a .docx named .txt are both read', async () => {
    const asText = await importDocument(new Uint8Array(await readFile(files.textNamedDocx as string)), 'a.docx');
    expect(asText.format).toBe('txt');
    const asDocx = await importDocument(new Uint8Array(await readFile(files.docxNamedTxt as string)), 'a.txt');
    expect(asDocx.format).toBe('docx');
    expect(asDocx.plan.units).toEqual(asText.plan.units);
  });
});
