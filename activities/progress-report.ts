/**
 * The lead office's progress report to the Emulation Council (báo cáo tiến độ): per unit, how
 * many tasks are done, still due, overdue and blocked, then the overdue tasks by name.
 */
import { formatAdministrativeDate, formatShortLocal } from '../domain/time';
import type { TaskView } from '../domain/views';
import type { ProgressReportInput } from './types';
import type { Bilingual } from '../domain/bilingual';

interface Row {
  unit: string;
  done: number;
  due: number;
  overdue: number;
  blocked: number;
}

export async function renderProgressReport(input: ProgressReportInput): Promise<Bilingual> {
  const { status, unitNames } = input;
  const tasks = status.responsibilities.flatMap((r) => r.tasks);
  const rows = new Map<string, Row>();
  for (const t of tasks) {
    for (const unit of t.assignees) {
      const row = rows.get(unit) ?? { unit, done: 0, due: 0, overdue: 0, blocked: 0 };
      if (t.state === 'done') row.done++;
      else if (t.state === 'blocked') row.blocked++;
      else if (t.state !== 'cancelled') row.due++;
      if (t.overdue && t.state !== 'done') row.overdue++;
      rows.set(unit, row);
    }
  }
  const collator = new Intl.Collator('vi');
  const sorted = [...rows.values()].sort((a, b) =>
    collator.compare(unitNames[a.unit] ?? a.unit, unitNames[b.unit] ?? b.unit),
  );
  const overdue = tasks.filter((t) => t.overdue && t.state !== 'done');
  const table = (head: string): string[] => [
    head,
    '| --- | ---: | ---: | ---: | ---: |',
    ...sorted.map((r) => `| ${unitNames[r.unit] ?? r.unit} | ${r.done} | ${r.due} | ${r.overdue} | ${r.blocked} |`),
  ];
  const late = (t: TaskView, lang: 'vi' | 'en'): string =>
    `- ${lang === 'vi' ? t.title : (t.titleEn ?? t.title)} (${t.assignees.map((u) => unitNames[u] ?? u).join(', ')}; ${lang === 'vi' ? 'hạn' : 'due'} ${t.due ? formatShortLocal(t.due) : '—'})`;
  const c = status.counts;
  const vi = [
    `BÁO CÁO TIẾN ĐỘ — ${status.title}`,
    `Tính đến ${formatShortLocal(status.asOf)}, ${formatAdministrativeDate(status.asOf, 'vi')}`,
    `Ngày hội nghị: ${status.date ? formatAdministrativeDate(status.date, 'vi') : `chưa có giấy mời (${status.window.text})`}`,
    `Tổng: ${c.done}/${c.total} hoàn thành, ${c.open} đang làm, ${c.overdue} quá hạn, ${c.blocked} chờ việc trước.`,
    '',
    ...table('| Đơn vị | Xong | Đang làm | Quá hạn | Chờ |'),
    ...(overdue.length ? ['', 'Công việc quá hạn:', ...overdue.map((t) => late(t, 'vi'))] : []),
  ].join('\n');
  const en = [
    `PROGRESS REPORT — ${status.title}`,
    `As of ${formatShortLocal(status.asOf)}, ${formatAdministrativeDate(status.asOf, 'en')}`,
    `Conference date: ${status.date ? formatAdministrativeDate(status.date, 'en') : `awaiting the invitation (${status.window.text})`}`,
    `Total: ${c.done}/${c.total} done, ${c.open} in progress, ${c.overdue} overdue, ${c.blocked} waiting.`,
    '',
    ...table('| Unit | Done | Due | Overdue | Waiting |'),
    ...(overdue.length ? ['', 'Overdue tasks:', ...overdue.map((t) => late(t, 'en'))] : []),
  ].join('\n');
  return Promise.resolve({ vi, en });
}
