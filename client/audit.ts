/**
 * The audit trail: who did what and when, on time or late, for one conference. It is read from
 * Temporal's event history of the conference workflow and all its responsibility workflows, so
 * it shows what the engine accepted rather than what a client claims to have sent.
 *
 * `buildAudit` is a pure function from histories to rows (the same for a live server and for
 * histories exported with `temporal workflow show --output json`); `fetchConferenceHistories`
 * and `readHistoryFiles` only gather the histories.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import type { Notification } from '../activities/types';
import type { Actor, Cancel, SetDate, TaskActionInput } from '../domain/actions';
import type { Clock } from '../domain/clock';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../domain/ids';
import type { ConferenceInput, ResponsibilityInput, ResponsibilityResult } from '../domain/messages';
import { formatAdministrativeDate, toLocalIso, type Lang } from '../domain/time';
import { PHASE_LABEL } from '../domain/labels';
import type { DateChange, TaskView } from '../domain/views';
import type { RefusalLogEntry } from './refusal-log';

export type AuditKind = 'start' | 'action' | 'refused' | 'dateSet' | 'dateMoved' | 'cancelled' | 'reminder' | 'overdue';

/** Where a row comes from: an Update or a Signal in history, another history event, or the CLI's refusal log. */
export type AuditSource = 'update' | 'signal' | 'history' | 'cli-log' | 'web-log';

/** One line of the audit trail. Flat and JSON-shaped so it exports to CSV as it is. */
export interface AuditRow {
  /** Real instant of the event (UTC ISO). */
  at: string;
  /** The same instant in Vietnam time (`2023-03-20T08:00:00+07:00`). */
  local: string;
  /** Plan instant (UTC ISO) when the conference runs as a rehearsal; null on the real clock. */
  planAt: string | null;
  kind: AuditKind;
  /** The action (complete, submit, …, setDate, cancel) or the notification kind. */
  action: string;
  unit: string | null;
  person: string | null;
  taskId: string | null;
  clause: string | null;
  timing: 'onTime' | 'late' | null;
  requestId: string | null;
  /** Note, reason, date or refusal, in words. */
  detail: string;
  workflowId: string | null;
  eventId: number | null;
  source: AuditSource;
}

/** The history of one workflow; the workflow id is read from the history when not given. */
export interface WorkflowHistory {
  workflowId?: string;
  history: History;
}

type HistoryEvent = NonNullable<History['events']>[number];
type Payloads = { payloads?: unknown[] | null } | null | undefined;

// ---- building ----

/**
 * Turns the histories of one conference (parent and children, in any order) into audit rows,
 * sorted by time. Refusals logged by the CLI are merged when given (they left no history).
 */
export function buildAudit(
  histories: readonly WorkflowHistory[],
  cliRefusals: readonly RefusalLogEntry[] = [],
  lang: Lang = 'en',
): AuditRow[] {
  const parsed = histories.map(parseWorkflow);
  const rehearsal = parsed.some((w) => w.clock?.mode === 'rehearsal');
  const clauses = new Map<string, string>();
  for (const w of parsed) for (const [task, clause] of w.clauses) clauses.set(task, clause);
  const rows: AuditRow[] = [];
  for (const w of parsed)
    rows.push(...(w.kind === 'conference' ? conferenceRows(w, lang) : responsibilityRows(w, lang)));
  for (const r of cliRefusals) rows.push(refusalLogRow(r, clauses.get(r.taskId ?? '') ?? null, lang));
  return rows
    .map((r) => normalize(r, rehearsal))
    .sort(
      (a, b) =>
        a.at.localeCompare(b.at) ||
        (a.workflowId ?? '').localeCompare(b.workflowId ?? '') ||
        (a.eventId ?? 0) - (b.eventId ?? 0),
    );
}

/** The same keys in the same order for every row, so JSON and CSV exports compare line for line. */
function normalize(r: AuditRow, rehearsal: boolean): AuditRow {
  return {
    at: r.at,
    local: r.local,
    planAt: rehearsal ? r.planAt : null,
    kind: r.kind,
    action: r.action,
    unit: r.unit,
    person: r.person,
    taskId: r.taskId,
    clause: r.clause,
    timing: r.timing,
    requestId: r.requestId,
    detail: r.detail,
    workflowId: r.workflowId,
    eventId: r.eventId,
    source: r.source,
  };
}

