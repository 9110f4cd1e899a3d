/**
 * The state machine of one responsibility: its tasks, who may act on them, their deadlines and
 * alarms. Pure and synchronous, so the Update validator can call it, and testable without a
 * server; the workflow beside it only wires it to Temporal (handlers, timers, activities).
 */
import { LIMITS, TaskActionSchema, type TaskAction } from '../../domain/actions';
import { ErrorType, parseOrRefuse, refusal } from '../../domain/errors';
import type { ResponsibilityInput } from '../../domain/messages';
import type { LocalDate, Phase, Task } from '../../domain/plan/schema';
import { phaseOpensAt, resolveTaskSchedule, type ResolvedTaskSchedule } from '../../domain/schedule';
import { formatShortLocal } from '../../domain/time';
import type { ActionRecord, PhaseView, ResponsibilityView, TaskState, TaskView } from '../../domain/views';

interface TaskRuntime {
  spec: Task;
  state: TaskState;
  completedAt?: string;
  completedBy?: TaskAction['actor'];
  late?: boolean;
  signedBy: string[];
  confirmed: Partial<Record<Phase, { at: string; by: TaskAction['actor'] }>>;
  history: ActionRecord[];
}

/** A reminder before a deadline, or the deadline itself (the task turns overdue). */
export interface Alarm {
  key: string;
  taskId: string;
  kind: 'reminder' | 'due';
  /** Plan instant the alarm fires at. */
  at: string;
  /** The deadline it is about. */
  deadline: string;
  phase?: Phase;
}

/** What a fired alarm asks the workflow to do: tell these units. */
export interface FiredAlarm extends Alarm {
  recipients: string[];
  task: Task;
}

interface StoredAnswer {
  fingerprint: string;
  view: TaskView;
}

export class TaskBoard {
  private readonly tasks = new Map<string, TaskRuntime>();
  private readonly order: string[] = [];
  private conferenceDate: LocalDate | null;
  private readonly externalDone: Record<string, string>;
  /** Alarm keys already fired; a moved deadline makes new keys, so its alarms fire again. */
  private readonly fired = new Set<string>();
  /** When each deadline became known (key: task|phase|due); reminders before that are skipped. */
  private readonly deadlineSince = new Map<string, string>();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly changed = new Set<string>();
  private cancelled = false;
  /** Bumped on every change, so the workflow's timer loop knows to recompute. */
  version = 0;

  constructor(
    private readonly input: ResponsibilityInput,
    planNow: string,
    private readonly rules: { phaseWindows: boolean; openUnitsSkipBlocked: boolean } = {
      phaseWindows: true,
      openUnitsSkipBlocked: true,
    },
  ) {
    this.conferenceDate = input.conferenceDate;
    this.externalDone = { ...input.externalDone };
    for (const spec of input.responsibility.tasks) {
      this.tasks.set(spec.id, {
        spec,
        state: 'blocked',
        signedBy: [],
        confirmed: {},
        history: [],
      });
      this.order.push(spec.id);
      this.changed.add(spec.id);
    }
    this.settle(planNow);
  }

  // ---- reading ----

  /** Every task as units see it. */
  view(): ResponsibilityView {
    const r = this.input.responsibility;
    return {
      id: r.id,
      title: r.title,
      ...(r.titleEn !== undefined ? { titleEn: r.titleEn } : {}),
      lead: r.lead,
      clause: r.clause,
      status: this.cancelled ? 'cancelled' : this.allDone() ? 'completed' : 'running',
      tasks: this.order.map((id) => this.taskView(id)),
    };
  }

  /** Tasks changed since the last call (for the parent's mirror), then forgets them. */
  drainChanges(): TaskView[] {
    const views = [...this.changed].map((id) => this.taskView(id));
    this.changed.clear();
    return views;
  }

  allDone(): boolean {
    return [...this.tasks.values()].every((t) => t.state === 'done');
  }

  /** Units that someone is waiting on, for the KehoachOpenUnits search attribute. */
  openUnits(): string[] {
    const units = new Set<string>();
    for (const t of this.tasks.values()) {
      if (t.state === 'blocked' && this.rules.openUnitsSkipBlocked) continue;
      for (const u of this.awaitedUnits(t)) units.add(u);
    }
    return [...units].sort();
  }

  overdueCount(): number {
    return this.order.filter((id) => this.taskView(id).overdue).length;
  }

