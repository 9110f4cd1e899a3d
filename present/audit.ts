/**
 * The audit trail as people and programs read it: a table for a terminal, JSON for machines, CSV
 * for spreadsheets and Markdown for reports. Shared by the CLI and the web exports so both print
 * the same columns and words; pure formatting of rows, no rule of the audit itself.
 */
import type { AuditKind, AuditRow } from '../audit';
import type { ActionName } from '../domain/actions';
import { ACTION_LABEL } from '../domain/labels';
import { formatShortLocal, type Lang } from '../domain/time';
import { table } from './text-table';
import type { Bilingual } from '../domain/bilingual';

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
  'proof',
  'client',
];

const WORDS = {
  late: { vi: 'trễ hạn', en: 'late' },
  onTime: { vi: 'đúng hạn', en: 'on time' },
  when: { vi: 'Thời gian', en: 'When' },
  planTime: { vi: 'Giờ kế hoạch', en: 'Plan time' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  person: { vi: 'Người', en: 'Person' },
  action: { vi: 'Thao tác', en: 'Action' },
  task: { vi: 'Công việc', en: 'Task' },
  clause: { vi: 'Khoản', en: 'Clause' },
  // The column says whether the work was done by its deadline, not the deadline itself.
  timing: { vi: 'Đúng/trễ hạn', en: 'On time/late' },
  requestId: { vi: 'Mã yêu cầu', en: 'Request id' },
  source: { vi: 'Nguồn', en: 'Source' },
  detail: { vi: 'Chi tiết', en: 'Detail' },
  // How the actor was proven: the access link the web checked, or the operator's key.
  proof: { vi: 'Chứng thực', en: 'Proof' },
  client: { vi: 'Máy khách Temporal', en: 'Temporal client' },
  cliLog: { vi: 'nhật ký CLI', en: 'CLI log' },
  webLog: { vi: 'nhật ký web', en: 'web log' },
  noRows: { vi: 'Không có dòng nào.', en: 'No rows.' },
} satisfies Record<string, Bilingual>;

/** What kind of row it is, in words: "đặt ngày" / "date set". */
export const AUDIT_KIND_LABEL: Record<AuditKind, Bilingual> = {
  start: { vi: 'bắt đầu', en: 'start' },
  action: { vi: 'thao tác', en: 'action' },
  refused: { vi: 'bị từ chối', en: 'refused' },
  dateSet: { vi: 'đặt ngày', en: 'date set' },
  dateMoved: { vi: 'dời ngày', en: 'date moved' },
  deadlineMoved: { vi: 'dời hạn', en: 'deadline moved' },
  amended: { vi: 'sửa kế hoạch', en: 'plan amended' },
  cancelled: { vi: 'hủy', en: 'cancelled' },
  reminder: { vi: 'nhắc hạn', en: 'reminder' },
  overdue: { vi: 'quá hạn', en: 'overdue' },
};

/**
 * A unit's action in words ("nộp" / "submit"); anything else a refusal log names (a CLI command,
 * a web route) as it was written.
 */
export function auditActionWord(action: string, lang: Lang): string {
  const label = Object.prototype.hasOwnProperty.call(ACTION_LABEL, action)
    ? ACTION_LABEL[action as ActionName]
    : undefined;
  return label ? label[lang].toLocaleLowerCase(lang) : action;
}

/** The action column of a human format: "nộp", "bị từ chối: nộp", "dời ngày". */
function actionCell(r: AuditRow, lang: Lang): string {
  if (r.kind === 'action') return auditActionWord(r.action, lang);
  const kind = AUDIT_KIND_LABEL[r.kind][lang];
  return r.kind === 'refused' ? `${kind}: ${auditActionWord(r.action, lang)}` : kind;
}

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
  if (r.timing === 'late') return WORDS.late[lang];
  if (r.timing === 'onTime') return WORDS.onTime[lang];
  return '';
}

function headers(lang: Lang, rehearsal: boolean, md = false): string[] {
  return [
    WORDS.when[lang],
    ...(rehearsal ? [WORDS.planTime[lang]] : []),
    WORDS.unit[lang],
    WORDS.person[lang],
    WORDS.action[lang],
    WORDS.task[lang],
    WORDS.clause[lang],
    WORDS.timing[lang],
    WORDS.requestId[lang],
    WORDS.source[lang],
    WORDS.detail[lang],
    WORDS.proof[lang],
    ...(md ? [WORDS.client[lang]] : []),
  ];
}

/** A terminal table cuts long details; a Markdown report keeps them whole (old → new values included). */
const TABLE_DETAIL_CHARS = 100;

function cells(r: AuditRow, lang: Lang, rehearsal: boolean, cut = true, md = false): string[] {
  return [
    formatShortLocal(r.at),
    ...(rehearsal ? [r.planAt ? formatShortLocal(r.planAt) : ''] : []),
    r.unit ?? '',
    r.person ?? '',
    actionCell(r, lang),
    r.taskId ?? '',
    r.clause ?? '',
    timing(r, lang),
    r.requestId ?? '',
    r.source === 'cli-log'
      ? WORDS.cliLog[lang]
      : r.source === 'web-log'
        ? WORDS.webLog[lang]
        : `${r.workflowId ?? ''}#${r.eventId ?? ''}`,
    cut && r.detail.length > TABLE_DETAIL_CHARS ? `${r.detail.slice(0, TABLE_DETAIL_CHARS - 1)}…` : r.detail,
    r.proof ?? '',
    ...(md ? [r.client ?? ''] : []),
  ];
}

function textTable(rows: AuditRow[], lang: Lang): string {
  if (rows.length === 0) return WORDS.noRows[lang];
  const rehearsal = rows.some((r) => r.planAt !== null);
  return table(
    headers(lang, rehearsal),
    rows.map((r) => cells(r, lang, rehearsal)),
  );
}

function markdown(rows: AuditRow[], lang: Lang): string {
  const rehearsal = rows.some((r) => r.planAt !== null);
  const h = headers(lang, rehearsal, true);
  return [
    `| ${h.join(' | ')} |`,
    `| ${h.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r, lang, rehearsal, false, true).map(markdownCell).join(' | ')} |`),
  ].join('\n');
}

/**
 * One Markdown table cell: text, never markup. HTML a person typed (`<img onerror=…>`) is shown
 * as the characters it is, not rendered by the viewer the report is opened in; a pipe does not
 * split the cell and a line break does not end the row.
 */
export function markdownCell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** A number as a spreadsheet reads one ("-5", "+3.5", "1e3"): a value, not a formula. */
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * One CSV cell (RFC 4180 quoting), neutralised against formula injection the OWASP way: a cell a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) gets a leading `'`, so Excel and LibreOffice show it as text. A plain number ("-5") is
 * left as it is: it cannot run anything and stays a number in the sheet.
 */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
