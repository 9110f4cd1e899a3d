/**
 * The seed plan end to end in rehearsal on a real server: simulated units (some late, one
 * budget estimate sent back once), the date set and then moved, and the worker stopped and
 * restarted in the middle. KEHOACH_RECORD_HISTORIES=1 stores the histories for the replay test.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { openHistory } from '../../client/open-history';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { conferenceHandle, conferenceStatus, startConference } from '../../client/conference';
import { SEED_AMENDMENTS, SEED_LIVING_PLAN } from '../../demo/seed-script';
import { simulateUnits } from '../../demo/simulated-units';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { OpenUnitsKey } from '../../domain/search-attributes';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan } from '../../domain/plan/schema';
import type { Notification } from '../../activities/types';
import { rehearsal } from '../helpers/mini-plan';
import { recordHistories } from '../helpers/histories';
import { createTestEnv, eventually, type RunningWorker, type TestEnv } from '../helpers/temporal';

let env: TestEnv;
let plan: Plan;

beforeAll(async () => {
  env = await createTestEnv();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan does not validate');
  plan = loaded.plan;
});

afterAll(async () => {
  await env?.close();
});

const LATE_UNITS = ['dien-bien-dong', 'dien-luc'];

it('runs the seed conference to the end with late units, a send-back, a moved date and a worker restart', async () => {
  let worker: RunningWorker = await env.startWorker();
  const conferenceId = env.conferenceId('seed');
  await startConference(env.client, { conferenceId, plan, clock: rehearsal(2500), taskQueue: env.taskQueue });

  // Phòng TC-KH's only task waits for the approved estimate: nobody awaits the unit yet.
  const awaited = await eventually(async () => {
    const units = (await conferenceHandle(env.client, conferenceId).describe()).typedSearchAttributes.get(OpenUnitsKey);
    return units?.includes('noi-vu') ? units : undefined;
  }, 'the awaited units');
  expect(awaited).not.toContain('tc-kh');
  expect(awaited).toEqual(expect.arrayContaining(['muong-cha', 'muong-nhe', 'nam-po', 'dien-bien-dong']));

  let restart: Promise<void> | undefined;
  let doneAtRestart = -1;
  const { actions, result } = await simulateUnits({
    client: env.client,
    conferenceId,
    plan,
    lateUnits: LATE_UNITS,
    pace: 'prompt',
    sendBackOnce: ['budget.estimate'],
    livingPlan: SEED_LIVING_PLAN,
    amendments: SEED_AMENDMENTS,
    dateSteps: [
      { atPlan: '2023-03-15T01:00:00.000Z', date: '2023-03-28', reason: 'Giấy mời số 45/GM-UBND' },
      { atPlan: '2023-03-17T01:00:00.000Z', date: '2023-03-30', reason: 'Theo lịch công tác của lãnh đạo tỉnh' },
    ],
    onStatus: (s) => {
      // Restart the worker once the districts' reports are in (21/3), mid-run.
      if (!restart && s.asOf >= '2023-03-21T01:00:00.000Z') {
        console.log('restart at', s.asOf, s.counts, new Date().toISOString());
        doneAtRestart = s.counts.done;
        restart = (async () => {
          await worker.stop();
          await new Promise((r) => setTimeout(r, 500));
          worker = await env.startWorker();
        })();
      }
    },
  });
  await restart;
  expect(doneAtRestart).toBeGreaterThanOrEqual(12);

  expect(result.outcome).toBe('completed');
  expect(result.date).toBe('2023-03-30');
  expect(result.dateChanges).toBe(2);
  // The plan's tasks and the one the organizer added while it ran.
  const taskCount = plan.responsibilities.reduce((n, r) => n + r.tasks.length, 0) + SEED_AMENDMENTS.length;
  expect(result.counts).toMatchObject({ total: taskCount, done: taskCount, overdue: 0 });

  // Late wherever a late unit had to act. Elsewhere lateness is judged on the board's own record
  // (the plan time the workflow stamped on the action against the deadline in force), never
  // against this machine's wall clock: a prompt unit whose action a loaded machine delivered after
  // its deadline is late in the record too, and only then may its task be late.
  const status = await conferenceStatus(env.client, conferenceId);
  const tasks = status.responsibilities.flatMap((r) => r.tasks);
  const lateTasks = tasks
    .filter((t) => t.late)
    .map((t) => t.id)
    .sort();
  const expectedLate = tasks
    .filter((t) => t.history.some((h) => LATE_UNITS.includes(h.actor.unitId)))
    .map((t) => t.id)
    .sort();
  expect(lateTasks).toEqual(expect.arrayContaining(expectedLate));
  for (const t of tasks.filter((x) => x.late && !expectedLate.includes(x.id))) {
    console.log(
      'late on a loaded machine',
      t.id,
      t.due,
      JSON.stringify(t.history.map((h) => [h.action, h.phase, h.at, h.late])),
    );
    expect(
      t.history.some((h) => h.late),
      `${t.id} is late but no action of it was recorded late`,
    ).toBe(true);
  }
  expect(lateTasks).toContain('districts.dien-bien-dong.report');
  expect(lateTasks).toContain('power.supply');

  // The estimate went back once, with its reason, and was approved on resubmission.
  const estimate = tasks.find((t) => t.id === 'budget.estimate');
  expect(estimate?.history.map((h) => h.action)).toEqual(['submit', 'sendBack', 'submit', 'approve']);
  // The cluster report waited for all four districts' reports.
  const clusterReport = tasks.find((t) => t.id === 'program.cluster-report');
  const reportsDone = tasks.filter((t) => /^districts\..+\.report$/.test(t.id)).map((t) => t.completedAt as string);
  expect(reportsDone).toHaveLength(4);
  for (const at of reportsDone) expect(clusterReport?.completedAt && clusterReport.completedAt >= at).toBe(true);
  // Both sides of the flag handover, and every district on the pledge.
  expect(tasks.find((t) => t.id === 'flag.handover')?.signedBy.sort()).toEqual(['muong-cha', 'tua-chua']);
  expect(tasks.find((t) => t.id === 'pledge.sign')?.signedBy).toHaveLength(5);
  expect(actions.filter((a) => a.action === 'setDate').map((a) => a.outcome)).toEqual(['2023-03-28', '2023-03-30']);

  // The living plan: Nậm Pồ asked one more day on its presentation and the organizer granted it
  // (the deadline moved from 27/3 17:00 to 28/3 17:00); the hall set-up was returned and done again.
  const presentation = tasks.find((t) => t.id === 'districts.nam-po.presentation');
  expect(presentation?.history.map((h) => [h.action, h.actor.unitId])).toEqual([
    ['progressNote', 'nam-po'],
    ['requestExtension', 'nam-po'],
    ['decideExtension', 'noi-vu'],
    ['submit', 'nam-po'],
  ]);
  expect(presentation?.history[2]).toMatchObject({
    decision: 'grant',
    previousDue: '2023-03-27T10:00:00.000Z',
    until: '2023-03-28T10:00:00.000Z',
  });
  expect(presentation).toMatchObject({ state: 'done', late: false, due: '2023-03-28T10:00:00.000Z' });
  expect(presentation?.progress).toMatchObject({ percent: 70 });
  const hall = tasks.find((t) => t.id === 'hall.setup');
  expect(hall?.history.map((h) => [h.action, h.actor.unitId])).toEqual([
    ['complete', 'van-phong'],
    ['returnWork', 'noi-vu'],
    ['complete', 'van-phong'],
  ]);
  expect(hall).toMatchObject({ state: 'done', late: false });
  expect(hall?.history[1]?.previousDue).toBe('2023-03-29T10:00:00.000Z');

  // The task added mid-run (19/3) opened once the hall was first set up, and was done in time.
  const soundCheck = tasks.find((t) => t.id === 'hall.sound-check');
  expect(soundCheck).toMatchObject({ state: 'done', late: false, due: '2023-03-30T00:00:00.000Z' });
  const hallFirstDone = hall?.history[0]?.at ?? '';
  expect(soundCheck?.completedAt && soundCheck.completedAt >= hallFirstDone).toBe(true);
  expect(status.planVersion).toBe(2);
  expect(status.amendments?.map((a) => [a.op, a.taskId, a.by.unitId])).toEqual([
    ['addTask', 'hall.sound-check', 'noi-vu'],
  ]);
  expect(actions.filter((a) => a.action === 'addTask').map((a) => a.outcome)).toEqual(['v2']);

  // Every action the units took is in the tasks' records, once.
  const recorded = new Set(tasks.flatMap((t) => t.history.map((h) => h.requestId)));
  for (const a of actions.filter((x) => x.action !== 'setDate' && x.action !== 'addTask'))
    expect(recorded.has(a.requestId), a.requestId).toBe(true);

  // The late district report was escalated (an 'overdue' notification in its workflow's history).
  // Read as an operator reads it: opened with the deployment's seal keys.
  const districtsId = responsibilityWorkflowId(conferenceId, 'districts');
  const districtsHistory = async () =>
    openHistory(env.client, await env.client.workflow.getHandle(districtsId).fetchHistory(), districtsId);
  const districts = await districtsHistory();
  const notified = (districts.events ?? []).flatMap((e) => {
    const payload = e.activityTaskScheduledEventAttributes?.input?.payloads?.[0];
    return payload ? [defaultPayloadConverter.fromPayload<Notification>(payload)] : [];
  });
  const escalation = notified.find((n) => n.kind === 'overdue' && n.taskId === 'districts.dien-bien-dong.report');
  expect(escalation?.recipients.map((r) => r.id).sort()).toEqual(['dien-bien-dong', 'noi-vu']);
  expect(notified.some((n) => n.kind === 'reminder' && n.taskId === 'districts.dien-bien-dong.report')).toBe(true);

  // The organizer's progress report went to the council every 7 plan days (the plan's cadence).
  const parent = await openHistory(
    env.client,
    await conferenceHandle(env.client, conferenceId).fetchHistory(),
    conferenceWorkflowId(conferenceId),
  );
  const reports = (parent.events ?? []).flatMap((e) => {
    const payload = e.activityTaskScheduledEventAttributes?.input?.payloads?.[0];
    const n = payload ? defaultPayloadConverter.fromPayload<Notification>(payload) : undefined;
    return n?.kind === 'progressReport' ? [n] : [];
  });
  expect(reports.length).toBeGreaterThanOrEqual(2);
  expect(reports[0]?.recipients.map((r) => r.id).sort()).toEqual(['hoi-dong-tdkt', 'noi-vu']);
  expect(reports[0]?.text.vi).toContain('BÁO CÁO TIẾN ĐỘ');
  // One timer per progress report, not one per unit action: the Web UI's timeline stays readable.
  const timers = (parent.events ?? []).filter((e) => e.timerStartedEventAttributes).length;
  expect(timers).toBeLessThanOrEqual(reports.length + 1);

  // History sizes: far from Temporal's limits (51,200 events), no continue-as-new needed.
  const sizes: Record<string, number> = {};
  const ids = [
    conferenceWorkflowId(conferenceId),
    ...plan.responsibilities.map((r) => responsibilityWorkflowId(conferenceId, r.id)),
  ];
  for (const id of ids) {
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    sizes[id.replace(`conference:${conferenceId}`, 'conference')] = history.events?.length ?? 0;
  }
  console.log(
    'History events per workflow:',
    sizes,
    'total',
    Object.values(sizes).reduce((a, b) => a + b, 0),
  );
  // The conference also records one request-id claim per unit action (about 5 events each): 2,000.
  expect(sizes.conference).toBeLessThan(2_000);
  for (const [id, n] of Object.entries(sizes)) if (id !== 'conference') expect(n, id).toBeLessThan(1_000);

  await recordHistories(
    'seed',
    conferenceId,
    plan.responsibilities.map((r) => r.id),
  );
});
