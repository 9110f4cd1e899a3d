/**
 * Pieces of a task shared by the board and the inbox: its state and deadline marks, and its
 * history of accepted actions (who, when, on time or late, with the note, reason, fields, links).
 */
import { currentDue } from '../../cli/board-view';
import { ACTION_LABEL, PHASE_LABEL } from '../../domain/labels';
import type { Plan } from '../../domain/plan/schema';
import { formatShortLocal } from '../../domain/time';
import type { ActionRecord, TaskView } from '../../domain/views';
import { html, type Html } from '../html';
import { countdown, say, stateText, type Lang } from '../i18n';

export { ACTION_LABEL, PHASE_LABEL };

export type UnitNames = (id: string) => string;

export function unitNames(plan: Plan | undefined): UnitNames {
  const names = new Map((plan?.units ?? []).map((u) => [u.id, u.shortName ?? u.name]));
  return (id) => names.get(id) ?? id;
}

export function taskTitle(t: { title: string; titleEn?: string | undefined }, lang: Lang): string {
  return lang === 'en' ? (t.titleEn ?? t.title) : t.title;
}

export function isOverdue(t: TaskView): boolean {
  return t.overdue && t.state !== 'done' && t.state !== 'cancelled';
}

/** State badge, overdue and late marks. */
export function marks(t: TaskView, lang: Lang): Html {
  return html`<span class="badge ${t.state}">${stateText(t.state, lang)}</span>${
      isOverdue(t) ? html` <span class="badge overdue">${say(lang, 'QUÁ HẠN', 'OVERDUE')}</span>` : ''
    }${t.late ? html` <span class="badge late">${say(lang, 'trễ hạn', 'late')}</span>` : ''}`;
}

/** The deadline that matters now, in Vietnam time, with a countdown against plan time `nowIso`. */
export function dueLine(t: TaskView, nowIso: string, lang: Lang): Html {
  const due = currentDue(t);
  if (!due) {
    const why =
      t.waitingFor === 'date'
        ? say(lang, 'chờ giấy mời (ngày hội nghị)', 'awaits the conference date')
        : t.waitingFor === 'task'
          ? say(lang, 'chờ việc trước', 'awaits an earlier task')
          : '—';
    return html`<span class="muted">${say(lang, 'Hạn', 'Due')}: ${why}</span>`;
  }
  const open = t.state !== 'done' && t.state !== 'cancelled';
  const cd = open ? countdown(due, nowIso, lang) : undefined;
  return html`<span
    >${say(lang, 'Hạn', 'Due')}: <time datetime="${due}">${formatShortLocal(due)}</time>${
      cd ? html` · <strong class="${cd.overdue ? 'countdown overdue' : 'countdown'}">${cd.text}</strong>` : ''
    }</span
  >`;
}

function recordLine(h: ActionRecord, lang: Lang, name: UnitNames): Html {
  const label = ACTION_LABEL[h.action];
  const fields = Object.entries(h.fields ?? {});
  return html`<li>
    <time datetime="${h.at}">${formatShortLocal(h.at)}</time> — <strong>${say(lang, label.vi, label.en)}</strong>${
      h.phase ? html` (${say(lang, PHASE_LABEL[h.phase].vi, PHASE_LABEL[h.phase].en)})` : ''
    }
    · ${h.actor.person}
    (${name(h.actor.unitId)})${h.late ? html` <span class="badge late">${say(lang, 'trễ hạn', 'late')}</span>` : ''}${
      h.reason ? html`<br />${say(lang, 'Lý do', 'Reason')}: ${h.reason}` : ''
    }${h.note ? html`<br />${say(lang, 'Ghi chú', 'Note')}: ${h.note}` : ''}${
      fields.length ? html`<br />${fields.map(([k, v], i) => html`${i ? '; ' : ''}${k}: ${fieldValue(v)}`)}` : ''
    }${
      h.evidence?.length
        ? html`<br />${say(lang, 'Minh chứng', 'Evidence')}:
            ${h.evidence.map((u, i) => html`${i ? ', ' : ''}${link(u)}`)}`
        : ''
    }
  </li>`;
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
    ${t.history.map((h) => recordLine(h, lang, name))}
  </ol>`;
}

/** Who is expected to act now (the approver once submitted; signers who have not signed). */
export function owners(t: TaskView, name: UnitNames): string {
  if (t.state === 'submitted' && t.deciders.length > 0) return t.deciders.map(name).join(', ');
  if (t.kind === 'signoff') {
    const left = t.deciders.filter((d) => !t.signedBy.includes(d));
    return (left.length ? left : t.assignees).map(name).join(', ');
  }
  return t.assignees.map(name).join(', ');
}
