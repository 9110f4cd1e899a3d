/**
 * The task engine on a real Temporal server: deadlines, reminders and escalation; the approval
 * loop; sign-off by several units; routing between responsibilities; idempotency; refusals;
 * cancellation. Every conference runs in rehearsal (plan days compressed into real seconds).
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  actOnTask,
  cancelConference,
  conferenceHandle,
  conferenceStatus,
  signalTaskAction,
  startConference,
} from '../../client/conference';
import { refusalDetails } from '../../domain/errors';
import { responsibilityWorkflowId } from '../../domain/ids';
import { progressReportUpdate, responsibilityStatusQuery } from '../../domain/messages';
import { OpenUnitsKey, StatusKey } from '../../domain/search-attributes';
import type { TaskView } from '../../domain/views';
import { refusalOfCall } from '../helpers/refusal-of';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { recordHistories } from '../helpers/histories';
import { eventually } from '../helpers/temporal';
import { conferenceSuite, startMiniConference } from '../helpers/suite';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const boss = { unitId: 'boss', person: 'Lường Tuấn Anh' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };
const unitB = { unitId: 'b', person: 'Lò Văn Minh' };

async function start(opts: { msPerPlanDay: number; date?: string }): Promise<string> {
  return startMiniConference(suite, { msPerPlanDay: opts.msPerPlanDay, ...(opts.date ? { date: opts.date } : {}) });
}

async function taskOf(client: Client, conferenceId: string, taskId: string): Promise<TaskView | undefined> {
  const status = await conferenceStatus(client, conferenceId);
  return status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
}

/** A task as its own responsibility workflow holds it (no lag behind the conference's board). */
async function childTask(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  taskId: string,
): Promise<TaskView | undefined> {
  const view = await client.workflow
    .getHandle(responsibilityWorkflowId(conferenceId, responsibilityId))
    .query(responsibilityStatusQuery);
  return view.tasks.find((t) => t.id === taskId);
}

const refusalOf = (p: Promise<unknown>) => refusalOfCall(p, { update: true });

describe('deadlines', () => {
  it('reminds before a deadline, then escalates at it and marks the task overdue; late work is recorded as late', async () => {
    const id = await start({ msPerPlanDay: 3000 }); // the reminder 2 s after the start, the deadline 5 s
    // report-a is due 16/3/2023 00:00, one reminder a day before; the rehearsal starts 14/3 08:00.
    const overdue = await eventually(
      () => suite.hooks.received.find((n) => n.kind === 'overdue' && n.taskId === 'report-a' && n.key.includes(id)),
      'the escalation of report-a',
    );
    const reminders = suite.hooks.received.filter(
      (n) => n.kind === 'reminder' && n.taskId === 'report-a' && n.key.includes(id),
    );
    expect(reminders.map((r) => r.recipient.id)).toEqual(['a']);
    expect(reminders[0]?.text.vi).toContain('Đôn đốc');
    expect(reminders[0]?.text.vi).toContain('16/03/2023 00:00');
    expect(reminders[0]!.receivedAt).toBeLessThan(overdue.receivedAt);
    // One notification per recipient, each its own activity: wait for both before comparing.
    const escalations = (): string[] =>
      suite.hooks.received
        .filter((n) => n.kind === 'overdue' && n.taskId === 'report-a' && n.key.includes(id))
        .map((n) => n.recipient.id)
        .sort();
    await eventually(() => (escalations().length >= 2 ? true : undefined), 'the escalation to both recipients');
    expect(escalations()).toEqual(['a', 'org']); // the organizer (escalation target and lead) and the unit
    expect(overdue.idempotencyKey).toContain(':org');

    const before = await eventually(async () => {
      const t = await taskOf(suite.env.client, id, 'report-a');
      return t?.overdue ? t : undefined;
    }, 'report-a overdue in the status');
    expect(before.state).toBe('open');

    const after = await actOnTask(suite.env.client, id, 'reports', {
      action: 'submit',
      taskId: 'report-a',
      actor: unitA,
      fields: { reportUrl: 'https://example.org/bao-cao-a.pdf' },
    });
    expect(after).toMatchObject({ state: 'done', late: true, overdue: false, completedBy: unitA });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });
});

