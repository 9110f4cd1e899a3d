/**
 * The rules baseline (domain/run-rules.ts, workflows/rules.ts). A conference started by kehoach
 * today runs every rule that came after the first conferences without writing a `patched()`
 * marker, and its children do not report their first board: the conference built it from the
 * same input. A conference started as the releases before started them (no rules in its memo)
 * still writes the markers and gets the reports, and shows the very same board: the seed is no
 * guess. The documents built from the histories alone see every task all the same.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { fetchConferenceHistories } from '../../audit';
import { actOnTask, conferenceStatus } from '../../client/conference';
import { loadSigningKey } from '../../client/signing-key';
import { CLAIM_KEY_MEMO } from '../../domain/claims';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { OpenUnitsKey, StatusKey } from '../../domain/search-attributes';
import type { ConferenceStatus, TaskView } from '../../domain/views';
import { WORKFLOW_TYPE } from '../../domain/workflow-types';
import { conferenceRecord } from '../../present/documents';
import { responsibilityInput } from '../../workflows/conference/children';
import { firstBoard } from '../../workflows/responsibility/board';
import { RULES_BASELINE, RULES_MEMO } from '../../domain/run-rules';
import { miniPlan, REHEARSAL_START, rehearsal } from '../helpers/mini-plan';
import { conferenceSuite, startMiniConference } from '../helpers/suite';
import { createTestEnv, eventually } from '../helpers/temporal';

const EventType = proto.temporal.api.enums.v1.EventType;
const suite = conferenceSuite();
const unitB = { unitId: 'b', person: 'Lò Văn Minh' };
const RESPONSIBILITIES = ['reports', 'summary', 'ceremony'];

interface Anatomy {
  markers: number;
  versionUpserts: number;
  /** tasksChanged sent by the children, received by the conference. */
  reportsSent: number;
  reportsReceived: number;
}

