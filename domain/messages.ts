/**
 * The messages of the two workflows: names, payloads and answers. Client, worker, CLI, web and
 * tests import these definitions; the workflows register handlers for them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AmendmentAnswer, AmendmentInput, TaskPatch } from './amendments';
import type { DraftEditAnswer, DraftState } from './drafts';
import type { Cancel, IssueLink, RequestClaim, RevokeLink, SetDate, TaskActionInput } from './actions';
import type { Clock } from './clock';
import type { LocalDate, Plan, Responsibility, Task, Unit } from './plan/schema';
import type { ConferenceHours } from './schedule';
import type { AccessLink, ConferenceResult, ConferenceStatus, ResponsibilityView, TaskView, DateChange } from './views';
import type { Actor } from './actions';
import type { RefusalDetails } from './errors';

export interface ConferenceInput {
  conferenceId: string;
  plan: Plan;
  /** The invitation's date if already known; otherwise `plan.conference.date` or none. */
  date?: LocalDate;
  clock: Clock;
  startedBy?: Actor;
}

export interface ResponsibilityInput {
  conferenceId: string;
  parentWorkflowId: string;
  responsibility: Responsibility;
  /** Units that appear in this responsibility (names and contacts for notifications). */
  units: Unit[];
  /** Every unit of the plan, so a task can be moved to any of them (absent before the living plan). */
  planUnits?: Unit[];
  organizer: string;
  conferenceDate: LocalDate | null;
  clock: Clock;
  /** Completion instants of tasks in other responsibilities this one depends on, if already done. */
  externalDone: Record<string, string>;
  /** The session's start and length, for the windows of phased duties (absent in early histories). */
  conferenceHours?: ConferenceHours;
}

export interface ResponsibilityResult {
  responsibilityId: string;
  tasks: TaskView[];
}

// ---- conference (parent) ----

/** Whole-conference board: every responsibility and task. */
export const conferenceStatusQuery = defineQuery<ConferenceStatus>('conferenceStatus');
/** Update: the organizer must learn at once whether the date was accepted (format, not closed). */
export const setConferenceDateUpdate = defineUpdate<DateChange, [SetDate]>('setConferenceDate');
/** Update: the caller learns the conference accepted the cancellation before children are told. */
export const cancelConferenceUpdate = defineUpdate<{ cancelled: true; reason: string }, [Cancel]>('cancelConference');
/**
 * Update: renders the progress report to the council now and returns its text. Its one argument
 * (empty today) is what carries the seal: a message without arguments would prove nothing.
 */
export const progressReportUpdate = defineUpdate<{ vi: string; en: string }, [ProgressReportRequest]>('progressReport');
export type ProgressReportRequest = Record<string, never>;
/** Update: the organizer issues an access link (hash only); answered with the stored link. */
export const issueAccessLinkUpdate = defineUpdate<AccessLink, [IssueLink]>('issueAccessLink');
/** Update: the organizer revokes a link; the web layer refuses it from then on. */
export const revokeAccessLinkUpdate = defineUpdate<AccessLink, [RevokeLink]>('revokeAccessLink');
/** The links of a conference (hashes, units, expiry, revocation), for the web layer to authenticate. */
export const accessLinksQuery = defineQuery<AccessLink[]>('accessLinks');
/** Update: the organizer amends the running plan (adds a task, changes a title or deadline rule); answered with the new plan version. */
export const amendPlanUpdate = defineUpdate<AmendmentAnswer, [AmendmentInput]>('amendPlan');
/** The plan in force: the plan the conference started with, as amended since (a Query: nothing in history). */
export const planInForceQuery = defineQuery<Plan>('planInForce');
/**
 * Update: claims a request id for one task before the action is sent to its responsibility. Sent
 * under an Update id made from the request id alone, so Temporal answers any later claim of that
 * id with the first claim (also once the conference has closed): the conference keeps no list.
 */
export const claimRequestIdUpdate = defineUpdate<RequestClaim, [RequestClaim]>('claimRequestId');
/**
 * Signal: a release with a newer holiday calendar runs (domain/calendar/versions.ts); the
 * conference takes it up at once rather than at its next timer or report. Moves nothing by
 * itself: the version taken up is the worker's own, `version` only says which release woke it.
 */
export const calendarReleasedSignal = defineSignal<[{ version: number }]>('calendarReleased');
/** Signal from a child: its tasks changed. Signals, because children must not wait on the parent. */
export const tasksChangedSignal = defineSignal<[{ responsibilityId: string; tasks: TaskView[] }]>('tasksChanged');

// ---- responsibility (child) ----

/** One responsibility's board. */
export const responsibilityStatusQuery = defineQuery<ResponsibilityView>('responsibilityStatus');
/** Update: a unit acts on a task and gets the task's new state, or a refusal naming the field. */
export const taskActionUpdate = defineUpdate<TaskView, [TaskActionInput]>('taskAction');
/**
 * Query: would the responsibility take this action now (or answer it as a repeat)? Writes
 * nothing, so a client asks it before claiming the request id: bad input leaves no trace.
 */
export const checkTaskActionQuery = defineQuery<TaskActionCheck, [unknown]>('checkTaskAction');
export type TaskActionCheck = { ok: true; repeat: boolean } | { ok: false; refusal: RefusalDetails };
/** Signal: the same action, fire-and-forget; a refused signal changes nothing and is recorded. */
export const taskActionSignal = defineSignal<[TaskActionInput]>('taskActionSignal');
/** Signal from the parent: the conference date was set or moved. */
export const scheduleChangedSignal = defineSignal<[{ conferenceDate: LocalDate; reason: string }]>('scheduleChanged');
/** Signal from the parent: it took up a newer holiday calendar; working-day deadlines are counted on it. */
export const calendarAdoptedSignal = defineSignal<[{ calendar: number }]>('calendarAdopted');
/** Signal from the parent: a task in another responsibility that this one waits on is done. */
export const dependencyDoneSignal = defineSignal<[{ taskId: string; at: string }]>('dependencyDone');
/** Signal from the parent: the plan was amended (a task added here, or one of its tasks changed). */
export const planAmendedSignal = defineSignal<[PlanAmended]>('planAmended');

/** What a child is told of an amendment: the task added (with its dependencies done elsewhere), or a task's change. */
export type PlanAmended =
  | { op: 'addTask'; task: Task; externalDone: Record<string, string> }
  | { op: 'changeTask'; taskId: string; patch: TaskPatch };

export type { ConferenceResult };

// ---- plan draft (the organizer's workspace) ----

/** The draft as it is: plan, open flags, versions, the document's text. */
export const draftStateQuery = defineQuery<DraftState>('draftState');
/** Update: one edit of a draft (set a value, accept a proposal, save a version, mark it started). */
export const editDraftUpdate = defineUpdate<DraftEditAnswer, [unknown]>('editDraft');

// ---- refusal log (domain/refusals.ts) ----

/** Signal: one refused attempt for the conference's refusal log (a RefusalLogEntry, checked by its schema). */
export const refusalRecordedSignal = defineSignal<[unknown]>('refusalRecorded');
