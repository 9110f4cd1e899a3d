/**
 * The operations of the web, shared by the JSON API and the pages: authenticate a token, read
 * the board or a unit's inbox, act on a task as the authenticated unit, set the date, cancel,
 * manage links, build the audit. Every refusal is logged to the refusal log (the same file the
 * CLI writes and `kehoach audit` reads), because a refused Update leaves no trace in history.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { issueAccessLink, revokeAccessLink } from '../client/access-links';
import { buildAudit, type AuditRow } from '../audit';
import {
  actOnTask,
  amendPlan,
  cancelConference,
  conferenceStatus,
  responsibilityOf,
  planInForce,
  setConferenceDate,
  startedPlan,
  type AmendmentRequest,
} from '../client/conference';
import type { AmendmentAnswer } from '../domain/amendments';
import { openEvidenceStore, type EvidenceStore } from '../client/evidence-store';
import { actingAs, linkSigner } from '../client/claims';
import { loadSigningKey, type SigningKey } from '../client/signing-key';
import { logRefusal, refusalLogPath } from '../client/refusal-log';
import type { ActionName, LinkRole, TaskActionInput } from '../domain/actions';
import { ACTION_LABEL } from '../domain/labels';
import { ErrorType } from '../domain/errors';
import type { Plan } from '../domain/plan/schema';
import { actionRule, isLivingPlanAction, unitsFor, type Stewards } from '../domain/task-kinds';
import type { Lang } from '../domain/time';
import type { AccessLink, ConferenceStatus, DateChange, TaskView } from '../domain/views';
import { involves, unitTasks } from '../present/tasks';
import {
  liveOrArchived,
  openArchiveReader,
  openConferenceRecord,
  type ArchiveReader,
  type ConferenceRecordSource,
} from '../present/record';
import { LinkDirectory, linkRefusal, roleRefusal, type Session } from './auth';
import { toWebError, unknownConference, WebError } from './errors';

/** How long a plan read from the conference is reused before it is read again. */
const PLAN_TTL_MS = 5_000;

export interface ServiceOptions {
  client: Client;
  /** The refusal log (JSON lines); `false` keeps no log. Default `${KEHOACH_DATA_DIR:-data}/refusals.jsonl`. */
  refusalLog?: string | false;
  linkCacheMs?: number;
  /** Where evidence files are kept; default `openEvidenceStore()` (the data folder, or S3 by env). */
  evidence?: EvidenceStore;
  /** The deployment's key, to sign the claims of the people it authenticated. Default: loadSigningKey(). */
  signingKey?: SigningKey;
  /** Where closed conferences are read once Temporal has forgotten them; default `openArchiveReader()`. */
  archive?: ArchiveReader;
}

/** What the unit sends to act on a task: everything but the unit, which comes from its link. */
export type ActRequest = TaskActionInput extends infer T
  ? T extends unknown
    ? Omit<T, 'taskId' | 'actor' | 'requestId'> & { person: string; requestId?: string | undefined }
    : never
  : never;

/** An amendment as the organizer sends it: the person instead of the actor, the request id optional. */
export type AmendRequest =
  | {
      op: 'addTask';
      responsibilityId: string;
      task: unknown;
      reason: string;
      person: string;
      requestId?: string | undefined;
    }
  | {
      op: 'changeTask';
      taskId: string;
      title?: string | undefined;
      titleEn?: string | undefined;
      due?: unknown;
      reason: string;
      person: string;
      requestId?: string | undefined;
    };

/** A link without its hash: what the organizer sees. */
export type LinkView = Omit<AccessLink, 'tokenHash'>;

export interface Attempt {
  action: string;
  taskId?: string | null;
  person?: string | null;
  requestId?: string | null;
}

export class WebService {
  readonly client: Client;
  readonly links: LinkDirectory;
  readonly refusalLog: string | false;
  readonly evidence: EvidenceStore;
  readonly archive: ArchiveReader;
  private readonly plans = new Map<string, { at: number; plan: Promise<Plan> }>();
  private readonly signingKey: SigningKey;

  constructor(opts: ServiceOptions) {
    this.client = opts.client;
    this.signingKey = opts.signingKey ?? loadSigningKey();
    this.archive = opts.archive ?? openArchiveReader();
    this.links = new LinkDirectory(opts.client, opts.linkCacheMs, this.archive);
    this.refusalLog = opts.refusalLog ?? refusalLogPath();
    this.evidence = opts.evidence ?? openEvidenceStore();
  }

  // ---- who ----

