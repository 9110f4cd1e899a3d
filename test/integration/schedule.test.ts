/**
 * The conference date is set after the start and then moved: every deadline relative to it
 * moves and its alarms fire at the new instants; the absolute deadline stays where it was.
 */
import { expect, it } from 'vitest';
import {
  cancelConference,
  conferenceHandle,
  conferenceStatus,
  setConferenceDate,
  startConference,
} from '../../client/conference';
import { realMsOf } from '../../domain/clock';
import { resolveTaskSchedule } from '../../domain/schedule';
import { formatShortLocal, toLocalIso } from '../../domain/time';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { recordHistories } from '../helpers/histories';
import { eventually } from '../helpers/temporal';
import { conferenceSuite } from '../helpers/suite';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };

it('moves every relative deadline when the date is set and then moved earlier; alarms fire at the new instants', async () => {
  const conferenceId = suite.env.conferenceId('schedule');
  const plan = miniPlan(suite.hooks.url);
  await startConference(suite.env.client, {
    conferenceId,
    plan,
    clock: rehearsal(600),
    taskQueue: suite.env.taskQueue,
  });

  const initial = await conferenceStatus(suite.env.client, conferenceId);
  const initialTasks = initial.responsibilities.flatMap((r) => r.tasks);
  expect(initial.date).toBeNull();
  expect(initialTasks.find((t) => t.id === 'report-b')).toMatchObject({ due: null, waitingFor: 'date' });
  const absoluteDue = initialTasks.find((t) => t.id === 'report-a')?.due;
  expect(absoluteDue).toBe('2023-03-15T17:00:00.000Z'); // before 16/3/2023 begins in Vietnam

  await setConferenceDate(suite.env.client, conferenceId, {
    date: '2023-03-26',
    reason: 'Giấy mời số 12/GM-UBND',
    actor: org,
  });
  const moved = await setConferenceDate(suite.env.client, conferenceId, {
    date: '2023-03-24',
    reason: 'Lãnh đạo tỉnh dự được ngày 24/3',
    actor: org,
  });
  expect(moved).toMatchObject({ from: '2023-03-26', to: '2023-03-24', by: org });

  const status = await conferenceStatus(suite.env.client, conferenceId);
  expect(status.date).toBe('2023-03-24');
  expect(status.dateChanges.map((c) => c.to)).toEqual(['2023-03-26', '2023-03-24']);

  // Every task's deadline now follows 24/3; the absolute one has not moved.
  const specs = plan.responsibilities.flatMap((r) => r.tasks);
  const expected = new Map(
    specs.map((t) => [t.id, resolveTaskSchedule(t, { conferenceDate: '2023-03-24', completedAt: {} })]),
  );
  for (const t of status.responsibilities.flatMap((r) => r.tasks)) {
    expect(t.due, t.id).toBe(expected.get(t.id)?.due);
  }
  expect(status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'report-a')?.due).toBe(absoluteDue);

  // Wait for the escalation of every deadline (no unit acts in this test).
  const deadlines = specs.flatMap((t) => {
    const s = expected.get(t.id);
    if (!s) return [];
    return t.kind === 'phased'
      ? s.phases.map((p) => ({ taskId: t.id, phase: p.phase, due: p.due as string }))
      : [{ taskId: t.id, phase: '-', due: s.due as string }];
  });
  const fired = await eventually(
    () => {
      const rows = deadlines.map((d) => ({
        ...d,
        alarm: suite.hooks.received.find(
          (n) =>
            n.kind === 'overdue' &&
            n.key.startsWith(`conference:${conferenceId}:`) &&
            n.key.endsWith(`:${d.taskId}|${d.phase}|${d.due}|due`),
        ),
      }));
      return rows.every((r) => r.alarm) ? rows : undefined;
    },
    'every deadline to escalate',
    60_000,
  );

  const clock = (await conferenceStatus(suite.env.client, conferenceId)).clock;
  const table = fired.map((r) => ({
    task: r.phase === '-' ? r.taskId : `${r.taskId}/${r.phase}`,
    due: toLocalIso(r.due),
    dueRealMs: realMsOf(clock, r.due),
    firedRealMs: r.alarm!.receivedAt,
  }));
  console.log(
    ['Deadlines after the move (plan time in Vietnam → real instant the escalation was due and arrived):']
      .concat(
        table.map(
          (r) =>
            `  ${r.task.padEnd(18)} ${r.due}  due ${new Date(r.dueRealMs).toISOString()}  fired ${new Date(r.firedRealMs).toISOString()}`,
        ),
      )
      .join('\n'),
  );
  for (const r of table) {
    expect(r.firedRealMs, r.task).toBeGreaterThanOrEqual(r.dueRealMs);
  }
  for (const r of fired) expect(r.alarm?.text.vi).toContain(formatShortLocal(r.due));

  // No alarm ever fired for a deadline of the first date (26/3).
  const staleKeys = specs.flatMap((t) => {
    const s = resolveTaskSchedule(t, { conferenceDate: '2023-03-26', completedAt: {} });
    if (t.id === 'report-a') return [];
    return t.kind === 'phased' ? s.phases.map((p) => `:${t.id}|${p.phase}|${p.due}|`) : [`:${t.id}|-|${s.due}|`];
  });
  const stale = suite.hooks.received.filter(
    (n) => n.key.startsWith(`conference:${conferenceId}:`) && staleKeys.some((k) => n.key.includes(k)),
  );
  expect(stale).toEqual([]);

  // Every unit was told about each date change.
  const told = suite.hooks.received.filter(
    (n) => n.kind === 'dateChanged' && n.key.startsWith(`conference:${conferenceId}:`),
  );
  expect(told.map((n) => n.recipient.id).sort()).toEqual(['a', 'a', 'b', 'b', 'boss', 'boss', 'org', 'org']);
  expect(told.some((n) => n.text.vi.includes('ngày 24 tháng 3 năm 2023'))).toBe(true);

  const overdueNow = await conferenceStatus(suite.env.client, conferenceId);
  expect(overdueNow.counts.overdue).toBe(specs.length);
  await cancelConference(suite.env.client, conferenceId, { reason: 'Kết thúc thử nghiệm', actor: org });
  await conferenceHandle(suite.env.client, conferenceId).result();
  await recordHistories('date-moved', conferenceId, ['reports', 'summary', 'ceremony']);
});

