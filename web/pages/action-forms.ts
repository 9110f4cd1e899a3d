/**
 * The form of each action on a task, as plain POST forms (no script): which inputs it has (note,
 * links, the task's fields, a phase, a reason, a new deadline, a unit) and whether it is folded as
 * a secondary choice. The inbox shows, for each task, the forms of the actions open to the unit
 * (domain/task-kinds); the board shows the organizer's. A new action needs its form here.
 */
import { EVIDENCE_LIMITS, type ActionName } from '../../domain/actions';
import { fileFieldMaxBytes, type Plan, type Task } from '../../domain/plan/schema';
import { LIVING_PLAN_ACTIONS, type Stewards } from '../../domain/task-kinds';
import { toLocalIso } from '../../domain/time';
import type { TaskView } from '../../domain/views';
import { fileSizeText } from '../../present/files';
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

/** What every form of a task needs from its page (the inbox or the board). */
export interface FormContext {
  lang: Lang;
  base: string;
  person: string;
  /** Plan time now (UTC ISO): the earliest deadline a form offers. */
  nowIso: string;
  name: UnitNames;
  plan: Plan | undefined;
  newRequestId: () => string;
  /** The page the form returns to: the inbox unless it comes from the board. */
  from?: 'board' | undefined;
}

export interface InboxInput extends FormContext {
  unitId: string;
  awaiting: TaskView[];
  others: TaskView[];
  /** Done tasks of the responsibilities the unit leads, which it may return (not on the board's link). */
  led?: TaskView[] | undefined;
  ok?: string | undefined;
  error?: FormError | undefined;
}

type FormOf = (t: TaskView, spec: Task | undefined, i: FormContext, err: FormError | undefined) => Html;

export const ACTION_FORMS: Partial<Record<ActionName, FormOf>> = {
  complete: (t, _spec, i, err) =>
    form(t, 'complete', i, err, [evidenceInput(t, i, err), filesInput(t, 'complete', i)], { files: true }),
  submit: (t, spec, i, err) => {
    const fields = spec && (spec.kind === 'submission' || spec.kind === 'approval') ? spec.fields : [];
    return form(
      t,
      'submit',
      i,
      err,
      [
        ...fields.map((f) => {
          const id = `${t.id}-field-${f.name}`;
          if (f.type === 'file') {
            return html`<label for="${id}"
                >${f.label} (${say(i.lang, 'tối đa', 'at most')} ${fileSizeText(fileFieldMaxBytes(f), i.lang)})</label
              ><input id="${id}" type="file" name="field.${f.name}" ${f.required ? ' required' : ''} />`;
          }
          const type = f.type === 'url' ? 'url' : f.type === 'integer' ? 'number' : 'text';
          const v = err?.action === 'submit' ? (err.values[`field.${f.name}`] ?? '') : '';
          return html`<label for="${id}">${f.label}</label
            ><input
              id="${id}"
              type="${type}"
              name="field.${f.name}"
              ${f.required ? ' required' : ''}${type === 'number' ? html` step="1" min="0"` : ''}
              value="${v}"
            />`;
        }),
        evidenceInput(t, i, err),
        filesInput(t, 'submit', i),
      ],
      { files: true },
    );
  },
  approve: (t, _spec, i, err) => form(t, 'approve', i, err, []),
  sendBack: (t, _spec, i, err) =>
    form(t, 'sendBack', i, err, [reasonInput(t, 'sendBack', i, err, true, ['Lý do trả lại', 'Why it is sent back'])], {
      folded: true,
    }),
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
      { folded: true, note: 'required', noteLabel: ['Mô tả sự cố', 'What happened'] },
    ),

  // ---- the living plan ----
  requestExtension: deadlineForm(
    'requestExtension',
    ['Xin gia hạn đến (giờ Việt Nam)', 'New deadline asked for (Vietnam time)'],
    ['Lý do xin gia hạn', 'Why more time is needed'],
  ),
  progressNote: (t, _spec, i, err) =>
    form(t, 'progressNote', i, err, [percentInput(t, i, err)], {
      folded: true,
      note: 'required',
      noteLabel: ['Công việc đến đâu', 'How the work goes'],
    }),
  comment: (t, _spec, i, err) =>
    form(t, 'comment', i, err, [], { folded: true, note: 'required', noteLabel: ['Ý kiến', 'Your comment'] }),
  decideExtension: (t, _spec, i, err) =>
    html`${form(
      t,
      'decideExtension',
      i,
      err,
      [
        untilInput(t, 'decideExtension-grant', i, err, false, [
          'Hạn khác (để trống: theo đề nghị)',
          'Another deadline (empty: as asked)',
        ]),
        reasonInput(t, 'decideExtension-grant', i, err, false, ['Ghi chú', 'Note']),
      ],
      { note: 'none', variant: 'grant', submit: ['Đồng ý gia hạn', 'Grant the extension'] },
    )}${form(
      t,
      'decideExtension',
      i,
      err,
      [reasonInput(t, 'decideExtension-refuse', i, err, true, ['Lý do không đồng ý', 'Why it is refused'])],
      { note: 'none', variant: 'refuse', folded: true, submit: ['Không đồng ý', 'Refuse'] },
    )}`,
  extend: deadlineForm('extend', ['Hạn mới (giờ Việt Nam)', 'New deadline (Vietnam time)'], ['Lý do gia hạn', 'Why']),
  returnWork: deadlineForm(
    'returnWork',
    ['Hạn làm lại (giờ Việt Nam)', 'New deadline (Vietnam time)'],
    ['Lý do trả lại', 'Why the work is returned'],
  ),
  reassign: (t, _spec, i, err) =>
    form(
      t,
      'reassign',
      i,
      err,
      [unitSelect(t, i, err), reasonInput(t, 'reassign', i, err, true, ['Lý do giao lại', 'Why the task is moved'])],
      { folded: true, note: 'none' },
    ),
  withdraw: (t, _spec, i, err) =>
    form(
      t,
      'withdraw',
      i,
      err,
      [reasonInput(t, 'withdraw', i, err, true, ['Lý do rút khỏi kế hoạch', 'Why the task is withdrawn'])],
      { folded: true, note: 'none' },
    ),
};

