/**
 * The importer scored against the hand-written seed plan, on the seed document as text, as a
 * .docx this test builds from it (docx library, one paragraph per line, as a PDF-to-Word copy
 * has; DejaVu Serif, which has every Vietnamese glyph), and as a PDF LibreOffice makes from it. Goal: every unit and every deadline the
 * document states, ≥ 90 % of the tasks, no wrong deadline.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan } from '../../domain/plan/schema';
import { importDocument, type ImportResult } from '../../intake/import';
import { docxFromLines, docxWithTables, pdfFromDocx } from '../helpers/intake-docs';
import { formatScore, scoreDraft } from '../helpers/intake-score';

const SEED_TEXT = fileURLToPath(new URL('../fixtures/intake/ke-hoach-hoi-nghi-tong-ket-2022.txt', import.meta.url));
let dir: string;
let seed: Plan;
let text: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehoach-intake-'));
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('the seed plan does not load');
  seed = loaded.plan;
  text = await readFile(SEED_TEXT, 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The seed text as a .docx: one Word paragraph per line, as a PDF-to-Word copy has. */
const seedDocx = (): Promise<Buffer> => docxFromLines(text);

function expectGoal(label: string, result: ImportResult): void {
  const score = scoreDraft(result, seed);
  console.log(formatScore(label, score));
  expect(score.units.missing).toEqual([]);
  expect(score.tasks.percent).toBeGreaterThanOrEqual(90);
  expect(score.deadlines.wrongList).toEqual([]);
  expect(score.deadlines.right).toBe(score.deadlines.expected);
  expect(score.deadlines.expected).toBe(4);
  expect(score.delegates).toEqual({ total: 180, groups: [85, 95] });
  expect(score.window?.to).toBe(seed.conference.window.to);
  expect(score.window?.text).toContain('cuối tháng 3');
  expect(result.flags.some((f) => f.path === 'conference.window')).toBe(true);
  // With every proposal accepted the draft passes the plan's own checks.
  expect(result.issues).toEqual([]);
}

describe('importing the seed document', { timeout: 180_000 }, () => {
  it('as text meets the goal', async () => {
    const result = await importDocument(new Uint8Array(Buffer.from(text, 'utf8')), 'seed.txt');
    expect(result.format).toBe('txt');
    expectGoal('txt', result);
  });

  it('as a .docx made from the text meets the goal', async () => {
    const bytes = await seedDocx();
    const result = await importDocument(new Uint8Array(bytes), 'seed.docx');
    expect(result.format).toBe('docx');
    expectGoal('docx', result);
  });

  it('as a .docx with the header and signature in tables, as Word lays them out, meets the goal', async () => {
    const result = await importDocument(new Uint8Array(await docxWithTables(text)), 'seed-tables.docx');
    expectGoal('docx-tables', result);
    const asText = await importDocument(new Uint8Array(Buffer.from(text, 'utf8')), 'seed.txt');
    expect(result.plan.meta).toEqual(asText.plan.meta);
    expect(result.plan.meta).toMatchObject({
      number: '…/KH-CTĐHVC',
      place: 'Tủa Chùa',
      dateText: 'ngày … tháng 3 năm 2023',
      signer: seed.meta.signer,
      legalBases: seed.meta.legalBases,
    });
  });

  it('as a PDF LibreOffice makes from that .docx meets the goal', async () => {
    const docx = join(dir, 'seed.docx');
    await writeFile(docx, await seedDocx());
    const pdf = await pdfFromDocx(docx, dir);
    const result = await importDocument(new Uint8Array(await readFile(pdf)), 'seed.pdf');
    expect(result.format).toBe('pdf');
    expectGoal('pdf', result);
  });
});
