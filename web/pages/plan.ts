/**
 * The plan in force (organizer, auditor): its version, every amendment since the start (who,
 * when, what, before → after, why), each responsibility's tasks with their deadline rules; for
 * the organizer, the forms to add a task (a task done once, or a report to hand in) and to
 * change a task's title or deadline. The plan's rules are checked by the conference; a refused
 * form comes back with the path and the reason.
 */
import { amendmentChange, amendmentWhat, ruleText } from '../../domain/change-words';
import type { Plan } from '../../domain/plan/schema';
import { formatShortLocal } from '../../domain/time';
import type { AmendmentView } from '../../domain/views';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { errorBox, okBox } from './layout';
import type { UnitNames } from './task-parts';

export interface PlanPageInput {
  plan: Plan;
  planVersion: number;
  amendments: readonly AmendmentView[];
  lang: Lang;
  name: UnitNames;
  base: string;
  person: string;
  /** Only the organizer amends; the auditor reads. */
  canAmend: boolean;
  requestIds: { add: string; change: string };
  ok?: string | undefined;
  error?: { form: 'add' | 'change'; field: string; vi: string; en: string; values: Record<string, string> } | undefined;
}

export function planPage(p: PlanPageInput): Html {
  const { lang, plan } = p;
  return html`<h1>${say(lang, 'Kế hoạch đang áp dụng', 'The plan in force')}</h1>
    ${p.ok ? okBox(p.ok) : ''}
    <p>
      ${plan.meta.number} · ${plan.meta.title} ·
      <strong id="plan-version">${say(lang, `phiên bản ${p.planVersion}`, `version ${p.planVersion}`)}</strong>
    </p>
    <section class="card" id="amendments">
      <h2>${say(lang, 'Sửa đổi từ khi bắt đầu', 'Amendments since the start')} (${p.amendments.length})</h2>
      ${
        p.amendments.length === 0
          ? html`<p>${say(lang, 'Chưa có sửa đổi nào.', 'No amendments yet.')}</p>`
          : html`<ol class="tasks">
              ${p.amendments.map(
                (a) =>
                  html`<li>
                    <strong>v${a.version}</strong> ${formatShortLocal(a.at)} · ${a.by.person} (${p.name(a.by.unitId)}):
                    ${amendmentWhat(a, lang)}<br />${amendmentChange(a, lang)}<br />${say(lang, 'Lý do', 'Reason')}:
                    ${a.reason}
                  </li>`,
              )}
            </ol>`
      }
    </section>
    ${p.canAmend ? addForm(p) : ''} ${p.canAmend ? changeForm(p) : ''}
    ${plan.responsibilities.map(
      (r) =>
        html`<section class="card" id="r-${r.id}">
          <h2>${r.clause} ${r.title}</h2>
          <p>${say(lang, 'Chủ trì', 'Lead')}: ${p.name(r.lead)}</p>
          <ul class="tasks">
            ${r.tasks.map(
              (t) =>
                html`<li id="plan-task-${t.id}">
                  <strong>${t.title}</strong> <code>${t.id}</code> · ${t.clause}<br />
                  ${t.assignees.map((u) => p.name(u)).join(', ')} · ${ruleText(t.due, lang)}
                </li>`,
            )}
          </ul>
        </section>`,
    )}`;
}

const KINDS = [
  { kind: 'once', vi: 'Việc làm một lần', en: 'A task done once' },
  { kind: 'submission', vi: 'Nộp báo cáo, tài liệu', en: 'A report to hand in' },
] as const;

