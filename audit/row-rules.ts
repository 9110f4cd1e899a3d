/**
 * The audit trail's rules: which facts of a conference's histories make a row an auditor reads
 * (who did what and when, on time or late, refused, reminded, escalated), and the words of each
 * row in Vietnamese or English. Kept pure, apart from any server or file, so that the same rows
 * come from a live server and from exported histories, and the rules are tested on stored ones.
 */
import type { Actor, TaskActionInput } from '../domain/actions';
import { amendmentChange, amendmentWhat, changeText } from '../domain/change-words';
import { undeliveredText } from '../domain/notices';
import { PHASE_LABEL } from '../domain/labels';
import { isLivingPlanAction } from '../domain/task-kinds';
import { formatAdministrativeDate, formatShortLocal, toLocalIso, type Lang } from '../domain/time';
import type { ActionRecord } from '../domain/views';
import type { RefusalLogEntry } from '../client/refusal-log';
import {
  decodeWorkflow,
  type ConferenceFacts,
  type EventRef,
  type Proof,
  type ResponsibilityFacts,
  type WorkflowFacts,
  type WorkflowHistory,
} from './decode';
import { normalizeRow, type AuditRow } from './row';
import { claimDemand, conferenceOfWorkflowId, proofText, verifyClaim } from '../domain/claims';
import { unsealedRefusal } from '../domain/seal';
import { refusalDetails, type RefusalDetails } from '../domain/errors';
import {
  amendPlanUpdate,
  cancelConferenceUpdate,
  setConferenceDateUpdate,
  taskActionSignal,
  taskActionUpdate,
} from '../domain/messages';
import { keyFingerprint } from '../domain/signature';

/**
 * Turns the histories of one conference (parent and children, in any order) into audit rows,
 * sorted by time. Refusals logged by the CLI are merged when given (they left no history).
 */
export function buildAudit(
  histories: readonly WorkflowHistory[],
  cliRefusals: readonly RefusalLogEntry[] = [],
  lang: Lang = 'en',
): AuditRow[] {
  return auditRows(histories.map(decodeWorkflow), cliRefusals, lang);
}

/** The same from facts already decoded. A workflow of any other type adds no row. */
export function auditRows(
  workflows: readonly WorkflowFacts[],
  cliRefusals: readonly RefusalLogEntry[] = [],
  lang: Lang = 'en',
): AuditRow[] {
  const rehearsal = workflows.some((w) => w.clock?.mode === 'rehearsal');
  const clauses = new Map<string, string>();
  for (const w of workflows) for (const [task, clause] of w.clauses) clauses.set(task, clause);
  const rows: AuditRow[] = [];
  const names = new Map<string, string>();
  for (const w of workflows)
    if (w.kind === 'conference') for (const u of w.input.plan?.units ?? []) names.set(u.id, u.name);
  // Every workflow sees every clause: a task added by an amendment is known to the conference only.
  for (const facts of workflows) {
    const w = { ...facts, clauses: new Map([...clauses, ...facts.clauses]) };
    if (w.kind === 'conference') rows.push(...conferenceRows(w, lang));
    else if (w.kind === 'responsibility') rows.push(...responsibilityRows(w, lang));
    rows.push(...sealRefusedRows(w, lang));
    rows.push(...undeliveredRows(w, names, lang));
  }
  for (const r of cliRefusals) rows.push(refusalLogRow(r, clauses.get(r.taskId ?? '') ?? null, lang));
  return rows
    .map((r) => normalizeRow(r, rehearsal))
    .sort(
      (a, b) =>
        a.at.localeCompare(b.at) ||
        (a.workflowId ?? '').localeCompare(b.workflowId ?? '') ||
        (a.eventId ?? 0) - (b.eventId ?? 0),
    );
}

