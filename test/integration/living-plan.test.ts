/**
 * The living plan on a real Temporal server: a unit asks for more time and the organizer grants
 * it (reminders and the escalation move to the new deadline), accepted work is returned and done
 * again late, a task moves to another unit, a withdrawn task stops blocking its dependants, and
 * progress notes and comments land in the task's history. Each refusal names the field and
 * changes nothing.
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { actOnTask, cancelConference, conferenceStatus } from '../../client/conference';
import { responsibilityWorkflowId } from '../../domain/ids';
import { responsibilityStatusQuery } from '../../domain/messages';
import { formatShortLocal } from '../../domain/time';
import type { TaskView } from '../../domain/views';
import { recordHistories } from '../helpers/histories';
import { refusalOfCall } from '../helpers/refusal-of';
import { conferenceSuite, startMiniConference } from '../helpers/suite';
import { eventually } from '../helpers/temporal';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };
const unitB = { unitId: 'b', person: 'Lò Văn Minh' };

async function start(msPerPlanDay: number, date?: string): Promise<string> {
  return startMiniConference(suite, { msPerPlanDay, ...(date ? { date } : {}) });
}

async function childTask(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  taskId: string,
): Promise<TaskView> {
  const view = await client.workflow
    .getHandle(responsibilityWorkflowId(conferenceId, responsibilityId))
    .query(responsibilityStatusQuery);
  const t = view.tasks.find((x) => x.id === taskId);
  if (!t) throw new Error(`no task ${taskId}`);
  return t;
}

const refusalOf = (p: Promise<unknown>) => refusalOfCall(p, { update: true });

const notices = (id: string, kind: string, taskId: string) =>
  suite.hooks.received.filter((n) => n.kind === kind && n.taskId === taskId && n.key.includes(id));

describe('extension', () => {
  it('is asked for by the unit and granted by the organizer; the reminder and the escalation move to the new deadline', async () => {
    const id = await start(4000); // one plan day every 4 s; report-a is due 16/3 00:00, reminded a day before
    const asked = await actOnTask(suite.env.client, id, 'reports', {
      action: 'requestExtension',
      taskId: 'report-a',
      actor: unitA,
      until: '2023-03-18T00:00',
      reason: 'Chờ số liệu của Phòng Tài chính',
    });
    expect(asked.extensionRequest).toMatchObject({ until: '2023-03-17T17:00:00.000Z', by: unitA });
    expect(asked.due).toBe('2023-03-15T17:00:00.000Z');
    // The organizer is told at once, in Vietnamese, with the date asked for.
    const told = await eventually(
      () => notices(id, 'extensionRequested', 'report-a')[0],
      'the request to the organizer',
    );
    expect(told.recipient.id).toBe('org');
    expect(told.text.vi).toContain('18/03/2023 00:00');

    // A second request while the first waits, a grant by the unit itself: refused, nothing changes.
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', {
          action: 'requestExtension',
          taskId: 'report-a',
          actor: unitA,
          until: '2023-03-19T00:00',
          reason: 'Thêm thời gian',
        }),
      ),
    ).toMatchObject({ type: 'KehoachDuplicateRequest', field: 'action' });
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', {
          action: 'decideExtension',
          taskId: 'report-a',
          actor: unitA,
          decision: 'grant',
        }),
      ),
    ).toMatchObject({ type: 'KehoachWrongUnit', field: 'actor.unitId' });

    const granted = await actOnTask(suite.env.client, id, 'reports', {
      action: 'decideExtension',
      taskId: 'report-a',
      actor: org,
      decision: 'grant',
    });
    expect(granted.due).toBe('2023-03-17T17:00:00.000Z');
    // The organizer's board (the conference's status) shows the deadline in force, not the plan's rule.
    await eventually(async () => {
      const s = await conferenceStatus(suite.env.client, id);
      const t = s.responsibilities.flatMap((r) => r.tasks).find((x) => x.id === 'report-a');
      return t?.due === '2023-03-17T17:00:00.000Z' ? t : undefined;
    }, 'the board shows the new deadline');
    expect(granted.extensionRequest).toBeUndefined();
    const grant = granted.history.at(-1);
    expect(grant).toMatchObject({
      action: 'decideExtension',
      decision: 'grant',
      until: '2023-03-17T17:00:00.000Z',
      previousDue: '2023-03-15T17:00:00.000Z',
    });

    // The reminder of the new deadline (17/3 00:00) comes; the old deadline (16/3 00:00) passes silently.
    const reminder = await eventually(
      () => notices(id, 'reminder', 'report-a').find((n) => n.text.vi.includes('18/03/2023 00:00')),
      'the reminder of the new deadline',
    );
    // The rehearsal clock started with the workflow: plan instants map to real ones from there.
    const { clock } = await conferenceStatus(suite.env.client, id);
    const realStart = Date.parse(clock.mode === 'rehearsal' ? (clock.realStart ?? '') : '');
    const realOf = (planIso: string): number =>
      realStart +
      ((Date.parse(planIso) - Date.parse(clock.mode === 'rehearsal' ? clock.planStart : '')) / 86_400_000) * 4000;
    const due = realOf('2023-03-16T17:00:00Z');
    console.log(
      `extension: old due ${formatShortLocal('2023-03-15T17:00:00Z')}, new due ${formatShortLocal(granted.due ?? '')}; ` +
        `reminder of the new due at ${new Date(due).toISOString()}, fired ${new Date(reminder.receivedAt).toISOString()} (+${reminder.receivedAt - due} ms)`,
    );
    expect(reminder.receivedAt).toBeGreaterThanOrEqual(due);
    expect(notices(id, 'overdue', 'report-a')).toEqual([]);
    const early = notices(id, 'reminder', 'report-a').filter((n) => n.text.vi.includes('16/03/2023 00:00'));
    expect(early.every((n) => n.receivedAt < reminder.receivedAt)).toBe(true);

    const done = await actOnTask(suite.env.client, id, 'reports', {
      action: 'submit',
      taskId: 'report-a',
      actor: unitA,
      fields: { reportUrl: 'https://example.org/bao-cao-a.pdf' },
    });
    expect(done).toMatchObject({ state: 'done', late: false });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('does not stop the escalation while a request waits; refuses a date past, before the deadline, or on a closed task', async () => {
    const id = await start(2000); // report-a due 16/3 00:00 ≈ 3.3 s after the start
    const ask = (until: string, actor = unitA) =>
      actOnTask(suite.env.client, id, 'reports', {
        action: 'requestExtension',
        taskId: 'report-a',
        actor,
        until,
        reason: 'Chờ số liệu',
      });
    expect(await refusalOf(ask('2023-03-01T00:00'))).toMatchObject({ type: 'KehoachInvalidDate', field: 'until' });
    expect(await refusalOf(ask('2023-03-15T12:00'))).toMatchObject({ type: 'KehoachInvalidDate', field: 'until' });
    expect(await refusalOf(ask('2023-03-20T00:00', unitB))).toMatchObject({ type: 'KehoachWrongUnit' });
    expect(await refusalOf(ask('2023-03-20T'))).toMatchObject({ type: 'KehoachInvalidPayload', field: 'until' });
    await ask('2023-03-20T00:00');
    const overdue = await eventually(() => notices(id, 'overdue', 'report-a')[0], 'the escalation despite the request');
    expect(overdue.text.vi).toContain('Quá hạn');
    const t = await childTask(suite.env.client, id, 'reports', 'report-a');
    expect(t).toMatchObject({ overdue: true, extensionRequest: { reason: 'Chờ số liệu' } });

    await actOnTask(suite.env.client, id, 'reports', {
      action: 'decideExtension',
      taskId: 'report-a',
      actor: org,
      decision: 'refuse',
      reason: 'Đã quá hạn, đề nghị nộp ngay',
    });
    await actOnTask(suite.env.client, id, 'reports', {
      action: 'submit',
      taskId: 'report-a',
      actor: unitA,
      fields: { reportUrl: 'https://example.org/bao-cao-a.pdf' },
    });
    expect(await refusalOf(ask('2023-04-01T00:00'))).toMatchObject({ type: 'KehoachTaskClosed', field: 'taskId' });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });
});

describe('return, reassignment, withdrawal, notes', () => {
  it('returns accepted work with a new deadline; the second completion is judged against it and both stay in history', async () => {
    const id = await start(24_000, '2023-03-30'); // one plan hour a second
    const returnIt = (actor = org, until = '2023-03-14T11:00') =>
      actOnTask(suite.env.client, id, 'reports', {
        action: 'returnWork',
        taskId: 'report-b',
        actor,
        until,
        reason: 'Thiếu số liệu đại biểu',
      });
    expect(await refusalOf(returnIt())).toMatchObject({ type: 'KehoachTaskClosed', field: 'action' }); // not done yet
    const first = await actOnTask(suite.env.client, id, 'reports', {
      action: 'complete',
      taskId: 'report-b',
      actor: unitB,
    });
    expect(first).toMatchObject({ state: 'done', late: false });
    expect(await refusalOf(returnIt(unitA))).toMatchObject({ type: 'KehoachWrongUnit' });
    const reopened = await returnIt();
    expect(reopened).toMatchObject({ state: 'open', due: '2023-03-14T04:00:00.000Z' });
    expect(reopened.completedAt).toBeUndefined();
    const back = await eventually(() => notices(id, 'returned', 'report-b')[0], 'the return told to unit B');
    expect(back.recipient.id).toBe('b');
    expect(back.text.vi).toContain('Thiếu số liệu đại biểu');
    // The new deadline (11:00 plan time) passes: the second completion is late.
    await eventually(
      async () => ((await childTask(suite.env.client, id, 'reports', 'report-b')).overdue ? true : undefined),
      'overdue after the return',
    );
    const second = await actOnTask(suite.env.client, id, 'reports', {
      action: 'complete',
      taskId: 'report-b',
      actor: unitB,
    });
    expect(second).toMatchObject({ state: 'done', late: true });
    expect(second.history.map((h) => h.action)).toEqual(['complete', 'returnWork', 'complete']);
    expect(second.history[1]).toMatchObject({ reason: 'Thiếu số liệu đại biểu', until: '2023-03-14T04:00:00.000Z' });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('moves a task to another unit, after which only the new unit may act; both are told', async () => {
    const id = await start(3_600_000, '2023-03-30');
    const move = (assignees: string[], actor = org) =>
      actOnTask(suite.env.client, id, 'reports', {
        action: 'reassign',
        taskId: 'report-b',
        actor,
        assignees,
        reason: 'Huyện B đề nghị huyện A thực hiện',
      });
    expect(await refusalOf(move(['nowhere']))).toMatchObject({ type: 'KehoachInvalidPayload', field: 'assignees' });
    expect(await refusalOf(move(['b']))).toMatchObject({ type: 'KehoachInvalidPayload', field: 'assignees' });
    expect(await refusalOf(move(['a'], unitB))).toMatchObject({ type: 'KehoachWrongUnit' });
    const moved = await move(['a']);
    expect(moved.assignees).toEqual(['a']);
    expect(moved.history.at(-1)).toMatchObject({ action: 'reassign', assignees: ['a'], previousAssignees: ['b'] });
    const told = await eventually(() => {
      const to = notices(id, 'reassigned', 'report-b')
        .map((n) => n.recipient.id)
        .sort();
      return to.includes('a') && to.includes('b') ? to : undefined;
    }, 'both units told');
    expect(told).toEqual(expect.arrayContaining(['a', 'b']));
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', { action: 'complete', taskId: 'report-b', actor: unitB }),
      ),
    ).toMatchObject({ type: 'KehoachWrongUnit', field: 'actor.unitId' });
    const done = await actOnTask(suite.env.client, id, 'reports', {
      action: 'complete',
      taskId: 'report-b',
      actor: unitA,
    });
    expect(done).toMatchObject({ state: 'done', completedBy: unitA });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('withdraws a task, which unblocks the task that waited on it in another responsibility', async () => {
    const id = await start(3_600_000, '2023-03-30');
    const waiting = await childTask(suite.env.client, id, 'summary', 'summary-report');
    expect(waiting.state).toBe('blocked');
    const withdrawn = await actOnTask(suite.env.client, id, 'reports', {
      action: 'withdraw',
      taskId: 'report-a',
      actor: org,
      reason: 'Huyện A đã gửi báo cáo qua văn bản giấy',
    });
    expect(withdrawn.state).toBe('withdrawn');
    const opened = await eventually(async () => {
      const t = await childTask(suite.env.client, id, 'summary', 'summary-report');
      return t.state === 'open' ? t : undefined;
    }, 'summary-report opened by the withdrawal');
    expect(opened.due).not.toBeNull();
    const status = await eventually(async () => {
      const s = await conferenceStatus(suite.env.client, id);
      return s.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'report-a')?.state === 'withdrawn'
        ? s
        : undefined;
    }, 'the board shows the withdrawal');
    expect(status.counts.total).toBe(5); // six tasks, one withdrawn
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', { action: 'submit', taskId: 'report-a', actor: unitA }),
      ),
    ).toMatchObject({ type: 'KehoachTaskClosed' });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('keeps progress notes and comments in the task history and shows the latest note', async () => {
    const id = await start(3_600_000, '2023-03-30');
    await actOnTask(suite.env.client, id, 'reports', {
      action: 'progressNote',
      taskId: 'report-b',
      actor: unitB,
      note: 'Đã xong 60 %, chờ số liệu Phòng Tài chính',
      percent: 60,
    });
    const commented = await actOnTask(suite.env.client, id, 'reports', {
      action: 'comment',
      taskId: 'report-b',
      actor: org,
      note: 'Đề nghị gửi trước thứ Sáu',
    });
    expect(commented.progress).toMatchObject({
      note: 'Đã xong 60 %, chờ số liệu Phòng Tài chính',
      percent: 60,
      by: unitB,
    });
    expect(commented.history.map((h) => [h.action, h.actor.unitId])).toEqual([
      ['progressNote', 'b'],
      ['comment', 'org'],
    ]);
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', {
          action: 'comment',
          taskId: 'report-b',
          actor: unitA,
          note: 'Xin góp ý',
        }),
      ),
    ).toMatchObject({ type: 'KehoachWrongUnit' });
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', {
          action: 'comment',
          taskId: 'report-b',
          actor: org,
          note: 'x'.repeat(2001),
        }),
      ),
    ).toMatchObject({ type: 'KehoachInvalidPayload', field: 'note' });
    expect(
      await refusalOf(
        actOnTask(suite.env.client, id, 'reports', {
          action: 'progressNote',
          taskId: 'report-b',
          actor: unitB,
          note: 'Quá trăm phần trăm',
          percent: 120,
        }),
      ),
    ).toMatchObject({ type: 'KehoachInvalidPayload', field: 'percent' });
    const board = await eventually(async () => {
      const s = await conferenceStatus(suite.env.client, id);
      const t = s.responsibilities.flatMap((r) => r.tasks).find((x) => x.id === 'report-b');
      return t?.progress ? t : undefined;
    }, 'the board shows the latest note');
    expect(board.progress?.percent).toBe(60);

    // The rest of the living plan in the same run, so the stored history holds every operation.
    const act = (responsibilityId: string, action: Parameters<typeof actOnTask>[3]) =>
      actOnTask(suite.env.client, id, responsibilityId, action);
    await act('reports', { action: 'complete', taskId: 'report-b', actor: unitB });
    const why = 'Bổ sung theo ý kiến Thường trực';
    await act('reports', {
      action: 'returnWork',
      taskId: 'report-b',
      actor: org,
      until: '2023-03-20T17:00',
      reason: why,
    });
    await act('reports', {
      action: 'requestExtension',
      taskId: 'report-b',
      actor: unitB,
      until: '2023-03-22T17:00',
      reason: why,
    });
    await act('reports', { action: 'decideExtension', taskId: 'report-b', actor: org, decision: 'grant' });
    await act('reports', { action: 'reassign', taskId: 'report-a', actor: org, assignees: ['b'], reason: why });
    await act('summary', { action: 'extend', taskId: 'estimate', actor: org, until: '2023-03-29T17:00', reason: why });
    const last = await act('ceremony', { action: 'withdraw', taskId: 'pledge', actor: org, reason: why });
    expect(last.state).toBe('withdrawn');
    await recordHistories('living', id, ['reports', 'summary', 'ceremony']);
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });
});
