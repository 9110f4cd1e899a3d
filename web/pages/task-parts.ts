/**
 * Pieces of a task shared by the board and the inbox: its state and deadline marks, and its
 * history of accepted actions (who, when, on time or late, with the note, reason, fields, links).
 */
import type { Plan } from '../../domain/plan/schema';
import { isClosed } from '../../domain/task-kinds';
import { formatShortLocal } from '../../domain/time';
import type { ActionRecord, TaskView } from '../../domain/views';
import { fileHref, fileSizeText } from '../../present/files';
import {
  currentDue,
  isOverdue,
  LATE_WORD,
  OVERDUE_WORD,
  PROVISIONAL_MARK,
  provisionalText,
  provisionalYearsOfDue,
  waitingText,
} from '../../present/tasks';
import { ACTION_LABEL, countdown, PHASE_LABEL, say, stateLabel, titleIn, type Lang } from '../../present/words';
import { html, type Html } from '../html';

export { ACTION_LABEL, PHASE_LABEL, isOverdue };
export { owners } from '../../present/tasks';

export type UnitNames = (id: string) => string;

export function unitNames(plan: Plan | undefined): UnitNames {
  const names = new Map((plan?.units ?? []).map((u) => [u.id, u.shortName ?? u.name]));
  return (id) => names.get(id) ?? id;
}

export const taskTitle = titleIn;

/** State badge, overdue and late marks. */
export function marks(t: TaskView, lang: Lang): Html {
  return html`<span class="badge ${t.state}">${stateLabel(t.state, lang)}</span>${
      isOverdue(t) ? html` <span class="badge overdue">${OVERDUE_WORD[lang]}</span>` : ''
    }${t.late ? html` <span class="badge late">${LATE_WORD[lang]}</span>` : ''}`;
}

/** The deadline that matters now, in Vietnam time, with a countdown against plan time `nowIso`. */
export function dueLine(t: TaskView, nowIso: string, lang: Lang): Html {
  const due = currentDue(t);
  if (!due) {
    return html`<span class="muted">${say(lang, 'Hạn', 'Due')}: ${waitingText(t, lang, true)}</span>`;
  }
  const open = !isClosed(t.state);
  const cd = open ? countdown(due, nowIso, lang) : undefined;
  const years = provisionalYearsOfDue(t);
  return html`<span
    >${say(lang, 'Hạn', 'Due')}: <time datetime="${due}">${formatShortLocal(due)}</time>${
      years.length
        ? html` <span class="badge provisional" title="${provisionalText(years, lang)}"
            >${say(lang, 'tạm tính', 'provisional')} ${PROVISIONAL_MARK}</span
          >`
        : ''
    }${cd ? html` · <strong class="${cd.overdue ? 'countdown overdue' : 'countdown'}">${cd.text}</strong>` : ''}</span
  >`;
}

function recordLine(h: ActionRecord, lang: Lang, name: UnitNames, taskId: string): Html {
  const label = ACTION_LABEL[h.action];
  const fields = Object.entries(h.fields ?? {});
  return html`<li>
    <time datetime="${h.at}">${formatShortLocal(h.at)}</time> — <strong>${say(lang, label.vi, label.en)}</strong>${
      h.phase ? html` (${say(lang, PHASE_LABEL[h.phase].vi, PHASE_LABEL[h.phase].en)})` : ''
    }
    · ${h.actor.person}
    (${name(h.actor.unitId)})${h.late ? html` <span class="badge late">${LATE_WORD[lang]}</span>` : ''}${change(
      h,
      lang,
      name,
    )}${
      h.reason ? html`<br />${say(lang, 'Lý do', 'Reason')}: ${h.reason}` : ''
    }${h.note ? html`<br />${say(lang, 'Ghi chú', 'Note')}: ${h.note}` : ''}${
      fields.length ? html`<br />${fields.map(([k, v], i) => html`${i ? '; ' : ''}${k}: ${fieldValue(v)}`)}` : ''
    }${
      h.evidence?.length
        ? html`<br />${say(lang, 'Minh chứng', 'Evidence')}:
            ${h.evidence.map((u, i) => html`${i ? ', ' : ''}${link(u)}`)}`
        : ''
    }${
      h.files?.length
        ? html`<br />${say(lang, 'Tệp', 'Files')}:
            ${h.files.map(
              (f, i) =>
                html`${i ? ', ' : ''}<a href="${fileHref(taskId, f.sha256)}" download data-sha256="${f.sha256}"
                    >${f.name}</a
                  >
                  (${fileSizeText(f.size, lang)}, ${f.mediaType})`,
            )}`
        : ''
    }
  </li>`;
}