  /**
   * The session a token opens for a conference, or a 401 that is logged with its reason
   * (an unknown token is logged only when the conference exists, so probing leaves no noise).
   */
  async authenticate(conferenceId: string, token: string | undefined, attempt: Attempt): Promise<Session> {
    if (!token) throw linkRefusal('none');
    const checked = await this.links.check(conferenceId, token);
    if (checked.ok) {
      const l = checked.link;
      return { conferenceId, unitId: l.unitId, role: l.role, linkId: l.linkId, expiresAt: l.expiresAt };
    }
    const err = linkRefusal(checked.reason);
    if (checked.conferenceExists) {
      await this.logRefusal(conferenceId, checked.link?.unitId ?? null, attempt, err);
    }
    throw err;
  }

  /** Refuses (and logs) a session whose role may not do this. */
  async requireRole(session: Session, allowed: readonly LinkRole[], attempt: Attempt): Promise<void> {
    if (allowed.includes(session.role)) return;
    const err = roleRefusal(session, allowed);
    await this.logRefusal(session.conferenceId, session.unitId, attempt, err);
    throw err;
  }

  // ---- reading ----

  async status(conferenceId: string): Promise<ConferenceStatus> {
    try {
      return await liveOrArchived(
        conferenceId,
        () => conferenceStatus(this.client, conferenceId),
        (r) => r.status(),
        this.archive,
      );
    } catch (err) {
      throw toWebError(err, conferenceId);
    }
  }

  /**
   * The plan in force (names of units, fields of tasks), kept for a few seconds: an amendment made
   * here drops it at once, one made elsewhere (the CLI, another web server) shows within PLAN_TTL_MS.
   */
  plan(conferenceId: string): Promise<Plan> {
    const kept = this.plans.get(conferenceId);
    if (kept && Date.now() - kept.at < PLAN_TTL_MS) return kept.plan;
    const plan = this.readPlan(conferenceId);
    this.plans.set(conferenceId, { at: Date.now(), plan });
    plan.catch(() => this.plans.delete(conferenceId));
    return plan;
  }

  private async readPlan(conferenceId: string): Promise<Plan> {
    try {
      return await liveOrArchived(
        conferenceId,
        () => planInForce(this.client, conferenceId),
        (r) => r.plan(),
        this.archive,
      );
    } catch {
      // A conference that does not answer the query (closed long ago): the plan it started with.
      const plan = await startedPlan(this.client, conferenceId);
      if (!plan) throw unknownConference(conferenceId);
      return plan;
    }
  }

  /** The conference's whole record: Temporal's histories while they live, its archive after. */
  async record(conferenceId: string): Promise<ConferenceRecordSource> {
    try {
      return await openConferenceRecord(this.client, conferenceId, this.archive);
    } catch (err) {
      throw toWebError(err, conferenceId);
    }
  }

  /** Tasks awaiting the unit now, and the unit's other tasks (done, blocked, with someone else). */
  inbox(status: ConferenceStatus, unitId: string): { awaiting: TaskView[]; others: TaskView[] } {
    return unitTasks(status, unitId);
  }

  // ---- acting ----