/** The start, then each date set or moved, each amendment of the plan and the cancellation, once per request id. */
function conferenceRows(w: ConferenceFacts, lang: Lang): AuditRow[] {
  const rows: AuditRow[] = [];
  const input = w.input;
  if (w.first) {
    const date = input.date ?? input.plan?.conference?.date;
    rows.push(
      row(w, w.first, {
        kind: 'start',
        action: 'start',
        planAt: input.clock.mode === 'rehearsal' ? input.clock.planStart : null,
        ...actorOf(input.startedBy),
        proof: w.claimKey ? `key ${keyFingerprint(w.claimKey)}` : null,
        client: w.starterIdentity ?? null,
        detail:
          lang === 'vi'
            ? date
              ? `Hội nghị tổ chức ${formatAdministrativeDate(date, 'vi')}`
              : 'Chưa ấn định ngày hội nghị'
            : date
              ? `date ${date}`
              : 'date not set',
        source: 'history',
      }),
    );
  }
  const seen = new Set<string>();
  for (const change of w.changes) {
    const req = change.args;
    if (seen.has(req.requestId)) continue;
    seen.add(req.requestId);
    const name = { date: setConferenceDateUpdate, amend: amendPlanUpdate, cancel: cancelConferenceUpdate }[change.kind]
      .name;
    const proven = { proof: proofOf(w, change, name, [req]).proof, client: change.identity ?? null };
    if (change.kind === 'date') {
      const { from, to, reason, at } = change.result;
      rows.push(
        row(w, change.event, {
          kind: from === null ? 'dateSet' : 'dateMoved',
          action: 'setDate',
          planAt: at,
          ...actorOf(req.actor),
          requestId: req.requestId,
          detail: `${from ?? '—'} → ${to}: ${reason}`,
          source: 'update',
          ...proven,
        }),
      );
    } else if (change.kind === 'amend') {
      // The new plan version, what changed (old → new), and why; the task's clause as amended.
      const a = change.result.amendment;
      const clause = change.args.op === 'addTask' ? change.args.task.clause : (w.clauses.get(a.taskId) ?? null);
      rows.push(
        row(w, change.event, {
          kind: 'amended',
          action: a.op,
          planAt: a.at,
          ...actorOf(req.actor),
          taskId: a.taskId,
          clause,
          requestId: req.requestId,
          detail: `v${a.version} ${amendmentWhat(a, lang)}: ${amendmentChange(a, lang)}: ${a.reason}`,
          source: 'update',
          ...proven,
        }),
      );
    } else {
      rows.push(
        row(w, change.event, {
          kind: 'cancelled',
          action: 'cancel',
          ...actorOf(req.actor),
          requestId: req.requestId,
          detail: change.args.reason,
          source: 'update',
          ...proven,
        }),
      );
    }
  }
  rows.push(...deadlineMovedRows(w, lang));
  return rows;
}

/**
 * The deadlines a newer holiday calendar moved (a year's announcement arrived in a release), one
 * row per task, from the notice the conference sent the units concerned: the old and the new
 * deadline, as a moved conference date shows both dates, why, and whom it told.
 */
function deadlineMovedRows(w: ConferenceFacts, lang: Lang): AuditRow[] {
  const at = (iso: string | null): string => (iso ? formatShortLocal(iso) : '—');
  return w.notifications.flatMap(({ event, notification: n }) => {
    if (n.kind !== 'calendarChanged' || !n.deadline) return [];
    const units = n.recipients.map((r) => r.id);
    const told = `${lang === 'vi' ? 'đã báo' : 'told'}: ${units.join(', ')}`;
    return [
      row(w, event, {
        kind: 'deadlineMoved',
        action: 'calendar',
        planAt: n.at,
        unit: units.join(' '),
        taskId: n.taskId ?? null,
        clause: n.taskId ? (w.clauses.get(n.taskId) ?? null) : null,
        detail: `${at(n.deadline.from)} → ${at(n.deadline.to)}: ${n.text[lang]}; ${told}`,
        source: 'history',
      }),
    ];
  });
}

/**
 * A unit's action counts once, when the workflow's own task history records its request id with
 * the same task, action and actor; a repeat of the request is dropped; a Signal that changed
 * nothing is shown as refused with the notice the workflow sent; reminders and escalations follow.
 */
