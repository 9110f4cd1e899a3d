/**
 * What `kehoach plan check` and `kehoach plan show` print: issue lines, the summary, the
 * resolved schedule as a table or as JSON. Pure formatting; the command wiring is in `plan.ts`.
 */
import { afterTaskText, amendmentChange, amendmentWhat, changeText, spanText } from '../domain/change-words';
import type { ActionRecord, AmendmentView as AmendmentRecord, TaskView } from '../domain/views';
import type { LocatedPlanIssue } from '../domain/plan/load';
import type { DueRule, Plan, Task } from '../domain/plan/schema';
import {
  provisionalYearsOf,
  resolveSchedule,
  type ResolvedTaskSchedule,
  type ScheduleContext,
} from '../domain/schedule';
import { formatAdministrativeDate, formatShortLocal, localToUtc, toLocalIso, type Lang } from '../domain/time';
import { notGiven, say } from '../present/words';

/** JSON shape of `kehoach plan show --json` (the issue fixes the required part; the rest is extra). */
export interface PlanShowJson {
  plan: { id: string; number: string; title: string };
  /** Years whose holidays are the law's alone (no announcement on file) that some deadline was counted across. */
  provisionalYears: number[];
  conference: {
    date: string | null;
    start: string | null;
    window: { from: string; to: string };
    venue: string;
    /** Null when the plan does not say. */
    delegates: { total: number; groups: { label: string; count: number }[] } | null;
    /** The day before's program; null when the conference has no day before. */
    dayBefore: string[] | null;
  };
  units: { id: string; name: string; shortName: string; kind: string }[];
  responsibilities: {
    id: string;
    title: string;
    titleEn: string | null;
    lead: string;
    support: string[];
    clause: string;
    tasks: {
      id: string;
      title: string;
      titleEn: string | null;
      kind: Task['kind'];
      assignees: string[];
      clause: string;
      dependsOn: string[];
      due: string | null;
      /** Counted in working days across a provisional year: it may move when that year's announcement comes. */
      provisional: boolean;
      waitingFor: ResolvedTaskSchedule['waitingFor'];
      organizerChoice: boolean;
      reminders: string[];
      phases: { phase: string; label: string; due: string | null; provisional: boolean }[];
    }[];
  }[];
}

/**
 * One line per issue, path first (`<path>: <message>`), with the YAML line when known; issues
 * about the whole file use the file name as their path.
 */
export function formatIssueLine(issue: LocatedPlanIssue, file: string, lang: Lang): string {
  const where = issue.path === '' ? file : issue.path;
  const line = issue.line === undefined ? '' : lang === 'vi' ? ` (dòng ${issue.line})` : ` (line ${issue.line})`;
  return `${where}: ${issue.message[lang]}${line}`;
}

/** The one-line verdict of `plan check` for a valid plan. */
export function formatSummary(plan: Plan, lang: Lang): string {
  const tasks = plan.responsibilities.reduce((n, r) => n + r.tasks.length, 0);
  const r = plan.responsibilities.length;
  const u = plan.units.length;
  return lang === 'vi'
    ? `Hợp lệ: ${r} nhiệm vụ, ${tasks} công việc, ${u} đơn vị`
    : `Valid: ${r} responsibilities, ${tasks} tasks, ${u} units`;
}

/** Builds the JSON view of the resolved schedule; deadlines are local ISO-8601 with `+07:00`. */
export function buildShowJson(plan: Plan, ctx: ScheduleContext): PlanShowJson {
  const schedule = resolveSchedule(plan, ctx);
  const local = (utc: string | null): string | null => (utc === null ? null : toLocalIso(utc));
  const { conference } = plan;
  return {
    plan: { id: plan.id, number: plan.meta.number, title: plan.meta.title },
    provisionalYears: provisionalYears(plan, ctx, schedule),
    conference: {
      date: ctx.conferenceDate,
      start: ctx.conferenceDate === null ? null : toLocalIso(localToUtc(ctx.conferenceDate, conference.startTime)),
      window: { from: conference.window.from, to: conference.window.to },
      venue: conference.venue,
      delegates: conference.delegates ?? null,
      dayBefore: conference.dayBefore?.program ?? null,
    },
    units: plan.units.map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, kind: u.kind })),
    responsibilities: plan.responsibilities.map((r) => ({
      id: r.id,
      title: r.title,
      titleEn: r.titleEn ?? null,
      lead: r.lead,
      support: r.support,
      clause: r.clause,
      tasks: r.tasks.map((t) => {
        const s = schedule[t.id];
        return {
          id: t.id,
          title: t.title,
          titleEn: t.titleEn ?? null,
          kind: t.kind,
          assignees: t.assignees,
          clause: t.clause,
          dependsOn: t.dependsOn,
          due: local(s?.due ?? null),
          provisional: provisionalYearsOf(t.due, ctx, s?.due ?? null).length > 0,
          waitingFor: s?.waitingFor ?? null,
          organizerChoice: t.organizerChoice,
          reminders: (s?.reminders ?? []).map(toLocalIso),
          phases: (s?.phases ?? []).map((p, i) => ({
            phase: p.phase,
            label: p.label,
            due: local(p.due),
            provisional: t.kind === 'phased' && provisionalYearsOf(t.phases[i]?.due ?? t.due, ctx, p.due).length > 0,
          })),
        };
      }),
    })),
  };
}

