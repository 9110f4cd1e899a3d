/**
 * The administrative documents of the rehearsed seed conference, built offline from its stored
 * histories (test/fixtures/histories/seed*.json) as the organizer and the auditor download them:
 * each .docx is read back (mammoth for the text, jszip for the XML: Times New Roman, 13–14 pt for
 * the body, A4 with the margins of Nghị định 30/2020), converted to PDF by the real LibreOffice
 * and its first page rendered to PNG (pdftoppm -r 60) into test-artifacts/documents/, where a
 * person looks at the layout.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistoryFiles, type WorkflowHistory } from '../../audit';
import { formatAdministrativeDate, formatShortLocal } from '../../domain/time';
import { docxToPdf } from '../../engine/pdf';
import {
  buildDocument,
  conferenceRecord,
  DOCUMENT_KINDS,
  isRefusal,
  toDocx,
  type AdminDocument,
  type ConferenceRecord,
  type DocumentKind,
} from '../../present/documents';
import { standingOf } from '../../present/tasks';
import { HISTORIES_DIR } from '../helpers/histories';
import { firstPageToPng } from '../helpers/pdf';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'documents');
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

async function histories(set: string): Promise<WorkflowHistory[]> {
  const mine = files.filter(
    (f) => f === `${set}.json` || (f.startsWith(`${set}.`) && /^[a-z-]+\.json$/.test(f.slice(set.length + 1))),
  );
  return readHistoryFiles(mine.map((f) => HISTORIES_DIR + f));
}

let seed: ConferenceRecord;
let living: ConferenceRecord;
const built = new Map<DocumentKind, { doc: AdminDocument; docx: Buffer; text: string; xml: string }>();

function made(kind: DocumentKind) {
  const b = built.get(kind);
  if (!b) throw new Error(`${kind} was not built`);
  return b;
}

/** The document's text as a reader of the .docx gets it, one paragraph a line. */
async function textOf(docx: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: docx })).value.replace(/\n{2,}/g, '\n');
}

beforeAll(async () => {
  seed = conferenceRecord({ histories: await histories('seed') });
  living = conferenceRecord({ histories: await histories('living') });
  for (const kind of DOCUMENT_KINDS) {
    const doc = buildDocument(kind, seed);
    if (isRefusal(doc)) throw new Error(`${kind}: ${doc.en}`);
    const docx = await toDocx(doc);
    const zip = await JSZip.loadAsync(docx);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    built.set(kind, { doc, docx, text: await textOf(docx), xml });
  }
});

