/**
 * The form of each action a unit can take in its inbox, as plain POST forms (no script): which
 * inputs it has (note, links, the task's fields, a phase, a reason) and whether it is folded as
 * a secondary choice. The inbox shows, for each task, the forms of the actions open to the unit
 * (domain/task-kinds); a new action needs its form here.
 */
import type { ActionName } from '../../domain/actions';
import type { Plan, Task } from '../../domain/plan/schema';
import type { TaskView } from '../../domain/views';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { ACTION_LABEL, PHASE_LABEL, type UnitNames } from './task-parts';

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

type FormOf = (t: TaskView, spec: Task | undefined, i: InboxInput, err: FormError | undefined) => Html;

export const ACTION_FORMS: Partial<Record<ActionName, FormOf>> = {
  complete: (t, _spec, i, err) => form(t, 'complete', i, err, [evidenceInput(t, i, err)]),
  submit: (t, spec, i, err) => {
    const fields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
    return form(t, 'submit', i, err, [
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
    ]);
  },
  approve: (t, _spec, i, err) => form(t, 'approve', i, err, []),
  sendBack: (t, _spec, i, err) => form(t, 'sendBack', i, err, [textInput('reason', i, err, true)], true),
  sign: (t, _spec, i, err) => form(t, 'sign', i, err, []),
  confirmPhase: (t, _spec, i, err) =>
    form(t, 'confirmPhase', i, err, [
      phaseSelect(
        t.phases.filter((p) => !p.confirmedAt).map((p) => p.phase),
        i,
        err,
      ),
    ]),
  reportIncident: (t, _spec, i, err) =>
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
};

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