const TEXT = {
  vi: {
    plan: 'Kế hoạch',
    conference: 'Hội nghị',
    noDate: (window: string) => `chưa có ngày — ${window}; hạn tính theo ngày Hội nghị đang chờ giấy mời`,
    delegates: 'Đại biểu',
    dayBefore: 'Ngày trước Hội nghị',
    lead: 'chủ trì',
    support: 'phối hợp',
    waitingDate: 'chờ giấy mời',
    afterConference: (span: string) => `${span} sau ngày Hội nghị`,
    legend: '* hạn do đơn vị tổ chức chọn (văn bản không quy định)',
    provisional: (years: string) =>
      `~ hạn tạm tính: đếm ngày làm việc theo lịch nghỉ lễ năm ${years} theo Bộ luật Lao động, chưa có thông báo nghỉ lễ, Tết của năm; sẽ tính lại khi có thông báo`,
    phase: { before: 'trước', during: 'trong', after: 'sau' },
  },
  en: {
    plan: 'Plan',
    conference: 'Conference',
    noDate: (window: string) => `no date yet — ${window}; conference-relative deadlines await the invitation`,
    delegates: 'Delegates',
    dayBefore: 'The day before',
    lead: 'lead',
    support: 'support',
    waitingDate: 'awaiting invitation',
    afterConference: (span: string) => `${span} after the conference day`,
    legend: '* deadline chosen by the organizer (not written in the plan)',
    provisional: (years: string) =>
      `~ provisional deadline: working days counted on the Labour Code's holidays of ${years}, before the year's holiday announcement; recomputed when it comes`,
    phase: { before: 'before', during: 'during', after: 'after' },
  },
} as const;

/** The human table of `plan show`: one block per responsibility, one row per task, local times. */
export function formatShowText(plan: Plan, ctx: ScheduleContext, lang: Lang): string {
  const t = TEXT[lang];
  const schedule = resolveSchedule(plan, ctx);
  const unitName = new Map(plan.units.map((u) => [u.id, u.shortName]));
  const names = (ids: readonly string[]): string => ids.map((id) => unitName.get(id) ?? id).join(', ');
  const idWidth = Math.max(...plan.responsibilities.flatMap((r) => r.tasks.map((x) => x.id.length)));
  const { conference } = plan;

  const lines: string[] = [];
  lines.push(
    `${t.plan} ${plan.meta.number}: ${lang === 'en' ? (plan.meta.titleEn ?? plan.meta.title) : plan.meta.title}`,
  );
  const when =
    ctx.conferenceDate === null
      ? t.noDate(conference.window.text)
      : `${formatAdministrativeDate(ctx.conferenceDate, lang)}, ${conference.startTime}`;
  lines.push(`${t.conference}: ${when} — ${conference.venue}`);
  const { delegates, dayBefore } = conference;
  const groups = delegates?.groups.map((g) => `${g.label}: ${g.count}`).join('; ');
  lines.push(`${t.delegates}: ${delegates ? `${delegates.total} (${groups ?? ''})` : notGiven(lang)}`);
  lines.push(`${t.dayBefore}: ${dayBefore ? dayBefore.program.join('; ') : notGiven(lang)}`);

  for (const r of plan.responsibilities) {
    lines.push('');
    const support = r.support.length > 0 ? `; ${t.support}: ${names(r.support)}` : '';
    const title = lang === 'en' ? (r.titleEn ?? r.title) : r.title;
    lines.push(`[${r.id}] ${title} — ${t.lead}: ${names([r.lead])}${support} — ${r.clause}`);
    for (const task of r.tasks) {
      const s = schedule[task.id];
      const due = describeDue(s?.due ?? null, task.due, s?.waitingFor ?? null, lang, ctx);
      const mark = task.organizerChoice ? '*' : ' ';
      const taskTitle = lang === 'en' ? (task.titleEn ?? task.title) : task.title;
      const follows = s?.due === null && task.due.type === 'afterTask' ? ` (${afterTaskText(task.due, lang)})` : '';
      lines.push(
        `  ${due.padEnd(19)}${mark} ${task.id.padEnd(idWidth)}  ${names(task.assignees)} — ${taskTitle} [${task.clause}]${follows}`,
      );
      if (task.kind === 'phased') {
        task.phases.forEach((p, i) => {
          const ps = s?.phases[i];
          const waiting = ps?.due === null ? (s?.waitingFor ?? null) : null;
          const pdue = describeDue(ps?.due ?? null, p.due, waiting, lang, ctx);
          lines.push(`      ${t.phase[p.phase].padEnd(6)} ${pdue.padEnd(16)} ${p.label}`);
        });
      }
    }
  }
  lines.push('', t.legend);
  const years = provisionalYears(plan, ctx, schedule);
  if (years.length > 0) lines.push(t.provisional(years.join(', ')));
  return lines.join('\n');
}