function responsibilityRows(w: ResponsibilityFacts, lang: Lang): AuditRow[] {
  const rows: AuditRow[] = [];
  const records = new Map<string, { record: ActionRecord; asked: string | undefined; attemptKey: string }>();
  for (const view of w.taskViews) {
    // The deadline last asked for, so that an answer to a request can say what was asked.
    let asked: string | undefined;
    for (const h of view.history) {
      if (!records.has(h.requestId))
        records.set(h.requestId, {
          record: h,
          asked: h.action === 'decideExtension' ? asked : undefined,
          attemptKey: attemptKey(view.id, h.action, h.actor),
        });
      if (h.action === 'requestExtension') asked = h.until;
    }
  }
  // Whom the workflow told of a living-plan change, by the request that made it.
  const told = new Map<string, string[]>();
  for (const { notification: n } of w.notifications)
    if (n.requestId && n.kind !== 'refused')
      told.set(n.requestId, [...(told.get(n.requestId) ?? []), ...n.recipients.map((r) => r.id)]);
  const refusedNotices = w.notifications.filter((n) => n.notification.kind === 'refused');
  const claimed = new Map<string, string>();

  for (const attempt of w.attempts) {
    const { event, args, source } = attempt;
    const actor = (args as { actor?: Actor }).actor;
    const taskId = typeof args?.taskId === 'string' ? args.taskId : null;
    const requestId = typeof args?.requestId === 'string' ? args.requestId : null;
    const key = attemptKey(taskId ?? '', args?.action ?? '', actor);
    const record = requestId ? records.get(requestId) : undefined;
    const base = {
      action: String(args?.action ?? '?'),
      ...actorOf(actor),
      taskId,
      clause: taskId ? (w.clauses.get(taskId) ?? null) : null,
      requestId,
      source,
      client: attempt.identity ?? null,
    };
    const proven = proofOf(w, attempt, source === 'update' ? taskActionUpdate.name : taskActionSignal.name, [args]);
    if (proven.refusal && source === 'signal') {
      // A signal whose claim does not hold: the workflow dropped it before its handler.
      rows.push(
        row(w, event, {
          ...base,
          kind: 'refused',
          proof: null,
          detail: `${proven.refusal.field}: ${proven.refusal[lang]}`,
        }),
      );
      continue;
    }
    if (requestId && claimed.has(requestId)) {
      // The same request again: one effect only. A different request under a used id is refused.
      if (claimed.get(requestId) === key || source === 'update') continue;
    } else if (requestId && record && record.attemptKey === key) {
      claimed.set(requestId, key);
      const living = isLivingPlanAction(record.record.action);
      rows.push(
        row(w, event, {
          ...base,
          kind: 'action',
          planAt: record.record.at,
          // A change to the plan is not the task's work: it is neither on time nor late.
          timing: living ? null : record.record.late ? 'late' : 'onTime',
          proof: proven.proof,
          detail: living
            ? planChangeDetail(args, record.record, record.asked, told.get(requestId) ?? [], lang)
            : actionDetail(args, lang),
        }),
      );
      continue;
    } else if (source === 'update') {
      continue; // accepted but its effect is not (yet) in history: nothing to report
    }
    // A signal that changed nothing: the workflow answered it with a 'refused' notification.
    const noticeIndex = refusedNotices.findIndex(
      (n) => n.event.eventId > event.eventId && n.notification.taskId === (taskId ?? '?'),
    );
    const notice = noticeIndex >= 0 ? refusedNotices.splice(noticeIndex, 1)[0] : undefined;
    if (!notice) continue; // not processed yet
    rows.push(
      row(w, event, {
        ...base,
        kind: 'refused',
        proof: proven.proof,
        planAt: notice.notification.at,
        detail: notice.notification.text[lang],
      }),
    );
  }

  for (const { event, notification: n } of w.notifications) {
    if (n.kind !== 'reminder' && n.kind !== 'overdue') continue;
    rows.push(
      row(w, event, {
        kind: n.kind,
        action: n.kind,
        planAt: n.at,
        unit: n.recipients.map((r) => r.id).join(' '),
        taskId: n.taskId ?? null,
        clause: n.taskId ? (w.clauses.get(n.taskId) ?? null) : null,
        detail: n.text[lang],
        source: 'history',
      }),
    );
  }
  return rows;
}

/**
 * A mail a server refused for good: "không gửi được thư tới …", one row per address. Its kind is
 * `refused` (the mail server refused it; the row's action `email` says it was no unit's request).
 */
function undeliveredRows(w: WorkflowFacts, names: ReadonlyMap<string, string>, lang: Lang): AuditRow[] {
  return (w.undelivered ?? []).flatMap(({ event, notification: n, mails }) =>
    mails.map((m) =>
      row(w, event, {
        kind: 'refused',
        action: 'email',
        planAt: n.at,
        unit: m.unitId,
        taskId: n.taskId ?? null,
        clause: n.taskId ? (w.clauses.get(n.taskId) ?? null) : null,
        detail: `${undeliveredText(m.address, names.get(m.unitId) ?? m.unitId, m.reason)[lang]} — ${n.text[lang]}`,
        source: 'history',
      }),
    ),
  );
}