describe('acting on tasks', () => {
  it('runs the approval loop: submit, send back with a reason, resubmit, approve', async () => {
    const id = await start({ msPerPlanDay: 3_600_000, date: '2023-03-30' });
    const submitted = await actOnTask(suite.env.client, id, 'summary', {
      action: 'submit',
      taskId: 'estimate',
      actor: org,
    });
    expect(submitted.state).toBe('submitted');

    const wrong = await refusalOf(
      actOnTask(suite.env.client, id, 'summary', { action: 'approve', taskId: 'estimate', actor: unitA }),
    );
    expect(wrong).toMatchObject({ type: 'KehoachWrongUnit', field: 'actor.unitId' });

    const sentBack = await actOnTask(suite.env.client, id, 'summary', {
      action: 'sendBack',
      taskId: 'estimate',
      actor: boss,
      reason: 'Thiếu chi phí in ấn tài liệu',
    });
    expect(sentBack.state).toBe('sentBack');
    const resubmitted = await actOnTask(suite.env.client, id, 'summary', {
      action: 'submit',
      taskId: 'estimate',
      actor: org,
      note: 'Đã bổ sung chi phí in ấn',
    });
    expect(resubmitted.state).toBe('submitted');
    const approved = await actOnTask(suite.env.client, id, 'summary', {
      action: 'approve',
      taskId: 'estimate',
      actor: boss,
    });
    expect(approved).toMatchObject({ state: 'done', late: false, completedBy: boss });
    expect(approved.history.map((h) => h.action)).toEqual(['submit', 'sendBack', 'submit', 'approve']);
    expect(approved.history[1]?.reason).toBe('Thiếu chi phí in ấn tài liệu');
    // The organizer asks for the progress report now: the office has the estimate done and the
    // summary report waiting for district A; district B has three tasks under way.
    // (The conference hears of the approval from its child a moment after the unit does.)
    await eventually(
      async () => ((await taskOf(suite.env.client, id, 'estimate'))?.state === 'done' ? true : undefined),
      'the approval to reach the conference',
    );
    const report = await conferenceHandle(suite.env.client, id).executeUpdate(progressReportUpdate, { args: [{}] });
    expect(report.vi).toContain('BÁO CÁO TIẾN ĐỘ — Hội nghị thử');
    expect(report.vi).toContain('| Phòng Nội vụ | 1 | 0 | 0 | 1 |');
    expect(report.vi).toContain('| UBND huyện B | 0 | 3 | 0 | 0 |');
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('completes a sign-off only when every signer has signed, once each', async () => {
    const id = await start({ msPerPlanDay: 3_600_000, date: '2023-03-30' });
    const first = await actOnTask(suite.env.client, id, 'ceremony', { action: 'sign', taskId: 'pledge', actor: unitA });
    expect(first).toMatchObject({ state: 'open', signedBy: ['a'] });
    const twice = await refusalOf(
      actOnTask(suite.env.client, id, 'ceremony', { action: 'sign', taskId: 'pledge', actor: unitA }),
    );
    expect(twice.en).toContain('already signed');
    const outsider = await refusalOf(
      actOnTask(suite.env.client, id, 'ceremony', { action: 'sign', taskId: 'pledge', actor: org }),
    );
    expect(outsider.type).toBe('KehoachWrongUnit');
    const last = await actOnTask(suite.env.client, id, 'ceremony', { action: 'sign', taskId: 'pledge', actor: unitB });
    expect(last).toMatchObject({ state: 'done', signedBy: ['a', 'b'] });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('opens a task when a task of another responsibility it waits on is done', async () => {
    const id = await start({ msPerPlanDay: 3_600_000, date: '2023-03-30' });
    const blocked = await refusalOf(
      actOnTask(suite.env.client, id, 'summary', { action: 'complete', taskId: 'summary-report', actor: org }),
    );
    expect(blocked).toMatchObject({ type: 'KehoachTaskBlocked', field: 'taskId' });
    expect(blocked.en).toContain('report-a');

    const missing = await refusalOf(
      actOnTask(suite.env.client, id, 'reports', { action: 'submit', taskId: 'report-a', actor: unitA, fields: {} }),
    );
    expect(missing).toMatchObject({ type: 'KehoachInvalidPayload', field: 'fields.reportUrl' });

    await actOnTask(suite.env.client, id, 'reports', {
      action: 'submit',
      taskId: 'report-a',
      actor: unitA,
      fields: { reportUrl: 'https://example.org/a.pdf' },
    });
    await eventually(async () => {
      const t = await taskOf(suite.env.client, id, 'summary-report');
      return t?.state === 'open' ? t : undefined;
    }, 'summary-report to open');
    const done = await actOnTask(suite.env.client, id, 'summary', {
      action: 'complete',
      taskId: 'summary-report',
      actor: org,
    });
    expect(done.state).toBe('done');
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('gives a repeated request id its first answer and applies it once; refuses the id reused for another request', async () => {
    const id = await start({ msPerPlanDay: 3_600_000, date: '2023-03-30' });
    const request = {
      action: 'complete' as const,
      taskId: 'report-b',
      actor: unitB,
      requestId: 'req-report-b-0001',
      note: 'Đã gửi',
    };
    const first = await actOnTask(suite.env.client, id, 'reports', request);
    const second = await actOnTask(suite.env.client, id, 'reports', request);
    expect(second).toEqual(first);
    expect(second.history).toHaveLength(1);

    // The same id through a Signal (a different Temporal message): still one effect.
    await signalTaskAction(suite.env.client, id, 'reports', request);
    const reused = await refusalOf(
      actOnTask(suite.env.client, id, 'reports', { ...request, note: 'Một yêu cầu khác' }),
    );
    expect(reused).toMatchObject({ type: 'KehoachDuplicateRequest', field: 'requestId' });
    expect((await childTask(suite.env.client, id, 'reports', 'report-b'))?.history).toHaveLength(1);
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('refuses bad requests with the field and the reason, and changes nothing', async () => {
    const id = await start({ msPerPlanDay: 3_600_000, date: '2023-03-30' });
    const cases: [Parameters<typeof actOnTask>[3], string, string][] = [
      [{ action: 'complete', taskId: 'no-such-task', actor: unitB }, 'KehoachUnknownTask', 'taskId'],
      [{ action: 'complete', taskId: 'report-b', actor: unitA }, 'KehoachWrongUnit', 'actor.unitId'],
      [{ action: 'approve', taskId: 'report-b', actor: unitB }, 'KehoachWrongAction', 'action'],
      [
        { action: 'complete', taskId: 'report-b', actor: unitB, note: 'x'.repeat(2001) },
        'KehoachInvalidPayload',
        'note',
      ],
      [
        { action: 'complete', taskId: 'report-b', actor: { unitId: 'b', person: '' } },
        'KehoachInvalidPayload',
        'actor.person',
      ],
      [
        { action: 'complete', taskId: 'report-b', actor: unitB, evidence: ['ftp://x'] },
        'KehoachInvalidPayload',
        'evidence.0',
      ],
    ];
    for (const [action, type, field] of cases) {
      expect(await refusalOf(actOnTask(suite.env.client, id, 'reports', action)), `${type} ${field}`).toMatchObject({
        type,
        field,
      });
    }
    // A refused Signal is answered by a notification to the acting unit, and changes nothing.
    await signalTaskAction(suite.env.client, id, 'reports', {
      action: 'complete',
      taskId: 'report-b',
      actor: unitA,
      requestId: 'signal-wrong-unit-1',
    });
    const refused = await eventually(
      () => suite.hooks.received.find((n) => n.kind === 'refused' && n.key.includes(id)),
      'the refusal notification',
    );
    expect(refused.recipient.id).toBe('a');
    expect(refused.text.en).toContain('may not do this');
    const reportB = await childTask(suite.env.client, id, 'reports', 'report-b');
    expect(reportB).toMatchObject({ state: 'open', history: [] });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });
});

describe('phased duties', () => {
  it('confirms phases in order and only within their windows; incidents can be reported at any time', async () => {
    // The conference on 17/3: "during" opens on 16/3 00:00 (the day before), "after" at 11:30 on 17/3.
    const id = await start({ msPerPlanDay: 3_600_000, date: '2023-03-17' });
    const act = (phase: 'before' | 'during' | 'after') =>
      actOnTask(suite.env.client, id, 'ceremony', { action: 'confirmPhase', taskId: 'security', phase, actor: unitB });
    const outOfOrder = await refusalOf(act('during'));
    expect(outOfOrder).toMatchObject({ type: 'KehoachTaskBlocked', field: 'phase' });
    expect(outOfOrder.en).toContain('"before" phase first');
    expect((await act('before')).phases.map((p) => p.confirmedBy?.unitId ?? null)).toEqual(['b', null, null]);
    const tooEarly = await refusalOf(act('during'));
    expect(tooEarly).toMatchObject({ type: 'KehoachTaskBlocked', field: 'phase' });
    expect(tooEarly.en).toContain('from 16/03/2023 00:00');
    const incident = await actOnTask(suite.env.client, id, 'ceremony', {
      action: 'reportIncident',
      taskId: 'security',
      phase: 'before',
      actor: unitB,
      note: 'Một đoạn đường vào huyện bị sạt lở, đã bố trí phân luồng.',
    });
    expect(incident.state).toBe('open');
    expect(incident.history.map((h) => h.action)).toEqual(['confirmPhase', 'reportIncident']);
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('refuses to start with a date that would put a deadline before its dependency', async () => {
    const error = await startConference(suite.env.client, {
      conferenceId: suite.env.conferenceId(),
      plan: miniPlan(suite.hooks.url),
      clock: rehearsal(3_600_000),
      taskQueue: suite.env.taskQueue,
      date: '2023-03-16', // summary-report (day −1) would be due before report-a (16/3 00:00)
    }).catch((err: unknown) => err);
    expect(refusalDetails(error)).toMatchObject({ type: 'KehoachInvalidDate', field: 'date' });
  });
});

describe('cancellation', () => {
  it('cancels every responsibility with the reason and who decided, and ends the conference', async () => {
    const id = await start({ msPerPlanDay: 3_600_000 });
    const wrongUnit = await refusalOf(cancelConference(suite.env.client, id, { reason: 'Không hợp lệ', actor: unitA }));
    expect(wrongUnit.type).toBe('KehoachWrongUnit');
    await cancelConference(suite.env.client, id, { reason: 'Hoãn theo chỉ đạo của UBND tỉnh', actor: org });
    const result = await conferenceHandle(suite.env.client, id).result();
    expect(result).toMatchObject({
      outcome: 'cancelled',
      cancellation: { reason: 'Hoãn theo chỉ đạo của UBND tỉnh', by: org },
    });
    for (const r of ['reports', 'summary', 'ceremony']) {
      const description = await suite.env.client.workflow.getHandle(responsibilityWorkflowId(id, r)).describe();
      expect(description.status.name, r).toBe('CANCELLED');
    }
    const status = await conferenceStatus(suite.env.client, id);
    expect(status.status).toBe('cancelled');
    expect(status.counts).toMatchObject({ open: 0, done: 0 });
    expect(status.responsibilities.flatMap((r) => r.tasks).every((t) => t.state === 'cancelled')).toBe(true);
    const attributes = (await conferenceHandle(suite.env.client, id).describe()).typedSearchAttributes;
    expect(attributes.get(OpenUnitsKey) ?? []).toEqual([]); // an empty list unsets the attribute
    expect(attributes.get(StatusKey)).toBe('cancelled');
    await recordHistories('cancelled', id, ['reports', 'summary', 'ceremony']);
  });
});