/** Who runs the plan around a task: the plan's organizer and the lead of its responsibility. */
export function stewardsOf(plan: Plan | undefined, t: Pick<TaskView, 'responsibilityId'>): Stewards {
  const lead = plan?.responsibilities.find((r) => r.id === t.responsibilityId)?.lead ?? '';
  return { organizer: plan?.organizer ?? '', lead };
}

/** Whether a living-plan action is the unit's own part (asking, reporting, commenting), not a steward's. */
export function isUnitsOwn(action: ActionName): boolean {
  const by = LIVING_PLAN_ACTIONS[action]?.by;
  return by === 'assignee' || by === 'involved';
}

type Words = readonly [vi: string, en: string];

interface FormOptions {
  /** Shown folded in a <details>, as a secondary choice. */
  folded?: boolean;
  /** The note: optional (default), required, or not asked. */
  note?: 'optional' | 'required' | 'none';
  noteLabel?: Words;
  /** One of an action's several forms (grant or refuse an extension): its decision. */
  variant?: 'grant' | 'refuse';
  /** The button's words, when not the action's label. */
  submit?: Words;
  /** The form sends files (multipart/form-data). */
  files?: boolean;
}

/** The refused form of this action (and variant), if it is the one shown again. */
function refusedHere(err: FormError | undefined, action: ActionName, variant?: string): FormError | undefined {
  if (err?.action !== action) return undefined;
  return variant === undefined || err.values.decision === variant ? err : undefined;
}

function form(
  t: TaskView,
  action: ActionName,
  i: FormContext,
  err: FormError | undefined,
  extra: Html[],
  o: FormOptions = {},
): Html {
  const { lang } = i;
  const key = o.variant ? `${action}-${o.variant}` : action;
  const mine = refusedHere(err, action, o.variant);
  const v = mine?.values ?? {};
  const note = o.note ?? 'optional';
  const noteId = `${t.id}-${key}-note`;
  const personId = `${t.id}-${key}-person`;
  const [labelVi, labelEn] = o.submit ?? [ACTION_LABEL[action].vi, ACTION_LABEL[action].en];
  const [noteVi, noteEn] = o.noteLabel ?? ['Ghi chú', 'Note'];
  const body = html`<form
    method="post"
    action="${i.base}/tasks/${t.id}"
    data-action="${key}"
    ${o.files ? html`enctype="multipart/form-data"` : ''}
  >
    <input type="hidden" name="action" value="${action}" />
    <input type="hidden" name="requestId" value="${v.requestId ?? i.newRequestId()}" />
    ${o.variant ? html`<input type="hidden" name="decision" value="${o.variant}" />` : ''}
    ${i.from ? html`<input type="hidden" name="from" value="${i.from}" />` : ''} ${extra.map((x) => html`${x}`)}
    ${
      note === 'none'
        ? ''
        : html`<label for="${noteId}">${say(lang, noteVi, noteEn)}</label>
            <textarea id="${noteId}" name="note" maxlength="2000" ${note === 'required' ? ' required' : ''}>
${v.note ?? ''}</textarea>`
    }
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
    <button type="submit" ${o.folded ? html`class="secondary"` : ''}>${say(lang, labelVi, labelEn)}</button>
  </form>`;
  if (!o.folded) return body;
  return html`<details${mine ? ' open' : ''} data-form="${key}">
    <summary>${say(lang, labelVi, labelEn)}</summary>
    ${body}
  </details>`;
}