it('counts working days inside the workflow, on the law’s days in 2027 too, and refuses a date beyond the calendar', async () => {
  const conferenceId = suite.env.conferenceId('working-days');
  const plan = miniPlan(suite.hooks.url);
  const reportB = plan.responsibilities[0]?.tasks[1];
  if (reportB?.id !== 'report-b') throw new Error('mini plan changed');
  reportB.due = { type: 'conference', day: -2, workingDays: true, time: '17:00' };
  await startConference(suite.env.client, {
    conferenceId,
    plan,
    clock: rehearsal(3_600_000),
    taskQueue: suite.env.taskQueue,
  });

  // Friday 5/5/2023: 4/5 is one working day before, then back over 29/4–3/5 to Friday 28/4.
  await setConferenceDate(suite.env.client, conferenceId, { date: '2023-05-05', reason: 'Giấy mời', actor: org });
  const status = await conferenceStatus(suite.env.client, conferenceId);
  const due = status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'report-b')?.due;
  expect(due && toLocalIso(due)).toBe('2023-04-28T17:00:00+07:00');

  // Friday 12/2/2027, after Tết Đinh Mùi (5–9/2) and its two days in lieu (10–11/2): two working
  // days before are 4/2 and 3/2 (provisional: no announcement for 2027 on file).
  await setConferenceDate(suite.env.client, conferenceId, { date: '2027-02-12', reason: 'Giấy mời', actor: org });
  const in2027 = (await conferenceStatus(suite.env.client, conferenceId)).responsibilities
    .flatMap((r) => r.tasks)
    .find((t) => t.id === 'report-b')?.due;
  expect(in2027 && toLocalIso(in2027)).toBe('2027-02-03T17:00:00+07:00');

  const refused = await setConferenceDate(suite.env.client, conferenceId, {
    date: '2101-03-18',
    reason: 'Dời',
    actor: org,
  }).then(
    () => undefined,
    (e: unknown) => e as { cause?: { message?: string; type?: string } },
  );
  expect(refused?.cause?.type).toBe('KehoachInvalidDate');
  expect(refused?.cause?.message).toMatch(/^date: With 2101-03-18: .*holiday calendar of 2101.*from 2021 to 2100/);
  expect((await conferenceStatus(suite.env.client, conferenceId)).date).toBe('2027-02-12');
  await cancelConference(suite.env.client, conferenceId, { reason: 'Kết thúc thử nghiệm', actor: org });
});
