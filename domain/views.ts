/**
 * What the workflows report: a task's state as a unit, an organizer or an auditor sees it.
 * JSON-shaped only (no Date, no Map), because these cross the workflow boundary.
 */
import type { Actor, ActionName } from './actions';
import type { Clock } from './clock';
import type { LocalDate, Phase, TaskKind } from './plan/schema';

export type TaskState = 'blocked' | 'open' | 'submitted' | 'sentBack' | 'done' | 'cancelled';

/** One accepted action on a task; `at` is plan time (UTC ISO). */
export interface ActionRecord {
  action: ActionName;
  actor: Actor;
  requestId: string;
  at: string;
  note?: string;
  evidence?: string[];
  fields?: Record<string, string | number>;
  reason?: string;
  phase?: Phase;
  late: boolean;
}

export interface PhaseView {
  phase: Phase;
  label: string;
  due: string | null;
  confirmedAt?: string;
  confirmedBy?: Actor;
}

export interface TaskView {
  id: string;
  responsibilityId: string;
  title: string;
  titleEn?: string;
  kind: TaskKind;
  clause: string;
  assignees: string[];
  /** Units that approve (approval) or sign (signoff); empty otherwise. */
  deciders: string[];
  dependsOn: string[];
  state: TaskState;
  /** UTC ISO plan instant, or null until it can be known. */
  due: string | null;
  waitingFor: 'date' | 'task' | null;
  organizerChoice: boolean;
  overdue: boolean;
  /** Set when done: whether it was done after its deadline. */
  late?: boolean;
  completedAt?: string;
  completedBy?: Actor;
  signedBy: string[];
  phases: PhaseView[];
  history: ActionRecord[];
}

export interface ResponsibilityView {
  id: string;
  title: string;
  titleEn?: string;
  lead: string;
  clause: string;
  status: 'running' | 'completed' | 'cancelled';
  tasks: TaskView[];
}

export interface DateChange {
  from: LocalDate | null;
  to: LocalDate;
  reason: string;
  by: Actor;
  requestId: string;
  at: string;
}

export interface Counts {
  total: number;
  done: number;
  open: number;
  blocked: number;
  overdue: number;
  late: number;
}

export interface ConferenceStatus {
  conferenceId: string;
  planId: string;
  title: string;
  status: 'running' | 'completed' | 'cancelled';
  date: LocalDate | null;
  window: { from: LocalDate; to: LocalDate; text: string };
  dateChanges: DateChange[];
  cancellation?: { reason: string; by: Actor; at: string };
  clock: Clock;
  /** Plan time when the status was last updated. */
  asOf: string;
  counts: Counts;
  responsibilities: ResponsibilityView[];
}

/** What a finished conference returns: enough for a report without reading history. */
export interface ConferenceResult {
  conferenceId: string;
  outcome: 'completed' | 'cancelled';
  date: LocalDate | null;
  dateChanges: number;
  counts: Counts;
  cancellation?: { reason: string; by: Actor };
  responsibilities: { id: string; lead: string; done: number; late: number; total: number }[];
}

/** Tallies tasks; overdue counts tasks not done and past their deadline. */
export function countTasks(tasks: readonly TaskView[]): Counts {
  const c: Counts = { total: 0, done: 0, open: 0, blocked: 0, overdue: 0, late: 0 };
  for (const t of tasks) {
    c.total++;
    if (t.state === 'done') c.done++;
    else if (t.state === 'blocked') c.blocked++;
    else if (t.state !== 'cancelled') c.open++;
    if (t.overdue && t.state !== 'done') c.overdue++;
    if (t.late) c.late++;
  }
  return c;
}

/** An access link as the conference keeps it: never the secret, only its hash. */
export interface AccessLink {
  linkId: string;
  unitId: string;
  role: 'unit' | 'organizer' | 'auditor';
  tokenHash: string;
  expiresAt: string;
  issuedBy: Actor;
  issuedAt: string;
  revokedAt?: string;
  revokedBy?: Actor;
}
