/**
 * A release that brings a year's holiday announcement (domain/calendar/versions.ts) moves the
 * provisional deadlines of the conferences already running: each takes the new calendar up at its
 * next workflow task (workflows/rules.ts, `newerCalendar`). A quiet conference may have none for
 * days, so whoever deploys the release wakes them with `calendarReleased`: the conference counts its
 * working days again at once, tells the units whose deadline moved, and the audit shows both.
 *
 * The signal moves nothing by itself (the version taken up is the worker's own, not the one it
 * names), so sending it to a conference already on the newest calendar costs one workflow task.
 * Conferences on version 1 (started before the law was computed) keep their calendar: not sent.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { CALENDAR_MEMO, CALENDAR_VERSION } from '../domain/calendar';
import { conferenceWorkflowId } from '../domain/ids';
import { calendarReleasedSignal } from '../domain/messages';
import { WORKFLOW_TYPE } from '../domain/workflow-types';

export interface CalendarRelease {
  /** The calendar version the workers now run (this release's, by default). */
  version?: number;
  /** Only these conferences (all running ones when absent). */
  conferenceIds?: readonly string[];
}

/**
 * Wakes every running conference whose calendar (its memo) is older than the release's, and
 * returns the ids of those woken. A conference that took the new calendar up already says so in
 * its memo, so a second call wakes none.
 */
export async function announceCalendarRelease(client: Client, release: CalendarRelease = {}): Promise<string[]> {
  const version = release.version ?? CALENDAR_VERSION;
  const woken: string[] = [];
  for await (const w of conferences(client, release.conferenceIds)) {
    const running = w.memo?.[CALENDAR_MEMO];
    if (w.status.name !== 'RUNNING' || typeof running !== 'number' || running < 2 || running >= version) continue;
    await client.workflow.getHandle(w.workflowId).signal(calendarReleasedSignal, { version });
    woken.push(w.workflowId);
  }
  return woken;
}

/** The conferences named (read one by one), or every running one (listed). */
async function* conferences(
  client: Client,
  ids: readonly string[] | undefined,
): AsyncIterable<Pick<WorkflowExecutionInfo, 'workflowId' | 'status' | 'memo'>> {
  if (ids === undefined) {
    yield* client.workflow.list({
      query: `WorkflowType = "${WORKFLOW_TYPE.conference}" AND ExecutionStatus = "Running"`,
    });
    return;
  }
  for (const id of ids) yield await client.workflow.getHandle(conferenceWorkflowId(id)).describe();
}