describe('every document has the layout of Nghị định 30/2020', () => {
  for (const kind of DOCUMENT_KINDS) {
    it(`${kind}: header, số/ký hiệu, place and date, Nơi nhận and signature, in the .docx as written`, () => {
      const { text, doc } = made(kind);
      const lines = text.split('\n').map((l) => l.trim());
      // The issuing body (from the plan's issuer), then the Quốc hiệu and the Tiêu ngữ.
      expect(lines.slice(0, 6)).toEqual([
        'UBND TỈNH ĐIỆN BIÊN',
        'CỤM THI ĐUA HUYỆN VÙNG CAO',
        'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        expect.stringMatching(/^Số: …\/(BC|BB)-CTĐHVC$/),
        expect.stringMatching(/^Tủa Chùa, ngày \d{1,2} tháng \d{1,2} năm 2023$/),
      ]);
      expect(lines).toContain(kind === 'flag-handover' ? 'BIÊN BẢN' : 'BÁO CÁO');
      expect(lines).toContain(doc.summary);
      const nơiNhận = lines.indexOf('Nơi nhận:');
      expect(nơiNhận).toBeGreaterThan(6);
      expect(lines[nơiNhận + 1]).toMatch(/^- .+;$/);
      expect(lines.slice(nơiNhận).some((l) => /^- Lưu: .+\.$/.test(l))).toBe(true);
      if (doc.signature.kind === 'single') {
        expect(lines).toContain('CHỦ TỊCH UBND HUYỆN TỦA CHÙA');
        expect(lines).toContain('Lường Tuấn Anh');
      }
    });

    it(`${kind}: Times New Roman, body 14 pt, A4 with the decree's margins`, () => {
      const { xml } = made(kind);
      const fonts = [...xml.matchAll(/<w:rFonts w:ascii="([^"]+)"/g)].map((m) => m[1]);
      expect(fonts.length).toBeGreaterThan(20);
      expect(new Set(fonts)).toEqual(new Set(['Times New Roman']));
      // Half-points: 14 pt body, 13 pt header and tables, 12 pt Quốc hiệu and "Nơi nhận:", 11 pt its items.
      const sizes = [...xml.matchAll(/<w:sz w:val="(\d+)"/g)].map((m) => Number(m[1]) / 2);
      expect(new Set(sizes)).toEqual(new Set([11, 12, 13, 14]));
      // Every paragraph of the body (justified) is in 14 pt.
      const body = xml.split('<w:p>').filter((p) => p.includes('<w:jc w:val="both"/>'));
      expect(body.length).toBeGreaterThan(3);
      const bodySizes = body.flatMap((p) => [...p.matchAll(/<w:sz w:val="(\d+)"/g)].map((m) => Number(m[1]) / 2));
      expect(new Set(bodySizes)).toEqual(new Set([14]));
      const section = /<w:sectPr>.*<\/w:sectPr>/.exec(xml)?.[0] ?? '';
      expect(section).toMatch(/<w:pgSz w:w="11906" w:h="16838"/); // A4 portrait, in twips
      const margin = (side: string): number =>
        Number(new RegExp(`<w:pgMar[^>]* w:${side}="(\\d+)"`).exec(section)?.[1]);
      const mm = (twips: number): number => Math.round((twips * 25.4) / 1440);
      expect(mm(margin('top'))).toBeGreaterThanOrEqual(20);
      expect(mm(margin('top'))).toBeLessThanOrEqual(25);
      expect(mm(margin('bottom'))).toBeGreaterThanOrEqual(20);
      expect(mm(margin('bottom'))).toBeLessThanOrEqual(25);
      expect(mm(margin('left'))).toBeGreaterThanOrEqual(30);
      expect(mm(margin('left'))).toBeLessThanOrEqual(35);
      expect(mm(margin('right'))).toBeGreaterThanOrEqual(15);
      expect(mm(margin('right'))).toBeLessThanOrEqual(20);
    });
  }
});

