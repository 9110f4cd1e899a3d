/**
 * The draft's open values as a clerk reviews them (web/review.ts groups them): one card per duty
 * (and one for the plan and its conference, one for the units), with the duty's units, clause and
 * sentence, and a form holding every open value of that duty in an editor fitted to it, the
 * proposal filled in. Confirming the form keeps what was left as proposed and sets what was
 * changed, in one edit. No script: every field is plain HTML.
 */
import type { DraftState } from '../../domain/drafts';
import type { DueRule } from '../../domain/plan/schema';
import { describeRule } from '../../intake/due-flags';
import { html, type Html } from '../html';
import { say, type Lang } from '../i18n';
import { ruleFields, unitsOf, UNIT_KINDS, type ReviewGroup, type ReviewItem, type RuleMode } from '../review';
import type { Bilingual } from '../../domain/bilingual';

/** What a value is, in the clerk's words, by the last name in its path. */
const FIELD_WORDS: Record<string, Bilingual> = {
  due: { vi: 'Hạn hoàn thành', en: 'Deadline' },
  phases: { vi: 'Hạn từng giai đoạn', en: 'Deadline of each phase' },
  approvers: { vi: 'Đơn vị thẩm định, phê duyệt', en: 'Approving unit' },
  assignees: { vi: 'Đơn vị thực hiện', en: 'Units that do it' },
  signers: { vi: 'Đơn vị ký', en: 'Signing units' },
  organizer: { vi: 'Đơn vị tổ chức Kế hoạch', en: "The plan's organizer" },
  lead: { vi: 'Đơn vị chủ trì', en: 'Lead unit' },
  startTime: { vi: 'Giờ khai mạc', en: 'Opening time' },
  window: { vi: 'Khoảng thời gian dự kiến', en: 'Expected dates' },
  venue: { vi: 'Địa điểm', en: 'Venue' },
  length: { vi: 'Thời lượng', en: 'Length' },
  kind: { vi: 'Loại đơn vị', en: 'Kind of unit' },
  number: { vi: 'Số văn bản', en: 'Document number' },
  title: { vi: 'Tên', en: 'Title' },
  issuer: { vi: 'Cơ quan ban hành', en: 'Issuing body' },
  place: { vi: 'Địa danh', en: 'Place' },
  dateText: { vi: 'Ngày ban hành', en: 'Date of issue' },
  signer: { vi: 'Người ký', en: 'Signer' },
};
const KEY_WORDS: Record<string, Bilingual> = {
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  name: { vi: 'Họ tên', en: 'Name' },
  title: { vi: 'Chức vụ', en: 'Title' },
};
const UNIT_KIND_WORDS: Record<(typeof UNIT_KINDS)[number], Bilingual> = {
  office: { vi: 'phòng, ban', en: 'office' },
  agency: { vi: 'cơ quan', en: 'agency' },
  district: { vi: 'địa phương thành viên', en: 'member locality' },
  company: { vi: 'doanh nghiệp', en: 'company' },
  council: { vi: 'hội đồng', en: 'council' },
  leader: { vi: 'lãnh đạo', en: 'leader' },
};

function fieldWords(item: ReviewItem, r: ReviewSectionInput): string {
  const { lang } = r;
  if (item.editor === 'task') return say(lang, 'Việc đề xuất thêm', 'A proposed task');
  const name = /([A-Za-z]+)(?:\[\d+\])?$/u.exec(item.flag.path)?.[1] ?? '';
  const words = FIELD_WORDS[name];
  const base = words ? say(lang, words.vi, words.en) : item.flag.path;
  const unit = /^units\[(\d+)\]/u.exec(item.flag.path);
  if (!unit) return base;
  const u = ((r.draft.plan.units ?? []) as { name?: string }[])[Number(unit[1])];
  return `${base} — ${u?.name ?? item.flag.path}`;
}