function addForm(p: PlanPageInput): Html {
  const { lang } = p;
  const err = p.error?.form === 'add' ? p.error : undefined;
  const v = (k: string, d = ''): string => err?.values[k] ?? d;
  const checked = new Set((err?.values.assignees ?? '').split(','));
  const tasks = p.plan.responsibilities.flatMap((r) => r.tasks);
  return html`<section class="card" id="add-task">
    <h2>${say(lang, 'Thêm công việc', 'Add a task')}</h2>
    ${err ? errorBox(err, lang) : ''}
    <form method="post" action="${p.base}/amendments">
      <input type="hidden" name="op" value="addTask" />
      <input type="hidden" name="requestId" value="${v('requestId', p.requestIds.add)}" />
      <label for="add-responsibility">${say(lang, 'Thuộc nhiệm vụ', 'Responsibility')}</label>
      <select id="add-responsibility" name="responsibilityId" required>
        ${p.plan.responsibilities.map(
          (r) =>
            html`<option value="${r.id}" ${v('responsibilityId') === r.id ? ' selected' : ''}>
              ${r.clause} ${r.title}
            </option>`,
        )}
      </select>
      <label for="add-id"
        >${say(lang, 'Mã công việc (chữ thường, số, dấu gạch)', 'Task id (lower case, digits, dashes)')}</label
      >
      <input type="text" id="add-id" name="id" required maxlength="64" value="${v('id')}" />
      <label for="add-title">${say(lang, 'Tên công việc', 'Title')}</label>
      <input type="text" id="add-title" name="title" required maxlength="500" value="${v('title')}" />
      <label for="add-kind">${say(lang, 'Loại', 'Kind')}</label>
      <select id="add-kind" name="kind">
        ${KINDS.map(
          (k) =>
            html`<option value="${k.kind}" ${v('kind') === k.kind ? ' selected' : ''}>
              ${say(lang, k.vi, k.en)}
            </option>`,
        )}
      </select>
      <label for="add-clause">${say(lang, 'Căn cứ (mục của kế hoạch)', 'Clause of the plan')}</label>
      <input type="text" id="add-clause" name="clause" required maxlength="500" value="${v('clause')}" />
      <fieldset>
        <legend>${say(lang, 'Đơn vị thực hiện', 'Assigned to')}</legend>
        ${p.plan.units.map(
          (u) =>
            html`<label class="check"
              ><input type="checkbox" name="assignees" value="${u.id}" ${checked.has(u.id) ? ' checked' : ''} />
              ${u.name}</label
            >`,
        )}
      </fieldset>
      <label for="add-due">${say(lang, 'Hạn (giờ Việt Nam)', 'Deadline (Vietnam time)')}</label>
      <input type="datetime-local" id="add-due" name="dueAt" required value="${v('dueAt')}" />
      <label for="add-depends">${say(lang, 'Chờ công việc (không bắt buộc)', 'Waits for (optional)')}</label>
      <select id="add-depends" name="dependsOn">
        <option value="">—</option>
        ${tasks.map(
          (t) =>
            html`<option value="${t.id}" ${v('dependsOn') === t.id ? ' selected' : ''}>${t.id} — ${t.title}</option>`,
        )}
      </select>
      <label for="add-reason">${say(lang, 'Lý do', 'Reason')}</label>
      <input type="text" id="add-reason" name="reason" required maxlength="1000" value="${v('reason')}" />
      <label for="add-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
      <input type="text" id="add-person" name="person" required maxlength="120" value="${v('person', p.person)}" />
      <button type="submit">${say(lang, 'Thêm vào kế hoạch', 'Add to the plan')}</button>
    </form>
  </section>`;
}

function changeForm(p: PlanPageInput): Html {
  const { lang } = p;
  const err = p.error?.form === 'change' ? p.error : undefined;
  const v = (k: string, d = ''): string => err?.values[k] ?? d;
  const tasks = p.plan.responsibilities.flatMap((r) => r.tasks);
  return html`<section class="card" id="change-task">
    <h2>${say(lang, 'Sửa tên hoặc hạn của công việc', "Change a task's title or deadline")}</h2>
    ${err ? errorBox(err, lang) : ''}
    <form method="post" action="${p.base}/amendments">
      <input type="hidden" name="op" value="changeTask" />
      <input type="hidden" name="requestId" value="${v('requestId', p.requestIds.change)}" />
      <label for="change-task-id">${say(lang, 'Công việc', 'Task')}</label>
      <select id="change-task-id" name="taskId" required>
        ${tasks.map(
          (t) => html`<option value="${t.id}" ${v('taskId') === t.id ? ' selected' : ''}>${t.id} — ${t.title}</option>`,
        )}
      </select>
      <label for="change-title">${say(lang, 'Tên mới (để trống nếu giữ nguyên)', 'New title (empty to keep)')}</label>
      <input type="text" id="change-title" name="title" maxlength="500" value="${v('title')}" />
      <label for="change-due"
        >${say(lang, 'Hạn mới, giờ Việt Nam (để trống nếu giữ nguyên)', 'New deadline, Vietnam time (empty to keep)')}</label
      >
      <input type="datetime-local" id="change-due" name="dueAt" value="${v('dueAt')}" />
      <label for="change-reason">${say(lang, 'Lý do', 'Reason')}</label>
      <input type="text" id="change-reason" name="reason" required maxlength="1000" value="${v('reason')}" />
      <label for="change-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
      <input type="text" id="change-person" name="person" required maxlength="120" value="${v('person', p.person)}" />
      <button type="submit">${say(lang, 'Ghi sửa đổi', 'Record the change')}</button>
    </form>
  </section>`;
}