describe('what each document says of the seed conference', () => {
  it('the progress report counts done, late, overdue and waiting by responsibility and by unit, and lists the problems raised', async () => {
    const { text } = made('progress');
    const tasks = seed.responsibilities.flatMap((r) => r.tasks);
    const late = tasks.filter((t) => standingOf(t) === 'late').length;
    expect(late).toBeGreaterThan(0);
    expect(text).toContain(
      `Kế hoạch có ${tasks.length} công việc: đã hoàn thành ${tasks.length} (trong đó trễ hạn ${late})`,
    );
    for (const r of seed.responsibilities) expect(text).toContain(`${r.title} (${r.clause})`);
    expect(text).toContain('II. TIẾN ĐỘ THEO NHIỆM VỤ');
    expect(text).toContain('III. TIẾN ĐỘ THEO ĐƠN VỊ');
    expect(text).toContain('UBND huyện Điện Biên Đông');
    // The budget estimate was sent back in the seed run: its reason is in the report, whole.
    const sendBack = seed.rows.find((r) => r.action === 'sendBack');
    const reason = /lý do: (.+)$/.exec(sendBack?.detail ?? '')?.[1] ?? 'missing';
    expect(text).toContain(`trả lại, yêu cầu làm lại; lý do: ${reason}`);

    // A running conference's report: the request for more time, its answer, the return and the progress note.
    const running = await textOf(await toDocx(buildDocument('progress', living) as AdminDocument));
    expect(running).toContain('xin gia hạn đến 22/03/2023 17:00');
    expect(running).toContain('đồng ý gia hạn');
    expect(running).toContain('trả lại kết quả, công việc mở lại');
    expect(running).toContain('tiến độ 60 %');
    expect(running).toMatch(/đang thực hiện [1-9]/);
  });

  it('the final report names every duty, who did it and when, on time or late, with its returns', () => {
    const { text } = made('final');
    const tasks = seed.responsibilities.flatMap((r) => r.tasks);
    for (const t of tasks) expect(text).toContain(`${t.title} (${t.clause})`);
    const lateOnes = tasks.filter((t) => t.late);
    expect(text.split('\n').filter((l) => l.trim() === 'xong trễ hạn')).toHaveLength(lateOnes.length);
    expect(text.split('\n').filter((l) => l.trim() === 'xong đúng hạn')).toHaveLength(tasks.length - lateOnes.length);
    const estimate = tasks.find((t) => t.history.some((h) => h.action === 'sendBack'));
    const by = estimate?.history.find((h) => h.action === 'submit')?.actor.person ?? 'missing';
    expect(text).toContain(`Phòng Nội vụ huyện Tủa Chùa (${by})`);
    expect(text).toContain(`tổ chức ${formatAdministrativeDate(seed.date ?? '', 'vi')}`);
  });

  it("the flag handover's minutes carry both sides' confirmations, who and when", () => {
    const { text, doc } = made('flag-handover');
    const handover = seed.responsibilities.find((r) => r.id === 'flag')?.tasks.find((t) => t.kind === 'signoff');
    const signs = handover?.history.filter((h) => h.action === 'sign') ?? [];
    expect(signs).toHaveLength(2);
    expect(text).toContain('1. Bên giao: UBND huyện Tủa Chùa');
    expect(text).toContain('2. Bên nhận: UBND huyện Mường Chà');
    for (const s of signs) {
      expect(text).toContain(`xác nhận lúc ${formatShortLocal(s.at)}, người xác nhận: ${s.actor.person}`);
      expect(text).toContain(`Đã xác nhận lúc ${formatShortLocal(s.at)}`);
    }
    expect(doc.signature.kind).toBe('two');
    expect(text).toContain('ĐẠI DIỆN BÊN GIAO');
    expect(text).toContain('ĐẠI DIỆN BÊN NHẬN');
  });

  it("the audit summary's counts are the audit trail's", () => {
    const { text } = made('audit-summary');
    const n = (f: (r: (typeof seed.rows)[number]) => boolean): number => seed.rows.filter(f).length;
    const lines = text.split('\n').map((l) => l.trim());
    const after = (label: string): string => lines[lines.indexOf(label) + 1] ?? '';
    expect(after('Thao tác đúng hạn')).toBe(String(n((r) => r.kind === 'action' && r.timing === 'onTime')));
    expect(after('Thao tác trễ hạn')).toBe(String(n((r) => r.kind === 'action' && r.timing === 'late')));
    expect(after('Nhắc hạn')).toBe(String(n((r) => r.kind === 'reminder')));
    expect(after('Báo quá hạn')).toBe(String(n((r) => r.kind === 'overdue')));
    expect(text).toContain(`gồm ${seed.rows.length} dòng`);
    for (const id of new Set(seed.rows.flatMap((r) => (r.workflowId ? [r.workflowId] : []))))
      expect(text).toContain(id);
  });

  it('a plan without a flag handover refuses the minutes, naming the kind', () => {
    const refused = buildDocument('flag-handover', living);
    expect(isRefusal(refused) && refused.field).toBe('kind');
  });
});

describe('PDF through LibreOffice, first page kept as PNG', () => {
  it(
    'each document converts to an A4 PDF with the same words, and its first page is rendered',
    { timeout: 180_000 },
    async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      // One after another: the machine is shared, and each conversion starts LibreOffice once.
      for (const kind of DOCUMENT_KINDS) {
        const { docx, doc } = made(kind);
        const pdf = await docxToPdf(docx);
        const pdfPath = join(ARTIFACTS, `seed-${kind}.pdf`);
        writeFileSync(join(ARTIFACTS, `seed-${kind}.docx`), docx);
        writeFileSync(pdfPath, pdf);
        const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
        expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
        const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfPath, '-'], { encoding: 'utf8' });
        expect(first).toContain('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM');
        expect(first).toContain('Độc lập - Tự do - Hạnh phúc');
        expect(first).toMatch(/Tủa Chùa, ngày \d{1,2} tháng \d{1,2} năm 2023/);
        expect(first).toContain(doc.type);
        const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
        expect(fonts).toMatch(/TimesNewRoman|LiberationSerif|Times/);
        firstPageToPng(pdfPath, join(ARTIFACTS, `seed-${kind}`));
      }
      const pngs = readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png'));
      for (const kind of DOCUMENT_KINDS) expect(pngs).toContain(`seed-${kind}.png`);
    },
  );
});
