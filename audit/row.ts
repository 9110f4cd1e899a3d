/**
 * The audit row: the one shape every reader of the trail gets (CLI table, web page, JSON and CSV
 * exports). Apart from the rules that fill it (./row-rules) because it is a contract with those
 * readers and changes far less often than the rules; its key order, which makes exports compare
 * line for line, is fixed here too.
 */
export type AuditKind =
  | 'start'
  | 'action'
  | 'refused'
  | 'dateSet'
  | 'dateMoved'
  /** A task's deadline moved because the conference took up a newer holiday calendar. */
  | 'deadlineMoved'
  | 'amended'
  | 'cancelled'
  | 'reminder'
  | 'overdue';

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
  /** The action (complete, submit, …, setDate, addTask, changeTask, cancel) or the notification kind. */
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
  /**
   * How the actor was proven (domain/claims.ts): "link <id>" (the web checked that access link),
   * "operator SHA256:…" (signed with the deployment's key), "key SHA256:…" on the start row (the
   * key the conference verifies with); null where history holds no claim (before claims).
   */
  proof: string | null;
  /** The Temporal client identity that sent the message, as history records it. */
  client: string | null;
}

/** The same keys in the same order for every row, so JSON and CSV exports compare line for line. */
export function normalizeRow(r: AuditRow, rehearsal: boolean): AuditRow {
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
    proof: r.proof ?? null,
    client: r.client ?? null,
  };
}