/** How many values are left to decide and what the draft found, in one line. */
export function draftCounts(draft: DraftState, groups: number, lang: Lang): string {
  const n = draft.flags.length;
  const left = say(
    lang,
    n === 0 ? 'mọi giá trị đã được quyết định' : `còn ${n} giá trị cần quyết định (${groups} mục)`,
    n === 0
      ? 'every value is decided'
      : `${n} value${n === 1 ? '' : 's'} left to decide (${groups} group${groups === 1 ? '' : 's'})`,
  );
  if (!draft.found) return left;
  const { duties, tasks } = draft.found;
  return say(
    lang,
    `Văn bản giao ${duties} nhiệm vụ (${tasks} việc theo dõi); ${left}.`,
    `The document gives ${duties} dut${duties === 1 ? 'y' : 'ies'} (${tasks} tracked task${tasks === 1 ? '' : 's'}); ${left}.`,
  );
}

export interface ReviewSectionInput {
  draft: DraftState;
  groups: ReviewGroup[];
  lang: Lang;
  person: string;
  base: string;
}

export function reviewSection(r: ReviewSectionInput): Html {
  const { lang, groups } = r;
  return html`<section class="card" id="review">
    <h2>${say(lang, 'Cần quyết định', 'To decide')} (${r.draft.flags.length})</h2>
    ${
      groups.length === 0
        ? html`<p>${say(lang, 'Đã quyết định mọi giá trị.', 'Every value is decided.')}</p>`
        : html`<p class="muted">
              ${say(
                lang,
                'Mỗi mục là một nhiệm vụ; giá trị điền sẵn là đề xuất. Sửa nếu cần, rồi xác nhận cả mục.',
                'Each group is one duty; the values filled in are the proposals. Change what needs changing, then confirm the group.',
              )}
            </p>
            ${groups.map((g, i) => groupCard(g, i, r))}`
    }
  </section>`;
}

function groupTitle(g: ReviewGroup, lang: Lang): string {
  switch (g.kind) {
    case 'plan':
      return say(lang, 'Kế hoạch và Hội nghị', 'The plan and its conference');
    case 'units':
      return say(lang, 'Đơn vị', 'Units');
    default:
      return g.title;
  }
}

function groupCard(g: ReviewGroup, gi: number, r: ReviewSectionInput): Html {
  const { lang } = r;
  return html`<article class="review-group" data-group="${g.key}">
    <h3>${groupTitle(g, lang)}</h3>
    ${
      g.kind === 'duty'
        ? html`<p class="muted">
            ${say(lang, 'Giao cho', 'Given to')}: ${g.assignees.join(', ')}
            ${g.copies.length > 0 ? say(lang, ` (mỗi đơn vị một việc)`, ` (one task per unit)`) : ''}
            ${g.clause ? html` · ${say(lang, 'khoản', 'clause')} ${g.clause}` : ''}
            ${g.line ? html` · <a href="#L${g.line}">${say(lang, 'trong văn bản', 'in the document')}</a>` : ''}
          </p>`
        : ''
    }
    ${g.sentence ? html`<blockquote class="muted">“${g.sentence}”</blockquote>` : ''}
    <form method="post" action="${r.base}/decisions" data-decide="${g.key}">
      <input type="hidden" name="group" value="${g.key}" />
      ${g.items.map((item, k) => itemFields(item, k, `g${gi}-${k}`, g, r))}
      <input type="hidden" name="person" value="${r.person}" />
      <button type="submit">${say(lang, 'Xác nhận mục này', 'Confirm this group')}</button>
    </form>
  </article>`;
}

function itemFields(item: ReviewItem, k: number, id: string, group: ReviewGroup, r: ReviewSectionInput): Html {
  const { lang } = r;
  return html`<fieldset class="flag" data-path="${item.flag.path}">
    <legend>${fieldWords(item, r)}</legend>
    <p class="muted">${say(lang, item.flag.reason.vi, item.flag.reason.en)}</p>
    ${
      item.flag.sentence && item.flag.sentence !== group.sentence
        ? html`<blockquote class="muted">${item.flag.clause ?? ''} “${item.flag.sentence}”</blockquote>`
        : ''
    }
    <input type="hidden" name="p${k}" value="${item.flag.path}" />
    ${editor(item, `v${k}`, id, r)}
  </fieldset>`;
}