const when = (iso: string): Html => html`<time datetime="${iso}">${formatShortLocal(iso)}</time>`;

/** What a living-plan action changed: the deadline (old → new), the answer, the share done, the units. */
function change(h: ActionRecord, lang: Lang, name: UnitNames): Html | '' {
  const parts: Html[] = [];
  if (h.decision) {
    parts.push(
      html`<strong data-decision="${h.decision}"
        >${h.decision === 'grant' ? say(lang, 'Đồng ý', 'Granted') : say(lang, 'Không đồng ý', 'Refused')}</strong
      >`,
    );
  }
  if (h.until && h.action === 'requestExtension') {
    parts.push(html`${say(lang, 'Xin gia hạn đến', 'Asked until')} ${when(h.until)}`);
  } else if (h.until) {
    const before = h.previousDue ? when(h.previousDue) : say(lang, 'chưa có', 'none');
    parts.push(html`${say(lang, 'Hạn', 'Deadline')}: ${before} → <strong>${when(h.until)}</strong>`);
  }
  if (h.percent !== undefined) parts.push(html`${say(lang, 'Tiến độ', 'Progress')}: ${h.percent} %`);
  if (h.assignees) {
    const units = (ids: readonly string[] | undefined) => (ids ?? []).map(name).join(', ') || '—';
    parts.push(
      html`${say(lang, 'Giao lại', 'Reassigned')}: ${units(h.previousAssignees)} →
        <strong>${units(h.assignees)}</strong>`,
    );
  }
  return parts.length ? html`<br />${parts.map((p, i) => html`${i ? ' · ' : ''}${p}`)}` : '';
}

/**
 * What the living plan says about a task now: a request for more time awaiting the organizer, the
 * last request refused, the latest progress note.
 */
export function livingPlanLines(t: TaskView, lang: Lang, name: UnitNames): Html {
  const ask = t.extensionRequest;
  const lastAnswer = [...t.history].reverse().find((h) => h.action === 'decideExtension');
  const p = t.progress;
  return html`${
    ask
      ? html`<p class="msg pending" data-extension-request>
          ${say(lang, 'Đang chờ trả lời đề nghị gia hạn đến', 'Awaiting an answer to the request for more time until')}
          <strong>${when(ask.until)}</strong> — ${ask.reason}
          <span class="muted">(${ask.by.person}, ${name(ask.by.unitId)})</span>
        </p>`
      : lastAnswer?.decision === 'refuse' && !isClosed(t.state)
        ? html`<p class="msg refused" data-extension-refused>
            ${say(lang, 'Đề nghị gia hạn không được đồng ý', 'The request for more time was refused')}${
              lastAnswer.reason ? html`: ${lastAnswer.reason}` : ''
            }
          </p>`
        : ''
  }${
    p
      ? html`<p class="muted" data-progress>
          ${say(lang, 'Tiến độ', 'Progress')}${p.percent !== undefined ? html` <strong>${p.percent} %</strong>` : ''}:
          ${p.note} — ${p.by.person}, ${when(p.at)}
        </p>`
      : ''
  }`;
}

function fieldValue(v: string | number): Html | string {
  return typeof v === 'string' && /^https?:\/\//.test(v) ? link(v) : String(v);
}

/** A link to evidence; only http(s) addresses are ever made clickable. */
function link(u: string): Html {
  return /^https?:\/\/\S+$/.test(u) ? html`<a href="${u}" rel="noopener noreferrer nofollow">${u}</a>` : html`${u}`;
}

export function historyList(t: TaskView, lang: Lang, name: UnitNames): Html {
  if (t.history.length === 0) return html`<p class="muted">${say(lang, 'Chưa có thao tác nào.', 'No action yet.')}</p>`;
  return html`<ol class="history">
    ${t.history.map((h) => recordLine(h, lang, name, t.id))}
  </ol>`;
}
