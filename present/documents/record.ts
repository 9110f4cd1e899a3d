/**
 * A conference's record, as the documents read it: the plan it was started with, its date and
 * its changes, every task's last known state, the audit rows, and the moment the documents speak
 * of. Built from Temporal's histories (parent and children) only, so the same record comes from a
 * live server and from exported files; a live status query, when given, supplies the tasks' state
 * as the engine holds it now. Pure.
 */
import { auditRows, decodeWorkflow, type AuditRow, type ConferenceFacts, type WorkflowHistory } from '../../audit';
import type { RefusalLogEntry } from '../../client/refusal-log';
import type { Actor } from '../../domain/actions';
import { planNowIso, type Clock } from '../../domain/clock';
import type { LocalDate, Plan } from '../../domain/plan/schema';
import type { ConferenceStatus, DateChange, ResponsibilityView, RunStatus, TaskView } from '../../domain/views';

export interface ConferenceRecord {
  conferenceId: string;
  plan: Plan;
  status: RunStatus;
  date: LocalDate | null;
  dateChanges: DateChange[];
  cancellation?: { reason: string; by: Actor } | undefined;
  /** In the plan's order, each with its tasks' last known state. */
  responsibilities: ResponsibilityView[];
  /** The audit rows, in Vietnamese. */
  rows: AuditRow[];
  /** The plan instant (UTC ISO) the documents speak of: now, or when a finished conference ended. */
  asOf: string;
}

export interface RecordSources {
  histories: readonly WorkflowHistory[];
  refusals?: readonly RefusalLogEntry[];
  /** The conference's status as the engine answers it now (a live server); rebuilt from history without it. */
  status?: ConferenceStatus;
  /** Real time now (ms), for a conference still running; offline, the time of its last recorded event. */
  nowMs?: number;
}

/** Refused: the histories hold no conference workflow. */
export class NoConferenceHistory extends Error {}

export function conferenceRecord(src: RecordSources): ConferenceRecord {
  const facts = src.histories.map(decodeWorkflow);
  const parent = facts.find((f): f is ConferenceFacts => f.kind === 'conference');
  if (!parent) throw new NoConferenceHistory('no conference workflow in the histories');
  const parentHistory = src.histories[facts.indexOf(parent)];
  const input = parent.input;
  const plan = input.plan;
  const clock = withRealStart(input.clock, parent.first?.at);
  const rows = auditRows(facts, src.refusals ?? [], 'vi');

  const events = parentHistory?.history.events ?? [];
  const closed = events.some(
    (e) =>
      e.workflowExecutionCompletedEventAttributes ||
      e.workflowExecutionFailedEventAttributes ||
      e.workflowExecutionTerminatedEventAttributes ||
      e.workflowExecutionCanceledEventAttributes,
  );
  // A finished conference speaks of its end; a running one of now, or of its last recorded event offline.
  const lastOf = (h: WorkflowHistory | undefined): number => eventMs(h?.history.events?.at(-1));
  const lastAnywhere = Math.max(...src.histories.map(lastOf));
  const asOf = planNowIso(clock, closed ? lastOf(parentHistory) : (src.nowMs ?? lastAnywhere));

  if (src.status) {
    const s = src.status;
    return {
      conferenceId: s.conferenceId,
      plan,
      status: s.status,
      date: s.date,
      dateChanges: s.dateChanges,
      cancellation: s.cancellation,
      responsibilities: s.responsibilities,
      rows,
      asOf: s.status === 'running' ? planNowIso(s.clock, src.nowMs ?? Date.now()) : asOf,
    };
  }

  const dateChanges: DateChange[] = [];
  let cancellation: ConferenceRecord['cancellation'];
  for (const c of parent.changes) {
    if (c.kind === 'date') {
      if (!dateChanges.some((d) => d.requestId === c.result.requestId)) dateChanges.push(c.result);
    } else cancellation ??= { reason: c.args.reason, by: c.args.actor };
  }
  const date = dateChanges.at(-1)?.to ?? input.date ?? plan.conference.date ?? null;

  // Each task's last reported state, per responsibility (a task added by an amendment included).
  const latest = new Map<string, Map<string, TaskView>>();
  for (const f of facts) {
    if (f.kind !== 'responsibility') continue;
    const tasks = latest.get(f.input.responsibility.id) ?? new Map<string, TaskView>();
    for (const v of f.taskViews) tasks.set(v.id, v);
    latest.set(f.input.responsibility.id, tasks);
  }
  const responsibilities: ResponsibilityView[] = plan.responsibilities.map((r) => {
    const views = latest.get(r.id) ?? new Map<string, TaskView>();
    const order = [...r.tasks.map((t) => t.id), ...[...views.keys()].filter((id) => !r.tasks.some((t) => t.id === id))];
    const tasks = order.flatMap((id) => {
      const v = views.get(id);
      if (!v) return [];
      return [
        cancellation && v.state !== 'done' && v.state !== 'withdrawn' ? { ...v, state: 'cancelled' as const } : v,
      ];
    });
    return {
      id: r.id,
      title: r.title,
      ...(r.titleEn !== undefined ? { titleEn: r.titleEn } : {}),
      lead: r.lead,
      clause: r.clause,
      status: cancellation ? 'cancelled' : closed ? 'completed' : 'running',
      tasks,
    };
  });
  return {
    conferenceId: input.conferenceId,
    plan,
    status: cancellation ? 'cancelled' : closed ? 'completed' : 'running',
    date,
    dateChanges,
    cancellation,
    responsibilities,
    rows,
    asOf,
  };
}

/** A rehearsal's plan time runs from the conference workflow's start, which the workflow records as `realStart`. */
function withRealStart(clock: Clock, firstAt: string | undefined): Clock {
  if (clock.mode !== 'rehearsal' || clock.realStart !== undefined || !firstAt) return clock;
  return { ...clock, realStart: firstAt };
}

function eventMs(e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null } | undefined): number {
  const t = e?.eventTime;
  if (!t) return 0;
  const s = t.seconds;
  const seconds =
    typeof s === 'number'
      ? s
      : typeof s === 'string'
        ? Number(s)
        : s && typeof (s as { toNumber?: unknown }).toNumber === 'function'
          ? (s as { toNumber(): number }).toNumber()
          : 0;
  return seconds * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}