  /**
   * Acts on a task as the session's unit. The web layer refuses a task the unit has no part in
   * (403, logged) before anything is sent: its work is the assignees' and deciders'; the living
   * plan's actions are also open to the organizer (with the organizer's link) and to the
   * responsibility's lead, as the task-kind table says. The workflow's validator checks the rest.
   */
  async act(session: Session, taskId: string, req: ActRequest): Promise<TaskView> {
    const requestId = req.requestId ?? randomUUID();
    const attempt: Attempt = { action: req.action, taskId, person: req.person, requestId };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['unit', 'organizer'], attempt);
      const status = await conferenceStatus(this.client, session.conferenceId);
      const task = taskOrRefusal(status, taskId);
      // The task was found in one of them, so this names it.
      const responsibilityId = responsibilityOf(status, taskId) as string;
      const plan = await this.plan(session.conferenceId);
      const lead = status.responsibilities.find((r) => r.id === responsibilityId)?.lead ?? '';
      const part = partIn(task, req.action, session, { organizer: plan.organizer, lead });
      if (part === 'organizer' || part === 'lead') {
        const label = ACTION_LABEL[req.action];
        const [vi, en] =
          part === 'organizer'
            ? ['cơ quan tổ chức', 'the organizer']
            : ['đơn vị chủ trì hoặc cơ quan tổ chức', "the responsibility's lead or the organizer"];
        throw new WebError(
          403,
          ErrorType.WrongUnit,
          'action',
          `chỉ ${vi} được thực hiện "${label.vi}", đơn vị "${session.unitId}" không được`,
          `only ${en} may "${label.en}", not unit "${session.unitId}"`,
        );
      }
      if (part === 'none') {
        throw new WebError(
          403,
          ErrorType.WrongUnit,
          'taskId',
          `công việc "${taskId}" không giao cho đơn vị "${session.unitId}"`,
          `task "${taskId}" is not assigned to unit "${session.unitId}"`,
        );
      }
      await this.requireStored(req.files ?? []);
      const { person, requestId: _r, ...rest } = req;
      const payload = {
        ...rest,
        taskId,
        actor: { unitId: session.unitId, person },
        requestId,
      };
      // An id made here is new: no claim needed (only ids a caller brings are claimed).
      const view = await this.as(session, () =>
        actOnTask(this.client, session.conferenceId, responsibilityId, payload, {
          requestIdIsNew: req.requestId === undefined,
        }),
      );
      await this.untilBoardShows(session.conferenceId, taskId, requestId);
      return view;
    });
  }

  /** An action names only files this server holds: a hash alone proves nothing was handed in. */
  private async requireStored(files: readonly { sha256: string; name: string }[]): Promise<void> {
    for (const [i, f] of files.entries()) {
      if (await this.evidence.has(f.sha256)) continue;
      throw WebError.of(
        ErrorType.InvalidPayload,
        `files.${i}`,
        `tệp "${f.name}" chưa được tải lên (gửi tệp trước, rồi gửi thao tác với bản ghi tệp nhận được)`,
        `the file "${f.name}" was not uploaded (upload it first, then send the action with the file record returned)`,
      );
    }
  }

  /**
   * The board is the conference's view, updated by a signal from the responsibility after the
   * Update has answered; wait (briefly) for it, so the page after a redirect shows the action.
   */
  private async untilBoardShows(conferenceId: string, taskId: string, requestId: string): Promise<void> {
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const status = await conferenceStatus(this.client, conferenceId);
      const task = status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
      if (task?.history.some((h) => h.requestId === requestId)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async setDate(
    session: Session,
    input: { date: string; reason: string; person: string; requestId?: string | undefined },
  ): Promise<DateChange> {
    const requestId = input.requestId ?? randomUUID();
    const attempt: Attempt = { action: 'setDate', person: input.person, requestId };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer'], attempt);
      return this.as(session, () =>
        setConferenceDate(this.client, session.conferenceId, {
          date: input.date,
          reason: input.reason,
          actor: { unitId: session.unitId, person: input.person },
          requestId,
        }),
      );
    });
  }

  async cancel(
    session: Session,
    input: { reason: string; person: string; requestId?: string | undefined },
  ): Promise<{ cancelled: true; reason: string }> {
    const requestId = input.requestId ?? randomUUID();
    const attempt: Attempt = { action: 'cancel', person: input.person, requestId };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer'], attempt);
      return this.as(session, () =>
        cancelConference(this.client, session.conferenceId, {
          reason: input.reason,
          actor: { unitId: session.unitId, person: input.person },
          requestId,
        }),
      );
    });
  }

  // ---- the plan in force ----

  /** The plan in force, its version and its amendments (organizer, auditor). */
  async planInForce(
    session: Session,
  ): Promise<{ planVersion: number; amendments: AmendmentAnswer['amendment'][]; plan: Plan }> {
    const attempt: Attempt = { action: 'plan' };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer', 'auditor'], attempt);
      const [status, plan] = await Promise.all([this.status(session.conferenceId), this.plan(session.conferenceId)]);
      return { planVersion: status.planVersion ?? 1, amendments: status.amendments ?? [], plan };
    });
  }

  /**
   * Amends the running plan (organizer): adds a task to a responsibility, or changes a task's
   * title or deadline rule; checked by the plan's rules in the workflow, refused with the path.
   */
  async amend(session: Session, input: AmendRequest): Promise<AmendmentAnswer> {
    const requestId = input.requestId ?? randomUUID();
    const taskId = input.op === 'addTask' ? null : input.taskId;
    const attempt: Attempt = { action: input.op, taskId, person: input.person, requestId };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer'], attempt);
      const { person, requestId: _r, ...rest } = input;
      const request = { ...rest, actor: { unitId: session.unitId, person }, requestId } as AmendmentRequest;
      const answer = await this.as(session, () => amendPlan(this.client, session.conferenceId, request));
      this.plans.delete(session.conferenceId);
      return answer;
    });
  }

  // ---- links ----

  async listLinks(session: Session): Promise<LinkView[]> {
    const attempt: Attempt = { action: 'listLinks' };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer'], attempt);
      this.links.invalidate(session.conferenceId);
      const links = (await this.links.links(session.conferenceId)) ?? [];
      return links.map(linkView);
    });
  }

  async issueLink(
    session: Session,
    input: { unitId: string; role: LinkRole; validDays: number; person: string },
  ): Promise<{ link: LinkView; token: string }> {
    const attempt: Attempt = { action: 'issueLink', person: input.person };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer'], attempt);
      const { link, token } = await this.as(session, () =>
        issueAccessLink(this.client, session.conferenceId, {
          unitId: input.unitId,
          role: input.role,
          validDays: input.validDays,
          actor: { unitId: session.unitId, person: input.person },
        }),
      );
      this.links.invalidate(session.conferenceId);
      return { link: linkView(link), token };
    });
  }

  async revokeLink(session: Session, linkId: string, person: string): Promise<LinkView> {
    const attempt: Attempt = { action: 'revokeLink', person };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer'], attempt);
      const link = await this.as(session, () =>
        revokeAccessLink(this.client, session.conferenceId, linkId, {
          unitId: session.unitId,
          person,
        }),
      );
      this.links.invalidate(session.conferenceId);
      return linkView(link);
    });
  }

  // ---- audit ----

  /** The audit rows; details (reminders, refusals) in `lang`. */
  async audit(session: Session, lang: Lang = 'en'): Promise<AuditRow[]> {
    const attempt: Attempt = { action: 'audit' };
    return this.guard(session, attempt, async () => {
      await this.requireRole(session, ['organizer', 'auditor'], attempt);
      const record = await this.record(session.conferenceId);
      const histories = await record.histories();
      const refusals = await record.refusals(this.refusalLog);
      return buildAudit(histories, refusals, lang);
    });
  }

  /**
   * Runs `body` with its Updates claimed for the session's link: the unit and role come from the
   * link the web checked, signed with the deployment's key, and verified again by the workflow.
   */
  private as<T>(session: Session, body: () => Promise<T>): Promise<T> {
    const role = session.role === 'organizer' ? 'organizer' : 'unit';
    return actingAs(linkSigner(this.signingKey, { linkId: session.linkId, unitId: session.unitId, role }), body);
  }

  // ---- refusals ----

  /** Runs an operation; a refusal (ours or the engine's) is logged once and rethrown as a WebError. */
  private async guard<T>(session: Session, attempt: Attempt, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      const e = toWebError(err, session.conferenceId);
      // A role refusal is logged where it is made; a server fault or a missing conference is no attempt.
      const logged = e.type === ErrorType.Forbidden;
      if (!logged && e.status < 500 && e.type !== ErrorType.UnknownConference) {
        await this.logRefusal(session.conferenceId, session.unitId, attempt, e);
      }
      throw e;
    }
  }

  async logRefusal(conferenceId: string, unitId: string | null, attempt: Attempt, e: WebError): Promise<void> {
    if (!this.refusalLog) return;
    const { action, taskId = null, person = null, requestId = null } = attempt;
    await logRefusal(
      this.client,
      { conferenceId, taskId, action, unit: unitId, person, requestId },
      e,
      'web',
      this.refusalLog,
    );
  }
}

