/**
 * The rules of each task kind, in one table: which actions a kind takes, which units may take
 * each (the task's assignees, or its deciders: approvers or signers), in which states, and so
 * whose move it is. The board's checks, the conference's search attributes, the CLI, the web
 * inbox and forms, the simulated units and the bench driver all read it; none restates it.
 *
 * Adding a kind: a row here, its transition in workflows/responsibility/board.ts, its fields in
 * the plan schema and, if it brings a new action, that action's form (web/pages/action-forms.ts)
 * and CLI verb (present/board.ts). Workflow-safe: no zod, no I/O.
 */
import type { ActionName } from './actions';
import type { Task, TaskKind } from './plan/schema';
import type { TaskState } from './views';

/**
 * Who may take an action on a task: its assignees, its deciders (approvers, signers), the
 * organizer, the responsibility's lead (or the organizer), or anyone with a part in it.
 */
export type ActorRole = 'assignee' | 'decider' | 'organizer' | 'lead' | 'involved';

export interface ActionRule {
  by: ActorRole;
  /** States the task must be in; other open states refuse the action (the catalog says why). */
  states: readonly TaskState[];
  /** Whether the action moves the task on (an incident report is recorded but changes nothing). */
  advances: boolean;
}

export interface KindRules {
  /** The actions the kind takes, in the order they are offered. */
  actions: Partial<Record<ActionName, ActionRule>>;
  /** The plan's deciders of a task of this kind: who approves or signs. */
  deciders: (spec: Task) => readonly string[];
}

const OPEN: readonly TaskState[] = ['open', 'sentBack'];
const NOT_CLOSED: readonly TaskState[] = ['blocked', 'open', 'submitted', 'sentBack'];
const ANY: readonly TaskState[] = [...NOT_CLOSED, 'done', 'cancelled', 'withdrawn'];
const none = (): readonly string[] => [];

/**
 * The living plan's actions, taken on a task of any kind: the unit asks for more time and reports
 * progress, the organizer answers, extends, reassigns or withdraws, the lead returns accepted
 * work, and anyone with a part in the task comments. None of them is the task's work itself.
 */
export const LIVING_PLAN_ACTIONS: Partial<Record<ActionName, ActionRule>> = {
  progressNote: { by: 'assignee', states: OPEN, advances: false },
  requestExtension: { by: 'assignee', states: OPEN, advances: false },
  decideExtension: { by: 'organizer', states: NOT_CLOSED, advances: false },
  extend: { by: 'organizer', states: NOT_CLOSED, advances: false },
  reassign: { by: 'organizer', states: ['blocked', 'open', 'sentBack'], advances: false },
  withdraw: { by: 'organizer', states: NOT_CLOSED, advances: false },
  returnWork: { by: 'lead', states: ['done'], advances: false },
  comment: { by: 'involved', states: ANY, advances: false },
};

export const TASK_KINDS: Record<TaskKind, KindRules> = {
  once: {
    actions: { complete: { by: 'assignee', states: OPEN, advances: true } },
    deciders: none,
  },
  submission: {
    actions: { submit: { by: 'assignee', states: OPEN, advances: true } },
    deciders: none,
  },
  approval: {
    actions: {
      submit: { by: 'assignee', states: OPEN, advances: true },
      approve: { by: 'decider', states: ['submitted'], advances: true },
      sendBack: { by: 'decider', states: ['submitted'], advances: true },
    },
    deciders: (spec) => (spec.kind === 'approval' ? spec.approvers : []),
  },
  signoff: {
    actions: { sign: { by: 'decider', states: OPEN, advances: true } },
    deciders: (spec) => (spec.kind === 'signoff' ? spec.signers : []),
  },
  phased: {
    actions: {
      confirmPhase: { by: 'assignee', states: OPEN, advances: true },
      reportIncident: { by: 'assignee', states: OPEN, advances: false },
    },
    deciders: none,
  },
};

/** What the rules need to know of a task: the plan's part and its state (a TaskView has it all). */
export interface TaskFacts {
  kind: TaskKind;
  state: TaskState;
  assignees: readonly string[];
  deciders: readonly string[];
  signedBy: readonly string[];
}

/** The actions a task of this kind takes for its work, in the order they are offered. */
export function actionsOfKind(kind: TaskKind): ActionName[] {
  return Object.keys(TASK_KINDS[kind].actions) as ActionName[];
}

/** Every action a task of this kind takes: its work, then the living plan's. */
export function allActionsOf(kind: TaskKind): ActionName[] {
  return [...actionsOfKind(kind), ...(Object.keys(LIVING_PLAN_ACTIONS) as ActionName[])];
}

export function actionRule(kind: TaskKind, action: ActionName): ActionRule | undefined {
  return TASK_KINDS[kind].actions[action] ?? LIVING_PLAN_ACTIONS[action];
}

