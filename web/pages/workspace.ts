/**
 * The organizer's plan workspace: the drafts kept (upload a plan document, or start from a
 * conference's plan), and one draft beside the document's text: how many duties the document
 * gives and how many values are left, the values to decide grouped by duty with the proposals
 * filled in (workspace-review.ts), each group confirmed in one form; each
 * task's title, kind, units and deadline in forms; the plan's checks as they stand; versions, and
 * the conference started from a version that passes. No YAML to write; the YAML stays the
 * exchange format (download).
 */
import { ruleText } from '../../domain/change-words';
import type { DraftState } from '../../domain/drafts';
import type { DueRule } from '../../domain/plan/schema';
import type { PlanIssue } from '../../domain/plan/validate';
import { formatShortLocal } from '../../domain/time';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { reviewGroups, UNIT_KINDS } from '../review';
import { errorBox, okBox } from './layout';
import { draftCounts, reviewSection } from './workspace-review';
import type { Bilingual } from '../../domain/bilingual';

export interface WorkspaceListInput {
  drafts: { draftId: string; startedAt: string }[];
  lang: Lang;
  person: string;
  ok?: string | undefined;
  error?: { field: string; vi: string; en: string } | undefined;
}

export function workspaceListPage(w: WorkspaceListInput): Html {
  const { lang } = w;
  return html`<h1>${say(lang, 'Soạn kế hoạch', 'Plan workspace')}</h1>
    ${w.ok ? okBox(w.ok) : ''} ${w.error ? errorBox(w.error, lang) : ''}
    <section class="card" id="upload">
      <h2>${say(lang, 'Nhập văn bản kế hoạch', 'Import a plan document')}</h2>
      <p class="muted">
        ${say(
          lang,
          'Tệp .docx, .pdf (có lớp chữ) hoặc .txt. Những giá trị văn bản không nêu được đánh dấu để xem lại.',
          'A .docx, a .pdf (with a text layer) or a .txt. What the document does not state is marked for review.',
        )}
      </p>
      <form method="post" action="/workspace/drafts" enctype="multipart/form-data">
        <label for="upload-file">${say(lang, 'Tệp văn bản', 'Document file')}</label>
        <input type="file" id="upload-file" name="file" required accept=".docx,.pdf,.txt" />
        <label for="upload-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
        <input type="text" id="upload-person" name="person" required maxlength="120" value="${w.person}" />
        <button type="submit">${say(lang, 'Nhập', 'Import')}</button>
      </form>
    </section>
    <section class="card" id="from-conference">
      <h2>${say(lang, 'Từ kế hoạch của một hội nghị', "From a conference's plan")}</h2>
      <form method="post" action="/workspace/drafts/from-conference">
        <label for="from-id">${say(lang, 'Mã hội nghị', 'Conference id')}</label>
        <input type="text" id="from-id" name="conferenceId" required maxlength="80" />
        <label for="from-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
        <input type="text" id="from-person" name="person" required maxlength="120" value="${w.person}" />
        <button type="submit">${say(lang, 'Tạo bản nháp', 'Make a draft')}</button>
        <button type="submit" formaction="/workspace/drafts/next-year" class="secondary" id="next-year">
          ${say(lang, 'Bản nháp năm sau', "Next year's draft")}
        </button>
      </form>
      <p class="muted">
        ${say(
          lang,
          'Năm sau: ngày dời một năm, huyện nhận cờ luân lưu đăng cai, việc bàn giao cờ và ký giao ước chuyển sang; mọi giá trị đã đổi được đánh dấu để xem lại.',
          'Next year: the dates move a year, the district that received the flag hosts, the flag and the pledge carry over; every changed value is marked for review.',
        )}
      </p>
    </section>
    <section class="card">
      <h2>${say(lang, 'Bản nháp', 'Drafts')} (${w.drafts.length})</h2>
      <ul class="tasks">
        ${w.drafts.map(
          (d) =>
            html`<li><a href="/workspace/drafts/${d.draftId}">${d.draftId}</a> · ${formatShortLocal(d.startedAt)}</li>`,
        )}
      </ul>
    </section>`;
}

export interface DraftPageInput {
  draft: DraftState;
  /** The plan's checks on the draft as it is (proposals included). */
  issues: readonly PlanIssue[];
  /** Whether each version passes the checks. */
  versionIssues: ReadonlyMap<number, number>;
  lang: Lang;
  person: string;
  ok?: string | undefined;
  error?: { field: string; vi: string; en: string } | undefined;
}

/** How a value is edited in a form: a deadline, a list of ids, a number, a yes/no, a text, or JSON. */
export type ValueKind = 'rule' | 'list' | 'number' | 'boolean' | 'text' | 'json';