interface ParsedWorkflow {
  kind: 'conference' | 'responsibility' | 'other';
  workflowId: string;
  events: HistoryEvent[];
  clock: Clock | undefined;
  clauses: Map<string, string>;
  input: unknown;
}

function parseWorkflow(h: WorkflowHistory): ParsedWorkflow {
  const events = h.history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const type = started?.workflowType?.name ?? '';
  const input = decodeFirst(started?.input);
  const clauses = new Map<string, string>();
  if (type === 'conferenceWorkflow') {
    const ci = input as ConferenceInput;
    for (const r of ci.plan?.responsibilities ?? []) for (const t of r.tasks) clauses.set(t.id, t.clause);
    return {
      kind: 'conference',
      workflowId: h.workflowId ?? (started?.workflowId || conferenceWorkflowId(ci.conferenceId)),
      events,
      clock: ci.clock,
      clauses,
      input,
    };
  }
  if (type === 'responsibilityWorkflow') {
    const ri = input as ResponsibilityInput;
    for (const t of ri.responsibility?.tasks ?? []) clauses.set(t.id, t.clause);
    return {
      kind: 'responsibility',
      workflowId:
        h.workflowId ?? (started?.workflowId || responsibilityWorkflowId(ri.conferenceId, ri.responsibility.id)),
      events,
      clock: ri.clock,
      clauses,
      input,
    };
  }
  return {
    kind: 'other',
    workflowId: h.workflowId ?? started?.workflowId ?? '?',
    events,
    clock: undefined,
    clauses,
    input,
  };
}

