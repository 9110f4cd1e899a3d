/**
 * The audit trail as a table for people, JSON for machines, CSV for spreadsheets and Markdown
 * for reports. Pure formatting of audit rows.
 */
import type { AuditRow } from '../client/audit';
import { formatShortLocal, type Lang } from '../domain/time';
import { say, table } from './output';

export type AuditFormat = 'table' | 'json' | 'csv' | 'md';

const COLUMNS: (keyof AuditRow)[] = [
  'local',
  'planAt',
  'kind',
  'action',
  'unit',
  'person',
  'taskId',
  'clause',
  'timing',
  'requestId',
  'detail',
  'workflowId',
  'eventId',
  'source',
];

export function formatAudit(rows: AuditRow[], format: AuditFormat, lang: Lang): string {
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2);
    case 'csv':
      return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n');
    case 'md':
      return markdown(rows, lang);
    case 'table':
      return textTable(rows, lang);
  }
}

function timing(r: AuditRow, lang: Lang): string {
  if (r.timing === 'late') return say(lang, 'trễ hạn', 'late');
  if (r.timing === 'onTime') return say(lang, 'đúng hạn', 'on time');
  return '';
}

function headers(lang: Lang, rehearsal: boolean): string[] {
  return [
    say(lang, 'Thời gian', 'When'),
    ...(rehearsal ? [say(lang, 'Giờ kế hoạch', 'Plan time')] : []),
    say(lang, 'Đơn vị', 'Unit'),
    say(lang, 'Người', 'Person'),
    say(lang, 'Thao tác', 'Action'),
    say(lang, 'Công việc', 'Task'),
    say(lang, 'Khoản', 'Clause'),
    say(lang, 'Hạn', 'Timing'),
    say(lang, 'Mã yêu cầu', 'Request id'),
    say(lang, 'Nguồn', 'Source'),
    say(lang, 'Chi tiết', 'Detail'),
  ];
}

function cells(r: AuditRow, lang: Lang, rehearsal: boolean): string[] {
  return [
    formatShortLocal(r.at),
    ...(rehearsal ? [r.planAt ? formatShortLocal(r.planAt) : ''] : []),
    r.unit ?? '',
    r.person ?? '',
    r.kind === 'action' || r.kind === r.action ? r.action : `${r.kind}:${r.action}`,
    r.taskId ?? '',
    r.clause ?? '',
    timing(r, lang),
    r.requestId ?? '',
    r.source === 'cli-log'
      ? say(lang, 'nhật ký CLI', 'CLI log')
      : r.source === 'web-log'
        ? say(lang, 'nhật ký web', 'web log')
        : `${r.workflowId ?? ''}#${r.eventId ?? ''}`,
    r.detail.length > 60 ? `${r.detail.slice(0, 59)}…` : r.detail,
  ];
}

function textTable(rows: AuditRow[], lang: Lang): string {
  if (rows.length === 0) return say(lang, 'Không có dòng nào.', 'No rows.');
  const rehearsal = rows.some((r) => r.planAt !== null);
  return table(
    headers(lang, rehearsal),
    rows.map((r) => cells(r, lang, rehearsal)),
  );
}

function markdown(rows: AuditRow[], lang: Lang): string {
  const rehearsal = rows.some((r) => r.planAt !== null);
  const h = headers(lang, rehearsal);
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${h.join(' | ')} |`,
    `| ${h.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r, lang, rehearsal).map(esc).join(' | ')} |`),
  ].join('\n');
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
