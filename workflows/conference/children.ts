/**
 * The conference's children: how one responsibility workflow is started (its id from the
 * business keys, the units it may need, the windows of phased duties, what the Web UI shows of it)
 * and the unit names the progress report prints. Kept apart from the workflow function, which
 * only coordinates.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Clock } from '../../domain/clock';
import { archiveWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { WORKFLOW_TYPE } from '../../domain/workflow-types';
import type { ResponsibilityInput } from '../../domain/messages';
import type { Plan, Responsibility } from '../../domain/plan/schema';
import {
  ConferenceIdKey,
  OpenUnitsKey,
  OverdueCountKey,
  ResponsibilityKey,
  StatusKey,
} from '../../domain/search-attributes';
import { decidersOf } from '../../domain/task-kinds';
import type { TaskView } from '../../domain/views';
import { firstBoard } from '../responsibility/board';
import { responsibilityWorkflow } from '../responsibility/workflow';
import { calendarVersion } from '../rules';
import type { archiveWorkflow } from '../archive';

export interface StartedResponsibility {
  id: string;
  handle: wf.ChildWorkflowHandle<typeof responsibilityWorkflow>;
  /** Its tasks as they stand when it starts, when `seeded`: the child does not report them. */
  initial?: TaskView[];
}

/**
 * Starts one responsibility. When `seeded` (a run under the rules baseline), the conference
 * builds the child's first board itself, from the very input the child starts with and with the
 * same pure TaskBoard: the mirror has the tasks without a first report (9 events per child), and
 * the child starts with its status search attributes already set (no first upsert).
 */
export async function startResponsibility(
  childInput: ResponsibilityInput,
  seeded: { planNow: string } | undefined,
): Promise<StartedResponsibility> {
  const { responsibility: r, conferenceId } = childInput;
  const lead = childInput.units.find((u) => u.id === r.lead)?.name ?? r.lead;
  const board = seeded ? firstBoard(childInput, seeded.planNow, calendarVersion()) : undefined;
  const view = board?.view();
  const handle = await wf.startChild(responsibilityWorkflow, {
    workflowId: responsibilityWorkflowId(conferenceId, r.id),
    args: [childInput],
    // A responsibility has no meaning without its conference: if the parent is closed for any
    // reason, its children are asked to cancel rather than left running on their own.
    parentClosePolicy: wf.ParentClosePolicy.REQUEST_CANCEL,
    staticSummary: `${r.title} — chủ trì: ${lead}`,
    staticDetails: [`Khoản ${r.clause}`, ...r.tasks.map((t) => `- ${t.title} (${t.clause})`)].join('\n'),
    typedSearchAttributes: [
      { key: ConferenceIdKey, value: conferenceId },
      { key: ResponsibilityKey, value: r.id },
      ...(board && view
        ? [
            { key: OpenUnitsKey, value: board.openUnits() },
            { key: OverdueCountKey, value: board.overdueCount() },
            { key: StatusKey, value: view.status },
          ]
        : [{ key: StatusKey, value: 'running' }]),
    ],
  });
  return { id: r.id, handle, ...(view ? { initial: view.tasks } : {}) };
}

/** What a responsibility starts with: its duty, the units it may need, the conference's date and clock. */
export function responsibilityInput(
  r: Responsibility,
  conferenceDate: string | null,
  clock: Clock,
  conferenceId: string,
  parentWorkflowId: string,
  plan: Plan,
): ResponsibilityInput {
  const involved = new Set<string>([r.lead, ...r.support, plan.organizer]);
  for (const t of r.tasks) {
    for (const u of t.assignees) involved.add(u);
    if (t.escalateTo) involved.add(t.escalateTo);
    for (const u of decidersOf(t)) involved.add(u);
  }
  return {
    conferenceId,
    parentWorkflowId,
    responsibility: r,
    units: plan.units.filter((u) => involved.has(u.id)),
    planUnits: plan.units,
    organizer: plan.organizer,
    conferenceDate,
    clock,
    externalDone: {},
    conferenceHours: { startTime: plan.conference.startTime, length: plan.conference.length },
  };
}

export function unitNames(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.units.map((u) => [u.id, u.name]));
}

/**
 * Starts the archiving of this conference's record (workflows/archive.ts) as the conference closes.
 * ABANDON: it must outlive the conference, whose closing events it archives too. A newer rule than
 * every stored history, asked with `patched()`: a history that closed without it replays as it ran.
 * An archive started already (an operator's `kehoach archive`) is left to finish its work.
 */
export async function startArchive(conferenceId: string): Promise<void> {
  if (!wf.patched('archive-at-close')) return;
  try {
    await wf.startChild<typeof archiveWorkflow>(WORKFLOW_TYPE.archive, {
      workflowId: archiveWorkflowId(conferenceId),
      args: [{ conferenceId }],
      parentClosePolicy: wf.ParentClosePolicy.ABANDON,
      staticSummary: `Lưu trữ hồ sơ hội nghị ${conferenceId}`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    // The conference still closes; `kehoach archive` starts the archiving later.
    wf.log.error('Could not start the archiving', { conferenceId, error: String(err) });
  }
}
