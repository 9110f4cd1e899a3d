/**
 * Whether a unit's action may be taken now: the task exists, its kind takes the action, the unit
 * may take it (domain/task-kinds), the task is open and in the right state, and the payload meets
 * the task's own demands (fields, evidence, phases in order and within their windows). Pure and
 * synchronous, for the Update validator; the texts come from ./refusals.
 */
import type { EvidenceFile, TaskAction } from '../../domain/actions';
import { fileFieldMaxBytes } from '../../domain/limits';
import type { FieldSpec, Phase, SignoffOpens } from '../../domain/plan/schema';
import { phaseOpensAt, signoffOpensAt } from '../../domain/schedule';
import { actionRule, actionsOfKind, decidersOf, isLivingPlanAction, unitsFor } from '../../domain/task-kinds';
import { localDateTimeToUtc } from '../../domain/time';
import { refuse } from './refusals';
import type { BoardFacts, TaskRuntime } from './runtime';

/** Throws the first refusal that applies to `action`, in the order a caller can fix them. */
export function checkAllowed(board: BoardFacts, action: TaskAction, planNow: string): void {
  const t = board.find(action.taskId);
  if (!t) throw refuse.unknownTask(action.taskId, board.input.responsibility.id);
  const spec = t.spec;
  const rule = actionRule(spec.kind, action.action);
  if (!rule) throw refuse.wrongAction(spec.id, spec.kind, action.action, actionsOfKind(spec.kind));
  const who = unitsFor({ assignees: t.assignees, deciders: decidersOf(spec) }, rule, board.stewards);
  if (!who.includes(action.actor.unitId)) throw refuse.wrongUnit(action.actor.unitId, spec.id, who);
  if (!rule.states.includes(t.state)) {
    if (t.state === 'done' || t.state === 'cancelled' || t.state === 'withdrawn') throw refuse.closed(spec.id, t.state);
    if (t.state === 'blocked') {
      throw refuse.blocked(
        spec.id,
        spec.dependsOn.filter((d) => board.completedAt(d) === undefined),
      );
    }
    if (action.action === 'returnWork') throw refuse.notDone(spec.id);
    if (action.action === 'submit') throw refuse.awaitingApproval();
    if (action.action === 'approve' || action.action === 'sendBack') throw refuse.nothingSubmitted();
    throw refuse.notInState(spec.id, action.action, t.state);
  }
  if (isLivingPlanAction(action.action)) checkPlanChange(board, t, action, planNow);
  else checkPayload(board, t, action, planNow);
}

/** An extension, a return, a reassignment: the new deadline is ahead, the new units exist. */
function checkPlanChange(board: BoardFacts, t: TaskRuntime, action: TaskAction, planNow: string): void {
  const id = t.spec.id;
  const due = board.schedule(t.spec).due;
  const ahead = (until: string): void => {
    const at = localDateTimeToUtc(until);
    if (at <= planNow) throw refuse.untilPast(at);
    if (action.action !== 'returnWork' && due !== null && at <= due) throw refuse.untilNotLater(at, due);
  };
  switch (action.action) {
    case 'requestExtension':
      if (t.spec.kind === 'phased') throw refuse.notForPhased(id);
      if (t.extensionRequest) throw refuse.extensionPending(id);
      return ahead(action.until);
    case 'decideExtension':
      if (!t.extensionRequest) throw refuse.noExtensionRequest(id);
      if (action.decision === 'refuse' && !action.reason) throw refuse.reasonRequired();
      if (action.decision === 'grant' && action.until !== undefined) ahead(action.until);
      return;
    case 'extend':
      if (t.spec.kind === 'phased') throw refuse.notForPhased(id);
      return ahead(action.until);
    case 'returnWork':
      return ahead(action.until);
    case 'reassign': {
      const unknown = action.assignees.find((u) => !board.knowsUnit(u));
      if (unknown !== undefined) throw refuse.unknownUnit(unknown);
      const same = new Set(action.assignees);
      if (same.size === t.assignees.length && t.assignees.every((u) => same.has(u))) throw refuse.sameAssignees(id);
      return;
    }
    default:
      return;
  }
}