export function draftPage(d: DraftPageInput): Html {
  const { draft, lang } = d;
  const meta = (draft.plan.meta ?? {}) as { title?: string; number?: string };
  const base = `/workspace/drafts/${draft.draftId}`;
  const groups = reviewGroups(draft);
  return html`<h1>${say(lang, 'Bản nháp', 'Draft')}: ${meta.title ?? draft.source}</h1>
    ${d.ok ? okBox(d.ok) : ''} ${d.error ? errorBox(d.error, lang) : ''}
    <p><strong id="open-flags">${draftCounts(draft, groups.length, lang)}</strong></p>
    <p class="muted">
      ${meta.number ?? ''} · ${say(lang, 'nguồn', 'source')}: ${draft.source} ·
      ${say(lang, `${draft.edits} lần sửa`, `${draft.edits} edits`)} ·
      <a href="${base}/plan.yaml">${say(lang, 'Tải tệp YAML', 'Download the YAML')}</a>
    </p>
    <div class="workspace">
      <div class="draft-side">
        ${reviewSection({ draft, groups, lang, person: d.person, base })} ${checksSection(d)} ${unitsSection(d, base)}
        ${tasksSection(d, base)} ${versionsSection(d, base)}
      </div>
      <section class="card document" id="document">
        <h2>${say(lang, 'Văn bản', 'The document')}</h2>
        ${
          draft.text
            ? html`<ol class="lines">
                ${draft.text
                  .split('\n')
                  // A blank paragraph is not a line to read: the others keep their own numbers,
                  // which the tasks' links and the flags name.
                  .map((line, i) => (line.trim() ? html`<li id="L${i + 1}" value="${i + 1}">${line}</li>` : ''))}
              </ol>`
            : html`<p class="muted">
                ${say(lang, 'Không có văn bản (bản nháp từ một hội nghị).', 'No document (a draft from a conference).')}
              </p>`
        }
      </section>
    </div>`;
}

function checksSection(d: DraftPageInput): Html {
  const { lang } = d;
  return html`<section class="card" id="checks">
    <h2>${say(lang, 'Kiểm tra kế hoạch', 'Plan checks')}</h2>
    ${
      d.issues.length === 0
        ? html`<p class="msg ok">
            ${say(lang, 'Bản nháp đạt mọi quy tắc của kế hoạch.', 'The draft passes every rule of the plan.')}
          </p>`
        : html`<ul class="tasks">
            ${d.issues.map((i) => html`<li><code>${i.path}</code>: ${say(lang, i.message.vi, i.message.en)}</li>`)}
          </ul>`
    }
  </section>`;
}

function unitsSection(d: DraftPageInput, base: string): Html {
  const { lang, draft } = d;
  const units = (draft.plan.units ?? []) as { id?: string; name?: string; shortName?: string; kind?: string }[];
  return html`<section class="card" id="units">
    <h2>${say(lang, 'Đơn vị', 'Units')} (${units.length})</h2>
    <ul class="tasks">
      ${units.map(
        (u, i) =>
          html`<li data-unit="${u.id ?? ''}">
            <details>
              <summary><strong>${u.name ?? ''}</strong> <code>${u.id ?? ''}</code></summary>
              <form method="post" action="${base}/units">
                <input type="hidden" name="at" value="units[${i}]" />
                <label for="unit-${i}-name">${say(lang, 'Tên đầy đủ', 'Full name')}</label>
                <input type="text" id="unit-${i}-name" name="name" required maxlength="500" value="${u.name ?? ''}" />
                <label for="unit-${i}-short">${say(lang, 'Tên ngắn', 'Short name')}</label>
                <input
                  type="text"
                  id="unit-${i}-short"
                  name="shortName"
                  required
                  maxlength="500"
                  value="${u.shortName ?? ''}"
                />
                <label for="unit-${i}-kind">${say(lang, 'Loại đơn vị', 'Kind of unit')}</label>
                <select id="unit-${i}-kind" name="kind">
                  ${UNIT_KINDS.map((k) => html`<option value="${k}" ${u.kind === k ? ' selected' : ''}>${k}</option>`)}
                </select>
                <input type="hidden" name="person" value="${d.person}" />
                <button type="submit">${say(lang, 'Ghi', 'Save')}</button>
              </form>
            </details>
          </li>`,
      )}
    </ul>
  </section>`;
}

const KINDS = ['once', 'submission', 'approval', 'signoff', 'phased'] as const;
const KIND_WORDS: Record<(typeof KINDS)[number], Bilingual> = {
  once: { vi: 'làm một lần', en: 'once' },
  submission: { vi: 'nộp', en: 'submission' },
  approval: { vi: 'thẩm định', en: 'approval' },
  signoff: { vi: 'ký', en: 'sign-off' },
  phased: { vi: 'trước, trong, sau', en: 'phased' },
};

interface DraftTaskShape {
  id?: string;
  title?: string;
  kind?: string;
  assignees?: string[];
  due?: DueRule;
}