function refusalLogRow(r: RefusalLogEntry, clause: string | null, lang: Lang): AuditRow {
  return {
    at: r.time,
    local: toLocalIso(r.time),
    planAt: null,
    kind: 'refused',
    action: r.action,
    unit: r.unit,
    person: r.person,
    taskId: r.taskId,
    clause,
    timing: null,
    requestId: r.requestId,
    detail: `${r.field}: ${lang === 'vi' && r.reasonVi ? r.reasonVi : r.reason}`,
    workflowId: null,
    eventId: null,
    source: r.via === 'web' ? 'web-log' : 'cli-log',
    proof: null,
    client: null,
  };
}

/** A Signal the workflow dropped because Kehoach did not seal it for the workflow: refused, nothing changed. */
function sealRefusedRows(w: WorkflowFacts, lang: Lang): AuditRow[] {
  return (w.sealRefused ?? []).map((r) => {
    const refused = unsealedRefusal(r.signalName, r.reason === 'replayed' ? 'replayed' : { state: r.reason });
    const details = refused.details?.[0] as RefusalDetails;
    return row(w, r.event, {
      kind: 'refused',
      action: r.signalName,
      detail: `${details.field}: ${details[lang]}`,
      source: 'signal',
      client: r.identity,
    });
  });
}

function row(
  w: WorkflowFacts,
  event: EventRef,
  fields: Partial<AuditRow> & Pick<AuditRow, 'kind' | 'action' | 'detail' | 'source'>,
): AuditRow {
  return {
    at: event.at,
    local: toLocalIso(event.at),
    planAt: null,
    unit: null,
    person: null,
    taskId: null,
    clause: null,
    timing: null,
    requestId: null,
    workflowId: w.workflowId,
    eventId: event.eventId,
    proof: null,
    client: null,
    ...fields,
  };
}

/**
 * The proof of a message: "link …" / "operator …" when its claim holds against the workflow's key
 * at the instant the workflow judged it, else the refusal; nothing to prove before claims.
 */
function proofOf(
  w: WorkflowFacts,
  p: Proof,
  name: string,
  args: readonly unknown[],
): { proof: string | null; refusal?: RefusalDetails } {
  if (!w.claimKey) return { proof: null };
  try {
    const claim = verifyClaim(p.claim, w.claimKey, {
      conferenceId: conferenceOfWorkflowId(w.workflowId) ?? '?',
      nowMs: Date.parse(p.judgedAt ?? ''),
      demand: claimDemand(name, args) ?? {},
    });
    return { proof: proofText(claim) };
  } catch (err) {
    const refusal = refusalDetails(err);
    if (!refusal) throw err;
    return { proof: `${refusal.field}: ${refusal.en}`, refusal };
  }
}

function actorOf(actor: Actor | undefined): { unit: string | null; person: string | null } {
  return { unit: actor?.unitId ?? null, person: actor?.person ?? null };
}

/** Which move an attempt or a record is: its task, action and actor (unit and person), as one comparable string. */
function attemptKey(taskId: string, action: string, actor: Actor | undefined): string {
  return JSON.stringify([taskId, action, actor?.unitId ?? '', actor?.person ?? '']);
}

/** The phase, the reason, the note, the fields, the evidence links and files of an action, in that order. */
function actionDetail(a: TaskActionInput, lang: Lang): string {
  const parts: string[] = [];
  if ('phase' in a && a.phase) parts.push(lang === 'vi' ? `giai đoạn ${PHASE_LABEL[a.phase].vi}` : `phase ${a.phase}`);
  if ('reason' in a && a.reason) parts.push(`${lang === 'vi' ? 'lý do' : 'reason'}: ${a.reason}`);
  if (a.note) parts.push(a.note);
  if ('fields' in a && a.fields) for (const [k, v] of Object.entries(a.fields)) parts.push(`${k}=${v}`);
  for (const link of a.evidence ?? []) parts.push(link);
  // A file by its name and the hash that proves which bytes were handed in.
  for (const f of a.files ?? [])
    parts.push(`${lang === 'vi' ? 'tệp' : 'file'} ${f.name} (${f.size} B, ${f.mediaType}, sha256 ${f.sha256})`);
  return parts.join('; ');
}

/**
 * A living-plan action: what changed with the old and the new value (deadline, units), the
 * reason, the note, the evidence, and whom the workflow told.
 */
function planChangeDetail(
  a: TaskActionInput,
  record: ActionRecord,
  asked: string | undefined,
  told: readonly string[],
  lang: Lang,
): string {
  const parts = [changeText(record, lang, asked), actionDetail(a, lang)].filter((p) => p !== '');
  const to = [...new Set(told)];
  if (to.length > 0) parts.push(`${lang === 'vi' ? 'đã báo' : 'told'}: ${to.join(', ')}`);
  return parts.join('; ');
}