function valueOf(err: FormError | undefined, key: string, name: string): string {
  const [action, variant] = key.split('-');
  return refusedHere(err, action as ActionName, variant)?.values[name] ?? '';
}

function reasonInput(
  t: TaskView,
  key: string,
  i: FormContext,
  err: FormError | undefined,
  required: boolean,
  [vi, en]: Words,
): Html {
  const id = `${t.id}-${key}-reason`;
  return html`<label for="${id}">${say(i.lang, vi, en)}</label
    ><input
      type="text"
      id="${id}"
      name="reason"
      maxlength="1000"
      ${required ? ' required' : ''}
      value="${valueOf(err, key, 'reason')}"
    />`;
}

/** A new deadline in Vietnam time, no earlier than plan time now. */
/** A folded form asking for a new deadline and the reason for it (ask for more time, extend, return). */
function deadlineForm(
  action: 'requestExtension' | 'extend' | 'returnWork',
  untilLabel: [string, string],
  reasonLabel: [string, string],
): FormOf {
  return (t, _spec, i, err) =>
    form(
      t,
      action,
      i,
      err,
      [untilInput(t, action, i, err, true, untilLabel), reasonInput(t, action, i, err, true, reasonLabel)],
      { folded: true, note: 'none' },
    );
}

function untilInput(
  t: TaskView,
  key: string,
  i: FormContext,
  err: FormError | undefined,
  required: boolean,
  [vi, en]: Words,
): Html {
  const id = `${t.id}-${key}-until`;
  return html`<label for="${id}">${say(i.lang, vi, en)}</label
    ><input
      type="datetime-local"
      id="${id}"
      name="until"
      min="${toLocalIso(i.nowIso).slice(0, 16)}"
      ${required ? ' required' : ''}
      value="${valueOf(err, key, 'until')}"
    />`;
}

function percentInput(t: TaskView, i: FormContext, err: FormError | undefined): Html {
  const id = `${t.id}-progressNote-percent`;
  return html`<label for="${id}">${say(i.lang, 'Đã làm được (%, không bắt buộc)', 'Done so far (%, optional)')}</label
    ><input
      type="number"
      id="${id}"
      name="percent"
      min="0"
      max="100"
      step="1"
      inputmode="numeric"
      value="${valueOf(err, 'progressNote', 'percent')}"
    />`;
}

/**
 * The units the task is to be with after the change: one or several (a lead and supporting
 * units), the present ones ticked; the engine refuses the same set again with its reason.
 */
function unitSelect(t: TaskView, i: FormContext, err: FormError | undefined): Html {
  const chosen = new Set((valueOf(err, 'reassign', 'assignees') || t.assignees.join(',')).split(','));
  return html`<fieldset>
    <legend>${say(i.lang, 'Giao cho (một hoặc nhiều đơn vị)', 'Assign to (one or more units)')}</legend>
    ${(i.plan?.units ?? []).map(
      (u) =>
        html`<label class="check"
          ><input type="checkbox" name="assignees" value="${u.id}" ${chosen.has(u.id) ? ' checked' : ''} />
          ${i.name(u.id)}</label
        >`,
    )}
  </fieldset>`;
}

/** Evidence files (the report itself, photos, a video), each within the default limit. */
function filesInput(t: TaskView, key: string, i: FormContext): Html {
  const id = `${t.id}-${key}-files`;
  return html`<label for="${id}"
      >${say(
        i.lang,
        `Tệp minh chứng (tối đa ${EVIDENCE_LIMITS.filesPerAction} tệp, mỗi tệp ${fileSizeText(EVIDENCE_LIMITS.fileBytes, 'vi')})`,
        `Evidence files (at most ${EVIDENCE_LIMITS.filesPerAction}, ${fileSizeText(EVIDENCE_LIMITS.fileBytes, 'en')} each)`,
      )}</label
    ><input id="${id}" type="file" name="files" multiple />`;
}

function evidenceInput(t: TaskView, i: FormContext, err: FormError | undefined): Html {
  const id = `${t.id}-evidence`;
  return html`<label for="${id}"
      >${say(i.lang, 'Đường dẫn minh chứng (mỗi dòng một đường dẫn)', 'Evidence links (one per line)')}</label
    >
    <textarea id="${id}" name="evidence" rows="2" inputmode="url">${err?.values.evidence ?? ''}</textarea>`;
}

function phaseSelect(
  phases: readonly ('before' | 'during' | 'after')[],
  i: FormContext,
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
