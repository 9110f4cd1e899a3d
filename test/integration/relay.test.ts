/**
 * What a unit's action costs in Temporal and when the board shows it. The workflows send each
 * other their changes through the `relaySignal` local activity (patched 'signals-by-local-activity'):
 * the change is in the conference's history before the unit's Update answers, and an action costs
 * a marker in place of an external signal's two events and the workflow task its acknowledgement
 * brought.
 */
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { actOnTask, conferenceStatus, startConference } from '../../client/conference';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { conferenceSuite } from '../helpers/suite';

const suite = conferenceSuite();
const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const boss = { unitId: 'boss', person: 'Lường Tuấn Anh' };

async function events(workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  return (await suite.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

/** The events once the workflow is at rest (nothing else happens on a clock of a plan day per hour). */
async function settled(workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  let last = await events(workflowId);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await events(workflowId);
    if (now.length === last.length) return now;
    last = now;
  }
  throw new Error(`the history of ${workflowId} never came to rest`);
}

/** Each event's kind, by the attributes it carries (`markerRecorded`, `workflowTaskStarted`…). */
const kinds = (list: temporal.api.history.v1.IHistoryEvent[]): string[] =>
  list.map(
    (e) =>
      Object.entries(e)
        .find(([k, v]) => k.endsWith('EventAttributes') && v)?.[0]
        .replace('EventAttributes', '') ?? '?',
  );

describe('a unit action between the responsibility and the conference', () => {
  it('is on the board as soon as the Update answers, and costs the two workflows 10 events and an upsert', async () => {
    const conferenceId = suite.env.conferenceId();
    await startConference(suite.env.client, {
      conferenceId,
      plan: miniPlan(suite.hooks.url),
      clock: rehearsal(3_600_000),
      taskQueue: suite.env.taskQueue,
      date: '2023-03-30',
    });
    const child = responsibilityWorkflowId(conferenceId, 'summary');
    const parent = conferenceWorkflowId(conferenceId);
    // The conference's first claimed action writes a marker once ('identity-claims'): pay it here.
    await actOnTask(suite.env.client, conferenceId, 'summary', { action: 'submit', taskId: 'estimate', actor: org });
    const childBefore = (await settled(child)).length;
    const parentBefore = (await settled(parent)).length;

    const sentBack = await actOnTask(suite.env.client, conferenceId, 'summary', {
      action: 'sendBack',
      taskId: 'estimate',
      actor: boss,
      reason: 'Thiếu chi phí in ấn tài liệu',
    });
    expect(sentBack.state).toBe('sentBack');
    // Read at once, without waiting: the conference already has the change.
    const board = await conferenceStatus(suite.env.client, conferenceId);
    const onBoard = board.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'estimate');
    expect(onBoard).toMatchObject({ state: 'sentBack' });
    expect(onBoard?.history.map((h) => h.action)).toEqual(['submit', 'sendBack']);

    const childAdded = kinds((await settled(child)).slice(childBefore));
    const parentAdded = kinds((await settled(parent)).slice(parentBefore));
    console.log(`one send-back: responsibility ${childAdded.join(' ')}; conference ${parentAdded.join(' ')}`);
    // The responsibility: the Update's workflow task, its acceptance and completion, and the
    // relay's marker (no external signal, no acknowledgement, no second task); the conference:
    // the signal and its task. Search attributes are upserted where the awaited units changed.
    const upserts = (list: string[]) => list.filter((k) => k === 'upsertWorkflowSearchAttributes').length;
    const rest = (list: string[]) => list.filter((k) => k !== 'upsertWorkflowSearchAttributes');
    expect(rest(childAdded)).toEqual([
      'workflowTaskScheduled',
      'workflowTaskStarted',
      'workflowTaskCompleted',
      'workflowExecutionUpdateAccepted',
      'workflowExecutionUpdateCompleted',
      'markerRecorded',
    ]);
    expect(rest(parentAdded)).toEqual([
      'workflowExecutionSignaled',
      'workflowTaskScheduled',
      'workflowTaskStarted',
      'workflowTaskCompleted',
    ]);
    expect(upserts(childAdded)).toBeLessThanOrEqual(1);
    expect(upserts(parentAdded)).toBeLessThanOrEqual(1);
  });
});
