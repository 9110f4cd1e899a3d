/**
 * The organizer's board: the conference date and its changes (with the form to set or move
 * it), progress by responsibility with the ones holding overdue work first, and every task with
 * its history folded in a <details>. Cancelling sits at the bottom, folded too. The living plan:
 * requests for more time awaiting an answer come first, with the forms to grant or refuse them;
 * each task offers, folded, what the organizer may do with it now (extend, reassign, withdraw,
 * return done work, comment), from the task-kind table (domain/task-kinds). A timeline of the
 * plan (present/timeline) follows the progress, and the links to the documents close the page.
 */
import { formatAdministrativeDate, formatShortLocal } from '../../domain/time';
import type { Plan } from '../../domain/plan/schema';
import { planActionsOpenTo } from '../../domain/task-kinds';
import type { ConferenceStatus, ResponsibilityView, TaskView } from '../../domain/views';
import { currentDue, PROVISIONAL_MARK, provisionalText, provisionalYearsOfDue } from '../../present/tasks';
import { conferenceStatusText, undeliveredMailLines } from '../../present/words';
import { timelineSvg } from '../../present/timeline';
import { html, raw, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { ACTION_FORMS, stewardsOf, type FormContext, type FormError } from './action-forms';
import { errorBox, okBox } from './layout';
import { reportLinks } from './reports';
import {
  dueLine,
  historyList,
  isOverdue,
  livingPlanLines,
  marks,
  owners,
  taskTitle,
  type UnitNames,
} from './task-parts';

export interface BoardInput {
  status: ConferenceStatus;
  nowIso: string;
  lang: Lang;
  name: UnitNames;
  base: string;
  person: string;
  requestIds: { date: string; cancel: string };
  /** The unit acting from the board (the organizer's link) and the plan the conference runs. */
  unitId: string;
  plan: Plan;
  newRequestId: () => string;
  ok?: string | undefined;
  error?:
    { form: 'date' | 'cancel'; field: string; vi: string; en: string; values: Record<string, string> } | undefined;
  /** A refused task form, shown again at its task. */
  taskError?: FormError | undefined;
}

const overdueCount = (r: ResponsibilityView): number => r.tasks.filter(isOverdue).length;

function byUrgency(a: TaskView, b: TaskView): number {
  return (
    Number(isOverdue(b)) - Number(isOverdue(a)) ||
    Number(a.state === 'done') - Number(b.state === 'done') ||
    (currentDue(a) ?? '9999').localeCompare(currentDue(b) ?? '9999')
  );
}

/** What `~` means, when some deadline in force is counted on a year without its holiday announcement. */
function provisionalLegend(s: ConferenceStatus, lang: Lang): Html | '' {
  const tasks = s.responsibilities.flatMap((r) => r.tasks).filter((t) => t.state !== 'done' && t.state !== 'withdrawn');
  const years = [...new Set(tasks.flatMap(provisionalYearsOfDue))].sort((a, b) => a - b);
  return years.length ? html`<p class="muted provisional">${PROVISIONAL_MARK} ${provisionalText(years, lang)}</p>` : '';
}

export function boardPage(b: BoardInput): Html {
  const { status: s, lang } = b;
  const c = s.counts;
  const responsibilities = [...s.responsibilities].sort(
    (x, y) => overdueCount(y) - overdueCount(x) || Number(x.status !== 'running') - Number(y.status !== 'running'),
  );
  const statusText = conferenceStatusText(s.status, lang);
  return html`<h1>${s.title}</h1>
    ${b.ok ? okBox(b.ok) : ''}
    ${undeliveredMailLines(s, b.name, lang).map((l) => html`<p class="msg error undelivered">${l}</p>`)}
    <section class="card" id="conference-date">
      <h2>${say(lang, 'Ngày hội nghị', 'Conference date')}</h2>
      <p>
        <strong
          >${
            s.date
              ? formatAdministrativeDate(s.date, lang)
              : say(lang, `chưa có — ${s.window.text}`, `not set yet — ${s.window.text}`)
          }</strong
        >
        ·
        ${statusText}${
          s.clock.mode === 'rehearsal'
            ? html`<br /><span class="muted"
                  >${say(lang, 'Diễn tập — giờ kế hoạch', 'Rehearsal — plan time')}: ${formatShortLocal(b.nowIso)}</span
                >`
            : ''
        }
      </p>
      ${s.cancellation ? html`<p class="msg error">${say(lang, 'Đã hủy', 'Cancelled')}: ${s.cancellation.reason}</p>` : ''}
      ${
        s.dateChanges.length
          ? html`<details>
              <summary>
                ${say(lang, `Các lần đặt/dời ngày (${s.dateChanges.length})`, `Date changes (${s.dateChanges.length})`)}
              </summary>
              <ol class="history">
                ${s.dateChanges.map(
                  (d) =>
                    html`<li>
                      ${d.from ? html`${formatAdministrativeDate(d.from, lang)} → ` : ''}<strong
                        >${formatAdministrativeDate(d.to, lang)}</strong
                      >
                      — ${d.reason} · ${d.by.person} (${b.name(d.by.unitId)}) ·
                      <span class="muted">${formatShortLocal(d.at)}</span>
                    </li>`,
                )}
              </ol>
            </details>`
          : ''
      }
      ${s.status === 'running' ? dateForm(b) : ''}
    </section>
    <section class="card">
      <h2>${say(lang, 'Tiến độ', 'Progress')}</h2>
      <div class="counts">
        <span>${say(lang, 'Tổng', 'Total')}: <strong>${c.total}</strong></span
        ><span>${say(lang, 'Xong', 'Done')}: <strong id="count-done">${c.done}</strong></span
        ><span>${say(lang, 'Đang làm', 'Open')}: ${c.open}</span
        ><span>${say(lang, 'Chờ', 'Blocked')}: ${c.blocked}</span
        ><span>${say(lang, 'Quá hạn', 'Overdue')}: <strong>${c.overdue}</strong></span
        ><span>${say(lang, 'Trễ hạn', 'Late')}: ${c.late}</span>
      </div>
      <div class="bar" aria-hidden="true"><span style="width:${pct(c.done, c.total)}%"></span></div>
      ${provisionalLegend(s, lang)}
    </section>
    <section class="card" id="timeline">
      <h2>${say(lang, 'Biểu đồ tiến độ', 'Timeline')}</h2>
      ${raw(
        timelineSvg({
          rows: s.responsibilities,
          conferenceDate: s.date,
          startTime: b.plan.conference.startTime,
          start: s.clock.mode === 'rehearsal' ? s.clock.planStart : undefined,
          nowIso: b.nowIso,
          lang,
          id: 'timeline-svg',
        }),
      )}
    </section>
    ${s.status === 'running' ? extensionRequests(b) : ''} ${responsibilities.map((r) => responsibilityCard(r, b))}
    ${reportLinks(b.base, lang)} ${s.status === 'running' ? cancelForm(b) : ''}`;
}

function pct(n: number, total: number): number {
  return total === 0 ? 0 : Math.round((100 * n) / total);
}

function responsibilityCard(r: ResponsibilityView, b: BoardInput): Html {
  const { lang } = b;
  const done = r.tasks.filter((t) => t.state === 'done').length;
  const late = overdueCount(r);
  return html`<section class="card${late ? ' late' : ''}" id="r-${r.id}">
    <h2>${taskTitle(r, lang)}</h2>
    <p class="muted">
      ${say(lang, 'Chủ trì', 'Lead')}: ${b.name(r.lead)} · ${say(lang, 'Khoản', 'Clause')} ${r.clause} ·
      ${done}/${r.tasks.length}
      ${say(lang, 'xong', 'done')}${
        late ? html` · <span class="badge overdue">${say(lang, `${late} quá hạn`, `${late} overdue`)}</span>` : ''
      }
    </p>
    <div class="bar" aria-hidden="true"><span style="width:${pct(done, r.tasks.length)}%"></span></div>
    <ul class="tasks">
      ${[...r.tasks].sort(byUrgency).map((t) => taskItem(t, b))}
    </ul>
  </section>`;
}

/** The frame of the board's task forms: they come back to the board. */
function formContext(b: BoardInput): FormContext {
  const { lang, base, person, nowIso, name, plan, newRequestId } = b;
  return { lang, base, person, nowIso, name, plan, newRequestId, from: 'board' };
}

/** The organizer's actions open on the task now, but the answer to a request (at the top). */
function organizerActions(t: TaskView, b: BoardInput) {
  if (b.status.status !== 'running') return [];
  return planActionsOpenTo(t, b.unitId, stewardsOf(b.plan, t)).filter((a) => a !== 'decideExtension');
}

/** Requests for more time awaiting the organizer, each with its answer. */
function extensionRequests(b: BoardInput): Html | '' {
  const { lang } = b;
  const asked = b.status.responsibilities.flatMap((r) => r.tasks).filter((t) => t.extensionRequest);
  const open = asked.filter((t) => planActionsOpenTo(t, b.unitId, stewardsOf(b.plan, t)).includes('decideExtension'));
  if (open.length === 0) return '';
  const ctx = formContext(b);
  return html`<section class="card" id="extension-requests">
    <h2>${say(lang, `Đề nghị gia hạn chờ trả lời (${open.length})`, `Requests for more time (${open.length})`)}</h2>
    ${open.map((t) => {
      const err = b.taskError?.taskId === t.id && b.taskError.action === 'decideExtension' ? b.taskError : undefined;
      return html`<article data-request="${t.id}">
        <h3>${taskTitle(t, lang)} <span class="muted">— ${owners(t, b.name)}</span></h3>
        <p class="muted">${dueLine(t, b.nowIso, lang)}</p>
        ${livingPlanLines(t, lang, b.name)} ${err ? errorBox(err, lang) : ''}
        ${ACTION_FORMS.decideExtension?.(t, undefined, ctx, err) ?? ''}
      </article>`;
    })}
  </section>`;
}

function taskItem(t: TaskView, b: BoardInput): Html {
  const { lang } = b;
  // A refused answer to a request shows with the request (at the top) while it still waits.
  const answered = b.taskError?.action === 'decideExtension' && t.extensionRequest !== undefined;
  const err = b.taskError?.taskId === t.id && !answered ? b.taskError : undefined;
  const actions = organizerActions(t, b);
  const ctx = formContext(b);
  return html`<li data-task="${t.id}" id="task-${t.id}">
    <details${err ? ' open' : ''}>
      <summary>
        ${marks(t, lang)}${
          t.extensionRequest ? html` <span class="badge asked">${say(lang, 'xin gia hạn', 'asks for time')}</span>` : ''
        }
        ${taskTitle(t, lang)} <span class="muted">— ${owners(t, b.name)}</span>
      </summary>
      <p class="muted">
        <code>${t.id}</code> · ${say(lang, 'Khoản', 'Clause')} ${t.clause}<br />${dueLine(t, b.nowIso, lang)}${
          t.kind === 'signoff'
            ? html`<br />${say(lang, 'Đã ký', 'Signed')}: ${t.signedBy.map(b.name).join(', ') || '—'}`
            : ''
        }${
          t.phases.length
            ? html`<br />${t.phases.map(
                  (p, i) =>
                    html`${i ? ' · ' : ''}${p.label}:
                    ${p.confirmedAt ? `✓ ${formatShortLocal(p.confirmedAt)}` : p.due ? formatShortLocal(p.due) : '—'}${
                      !p.confirmedAt && p.provisionalYears?.length ? ` ${PROVISIONAL_MARK}` : ''
                    }`,
                )}`
            : ''
        }
      </p>
      ${livingPlanLines(t, lang, b.name)} ${historyList(t, lang, b.name)} ${err ? errorBox(err, lang) : ''}
      ${actions.map((a) => ACTION_FORMS[a]?.(t, undefined, ctx, err) ?? '')}
    </details>
  </li>`;
}

function dateForm(b: BoardInput): Html {
  const { lang } = b;
  const err = b.error?.form === 'date' ? b.error : undefined;
  const v = err?.values ?? {};
  return html`<details${err ? ' open' : ''}><summary>${b.status.date ? say(lang, 'Dời ngày hội nghị', 'Move the date') : say(lang, 'Đặt ngày hội nghị (theo giấy mời)', 'Set the date (from the invitation)')}</summary>
${err ? errorBox(err, lang) : ''}
<form method="post" action="${b.base}/date">
<input type="hidden" name="requestId" value="${b.requestIds.date}">
<label for="date">${say(lang, 'Ngày', 'Date')}</label>
<input type="date" id="date" name="date" required min="${b.status.window.from}" value="${v.date ?? b.status.date ?? ''}">
<label for="date-reason">${say(lang, 'Lý do (số giấy mời…)', 'Reason (invitation number…)')}</label>
<input type="text" id="date-reason" name="reason" required maxlength="1000" value="${v.reason ?? ''}">
<label for="date-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
<input type="text" id="date-person" name="person" required maxlength="120" autocomplete="name" value="${v.person ?? b.person}">
<button type="submit">${b.status.date ? say(lang, 'Dời ngày', 'Move the date') : say(lang, 'Đặt ngày', 'Set the date')}</button>
</form></details>`;
}

function cancelForm(b: BoardInput): Html {
  const { lang } = b;
  const err = b.error?.form === 'cancel' ? b.error : undefined;
  const v = err?.values ?? {};
  return html`<section class="card"><details${err ? ' open' : ''}><summary>${say(lang, 'Hủy hội nghị', 'Cancel the conference')}</summary>
${err ? errorBox(err, lang) : ''}
<form method="post" action="${b.base}/cancel">
<input type="hidden" name="requestId" value="${b.requestIds.cancel}">
<label for="cancel-reason">${say(lang, 'Lý do hủy', 'Why it is cancelled')}</label>
<input type="text" id="cancel-reason" name="reason" required maxlength="1000" value="${v.reason ?? ''}">
<label for="cancel-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
<input type="text" id="cancel-person" name="person" required maxlength="120" value="${v.person ?? b.person}">
<button type="submit" class="secondary">${say(lang, 'Hủy hội nghị', 'Cancel the conference')}</button>
</form></details></section>`;
}
