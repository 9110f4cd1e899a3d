/**
 * The audit as the CLI prints it and the web exports it (table, CSV, Markdown, JSON), kept as
 * golden files from a stored history, so a change of column, word or escaping is seen in review.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAudit, readHistoryFiles, type AuditRow } from '../../audit';
import { formatAudit } from '../../present/audit';
import { HISTORIES_DIR } from '../helpers/histories';

async function dateMoved(lang: 'vi' | 'en'): Promise<AuditRow[]> {
  const files = readdirSync(HISTORIES_DIR).filter((f) => /^date-moved(\.[a-z-]+)?\.json$/.test(f));
  const logged = {
    time: '2026-11-24T16:04:25.000Z',
    conferenceId: 'schedule',
    taskId: 'report-a',
    action: 'submit',
    unit: 'b',
    person: 'Giàng A Páo, "B"',
    requestId: 'logged-1',
    field: 'actor.unitId',
    reason: 'Only a may submit | a pipe',
    reasonVi: 'Chỉ a được nộp | dấu gạch',
    type: 'KehoachWrongUnit',
  };
  return buildAudit(await readHistoryFiles(files.map((f) => HISTORIES_DIR + f)), [logged], lang);
}

describe('audit formats', () => {
  it('prints a table, CSV and Markdown in Vietnamese and English', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const rows = await dateMoved(lang);
      for (const [format, ext] of [
        ['table', 'txt'],
        ['csv', 'csv'],
        ['md', 'md.txt'],
      ] as const)
        await expect(formatAudit(rows, format, lang) + '\n').toMatchFileSnapshot(
          `../fixtures/audit/date-moved.${lang}.${ext}`,
        );
    }
  });

  it('prints the living plan’s changes whole in Markdown, old → new, and in a table up to 100 characters', async () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => /^living(\.[a-z-]+)?\.json$/.test(f));
    for (const lang of ['vi', 'en'] as const) {
      const rows = buildAudit(await readHistoryFiles(files.map((f) => HISTORIES_DIR + f)), [], lang);
      const md = formatAudit(rows, 'md', lang);
      await expect(md + '\n').toMatchFileSnapshot(`../fixtures/audit/living.${lang}.md.txt`);
      await expect(formatAudit(rows, 'table', lang) + '\n').toMatchFileSnapshot(`../fixtures/audit/living.${lang}.txt`);
      for (const r of rows) expect(md).toContain(r.detail);
    }
  });

  it('exports JSON as the rows themselves, and says when there is nothing', async () => {
    const rows = await dateMoved('vi');
    expect(JSON.parse(formatAudit(rows, 'json', 'vi'))).toEqual(rows);
    expect(formatAudit([], 'table', 'vi')).toBe('Không có dòng nào.');
    expect(formatAudit([], 'table', 'en')).toBe('No rows.');
  });
});