function tasksSection(d: DraftPageInput, base: string): Html {
  const { lang, draft } = d;
  const responsibilities = (draft.plan.responsibilities ?? []) as { title?: string; tasks?: DraftTaskShape[] }[];
  const line = new Map(draft.sources.map((s) => [s.id, s.line]));
  return html`<section class="card" id="tasks">
    <h2>${say(lang, 'Công việc', 'Tasks')}</h2>
    ${responsibilities.map(
      (r, ri) =>
        html`<h3>${r.title ?? ''}</h3>
          <ul class="tasks">
            ${(r.tasks ?? []).map((t, ti) => {
              const at = `responsibilities[${ri}].tasks[${ti}]`;
              const l = line.get(t.id ?? '');
              return html`<li data-task="${t.id ?? ''}">
                <details>
                  <summary>
                    <strong>${t.title ?? ''}</strong> <code>${t.id ?? ''}</code> · ${t.due ? ruleText(t.due, lang) : ''}
                    ${l ? html` · <a href="#L${l}">${say(lang, 'trong văn bản', 'in the document')}</a>` : ''}
                  </summary>
                  <form method="post" action="${base}/tasks">
                    <input type="hidden" name="at" value="${at}" />
                    <label for="${at}-title">${say(lang, 'Tên', 'Title')}</label>
                    <input
                      type="text"
                      id="${at}-title"
                      name="title"
                      required
                      maxlength="500"
                      value="${t.title ?? ''}"
                    />
                    <label for="${at}-kind">${say(lang, 'Loại', 'Kind')}</label>
                    <select id="${at}-kind" name="kind">
                      ${KINDS.map((k) => html`<option value="${k}" ${t.kind === k ? ' selected' : ''}>${say(lang, KIND_WORDS[k].vi, KIND_WORDS[k].en)}</option>`)}
                    </select>
                    <label for="${at}-assignees"
                      >${say(lang, 'Đơn vị thực hiện (mã, cách nhau bởi dấu phẩy)', 'Units (ids, separated by commas)')}</label
                    >
                    <input
                      type="text"
                      id="${at}-assignees"
                      name="assignees"
                      value="${(t.assignees ?? []).join(', ')}"
                    />
                    <label for="${at}-due"
                      >${say(lang, 'Hạn mới, giờ Việt Nam (để trống nếu giữ)', 'New deadline, Vietnam time (empty to keep)')}</label
                    >
                    <input type="datetime-local" id="${at}-due" name="dueAt" />
                    <input type="hidden" name="person" value="${d.person}" />
                    <button type="submit">${say(lang, 'Ghi', 'Save')}</button>
                  </form>
                </details>
              </li>`;
            })}
          </ul>`,
    )}
  </section>`;
}

function versionsSection(d: DraftPageInput, base: string): Html {
  const { lang, draft } = d;
  return html`<section class="card" id="versions">
    <h2>${say(lang, 'Phiên bản', 'Versions')} (${draft.versions.length})</h2>
    <form method="post" action="${base}/versions">
      <label for="save-note">${say(lang, 'Ghi chú', 'Note')}</label>
      <input type="text" id="save-note" name="note" maxlength="500" />
      <label for="save-person">${say(lang, 'Người thực hiện', 'Your name')}</label>
      <input type="text" id="save-person" name="person" required maxlength="120" value="${d.person}" />
      <button type="submit">${say(lang, 'Lưu phiên bản', 'Save a version')}</button>
    </form>
    <ol class="tasks">
      ${draft.versions.map((v) => {
        const problems = d.versionIssues.get(v.version) ?? 0;
        const startable = problems === 0 && v.openFlags === 0 && !v.startedAs;
        return html`<li data-version="${v.version}">
          <strong>v${v.version}</strong> ${formatShortLocal(v.at)} · ${v.by.person}${v.note ? ` · ${v.note}` : ''} ·
          ${
            v.startedAs
              ? html`${say(lang, 'đã bắt đầu thành hội nghị', 'started as conference')} <code>${v.startedAs}</code>`
              : startable
                ? say(lang, 'đạt mọi quy tắc', 'passes every rule')
                : say(
                    lang,
                    `chưa bắt đầu được: ${v.openFlags} giá trị cần xem lại, ${problems} lỗi`,
                    `cannot start yet: ${v.openFlags} values to review, ${problems} problems`,
                  )
          }
          ${startable ? startForm(d, base, v.version) : ''}
        </li>`;
      })}
    </ol>
  </section>`;
}

function startForm(d: DraftPageInput, base: string, version: number): Html {
  const { lang } = d;
  const id = `start-v${version}`;
  return html`<form method="post" action="${base}/versions/${version}/start" data-start="${version}">
    <label for="${id}-conference"
      >${say(lang, 'Mã hội nghị (chữ thường, số, dấu gạch)', 'Conference id (lower case, digits, dashes)')}</label
    >
    <input type="text" id="${id}-conference" name="conferenceId" required maxlength="80" />
    <label for="${id}-date"
      >${say(lang, 'Ngày hội nghị (nếu đã có giấy mời)', 'Conference date (if the invitation is out)')}</label
    >
    <input type="date" id="${id}-date" name="date" />
    <label class="check"
      ><input type="checkbox" name="rehearsal" value="1" />
      ${say(lang, 'Diễn tập (1 ngày kế hoạch = 1 giờ thật, bắt đầu 7 ngày trước khoảng thời gian dự kiến)', 'Rehearsal (1 plan day = 1 real hour, from 7 days before the window)')}</label
    >
    <input type="hidden" name="person" value="${d.person}" />
    <button type="submit">${say(lang, 'Bắt đầu hội nghị', 'Start the conference')}</button>
  </form>`;
}