function editor(item: ReviewItem, name: string, id: string, r: ReviewSectionInput): Html {
  const { lang } = r;
  const units = unitsOf(r.draft);
  switch (item.editor) {
    case 'rule':
      return ruleEditor(item.value as DueRule, name, id, lang);
    case 'phases':
      return html`${(item.value as { label?: string; due: DueRule }[]).map(
        (ph, i) =>
          html`<fieldset>
            <legend>${ph.label ?? ''}</legend>
            ${ruleEditor(ph.due, `${name}.${i}`, `${id}-${i}`, lang)}
          </fieldset>`,
      )}`;
    case 'units':
      return unitChecks(units, item.value as string[], `${name}.ids`, id);
    case 'unit':
      return unitSelect(units, item.value, name, id, lang);
    case 'unitKind':
      return unitKindSelect(item.value, name, id, lang);
    case 'time':
      return html`<input
        type="time"
        id="${id}"
        name="${name}"
        required
        value="${String(item.value)}"
        aria-label="${say(lang, 'Giờ', 'Time')}"
      />`;
    case 'task':
      return taskEditor(item.value as TaskShape, units, name, id, lang);
    case 'record':
      return recordEditor(item.value as Record<string, string>, name, id, lang);
    case 'number':
      return html`<input
        type="number"
        id="${id}"
        name="${name}"
        required
        value="${String(item.value)}"
        aria-label="${say(lang, 'Số', 'Number')}"
      />`;
    case 'boolean':
      return html`<select id="${id}" name="${name}" aria-label="${say(lang, 'Giá trị', 'Value')}">
        <option value="true" ${item.value === true ? 'selected' : ''}>${say(lang, 'có', 'yes')}</option>
        <option value="false" ${item.value === false ? 'selected' : ''}>${say(lang, 'không', 'no')}</option>
      </select>`;
    case 'text':
      return html`<input
        type="text"
        id="${id}"
        name="${name}"
        ${item.value ? 'required' : ''}
        maxlength="2000"
        value="${typeof item.value === 'string' ? item.value : ''}"
        aria-label="${say(lang, 'Giá trị', 'Value')}"
      />`;
    case 'json':
      return html`<textarea id="${id}" name="${name}" required aria-label="JSON">
${JSON.stringify(item.value, null, 2)}</textarea>`;
  }
}

function unitSelect(units: UnitShape[], chosen: unknown, name: string, id: string, lang: Lang): Html {
  return html`<label for="${id}" class="sr">${say(lang, 'Đơn vị', 'Unit')}</label>
    <select id="${id}" name="${name}">
      ${units.map((u) => html`<option value="${u.id ?? ''}" ${u.id === chosen ? 'selected' : ''}>${u.name ?? u.id}</option>`)}
    </select>`;
}

function unitKindSelect(chosen: unknown, name: string, id: string, lang: Lang): Html {
  return html`<select id="${id}" name="${name}" aria-label="${say(lang, 'Loại đơn vị', 'Kind of unit')}">
    ${UNIT_KINDS.map((k) => html`<option value="${k}" ${chosen === k ? 'selected' : ''}>${say(lang, UNIT_KIND_WORDS[k].vi, UNIT_KIND_WORDS[k].en)}</option>`)}
  </select>`;
}

type TaskShape = { title?: string; assignees?: string[]; due?: DueRule };
type UnitShape = ReturnType<typeof unitsOf>[number];

/** A task the draft proposes adding: its title, units and deadline. */
function taskEditor(task: TaskShape, units: UnitShape[], name: string, id: string, lang: Lang): Html {
  return html`<label for="${id}-title">${say(lang, 'Tên việc', 'Title')}</label>
    <input type="text" id="${id}-title" name="${name}.title" required maxlength="500" value="${task.title ?? ''}" />
    <p class="label">${say(lang, 'Đơn vị thực hiện', 'Units that do it')}</p>
    ${unitChecks(units, task.assignees ?? [], `${name}.ids`, id)}
    ${task.due ? ruleEditor(task.due, `${name}.due`, `${id}-due`, lang) : ''}`;
}