/** The conference's task by id, or the 404 naming `taskId` that every route gives for an unknown one. */
export function taskOrRefusal(status: ConferenceStatus, taskId: string): TaskView {
  const task = status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
  if (!task) {
    throw WebError.of(
      ErrorType.UnknownTask,
      'taskId',
      `hội nghị không có công việc "${taskId}"`,
      `the conference has no task "${taskId}"`,
    );
  }
  return task;
}

/**
 * Whether the session's unit has a part in the task for this action. Who takes a living-plan
 * action is the task-kind table's (`unitsFor`), with one rule of the web's own: the organizer's
 * unit acts as the organizer only with the organizer's link. The task's work and the assignees'
 * own living-plan moves need a part in the task (assignee or decider); the workflow's validator
 * says which part. `organizer` or `lead`: the unit is involved, but the action is the
 * organizer's (with the organizer's link) or the lead's.
 */
export function partIn(
  task: TaskView,
  action: ActionName,
  session: Pick<Session, 'unitId' | 'role'>,
  stewards: Stewards,
): 'yes' | 'none' | 'organizer' | 'lead' {
  const rule = isLivingPlanAction(action) ? actionRule(task.kind, action) : undefined;
  const unit = session.unitId;
  const involved = involves(task, unit);
  if (!rule || rule.by === 'assignee' || rule.by === 'decider') return involved ? 'yes' : 'none';
  const asOrganizer = session.role === 'organizer' && unit === stewards.organizer;
  const acting: Stewards = { lead: stewards.lead, organizer: asOrganizer ? unit : NO_UNIT };
  if (unitsFor(task, rule, acting).includes(unit)) return 'yes';
  if (rule.by === 'involved') return 'none';
  return involved || unit === stewards.organizer ? rule.by : 'none';
}

/** No unit's id (ids are never empty): the organizer's place when the session does not hold its link. */
const NO_UNIT = '';

function linkView(l: AccessLink): LinkView {
  const { tokenHash: _h, ...rest } = l;
  return rest;
}
