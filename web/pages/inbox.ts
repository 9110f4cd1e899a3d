/**
 * A unit's inbox: the tasks awaiting it, soonest deadline first with a countdown, each with the
 * one form its kind needs (done with a note; a submission with its fields and links; approve or
 * send back with a reason; sign; confirm a phase or report an incident). Plain POST forms: no
 * script is needed to act. Below, folded, the unit's other tasks with their history.
 */
import type { Plan, Task } from '../../domain/plan/schema';
import type { TaskView } from '../../domain/views';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { errorBox, okBox } from './layout';
import { ACTION_LABEL, dueLine, historyList, marks, PHASE_LABEL, taskTitle, type UnitNames } from './task-parts';

/** A refused form, shown again with its values and the reason. */
export interface FormError {
  taskId: string;
  action: string;
  field: string;
  vi: string;
  en: string;
  values: Record<string, string>;
}

export interface InboxInput {
  unitId: string;
  awaiting: TaskView[];
  others: TaskView[];
  plan: Plan | undefined;
  nowIso: string;
  lang: Lang;
  name: UnitNames;
  base: string;
  person: string;
  newRequestId: () => string;
  ok?: string | undefined;
  error?: FormError | undefined;
}

export function inboxPage(i: InboxInput): Html {
  const { lang } = i;
  return html`<h1>${say(lang, 'Hộp việc', 'Inbox')} — ${i.name(i.unitId)}</h1>
    ${i.plan ? html`<p class="muted">${i.plan.conference.title}</p>` : ''} ${i.ok ? okBox(i.ok) : ''}
    ${i.error && !i.awaiting.some((t) => t.id === i.error?.taskId) ? errorBox(i.error, lang) : ''}
    ${
      i.awaiting.length === 0
        ? html`<p class="card">
            ${say(lang, 'Không có việc nào đang chờ đơn vị.', 'Nothing is waiting on your unit.')}
          </p>`
        : i.awaiting.map((t) => taskCard(t, i))
    }
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
    ${err ? errorBox(err, lang) : ''} ${forms(t, spec, i, err)}
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

function forms(t: TaskView, spec: Task | undefined, i: InboxInput, err: FormError | undefined): Html[] {
  const u = i.unitId;
  if (t.state === 'submitted' && t.deciders.includes(u)) {
    return [form(t, 'approve', i, err, []), form(t, 'sendBack', i, err, [textInput('reason', i, err, true)], true)];
  }
  if (t.kind === 'signoff') return [form(t, 'sign', i, err, [])];
  if (t.kind === 'phased') {
    const open = t.phases.filter((p) => !p.confirmedAt);
    return [
      form(t, 'confirmPhase', i, err, [
        phaseSelect(
          open.map((p) => p.phase),
          i,
          err,
        ),
      ]),
      form(
        t,
        'reportIncident',
        i,
        err,
        [
          phaseSelect(
            t.phases.map((p) => p.phase),
            i,
            err,
          ),
        ],
        true,
      ),
    ];
  }
  if (t.kind === 'submission' || t.kind === 'approval') {
    const fields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
    return [
      form(t, 'submit', i, err, [
        ...fields.map((f) => {
          const id = `${t.id}-field-${f.name}`;
          const type = f.type === 'url' ? 'url' : f.type === 'integer' ? 'number' : 'text';
          const v = err?.action === 'submit' ? (err.values[`field.${f.name}`] ?? '') : '';
          return html`<label for="${id}">${f.label}</label
            ><input
              id="${id}"
              type="${type}"
              name="field.${f.name}"
              ${f.required ? ' required' : ''}${type === 'number' ? ' step="1" min="0"' : ''}
              value="${v}"
            />`;
        }),
        evidenceInput(t, i, err),
      ]),
    ];
  }
  return [form(t, 'complete', i, err, [evidenceInput(t, i, err)])];
}

function form(
  t: TaskView,
  action: keyof typeof ACTION_LABEL,
  i: InboxInput,
  err: FormError | undefined,
  extra: Html[],
  folded = false,
): Html {
  const { lang } = i;
  const label = ACTION_LABEL[action];
  const mine = err?.action === action ? err : undefined;
  const v = mine?.values ?? {};
  const noteRequired = action === 'reportIncident';
  const noteId = `${t.id}-${action}-note`;
  const personId = `${t.id}-${action}-person`;
  const body = html`<form method="post" action="${i.base}/tasks/${t.id}" data-action="${action}">
    <input type="hidden" name="action" value="${action}" />
    <input type="hidden" name="requestId" value="${v.requestId ?? i.newRequestId()}" />
    ${extra.map((x) => html`${x}`)}
    <label for="${noteId}"
      >${noteRequired ? say(lang, 'Mô tả sự cố', 'What happened') : say(lang, 'Ghi chú', 'Note')}</label
    >
    <textarea id="${noteId}" name="note" maxlength="2000" ${noteRequired ? ' required' : ''}>${v.note ?? ''}</textarea>
    <label for="${personId}">${say(lang, 'Người thực hiện', 'Your name')}</label>
    <input
      type="text"
      id="${personId}"
      name="person"
      required
      maxlength="120"
      autocomplete="name"
      value="${v.person ?? i.person}"
    />
    <button type="submit" ${folded ? ' class="secondary"' : ''}>${say(lang, label.vi, label.en)}</button>
  </form>`;
  if (!folded) return body;
  return html`<details${mine ? ' open' : ''}><summary>${say(lang, label.vi, label.en)}</summary>${body}</details>`;
}

function textInput(name: 'reason', i: InboxInput, err: FormError | undefined, required: boolean): Html {
  const v = err?.values[name] ?? '';
  return html`<label
    >${say(i.lang, 'Lý do trả lại', 'Why it is sent back')}<input
      type="text"
      name="${name}"
      maxlength="1000"
      ${required ? ' required' : ''}
      value="${v}"
  /></label>`;
}

function evidenceInput(t: TaskView, i: InboxInput, err: FormError | undefined): Html {
  const id = `${t.id}-evidence`;
  return html`<label for="${id}"
      >${say(i.lang, 'Đường dẫn minh chứng (mỗi dòng một đường dẫn)', 'Evidence links (one per line)')}</label
    >
    <textarea id="${id}" name="evidence" rows="2" inputmode="url">${err?.values.evidence ?? ''}</textarea>`;
}

function phaseSelect(
  phases: readonly ('before' | 'during' | 'after')[],
  i: InboxInput,
  err: FormError | undefined,
): Html {
  const chosen = err?.values.phase;
  return html`<label
    >${say(i.lang, 'Giai đoạn', 'Phase')}<select name="phase" required>
      ${phases.map(
        (p) =>
          html`<option value="${p}" ${chosen === p ? ' selected' : ''}>
            ${say(i.lang, PHASE_LABEL[p].vi, PHASE_LABEL[p].en)}
          </option>`,
      )}
    </select></label
  >`;
}