/** An object of texts (the expected dates, the signer): one input each, a date where it is one. */
function recordEditor(value: Record<string, string>, name: string, id: string, lang: Lang): Html {
  return html`${Object.entries(value).map(([key, v]) => {
    const words = KEY_WORDS[key];
    const type = key === 'from' || key === 'to' ? 'date' : 'text';
    return html`<label for="${id}-${key}">${words ? say(lang, words.vi, words.en) : key}</label>
      <input
        type="${type}"
        id="${id}-${key}"
        name="${name}.${key}"
        ${v ? 'required' : ''}
        maxlength="2000"
        value="${v}"
      />`;
  })}`;
}

function unitChecks(
  units: { id?: string; name?: string }[],
  chosen: readonly string[],
  name: string,
  id: string,
): Html {
  return html`<div class="choices">
    ${units.map(
      (u, i) =>
        html`<label class="check" for="${id}-u${i}"
          ><input
            type="checkbox"
            id="${id}-u${i}"
            name="${name}"
            value="${u.id ?? ''}"
            ${chosen.includes(u.id ?? '') ? 'checked' : ''}
          />
          ${u.name ?? u.id}</label
        >`,
    )}
  </div>`;
}

const MODES: { mode: RuleMode; vi: string; en: string }[] = [
  { mode: 'before', vi: 'số ngày trước ngày Hội nghị, vào giờ', en: 'days before the conference day, at' },
  { mode: 'day', vi: 'ngày Hội nghị, vào giờ', en: 'the conference day, at' },
  { mode: 'after', vi: 'số ngày sau ngày Hội nghị, vào giờ', en: 'days after the conference day, at' },
  {
    mode: 'within',
    vi: 'trong số ngày sau Hội nghị (hết ngày cuối)',
    en: 'within days after the conference (end of the last day)',
  },
  { mode: 'at', vi: 'ngày giờ cụ thể', en: 'a fixed date and time' },
];

/** A deadline's editor: how it is counted, the days, working days, the time, or a fixed instant. */
function ruleEditor(rule: DueRule, name: string, id: string, lang: Lang): Html {
  const f = ruleFields(rule);
  const proposal = describeRule(rule);
  const modes =
    rule.type === 'afterTask'
      ? [
          ...MODES,
          {
            mode: 'afterTask' as const,
            vi: `số ngày sau khi xong việc "${rule.task}"`,
            en: `days after "${rule.task}" is done`,
          },
        ]
      : MODES;
  return html`<div class="rule" data-rule="${name}">
    <p class="proposal">${say(lang, 'Đề xuất', 'Proposal')}: <strong>${say(lang, proposal.vi, proposal.en)}</strong></p>
    <label for="${id}-mode">${say(lang, 'Tính hạn theo', 'Counted as')}</label>
    <select id="${id}-mode" name="${name}.mode">
      ${modes.map((m) => html`<option value="${m.mode}" ${m.mode === f.mode ? 'selected' : ''}>${say(lang, m.vi, m.en)}</option>`)}
    </select>
    <div class="rule-parts">
      <label for="${id}-days"
        >${say(lang, 'Số ngày', 'Days')}
        <input type="number" id="${id}-days" name="${name}.days" min="0" max="366" value="${f.days}"
      /></label>
      <label class="check" for="${id}-wd"
        ><input type="checkbox" id="${id}-wd" name="${name}.wd" value="1" ${f.workingDays ? 'checked' : ''} />
        ${say(lang, 'ngày làm việc', 'working days')}</label
      >
      <label for="${id}-time"
        >${say(lang, 'Giờ', 'Time')} <input type="time" id="${id}-time" name="${name}.time" value="${f.time}"
      /></label>
      <label for="${id}-at"
        >${say(lang, 'Ngày giờ cụ thể', 'Fixed date and time')}
        <input type="datetime-local" id="${id}-at" name="${name}.at" value="${f.at}"
      /></label>
    </div>
  </div>`;
}