export function isLivingPlanAction(action: ActionName): boolean {
  return LIVING_PLAN_ACTIONS[action] !== undefined;
}

/** Approvers of an approval, signers of a sign-off, nobody otherwise. */
export function decidersOf(spec: Task): readonly string[] {
  return TASK_KINDS[spec.kind].deciders(spec);
}

/** Who runs the plan around a task: the organizer, and the lead unit of its responsibility. */
export interface Stewards {
  organizer: string;
  lead: string;
}

/** The units that may take an action with this rule on the task at all, whatever its state. */
export function unitsFor(
  t: Pick<TaskFacts, 'assignees' | 'deciders'>,
  rule: ActionRule,
  stewards?: Stewards,
): readonly string[] {
  switch (rule.by) {
    case 'assignee':
      return t.assignees;
    case 'decider':
      return t.deciders;
    case 'organizer':
      return stewards ? [stewards.organizer] : [];
    case 'lead':
      return stewards ? unique([stewards.lead, stewards.organizer]) : [];
    case 'involved':
      return unique([...t.assignees, ...t.deciders, ...(stewards ? [stewards.lead, stewards.organizer] : [])]);
  }
}

/** Done, cancelled or withdrawn: nobody works on it any more. */
export function isClosed(state: TaskState): boolean {
  return state === 'done' || state === 'cancelled' || state === 'withdrawn';
}

/**
 * Units whose move it is: the signers who have not signed, the approvers of a submitted
 * approval, the assignees otherwise; nobody once the task is closed. A blocked task's units are
 * included (they are next); callers that count only work that can start now skip blocked tasks.
 */
export function awaitedUnits(t: TaskFacts): string[] {
  if (isClosed(t.state)) return [];
  // A blocked task waits for the same units as an open one, once it opens.
  const state: TaskState = t.state === 'blocked' ? 'open' : t.state;
  return unique(
    actionsOfKind(t.kind).flatMap((action) => {
      const rule = TASK_KINDS[t.kind].actions[action] as ActionRule;
      if (!rule.advances || !rule.states.includes(state)) return [];
      return unitsFor(t, rule).filter((u) => !(action === 'sign' && t.signedBy.includes(u)));
    }),
  );
}

/** Who to show as the task's owner: whose move it is, or its assignees once nobody is awaited. */
export function ownerUnits(t: TaskFacts): string[] {
  const awaited = awaitedUnits(t);
  return awaited.length > 0 ? awaited : [...t.assignees];
}

/** Whether `unit` has something to do on the task now (its inbox). */
export function awaits(t: TaskFacts, unit: string): boolean {
  return t.state !== 'blocked' && awaitedUnits(t).includes(unit);
}

/** The work actions `unit` may take on the task now, in the order they are offered. */
export function actionsOpenTo(t: TaskFacts, unit: string): ActionName[] {
  if (isClosed(t.state) || t.state === 'blocked') return [];
  return actionsOfKind(t.kind).filter((action) => {
    const rule = TASK_KINDS[t.kind].actions[action] as ActionRule;
    if (!rule.states.includes(t.state) || !unitsFor(t, rule).includes(unit)) return false;
    return !(action === 'sign' && t.signedBy.includes(unit));
  });
}

/**
 * The living plan's actions `unit` may take on the task now (a pending extension request is
 * answered, not asked again; a phased duty follows the conference days and is not extended).
 */
export function planActionsOpenTo(
  t: TaskFacts & { extensionRequest?: unknown },
  unit: string,
  stewards: Stewards,
): ActionName[] {
  return (Object.keys(LIVING_PLAN_ACTIONS) as ActionName[]).filter((action) => {
    const rule = LIVING_PLAN_ACTIONS[action] as ActionRule;
    if (!rule.states.includes(t.state) || !unitsFor(t, rule, stewards).includes(unit)) return false;
    const pending = t.extensionRequest !== undefined;
    if (action === 'requestExtension') return !pending && t.kind !== 'phased';
    if (action === 'decideExtension') return pending;
    if (action === 'extend') return t.kind !== 'phased';
    return true;
  });
}

/** How many accepted actions finish a task of this kind when nothing is sent back. */
export function actionsToFinish(spec: Task): number {
  if (spec.kind === 'approval') return 2;
  if (spec.kind === 'signoff') return spec.signers.length;
  if (spec.kind === 'phased') return spec.phases.length;
  return 1;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Whether the living plan set the task's deadline (a granted extension, a direct one, a return):
 * from then on the deadline is the one in its history, no longer the plan's rule.
 */
export function deadlineSetInRun(
  history: readonly { action: ActionName; until?: string; decision?: string }[],
): boolean {
  return history.some(
    (h) =>
      h.until !== undefined &&
      (h.action === 'extend' ||
        h.action === 'returnWork' ||
        (h.action === 'decideExtension' && h.decision === 'grant')),
  );
}
