/**
 * A unit's inbox: the tasks awaiting it, soonest deadline first with a countdown, each with the
 * one form its kind needs (done with a note; a submission with its fields and links; approve or
 * send back with a reason; sign; confirm a phase or report an incident) and, folded, the living
 * plan's (ask for more time, report progress, comment), with a pending request and the latest
 * progress note shown on the card. Plain POST forms: no script is needed to act. Below, folded,
 * the unit's other tasks with their history.
 */
import type { Plan, Task } from '../../domain/plan/schema';
import type { TaskView } from '../../domain/views';
import { html, raw, type Html } from '../html';
import { say } from '../i18n';
import { errorBox, okBox } from './layout';
import { actionsOpenTo, planActionsOpenTo } from '../../domain/task-kinds';
import { ACTION_FORMS, isUnitsOwn, stewardsOf, type FormError, type InboxInput } from './action-forms';
import { dueLine, historyList, livingPlanLines, marks, taskTitle } from './task-parts';

export type { FormError, InboxInput };

/** `timeline`: the unit's own tasks as a picture (present/timeline), drawn above its work. */
export function inboxPage(i: InboxInput & { timeline?: string | undefined }): Html {
  const { lang } = i;
  return html`<h1>${say(lang, 'Hộp việc', 'Inbox')} — ${i.name(i.unitId)}</h1>
    ${i.plan ? html`<p class="muted">${i.plan.conference.title}</p>` : ''} ${i.ok ? okBox(i.ok) : ''}
    ${
      i.timeline
        ? html`<details class="card" id="timeline">
            <summary>${say(lang, 'Biểu đồ công việc của đơn vị', "Your unit's tasks on a timeline")}</summary>
            ${raw(i.timeline)}
          </details>`
        : ''
    }
    ${
      i.error && ![...i.awaiting, ...(i.led ?? [])].some((t) => t.id === i.error?.taskId) ? errorBox(i.error, lang) : ''
    }
    ${
      i.awaiting.length === 0
        ? html`<p class="card">
            ${say(lang, 'Không có việc nào đang chờ đơn vị.', 'Nothing is waiting on your unit.')}
          </p>`
        : i.awaiting.map((t) => taskCard(t, i))
    }
    ${ledSection(i)}
    ${
      i.others.length
        ? html`<section class="card">
            <details>
              <summary>
                ${say(lang, `Việc khác của đơn vị (${i.others.length})`, `Your unit's other tasks (${i.others.length})`)}
              </summary>
              <ul class="tasks">
                ${i.others.map(
                  (t) =>
                    html`<li data-task="${t.id}">
                      ${marks(t, lang)} ${taskTitle(t, lang)}<br /><span class="muted"
                        >${dueLine(t, i.nowIso, lang)}</span
                      >${historyList(t, lang, i.name)}
                    </li>`,
                )}
              </ul>
            </details>
          </section>`
        : ''
    }`;
}

function planTask(plan: Plan | undefined, id: string): Task | undefined {
  return plan?.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === id);
}

function taskCard(t: TaskView, i: InboxInput): Html {
  const { lang } = i;
  const err = i.error?.taskId === t.id ? i.error : undefined;
  const spec = planTask(i.plan, t.id);
  const lastSendBack = [...t.history].reverse().find((h) => h.action === 'sendBack');
  return html`<section class="card${t.overdue ? ' late' : ''}" id="task-${t.id}" data-task="${t.id}">
    <h2>${taskTitle(t, lang)}</h2>
    <p class="muted"><code>${t.id}</code> · ${say(lang, 'Khoản', 'Clause')} ${t.clause}</p>
    <p>${marks(t, lang)} ${dueLine(t, i.nowIso, lang)}</p>
    ${spec?.note ? html`<p class="muted">${spec.note}</p>` : ''}
    ${
      t.state === 'sentBack' && lastSendBack?.reason
        ? html`<p class="msg error">${say(lang, 'Bị trả lại', 'Sent back')}: ${lastSendBack.reason}</p>`
        : ''
    }
    ${livingPlanLines(t, lang, i.name)} ${err ? errorBox(err, lang) : ''} ${forms(t, spec, i, err)}
    ${
      t.history.length
        ? html`<details>
            <summary>${say(lang, 'Lịch sử', 'History')}</summary>
            ${historyList(t, lang, i.name)}
          </details>`
        : ''
    }
  </section>`;
}

/**
 * The work forms open to the unit, then its living-plan forms (ask for time, report, comment),
 * folded. The organizer does not ask itself for more time on its own task: it extends it from
 * the board.
 */
function forms(t: TaskView, spec: Task | undefined, i: InboxInput, err: FormError | undefined): Html[] {
  const stewards = stewardsOf(i.plan, t);
  const plan = planActionsOpenTo(t, i.unitId, stewards)
    .filter(isUnitsOwn)
    .filter((a) => !(a === 'requestExtension' && i.unitId === stewards.organizer));
  return [...actionsOpenTo(t, i.unitId), ...plan].flatMap((action) => ACTION_FORMS[action]?.(t, spec, i, err) ?? []);
}

/** The lead unit's done work (its responsibilities' tasks), each with the form to return it. */
function ledSection(i: InboxInput): Html | '' {
  const { lang } = i;
  const led = (i.led ?? []).filter((t) => planActionsOpenTo(t, i.unitId, stewardsOf(i.plan, t)).includes('returnWork'));
  if (led.length === 0) return '';
  const open = i.error !== undefined && led.some((t) => t.id === i.error?.taskId);
  return html`<section class="card" id="led">
    <details${open ? ' open' : ''}>
      <summary>
        ${say(
          lang,
          `Kết quả các việc đơn vị chủ trì (${led.length})`,
          `Done work of the responsibilities you lead (${led.length})`,
        )}
      </summary>
      <ul class="tasks">
        ${led.map((t) => {
          const err = i.error?.taskId === t.id ? i.error : undefined;
          return html`<li data-task="${t.id}" id="task-${t.id}">
            ${marks(t, lang)} ${taskTitle(t, lang)}<br /><span class="muted">${dueLine(t, i.nowIso, lang)}</span>
            ${historyList(t, lang, i.name)} ${err ? errorBox(err, lang) : ''}
            ${ACTION_FORMS.returnWork?.(t, undefined, i, err) ?? ''}
          </li>`;
        })}
      </ul>
    </details>
  </section>`;
}