/** Every provisional year some deadline of the plan was counted across, ascending. */
function provisionalYears(plan: Plan, ctx: ScheduleContext, schedule: Record<string, ResolvedTaskSchedule>): number[] {
  const years = new Set<number>();
  for (const task of plan.responsibilities.flatMap((r) => r.tasks)) {
    const s = schedule[task.id];
    for (const y of provisionalYearsOf(task.due, ctx, s?.due ?? null)) years.add(y);
    if (task.kind === 'phased')
      task.phases.forEach((p, i) =>
        provisionalYearsOf(p.due, ctx, s?.phases[i]?.due ?? null).forEach((y) => years.add(y)),
      );
  }
  return [...years].sort((a, b) => a - b);
}

/** A deadline as the table shows it; `~` after one counted across a provisional year. */
function describeDue(
  due: string | null,
  rule: DueRule,
  waitingFor: string | null,
  lang: Lang,
  ctx: ScheduleContext,
): string {
  if (due !== null) return `${formatShortLocal(due)}${provisionalYearsOf(rule, ctx, due).length > 0 ? ' ~' : ''}`;
  const t = TEXT[lang];
  if (rule.type === 'afterTask') return `+${spanText(rule.after, lang)}`;
  if (rule.type === 'afterConference' && waitingFor === 'date') return t.afterConference(spanText(rule.after, lang));
  return waitingFor === 'task' ? '?' : t.waitingDate;
}

/** One amendment: version, who, when (Vietnam time), what, why, before → after. */
export function formatAmendment(a: AmendmentRecord, lang: Lang): string {
  const what = amendmentWhat(a, lang);
  const change = amendmentChange(a, lang);
  return [
    `v${a.version} ${formatShortLocal(a.at)} ${a.by.person} (${a.by.unitId}): ${what}`,
    `   ${change}`,
    `   ${say(lang, 'Lý do', 'Reason')}: ${a.reason}`,
  ].join('\n');
}

/** What `kehoach plan show <conference>` prints: the plan version in force and its amendments. */
export function formatAmendments(
  conferenceId: string,
  planVersion: number,
  amendments: readonly AmendmentRecord[],
  lang: Lang,
): string {
  const head = say(
    lang,
    `Kế hoạch của hội nghị ${conferenceId}: phiên bản ${planVersion}`,
    `Plan of conference ${conferenceId}: version ${planVersion}`,
  );
  if (amendments.length === 0) return `${head}\n${say(lang, 'Chưa có sửa đổi nào.', 'No amendments yet.')}`;
  return [head, ...amendments.map((a) => formatAmendment(a, lang))].join('\n');
}

/** The task actions that change the plan in force: its deadlines, its assignees, its tasks. */
const PLAN_CHANGING = new Set<ActionRecord['action']>([
  'extend',
  'decideExtension',
  'returnWork',
  'reassign',
  'withdraw',
]);

/** One change of the plan since the start, from an amendment or a task action, in time order. */
interface PlanChangeLine {
  at: string;
  text: string;
}

/**
 * What `kehoach plan show <conference> --diff` prints: what changed since the start, by whom,
 * when and why, in time order: the amendments (tasks added, titles and deadline rules changed)
 * and the task actions that changed the plan (deadlines extended or set on a return, tasks
 * reassigned or withdrawn). A refused extension changed nothing and is left out.
 */
export function formatPlanChanges(
  conferenceId: string,
  planVersion: number,
  amendments: readonly AmendmentRecord[],
  tasks: readonly TaskView[],
  lang: Lang,
): string {
  const lines: PlanChangeLine[] = amendments.map((a) => ({
    at: a.at,
    text: [
      `${formatShortLocal(a.at)} ${a.by.person} (${a.by.unitId}): v${a.version} ${amendmentWhat(a, lang)}`,
      `   ${amendmentChange(a, lang)}`,
      `   ${say(lang, 'Lý do', 'Reason')}: ${a.reason}`,
    ].join('\n'),
  }));
  for (const t of tasks)
    for (const h of t.history) {
      if (!PLAN_CHANGING.has(h.action) || (h.action === 'decideExtension' && h.decision !== 'grant')) continue;
      lines.push({
        at: h.at,
        text: [
          `${formatShortLocal(h.at)} ${h.actor.person} (${h.actor.unitId}): ${t.id} — ${changeText(h, lang)}`,
          ...(h.reason ? [`   ${say(lang, 'Lý do', 'Reason')}: ${h.reason}`] : []),
        ].join('\n'),
      });
    }
  const head = say(
    lang,
    `Kế hoạch của hội nghị ${conferenceId}: phiên bản ${planVersion}; những thay đổi từ khi bắt đầu`,
    `Plan of conference ${conferenceId}: version ${planVersion}; changes since the start`,
  );
  if (lines.length === 0) return `${head}\n${say(lang, 'Chưa có thay đổi nào.', 'No changes yet.')}`;
  return [head, ...lines.sort((a, b) => a.at.localeCompare(b.at)).map((l) => l.text)].join('\n');
}