/** What the task itself asks of the payload: its fields and evidence, its phases. */
function checkPayload(board: BoardFacts, t: TaskRuntime, action: TaskAction, planNow: string): void {
  const spec = t.spec;
  if (action.action === 'submit' && (spec.kind === 'submission' || spec.kind === 'approval')) {
    for (const f of spec.fields) {
      const value = action.fields[f.name];
      if (value === undefined || value === '') {
        if (f.required) throw refuse.fieldMissing(f.name, f.label);
        continue;
      }
      if (f.type === 'integer' && !(typeof value === 'number' ? Number.isInteger(value) : /^\d+$/.test(value))) {
        throw refuse.fieldNotInteger(f.name, f.label);
      }
      if (f.type === 'url' && !/^https?:\/\/\S+$/.test(String(value))) throw refuse.fieldNotUrl(f.name, f.label);
      if (f.type === 'file') checkFileField(f, value, action.files);
    }
    const known = new Set(spec.fields.map((f) => f.name));
    const extra = Object.keys(action.fields).find((k) => !known.has(k));
    if (extra !== undefined) throw refuse.fieldUnknown(extra);
    // Files were refused by the schema before there were files, so counting them changes no old history.
    if (action.evidence.length + action.files.length < spec.minEvidence) throw refuse.tooFewEvidence(spec.minEvidence);
  }
  if (action.action === 'sign' && t.signedBy.includes(action.actor.unitId)) {
    throw refuse.alreadySigned(action.actor.unitId);
  }
  if (action.action === 'sign' && spec.kind === 'signoff' && spec.opensAt !== undefined) {
    checkSignoffWindow(board, spec.opensAt, planNow);
  }
  if (action.action === 'confirmPhase' && spec.kind === 'phased') {
    const phases = spec.phases.map((p) => p.phase);
    if (!phases.includes(action.phase)) throw refuse.noSuchPhase(action.phase);
    if (t.confirmed[action.phase]) throw refuse.phaseConfirmed(action.phase);
    const earlier = phases.slice(0, phases.indexOf(action.phase)).find((p) => !t.confirmed[p]);
    if (earlier !== undefined) throw refuse.earlierPhaseFirst(earlier);
    checkPhaseWindow(board, action.phase, planNow);
  }
}

/** A file field names one of the action's files by its SHA-256, within the field's size limit. */
function checkFileField(f: FieldSpec, value: string | number, files: readonly EvidenceFile[]): void {
  const file = files.find((x) => x.sha256 === value);
  if (file === undefined) throw refuse.fieldNotFile(f.name, f.label);
  const max = fileFieldMaxBytes(f);
  if (file.size > max) throw refuse.fileTooLarge(f.name, f.label, max);
}

/** A phase is confirmed within its window: "during" not before day −1, "after" not before the session ends. */
function checkPhaseWindow(board: BoardFacts, phase: Phase, planNow: string): void {
  const hours = board.input.conferenceHours;
  if (!board.rules.phaseWindows || !hours) return;
  const opensAt = phaseOpensAt(phase, board.conferenceDate, hours);
  if (opensAt === null) throw refuse.phaseAwaitsDate(phase);
  if (planNow < opensAt) throw refuse.phaseNotOpen(phase, opensAt);
}

/** A sign-off with `opensAt` is signed at the conference: not before day −1 ("during") or the session's start. */
function checkSignoffWindow(board: BoardFacts, opens: SignoffOpens, planNow: string): void {
  const hours = board.input.conferenceHours;
  if (!board.rules.approvalStageAndSignoffWindow || !hours) return;
  const opensAt = signoffOpensAt(opens, board.conferenceDate, hours);
  if (opensAt === null) throw refuse.signAwaitsDate();
  if (planNow < opensAt) throw refuse.signNotOpen(opensAt);
}