  /** Alarms not yet fired, soonest first. */
  pendingAlarms(): Alarm[] {
    const alarms: Alarm[] = [];
    for (const t of this.tasks.values()) {
      if (t.state === 'done' || t.state === 'cancelled') continue;
      for (const d of this.openDeadlines(t)) {
        const since = this.deadlineSince.get(d.key) ?? d.due;
        if (!this.fired.has(`${d.key}|due`)) {
          alarms.push({
            key: `${d.key}|due`,
            taskId: t.spec.id,
            kind: 'due',
            at: d.due,
            deadline: d.due,
            ...d.phaseOpt,
          });
        }
        for (const at of d.reminders) {
          const key = `${d.key}|remind@${at}`;
          if (at >= since && !this.fired.has(key)) {
            alarms.push({ key, taskId: t.spec.id, kind: 'reminder', at, deadline: d.due, ...d.phaseOpt });
          }
        }
      }
    }
    return alarms.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'reminder' ? -1 : 1));
  }

  // ---- acting ----

  /**
   * Checks an action without changing anything; throws a refusal naming the field and the
   * reason. Returns the parsed action, or the stored answer for a repeated request id.
   */
  validate(raw: unknown, planNow: string): { action: TaskAction; repeat?: TaskView } {
    if (this.cancelled) {
      throw refusal(ErrorType.ConferenceClosed, 'conference', 'Hội nghị đã bị hủy.', 'The conference was cancelled.');
    }
    if (utf8Bytes(JSON.stringify(raw ?? null)) > LIMITS.payloadBytes) {
      throw refusal(
        ErrorType.InvalidPayload,
        'payload',
        `Yêu cầu quá lớn (tối đa ${LIMITS.payloadBytes} byte).`,
        `The request is too large (at most ${LIMITS.payloadBytes} bytes).`,
      );
    }
    const action = parseOrRefuse(TaskActionSchema, raw);
    const stored = this.answers.get(action.requestId);
    if (stored) {
      if (stored.fingerprint !== fingerprint(action)) {
        throw refusal(
          ErrorType.DuplicateRequest,
          'requestId',
          `Mã yêu cầu "${action.requestId}" đã được dùng cho một yêu cầu khác.`,
          `Request id "${action.requestId}" was already used for a different request.`,
        );
      }
      return { action, repeat: stored.view };
    }
    this.checkAllowed(action, planNow);
    return { action };
  }

  /** Applies a validated action at plan time `planNow`; returns the task's new state. */
  apply(action: TaskAction, planNow: string): TaskView {
    const t = this.task(action.taskId);
    const schedule = this.schedule(t.spec);
    const deadline =
      action.action === 'confirmPhase' ? schedule.phases.find((p) => p.phase === action.phase)?.due : schedule.due;
    const late = deadline !== null && deadline !== undefined && planNow > deadline;
    t.history.push(record(action, planNow, late));
    switch (action.action) {
      case 'complete':
      case 'approve':
        this.finish(t, action, planNow, late);
        break;
      case 'submit':
        if (t.spec.kind === 'approval') t.state = 'submitted';
        else this.finish(t, action, planNow, late);
        break;
      case 'sendBack':
        t.state = 'sentBack';
        break;
      case 'sign':
        t.signedBy.push(action.actor.unitId);
        if (t.spec.kind === 'signoff' && t.spec.signers.every((s) => t.signedBy.includes(s))) {
          this.finish(
            t,
            action,
            planNow,
            t.history.some((h) => h.late),
          );
        }
        break;
      case 'confirmPhase':
        t.confirmed[action.phase] = { at: planNow, by: action.actor };
        if (t.spec.kind === 'phased' && t.spec.phases.every((p) => t.confirmed[p.phase])) {
          this.finish(
            t,
            action,
            planNow,
            t.history.some((h) => h.action === 'confirmPhase' && h.late),
          );
        }
        break;
      case 'reportIncident':
        break;
    }
    this.touch(t.spec.id);
    this.settle(planNow);
    const view = this.taskView(t.spec.id);
    this.answers.set(action.requestId, { fingerprint: fingerprint(action), view });
    return view;
  }

  /** The conference date was set or moved: deadlines that follow it move, reminders re-arm. */
  setConferenceDate(date: LocalDate, planNow: string): void {
    this.conferenceDate = date;
    for (const id of this.order) this.touch(id);
    this.settle(planNow);
  }

  /** A task of another responsibility that some task here waits on is done. */
  dependencyDone(taskId: string, at: string, planNow: string): void {
    if (this.externalDone[taskId] !== undefined) return;
    this.externalDone[taskId] = at;
    for (const t of this.tasks.values()) if (t.spec.dependsOn.includes(taskId)) this.touch(t.spec.id);
    this.settle(planNow);
  }

  /** Fires every pending alarm due by `planNow`; overdue tasks follow from the fired set. */
  fireDue(planNow: string): FiredAlarm[] {
    const fired: FiredAlarm[] = [];
    for (const alarm of this.pendingAlarms()) {
      if (alarm.at > planNow) break;
      this.fired.add(alarm.key);
      const t = this.task(alarm.taskId);
      const awaited = this.awaitedUnits(t);
      const recipients =
        alarm.kind === 'due'
          ? unique([t.spec.escalateTo ?? this.input.organizer, this.input.responsibility.lead, ...awaited])
          : awaited;
      fired.push({ ...alarm, recipients, task: t.spec });
      this.touch(t.spec.id);
    }
    return fired;
  }

  /** The conference was cancelled: open tasks are closed as cancelled. */
  cancel(): void {
    this.cancelled = true;
    for (const t of this.tasks.values()) {
      if (t.state !== 'done') {
        t.state = 'cancelled';
        this.touch(t.spec.id);
      }
    }
  }

  // ---- internals ----

  private checkAllowed(action: TaskAction, planNow: string): void {
    const t = this.tasks.get(action.taskId);
    if (!t) {
      throw refusal(
        ErrorType.UnknownTask,
        'taskId',
        `Không có công việc "${action.taskId}" trong nhiệm vụ "${this.input.responsibility.id}".`,
        `There is no task "${action.taskId}" in responsibility "${this.input.responsibility.id}".`,
      );
    }
    const spec = t.spec;
    const allowed = ACTIONS_BY_KIND[spec.kind];
    if (!allowed.includes(action.action)) {
      throw refusal(
        ErrorType.WrongAction,
        'action',
        `Công việc "${spec.id}" (loại ${spec.kind}) không nhận thao tác "${action.action}"; dùng: ${allowed.join(', ')}.`,
        `Task "${spec.id}" (kind ${spec.kind}) does not take "${action.action}"; use: ${allowed.join(', ')}.`,
      );
    }
    const unit = action.actor.unitId;
    const deciders = spec.kind === 'approval' ? spec.approvers : spec.kind === 'signoff' ? spec.signers : [];
    const mayAct =
      action.action === 'approve' || action.action === 'sendBack' || action.action === 'sign'
        ? deciders.includes(unit)
        : spec.assignees.includes(unit);
    if (!mayAct) {
      const who =
        action.action === 'approve' || action.action === 'sendBack' || action.action === 'sign'
          ? deciders
          : spec.assignees;
      throw refusal(
        ErrorType.WrongUnit,
        'actor.unitId',
        `Đơn vị "${unit}" không được giao thao tác này trên công việc "${spec.id}" (đơn vị được giao: ${who.join(', ')}).`,
        `Unit "${unit}" may not do this on task "${spec.id}" (assigned: ${who.join(', ')}).`,
      );
    }
    if (t.state === 'done' || t.state === 'cancelled') {
      throw refusal(
        ErrorType.TaskClosed,
        'taskId',
        `Công việc "${spec.id}" đã ${t.state === 'done' ? 'hoàn thành' : 'bị hủy'}.`,
        `Task "${spec.id}" is already ${t.state === 'done' ? 'done' : 'cancelled'}.`,
      );
    }
    if (t.state === 'blocked') {
      const waiting = spec.dependsOn.filter((d) => this.completedAt(d) === undefined);
      throw refusal(
        ErrorType.TaskBlocked,
        'taskId',
        `Công việc "${spec.id}" còn chờ: ${waiting.join(', ')}.`,
        `Task "${spec.id}" is waiting for: ${waiting.join(', ')}.`,
      );
    }
    this.checkKindRules(t, action, planNow);
  }

  private checkKindRules(t: TaskRuntime, action: TaskAction, planNow: string): void {
    const spec = t.spec;
    const wrongState = (vi: string, en: string): never => {
      throw refusal(ErrorType.TaskClosed, 'action', vi, en);
    };
    if (action.action === 'submit' && (spec.kind === 'submission' || spec.kind === 'approval')) {
      if (t.state === 'submitted') {
        wrongState(
          'Hồ sơ đang chờ phê duyệt, chưa thể nộp lại.',
          'It is awaiting approval and cannot be resubmitted yet.',
        );
      }
      for (const f of spec.fields) {
        const value = action.fields[f.name];
        if (value === undefined || value === '') {
          if (f.required) {
            throw refusal(
              ErrorType.InvalidPayload,
              `fields.${f.name}`,
              `Thiếu "${f.label}".`,
              `"${f.label}" is required.`,
            );
          }
          continue;
        }
        if (f.type === 'integer' && !(typeof value === 'number' ? Number.isInteger(value) : /^\d+$/.test(value))) {
          throw refusal(
            ErrorType.InvalidPayload,
            `fields.${f.name}`,
            `"${f.label}" phải là số nguyên.`,
            `"${f.label}" must be a whole number.`,
          );
        }
        if (f.type === 'url' && !/^https?:\/\/\S+$/.test(String(value))) {
          throw refusal(
            ErrorType.InvalidPayload,
            `fields.${f.name}`,
            `"${f.label}" phải là đường dẫn http(s).`,
            `"${f.label}" must be an http(s) link.`,
          );
        }
      }
      const known = new Set(spec.fields.map((f) => f.name));
      const extra = Object.keys(action.fields).find((k) => !known.has(k));
      if (extra !== undefined) {
        throw refusal(
          ErrorType.InvalidPayload,
          `fields.${extra}`,
          `Trường "${extra}" không có trong yêu cầu của công việc.`,
          `Field "${extra}" is not asked for by this task.`,
        );
      }
      if (action.evidence.length < spec.minEvidence) {
        throw refusal(
          ErrorType.InvalidPayload,
          'evidence',
          `Cần ít nhất ${spec.minEvidence} đường dẫn minh chứng.`,
          `At least ${spec.minEvidence} evidence link(s) are required.`,
        );
      }
    }
    if ((action.action === 'approve' || action.action === 'sendBack') && t.state !== 'submitted') {
      wrongState('Chưa có hồ sơ nộp để phê duyệt.', 'Nothing has been submitted to approve or send back.');
    }
    if (action.action === 'sign' && t.signedBy.includes(action.actor.unitId)) {
      wrongState(`Đơn vị "${action.actor.unitId}" đã ký.`, `Unit "${action.actor.unitId}" has already signed.`);
    }
    if (action.action === 'confirmPhase' && spec.kind === 'phased') {
      const phases = spec.phases.map((p) => p.phase);
      if (!phases.includes(action.phase)) {
        throw refusal(
          ErrorType.InvalidPayload,
          'phase',
          `Nhiệm vụ không có giai đoạn "${action.phase}".`,
          `This duty has no "${action.phase}" phase.`,
        );
      }
      if (t.confirmed[action.phase]) {
        wrongState(`Giai đoạn "${action.phase}" đã được xác nhận.`, `Phase "${action.phase}" is already confirmed.`);
      }
      const earlier = phases.slice(0, phases.indexOf(action.phase)).find((p) => !t.confirmed[p]);
      if (earlier !== undefined) {
        throw refusal(
          ErrorType.TaskBlocked,
          'phase',
          `Cần xác nhận giai đoạn "${earlier}" trước.`,
          `Confirm the "${earlier}" phase first.`,
        );
      }
      this.checkPhaseWindow(action.phase, planNow);
    }
  }

  /** A phase is confirmed within its window: "during" not before day −1, "after" not before the session ends. */
  private checkPhaseWindow(phase: Phase, planNow: string): void {
    const hours = this.input.conferenceHours;
    if (!this.rules.phaseWindows || !hours) return;
    const opensAt = phaseOpensAt(phase, this.conferenceDate, hours);
    if (opensAt === null) {
      throw refusal(
        ErrorType.TaskBlocked,
        'phase',
        `Giai đoạn "${phase}" chờ giấy mời: chưa có ngày hội nghị.`,
        `The "${phase}" phase waits for the invitation: the conference date is not set.`,
      );
    }
    if (planNow < opensAt) {
      throw refusal(
        ErrorType.TaskBlocked,
        'phase',
        `Giai đoạn "${phase}" chỉ xác nhận được từ ${formatShortLocal(opensAt)}.`,
        `The "${phase}" phase can be confirmed from ${formatShortLocal(opensAt)} on.`,
      );
    }
  }

  private finish(t: TaskRuntime, action: TaskAction, planNow: string, late: boolean): void {
    t.state = 'done';
    t.completedAt = planNow;
    t.completedBy = action.actor;
    t.late = late;
  }

  /** Opens tasks whose dependencies are done and records when each deadline became known. */
  private settle(planNow: string): void {
    for (const t of this.tasks.values()) {
      if (t.state === 'blocked' && t.spec.dependsOn.every((d) => this.completedAt(d) !== undefined)) {
        t.state = 'open';
        this.touch(t.spec.id);
      }
      for (const d of this.openDeadlines(t)) {
        if (!this.deadlineSince.has(d.key)) this.deadlineSince.set(d.key, planNow);
      }
    }
    this.version++;
  }

  private openDeadlines(
    t: TaskRuntime,
  ): { key: string; due: string; reminders: string[]; phaseOpt: { phase?: Phase } }[] {
    const s = this.schedule(t.spec);
    if (t.spec.kind === 'phased') {
      return s.phases
        .filter((p) => p.due !== null && !t.confirmed[p.phase])
        .map((p) => ({
          key: `${t.spec.id}|${p.phase}|${p.due}`,
          due: p.due as string,
          reminders: p.reminders,
          phaseOpt: { phase: p.phase },
        }));
    }
    return s.due === null ? [] : [{ key: `${t.spec.id}|-|${s.due}`, due: s.due, reminders: s.reminders, phaseOpt: {} }];
  }

  private schedule(spec: Task): ResolvedTaskSchedule {
    const completedAt: Record<string, string> = { ...this.externalDone };
    for (const t of this.tasks.values()) if (t.completedAt !== undefined) completedAt[t.spec.id] = t.completedAt;
    return resolveTaskSchedule(spec, { conferenceDate: this.conferenceDate, completedAt });
  }

  private completedAt(taskId: string): string | undefined {
    return this.tasks.get(taskId)?.completedAt ?? this.externalDone[taskId];
  }

  /** Units whose move it is on a task. */
  private awaitedUnits(t: TaskRuntime): string[] {
    const spec = t.spec;
    if (t.state === 'done' || t.state === 'cancelled') return [];
    if (spec.kind === 'signoff') return spec.signers.filter((s) => !t.signedBy.includes(s));
    if (spec.kind === 'approval' && t.state === 'submitted') return spec.approvers;
    return spec.assignees;
  }

  private taskView(id: string): TaskView {
    const t = this.task(id);
    const spec = t.spec;
    const s = this.schedule(spec);
    const overdue =
      t.state !== 'done' &&
      t.state !== 'cancelled' &&
      this.openDeadlines(t).some((d) => this.fired.has(`${d.key}|due`));
    const phases: PhaseView[] =
      spec.kind === 'phased'
        ? s.phases.map((p) => {
            const c = t.confirmed[p.phase];
            return {
              phase: p.phase,
              label: p.label,
              due: p.due,
              ...(c ? { confirmedAt: c.at, confirmedBy: c.by } : {}),
            };
          })
        : [];
    return {
      id,
      responsibilityId: this.input.responsibility.id,
      title: spec.title,
      ...(spec.titleEn !== undefined ? { titleEn: spec.titleEn } : {}),
      kind: spec.kind,
      clause: spec.clause,
      assignees: spec.assignees,
      deciders: spec.kind === 'approval' ? spec.approvers : spec.kind === 'signoff' ? spec.signers : [],
      dependsOn: spec.dependsOn,
      state: t.state,
      due: s.due,
      waitingFor: s.waitingFor,
      organizerChoice: spec.organizerChoice,
      overdue,
      ...(t.late !== undefined ? { late: t.late } : {}),
      ...(t.completedAt !== undefined ? { completedAt: t.completedAt } : {}),
      ...(t.completedBy !== undefined ? { completedBy: t.completedBy } : {}),
      signedBy: [...t.signedBy],
      phases,
      history: [...t.history],
    };
  }

  private task(id: string): TaskRuntime {
    const t = this.tasks.get(id);
    if (!t) throw new Error(`unknown task ${id}`);
    return t;
  }

  private touch(id: string): void {
    this.changed.add(id);
    this.version++;
  }
}

const ACTIONS_BY_KIND: Record<Task['kind'], TaskAction['action'][]> = {
  once: ['complete'],
  submission: ['submit'],
  approval: ['submit', 'approve', 'sendBack'],
  signoff: ['sign'],
  phased: ['confirmPhase', 'reportIncident'],
};

function record(action: TaskAction, at: string, late: boolean): ActionRecord {
  return {
    action: action.action,
    actor: action.actor,
    requestId: action.requestId,
    at,
    late,
    ...(action.note !== undefined ? { note: action.note } : {}),
    ...(action.evidence.length > 0 ? { evidence: action.evidence } : {}),
    ...(action.action === 'submit' ? { fields: action.fields } : {}),
    ...(action.action === 'sendBack' ? { reason: action.reason } : {}),
    ...(action.action === 'confirmPhase' || action.action === 'reportIncident' ? { phase: action.phase } : {}),
  };
}

/** Same request, same fingerprint: key order does not matter. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** UTF-8 size of a string (Vietnamese letters take two or three bytes), without Node's Buffer. */
function utf8Bytes(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