async function anatomy(client: Client, conferenceId: string): Promise<Anatomy> {
  const ids = [
    conferenceWorkflowId(conferenceId),
    ...RESPONSIBILITIES.map((r) => responsibilityWorkflowId(conferenceId, r)),
  ];
  const events = (
    await Promise.all(ids.map(async (id) => (await client.workflow.getHandle(id).fetchHistory()).events ?? []))
  ).flat();
  const count = (f: (e: (typeof events)[number]) => boolean): number => events.filter(f).length;
  return {
    markers: count((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED),
    versionUpserts: count(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES &&
        'TemporalChangeVersion' in
          (e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    ),
    reportsSent: count(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED &&
        e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'tasksChanged',
    ),
    reportsReceived: count(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
        e.workflowExecutionSignaledEventAttributes?.signalName === 'tasksChanged',
    ),
  };
}

/** The board as a unit sees it, without what differs between two runs (ids, times). */
function board(status: ConferenceStatus): unknown {
  return status.responsibilities.map((r) => ({
    id: r.id,
    status: r.status,
    tasks: r.tasks.map(({ responsibilityId, ...t }) => ({ ...t, responsibilityId })),
  }));
}

const DATE = '2023-03-30';

/** The task as the conference's board shows it, once it shows it done. */
function doneOnBoard(conferenceId: string, taskId: string): Promise<TaskView> {
  return eventually(async () => {
    const s = await conferenceStatus(suite.env.client, conferenceId);
    const t = s.responsibilities.flatMap((r) => r.tasks).find((x) => x.id === taskId);
    return t?.state === 'done' ? t : undefined;
  }, `${taskId} done on the board`);
}

describe('the rules baseline', () => {
  it('starts a conference with no markers and no first reports, its board whole at once', async () => {
    const conferenceId = await startMiniConference(suite, { prefix: 'baseline', date: DATE });
    // The board is whole as soon as the conference is started: the conference built it.
    const status = await conferenceStatus(suite.env.client, conferenceId);
    expect(status.responsibilities.map((r) => r.tasks.length)).toEqual([2, 2, 2]);
    expect(status.counts.open).toBeGreaterThan(0);

    // The children have started and run their first workflow task: still nothing was marked or reported.
    for (const r of RESPONSIBILITIES)
      await eventually(async () => {
        const events = (
          await suite.env.client.workflow.getHandle(responsibilityWorkflowId(conferenceId, r)).fetchHistory()
        ).events;
        return events?.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) ? true : undefined;
      }, `${r}'s first workflow task`);
    expect(await anatomy(suite.env.client, conferenceId)).toEqual({
      markers: 0,
      versionUpserts: 0,
      reportsSent: 0,
      reportsReceived: 0,
    });
    // Each child was started with its status attributes: who is awaited shows before any upsert.
    const reports = await suite.env.client.workflow
      .getHandle(responsibilityWorkflowId(conferenceId, 'reports'))
      .describe();
    expect(reports.typedSearchAttributes.get(OpenUnitsKey)).toEqual(['a', 'b']);
    expect(reports.typedSearchAttributes.get(StatusKey)).toBe('running');

    // An action is still reported: the board shows it, and it took one report.
    await actOnTask(suite.env.client, conferenceId, 'reports', {
      action: 'complete',
      taskId: 'report-b',
      actor: unitB,
    });
    const done = await doneOnBoard(conferenceId, 'report-b');
    expect(done.completedBy).toEqual(unitB);
    expect(await anatomy(suite.env.client, conferenceId)).toMatchObject({
      markers: 0,
      versionUpserts: 0,
      reportsReceived: 1,
    });

    // The documents and the dossier, built from the histories alone, still see every task: the
    // first board is rebuilt from each child's input, as the conference built it.
    const live = await conferenceStatus(suite.env.client, conferenceId);
    const record = conferenceRecord({ histories: await fetchConferenceHistories(suite.env.client, conferenceId) });
    expect(board({ ...live, responsibilities: record.responsibilities })).toEqual(board(live));
  }, 60_000);

  it('reports an action that reaches a child with its very first workflow task', async () => {
    // A unit may act as soon as the conference is started, and its Update then comes to a child
    // together with the child's start: setting the handler runs it, before the rest of the
    // child's code. The bench found such actions answered but missing from the board. Made
    // certain here: a second "reports" child of a running conference, started by hand on a task
    // queue that no worker polls until the Update is waiting.
    const conferenceId = await startMiniConference(suite, { prefix: 'baseline-first', date: DATE });
    const plan = miniPlan(suite.hooks.url);
    const reports = plan.responsibilities.find((r) => r.id === 'reports');
    if (!reports) throw new Error('the mini plan has no "reports"');
    // The conference's clock, with the real instant its rehearsal began, as the conference gives its children.
    const { clock } = await conferenceStatus(suite.env.client, conferenceId);
    const input = responsibilityInput(reports, DATE, clock, conferenceId, conferenceWorkflowId(conferenceId), plan);
    const first = firstBoard(input, REHEARSAL_START);
    const cold = await createTestEnv();
    try {
      await suite.env.client.workflow.start(WORKFLOW_TYPE.responsibility, {
        taskQueue: cold.taskQueue,
        workflowId: responsibilityWorkflowId(conferenceId, 'reports-again'),
        args: [input],
        memo: { [CLAIM_KEY_MEMO]: loadSigningKey().publicKey, [RULES_MEMO]: RULES_BASELINE },
        typedSearchAttributes: [
          { key: OpenUnitsKey, value: first.openUnits() },
          { key: StatusKey, value: 'running' },
        ],
      });
      const answer = actOnTask(suite.env.client, conferenceId, 'reports-again', {
        action: 'complete',
        taskId: 'report-b',
        actor: unitB,
      });
      await new Promise((r) => setTimeout(r, 500)); // the Update waits at the server
      await cold.startWorker();
      expect((await answer).state).toBe('done');

      const done = await doneOnBoard(conferenceId, 'report-b');
      expect(done.completedBy).toEqual(unitB);
      // Who is awaited follows too: b has nothing left there.
      const again = suite.env.client.workflow.getHandle(responsibilityWorkflowId(conferenceId, 'reports-again'));
      await eventually(
        async () =>
          (await again.describe()).typedSearchAttributes.get(OpenUnitsKey)?.join() === 'a' ? true : undefined,
        'the open units of the child without b',
      );
    } finally {
      await cold.close();
    }
  }, 60_000);

  it('keeps the markers and the first reports for a conference started without the rules, with the same board', async () => {
    const baselineId = await startMiniConference(suite, { prefix: 'baseline-twin', date: DATE });
    // Started as the releases before 1 December 2026 started one: the claim key, no rules.
    const olderId = suite.env.conferenceId('before-baseline');
    await suite.env.client.workflow.start(WORKFLOW_TYPE.conference, {
      taskQueue: suite.env.taskQueue,
      workflowId: conferenceWorkflowId(olderId),
      args: [{ conferenceId: olderId, plan: miniPlan(suite.hooks.url), clock: rehearsal(3_600_000), date: DATE }],
      memo: { [CLAIM_KEY_MEMO]: loadSigningKey().publicKey },
    });
    const older = await eventually(async () => {
      const s = await conferenceStatus(suite.env.client, olderId);
      return s.responsibilities.every((r) => r.tasks.length > 0) ? s : undefined;
    }, 'every child of the older conference reported');
    const seen = await anatomy(suite.env.client, olderId);
    expect(seen.markers).toBeGreaterThanOrEqual(7 * RESPONSIBILITIES.length); // each child's rules at its start
    expect(seen.versionUpserts).toBe(seen.markers);
    expect(seen.reportsReceived).toBe(RESPONSIBILITIES.length);

    const seeded = await conferenceStatus(suite.env.client, baselineId);
    expect(board(seeded)).toEqual(board(older));
  }, 60_000);
});
