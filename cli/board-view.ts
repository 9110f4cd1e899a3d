/**
 * What `kehoach status` and `kehoach tasks` print: the conference board and a unit's inbox.
 * Pure formatting of the conference status; deadlines are shown in Vietnam time.
 */
import { stateLabel } from '../domain/labels';
import type { ConferenceStatus, TaskView } from '../domain/views';
import { formatAdministrativeDate, formatShortLocal, toLocalIso, type Lang } from '../domain/time';
import { say, table } from './output';

export { stateLabel };

/** The deadline that matters now: the next unconfirmed phase of a phased duty, else the task's. */
export function currentDue(t: TaskView): string | null {
  const phase = t.phases.find((p) => p.confirmedAt === undefined && p.due !== null);
  return phase?.due ?? t.due;
}

function dueText(t: TaskView, lang: Lang): string {
  const due = currentDue(t);
  if (due) return formatShortLocal(due);
  if (t.waitingFor === 'date') return say(lang, 'chờ giấy mời', 'awaits the date');
  if (t.waitingFor === 'task') return say(lang, 'chờ việc trước', 'awaits a task');
  return '—';
}

/** Late and overdue marks: "QUÁ HẠN" for open past the deadline, "trễ" for done after it. */
function marks(t: TaskView, lang: Lang): string {
  const m: string[] = [];
  if (t.overdue && t.state !== 'done') m.push(say(lang, 'QUÁ HẠN', 'OVERDUE'));
  if (t.late) m.push(say(lang, 'trễ hạn', 'late'));
  return m.join(' ');
}

function owner(t: TaskView): string {
  if (t.state === 'submitted' && t.deciders.length > 0) return t.deciders.join(', ');
  if (t.kind === 'signoff') {
    const left = t.deciders.filter((d) => !t.signedBy.includes(d));
    return left.length > 0 ? left.join(', ') : t.assignees.join(', ');
  }
  return t.assignees.join(', ');
}

function title(t: { title: string; titleEn?: string }, lang: Lang): string {
  return lang === 'en' ? (t.titleEn ?? t.title) : t.title;
}

export function formatBoard(s: ConferenceStatus, lang: Lang): string {
  const lines: string[] = [];
  lines.push(`${s.title}`);
  const date = s.date
    ? formatAdministrativeDate(s.date, lang)
    : say(lang, `chưa có (${s.window.text})`, `not set (${s.window.text})`);
  const status = say(lang, { running: 'đang chạy', completed: 'đã xong', cancelled: 'đã hủy' }[s.status], s.status);
  lines.push(
    `${say(lang, 'Mã', 'Id')}: ${s.conferenceId}   ${say(lang, 'Trạng thái', 'Status')}: ${status}   ${say(lang, 'Ngày hội nghị', 'Date')}: ${date}`,
  );
  if (s.clock.mode === 'rehearsal') {
    lines.push(`${say(lang, 'Diễn tập, giờ kế hoạch', 'Rehearsal, plan time')}: ${formatShortLocal(s.asOf)}`);
  }
  if (s.cancellation) lines.push(`${say(lang, 'Lý do hủy', 'Cancelled because')}: ${s.cancellation.reason}`);
  const c = s.counts;
  lines.push(
    say(
      lang,
      `Công việc: ${c.total} · xong ${c.done} · đang làm ${c.open} · chờ ${c.blocked} · quá hạn ${c.overdue} · trễ hạn ${c.late}`,
      `Tasks: ${c.total} · done ${c.done} · open ${c.open} · blocked ${c.blocked} · overdue ${c.overdue} · late ${c.late}`,
    ),
  );
  const header = [
    say(lang, 'Công việc', 'Task'),
    say(lang, 'Nội dung', 'Title'),
    say(lang, 'Đơn vị', 'Owner'),
    say(lang, 'Hạn', 'Due'),
    say(lang, 'Trạng thái', 'State'),
    '',
  ];
  for (const r of s.responsibilities) {
    lines.push('');
    lines.push(`■ ${title(r, lang)} — ${say(lang, 'chủ trì', 'lead')}: ${r.lead} (${r.clause})`);
    lines.push(
      table(
        header,
        r.tasks.map((t) => [
          t.id,
          truncate(title(t, lang), 48),
          owner(t),
          dueText(t, lang),
          stateLabel(t.state, lang),
          marks(t, lang),
        ]),
      ),
    );
  }
  return lines.join('\n');
}

/** Tasks on which `unit` is awaited now: to do, to approve or to sign. */
export function inboxOf(s: ConferenceStatus, unit: string): TaskView[] {
  const tasks = s.responsibilities.flatMap((r) => r.tasks).filter((t) => awaits(t, unit));
  const key = (t: TaskView): string => currentDue(t) ?? '9999';
  return tasks.sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
}

function awaits(t: TaskView, unit: string): boolean {
  switch (t.state) {
    case 'open':
    case 'sentBack':
      if (t.kind === 'signoff') return t.deciders.includes(unit) && !t.signedBy.includes(unit);
      return t.assignees.includes(unit);
    case 'submitted':
      return t.deciders.includes(unit);
    default:
      return false;
  }
}

/** What the unit is expected to do next on a task (the CLI verb). */
export function nextVerb(t: TaskView, unit: string): string {
  if (t.state === 'submitted') return 'approve | reject';
  if (t.kind === 'signoff') return 'sign';
  if (t.kind === 'phased') return `confirm --phase ${t.phases.find((p) => !p.confirmedAt)?.phase ?? ''}`.trim();
  if (t.kind === 'submission' || t.kind === 'approval') return 'submit';
  return t.assignees.includes(unit) ? 'complete' : '';
}

export function formatInbox(s: ConferenceStatus, unit: string, tasks: TaskView[], lang: Lang): string {
  if (tasks.length === 0) {
    return say(lang, `Đơn vị "${unit}" không có việc nào đang chờ.`, `Nothing awaits unit "${unit}".`);
  }
  const rows = tasks.map((t) => [
    dueText(t, lang),
    t.id,
    truncate(title(t, lang), 48),
    stateLabel(t.state, lang),
    nextVerb(t, unit),
    marks(t, lang),
  ]);
  const head = say(
    lang,
    `Việc đang chờ đơn vị "${unit}" — ${s.conferenceId}`,
    `Waiting on unit "${unit}" — ${s.conferenceId}`,
  );
  return `${head}\n${table(
    [
      say(lang, 'Hạn', 'Due'),
      say(lang, 'Công việc', 'Task'),
      say(lang, 'Nội dung', 'Title'),
      say(lang, 'Trạng thái', 'State'),
      say(lang, 'Thao tác', 'Do'),
      '',
    ],
    rows,
  )}`;
}

/** JSON form of a task for machines: deadlines also in Vietnam time. */
export function taskJson(t: TaskView): TaskView & { dueLocal: string | null } {
  const due = currentDue(t);
  return { ...t, dueLocal: due ? toLocalIso(due) : null };
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
}
