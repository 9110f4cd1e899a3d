/**
 * What `kehoach status` and `kehoach tasks` print: the conference board and a unit's inbox as
 * text tables. The projections (deadline that matters, whose move, inbox) are the presenters'
 * (present/tasks), shared with the web pages; deadlines are shown in Vietnam time.
 */
import { actionRule, actionsOpenTo } from '../domain/task-kinds';
import type { ConferenceStatus, TaskView } from '../domain/views';
import { formatAdministrativeDate, formatShortLocal, toLocalIso, type Lang } from '../domain/time';
import {
  awaitsAnswer,
  currentDue,
  isOverdue,
  LATE_WORD,
  livingNotes,
  OVERDUE_WORD,
  owners,
  PROVISIONAL_MARK,
  provisionalText,
  provisionalYearsOfDue,
  waitingText,
} from '../present/tasks';
import { conferenceStatusText, say, stateLabel, titleIn } from '../present/words';
import { table } from './output';
import { verbOf } from './verbs';

export { stateLabel };

/** The deadline in force, with `~` when it is provisional (a year without its holiday announcement). */
function dueText(t: TaskView, lang: Lang): string {
  const due = currentDue(t);
  if (!due) return waitingText(t, lang);
  return provisionalYearsOfDue(t).length > 0 ? `${formatShortLocal(due)} ${PROVISIONAL_MARK}` : formatShortLocal(due);
}

/** The legend of `~` under a board or an inbox that shows one, naming the years. */
function provisionalLegend(tasks: readonly TaskView[], lang: Lang): string[] {
  const years = [...new Set(tasks.flatMap(provisionalYearsOfDue))].sort((a, b) => a - b);
  return years.length > 0 ? ['', `${PROVISIONAL_MARK} ${provisionalText(years, lang)}`] : [];
}

/** Late and overdue marks: "QUÁ HẠN" for open past the deadline, "trễ" for done after it. */
function marks(t: TaskView, lang: Lang): string {
  const m: string[] = [];
  if (isOverdue(t)) m.push(OVERDUE_WORD[lang]);
  if (t.late) m.push(LATE_WORD[lang]);
  return m.join(' ');
}

/** Unit ids → names (the plan's short names); ids stay in --json. */
type Names = (id: string) => string;
const asIs: Names = (id) => id;

export function formatBoard(s: ConferenceStatus, lang: Lang, name: Names = asIs): string {
  const lines: string[] = [];
  lines.push(`${s.title}`);
  const date = s.date
    ? formatAdministrativeDate(s.date, lang)
    : say(lang, `chưa có (${s.window.text})`, `not set (${s.window.text})`);
  const status = conferenceStatusText(s.status, lang);
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
    say(lang, 'Gia hạn / tiến độ', 'Extension / progress'),
  ];
  for (const r of s.responsibilities) {
    lines.push('');
    lines.push(`■ ${titleIn(r, lang)} — ${say(lang, 'chủ trì', 'lead')}: ${name(r.lead)} (${r.clause})`);
    lines.push(
      table(
        header,
        r.tasks.map((t) => [
          t.id,
          truncate(titleIn(t, lang), 48),
          owners(t, name),
          dueText(t, lang),
          stateLabel(t.state, lang),
          marks(t, lang),
          notesText(t, lang, name),
        ]),
      ),
    );
  }
  lines.push(
    ...provisionalLegend(
      s.responsibilities.flatMap((r) => r.tasks),
      lang,
    ),
  );
  return lines.join('\n');
}

/** The living plan's notes of a task in one table cell: the pending request, the latest progress. */
function notesText(t: TaskView, lang: Lang, name: Names): string {
  return truncate(livingNotes(t, lang, name).join(' · '), 60);
}

/**
 * What the unit is expected to do next on a task (the CLI verbs of its moves); the organizer
 * answers a pending extension request.
 */
export function nextVerb(t: TaskView, unit: string, organizer?: string): string {
  const work = actionsOpenTo(t, unit)
    .filter((action) => actionRule(t.kind, action)?.advances)
    .map((action) => {
      if (action !== 'confirmPhase') return verbOf(action);
      return `${verbOf(action)} --phase ${t.phases.find((p) => !p.confirmedAt)?.phase ?? ''}`.trim();
    });
  const answer = unit === organizer && awaitsAnswer(t) ? ['grant-extension', 'refuse-extension'] : [];
  return [...work, ...answer].join(' | ');
}

export function formatInbox(
  s: ConferenceStatus,
  unit: string,
  tasks: TaskView[],
  lang: Lang,
  organizer?: string,
  name: Names = asIs,
): string {
  if (tasks.length === 0) {
    return say(lang, `${name(unit)} không có việc nào đang chờ.`, `Nothing awaits ${name(unit)}.`);
  }
  const rows = tasks.map((t) => [
    dueText(t, lang),
    t.id,
    truncate(titleIn(t, lang), 48),
    stateLabel(t.state, lang),
    nextVerb(t, unit, organizer),
    marks(t, lang),
    notesText(t, lang, name),
  ]);
  const head = say(
    lang,
    `Việc đang chờ ${name(unit)} — ${s.conferenceId}`,
    `Waiting on ${name(unit)} — ${s.conferenceId}`,
  );
  return `${head}\n${table(
    [
      say(lang, 'Hạn', 'Due'),
      say(lang, 'Công việc', 'Task'),
      say(lang, 'Nội dung', 'Title'),
      say(lang, 'Trạng thái', 'State'),
      say(lang, 'Thao tác', 'Do'),
      '',
      say(lang, 'Gia hạn / tiến độ', 'Extension / progress'),
    ],
    rows,
  )}${provisionalLegend(tasks, lang).join('\n')}`;
}

/**
 * JSON form of a task for machines: deadlines also in Vietnam time, with the pending extension
 * request and the latest progress note as the task has them (`extensionRequest`, `progress`).
 */
export function taskJson(
  t: TaskView,
): TaskView & { dueLocal: string | null; extensionRequest?: { untilLocal: string } } {
  const due = currentDue(t);
  const { extensionRequest: ask, ...rest } = t;
  return {
    ...rest,
    dueLocal: due ? toLocalIso(due) : null,
    ...(ask ? { extensionRequest: { ...ask, untilLocal: toLocalIso(ask.until) } } : {}),
  };
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
}