function conferenceRows(w: ParsedWorkflow, lang: Lang): AuditRow[] {
  const rows: AuditRow[] = [];
  const input = w.input as ConferenceInput;
  const first = w.events[0];
  if (first) {
    const date = input.date ?? input.plan?.conference?.date;
    rows.push(
      row(w, first, {
        kind: 'start',
        action: 'start',
        planAt: input.clock.mode === 'rehearsal' ? input.clock.planStart : null,
        ...actorOf(input.startedBy),
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
  for (const { accepted, name, args, result } of acceptedUpdates(w.events)) {
    if (name === 'setConferenceDate') {
      const req = args as SetDate;
      const change = result as DateChange;
      if (seen.has(req.requestId)) continue;
      seen.add(req.requestId);
      rows.push(
        row(w, accepted, {
          kind: change.from === null ? 'dateSet' : 'dateMoved',
          action: 'setDate',
          planAt: change.at,
          ...actorOf(req.actor),
          requestId: req.requestId,
          detail: `${change.from ?? '—'} → ${change.to}: ${change.reason}`,
          source: 'update',
        }),
      );
    } else if (name === 'cancelConference') {
      const req = args as Cancel;
      if (seen.has(req.requestId)) continue;
      seen.add(req.requestId);
      rows.push(
        row(w, accepted, {
          kind: 'cancelled',
          action: 'cancel',
          ...actorOf(req.actor),
          requestId: req.requestId,
          detail: req.reason,
          source: 'update',
        }),
      );
    }
  }
  return rows;
}

function responsibilityRows(w: ParsedWorkflow, lang: Lang): AuditRow[] {
  const rows: AuditRow[] = [];
  const views = taskViewsIn(w.events);
  const records = new Map<string, { taskId: string; late: boolean; at: string; fingerprint: string }>();
  for (const { view, eventId } of views) {
    for (const h of view.history) {
      if (!records.has(h.requestId)) {
        records.set(h.requestId, {
          taskId: view.id,
          late: h.late,
          at: h.at,
          fingerprint: fingerprint(view.id, h.action, h.actor),
        });
      }
      void eventId;
    }
  }
  const refusedNotices = notifications(w.events).filter((n) => n.notification.kind === 'refused');
  const claimed = new Map<string, string>();
  const updates = acceptedUpdates(w.events).filter((u) => u.name === 'taskAction');
  const signals = w.events.flatMap((e) => {
    const s = e.workflowExecutionSignaledEventAttributes;
    return s?.signalName === 'taskActionSignal' ? [{ event: e, args: decodeFirst(s.input) as TaskActionInput }] : [];
  });
  type Attempt = { event: HistoryEvent; args: TaskActionInput; source: 'update' | 'signal' };
  const attempts: Attempt[] = [
    ...updates.map((u) => ({ event: u.accepted, args: u.args as TaskActionInput, source: 'update' as const })),
    ...signals.map((s) => ({ ...s, source: 'signal' as const })),
  ].sort((a, b) => eventIdOf(a.event) - eventIdOf(b.event));

  for (const { event, args, source } of attempts) {
    const actor = (args as { actor?: Actor }).actor;
    const taskId = typeof args?.taskId === 'string' ? args.taskId : null;
    const requestId = typeof args?.requestId === 'string' ? args.requestId : null;
    const print = fingerprint(taskId ?? '', args?.action ?? '', actor);
    const record = requestId ? records.get(requestId) : undefined;
    const base = {
      action: String(args?.action ?? '?'),
      ...actorOf(actor),
      taskId,
      clause: taskId ? (w.clauses.get(taskId) ?? null) : null,
      requestId,
      source,
    };
    if (requestId && claimed.has(requestId)) {
      // The same request again: one effect only. A different request under a used id is refused.
      if (claimed.get(requestId) === print || source === 'update') continue;
    } else if (record && record.fingerprint === print) {
      claimed.set(requestId as string, print);
      rows.push(
        row(w, event, {
          ...base,
          kind: 'action',
          planAt: record.at,
          timing: record.late ? 'late' : 'onTime',
          detail: actionDetail(args, lang),
        }),
      );
      continue;
    } else if (source === 'update') {
      continue; // accepted but its effect is not (yet) in history: nothing to report
    }
    // A signal that changed nothing: the workflow answered it with a 'refused' notification.
    const at = eventIdOf(event);
    const noticeIndex = refusedNotices.findIndex((n) => n.eventId > at && n.notification.taskId === (taskId ?? '?'));
    const notice = noticeIndex >= 0 ? refusedNotices.splice(noticeIndex, 1)[0] : undefined;
    if (!notice) continue; // not processed yet
    rows.push(
      row(w, event, {
        ...base,
        kind: 'refused',
        planAt: notice.notification.at,
        detail: notice.notification.text[lang],
      }),
    );
  }

  for (const { event, notification: n } of notifications(w.events)) {
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
  };
}

// ---- reading history events ----

function row(
  w: ParsedWorkflow,
  event: HistoryEvent,
  fields: Partial<AuditRow> & Pick<AuditRow, 'kind' | 'action' | 'detail' | 'source'>,
): AuditRow {
  const at = eventTime(event);
  return {
    at,
    local: toLocalIso(at),
    planAt: null,
    unit: null,
    person: null,
    taskId: null,
    clause: null,
    timing: null,
    requestId: null,
    workflowId: w.workflowId,
    eventId: eventIdOf(event),
    ...fields,
  };
}

/** Updates accepted and completed successfully, with their input and answer. */
function acceptedUpdates(
  events: HistoryEvent[],
): { accepted: HistoryEvent; name: string; args: unknown; result: unknown }[] {
  const completed = new Map<number, unknown>();
  for (const e of events) {
    const c = e.workflowExecutionUpdateCompletedEventAttributes;
    if (c?.outcome?.success) completed.set(toNumber(c.acceptedEventId), decodeFirst(c.outcome.success));
  }
  return events.flatMap((e) => {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    const id = eventIdOf(e);
    if (!a || !completed.has(id)) return [];
    return [
      {
        accepted: e,
        name: a.acceptedRequest?.input?.name ?? '',
        args: decodeFirst(a.acceptedRequest?.input?.args),
        result: completed.get(id),
      },
    ];
  });
}

/** Every task state the workflow reported (answers to Updates, reports to the parent, its result). */
function taskViewsIn(events: HistoryEvent[]): { view: TaskView; eventId: number }[] {
  const out: { view: TaskView; eventId: number }[] = [];
  for (const e of events) {
    const id = eventIdOf(e);
    const done = e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success;
    if (done) {
      const v = decodeFirst(done) as TaskView | undefined;
      if (v && Array.isArray(v.history)) out.push({ view: v, eventId: id });
    }
    const sig = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    if (sig?.signalName === 'tasksChanged') {
      const payload = decodeFirst(sig.input) as { tasks?: TaskView[] } | undefined;
      for (const v of payload?.tasks ?? []) out.push({ view: v, eventId: id });
    }
    const result = e.workflowExecutionCompletedEventAttributes?.result;
    if (result) {
      for (const v of (decodeFirst(result) as ResponsibilityResult | undefined)?.tasks ?? [])
        out.push({ view: v, eventId: id });
    }
  }
  return out;
}

function notifications(events: HistoryEvent[]): { event: HistoryEvent; eventId: number; notification: Notification }[] {
  return events.flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name !== 'notify') return [];
    const n = decodeFirst(a.input) as Notification | undefined;
    return n ? [{ event: e, eventId: eventIdOf(e), notification: n }] : [];
  });
}

function decodeFirst(payloads: Payloads): unknown {
  const p = payloads?.payloads?.[0];
  if (!p) return undefined;
  return defaultPayloadConverter.fromPayload(p);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return 0;
}

function eventIdOf(e: HistoryEvent): number {
  return toNumber(e.eventId);
}

function eventTime(e: HistoryEvent): string {
  const t = e.eventTime;
  const ms = t ? toNumber(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
  return new Date(ms).toISOString();
}

function actorOf(actor: Actor | undefined): { unit: string | null; person: string | null } {
  return { unit: actor?.unitId ?? null, person: actor?.person ?? null };
}

function fingerprint(taskId: string, action: string, actor: Actor | undefined): string {
  return JSON.stringify([taskId, action, actor?.unitId ?? '', actor?.person ?? '']);
}

function actionDetail(a: TaskActionInput, lang: Lang): string {
  const parts: string[] = [];
  if ('phase' in a && a.phase) parts.push(lang === 'vi' ? `giai đoạn ${PHASE_LABEL[a.phase].vi}` : `phase ${a.phase}`);
  if ('reason' in a && a.reason) parts.push(`${lang === 'vi' ? 'lý do' : 'reason'}: ${a.reason}`);
  if (a.note) parts.push(a.note);
  if ('fields' in a && a.fields) for (const [k, v] of Object.entries(a.fields)) parts.push(`${k}=${v}`);
  for (const link of a.evidence ?? []) parts.push(link);
  return parts.join('; ');
}

// ---- gathering histories ----

/** The conference's history and its children's, as the server holds them now. */
export async function fetchConferenceHistories(client: Client, conferenceId: string): Promise<WorkflowHistory[]> {
  const parentId = conferenceWorkflowId(conferenceId);
  const parent = await client.workflow.getHandle(parentId).fetchHistory();
  const out: WorkflowHistory[] = [{ workflowId: parentId, history: parent }];
  for (const childId of childWorkflowIds(parent)) {
    try {
      out.push({ workflowId: childId, history: await client.workflow.getHandle(childId).fetchHistory() });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return out;
}

/** Children named by the parent's history, in the order it started them. */
export function childWorkflowIds(parent: History): string[] {
  const ids = new Set<string>();
  for (const e of parent.events ?? []) {
    const initiated = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    const started = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
    if (initiated) ids.add(initiated);
    if (started) ids.add(started);
  }
  return [...ids];
}

/** Reads exported histories (proto JSON, as `temporal workflow show --output json` writes them). */
export async function readHistoryFiles(paths: readonly string[]): Promise<WorkflowHistory[]> {
  const files: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      for (const name of (await readdir(p)).sort()) if (name.endsWith('.json')) files.push(join(p, name));
    } else {
      files.push(p);
    }
  }
  const out: WorkflowHistory[] = [];
  for (const f of files) {
    const json: unknown = JSON.parse(await readFile(f, 'utf8'));
    out.push({ history: historyFromJson(json) });
  }
  return out;
}

/**
 * Proto JSON → History. The SDK's `historyFromJSON` fails ("type must be a Type") when npm
 * installs two copies of protobufjs (one under @temporalio/common, one under @temporalio/proto);
 * then the history is read with the copy that @temporalio/proto's own types come from.
 */
export function historyFromJson(json: unknown): History {
  try {
    return historyFromJSON(json);
  } catch (err) {
    if (!(err instanceof TypeError) || !/must be a Type/.test(err.message)) throw err;
  }
  const protoRequire = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const protojson = protoRequire('protobufjs/ext/protojson') as {
    fromJson(type: unknown, value: unknown, options: { ignoreUnknownFields: boolean }): unknown;
  };
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  return protojson.fromJson(root.lookupType('temporal.api.history.v1.History'), json, {
    ignoreUnknownFields: true,
  }) as History;
}

/** The conference id a set of histories belongs to (from the conference workflow's input). */
export function conferenceIdOf(histories: readonly WorkflowHistory[]): string | undefined {
  for (const h of histories) {
    const w = parseWorkflow(h);
    const id = (w.input as { conferenceId?: unknown } | undefined)?.conferenceId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}
