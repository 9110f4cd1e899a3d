/**
 * The responsibility's state machine without a server: what a unit is told and when alarms fire.
 */
import { describe, expect, it } from 'vitest';
import { type TaskBoard } from '../../workflows/responsibility/board';
import { testBoard } from '../helpers/board';
import { refusalOf } from '../helpers/refusal-of';
import { miniPlan, REHEARSAL_START } from '../helpers/mini-plan';

const plan = miniPlan('https://hooks.example/notify');

function board(conferenceDate: string | null, responsibilityId = 'reports'): TaskBoard {
  return testBoard({ plan, responsibility: responsibilityId, conferenceDate, now: REHEARSAL_START });
}

describe('TaskBoard', () => {
  it('tells a unit asking for more time on work awaiting approval that it cannot now, in its state', () => {
    const b = board('2023-03-30', 'summary');
    const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
    const { action } = b.validate(
      { action: 'submit', taskId: 'estimate', actor: org, requestId: 'req-000001' },
      REHEARSAL_START,
    );
    b.apply(action, REHEARSAL_START);
    const details = refusalOf(() =>
      b.validate(
        {
          action: 'requestExtension',
          taskId: 'estimate',
          actor: org,
          requestId: 'req-000002',
          until: '2023-03-29T17:00',
          reason: 'Chờ thẩm định',
        },
        REHEARSAL_START,
      ),
    );
    expect(details).toMatchObject({ type: 'KehoachTaskClosed', field: 'action' });
    expect(details?.vi).toContain('chờ duyệt');
    expect(details?.en).toContain('submitted');
  });

  it("names the unit asking for more time by its name in the organizer's notice (the id before the patch)", () => {
    const ask = (b: TaskBoard) => {
      const { action } = b.validate(
        {
          action: 'requestExtension',
          taskId: 'report-a',
          actor: { unitId: 'a', person: 'Giàng A Páo' },
          requestId: 'req-000003',
          until: '2023-03-18T00:00',
          reason: 'Chờ số liệu',
        },
        REHEARSAL_START,
      );
      b.apply(action, REHEARSAL_START);
      return b.drainNotices().find((n) => n.kind === 'extensionRequested')?.text;
    };
    const named = ask(board('2023-03-30'));
    expect(named?.vi).toContain('Đề nghị gia hạn: UBND huyện A xin gia hạn "Báo cáo của huyện A"');
    expect(named?.en).toContain('Extension request: UBND huyện A asks to extend');
    // A conference that began before the patch keeps writing the id, as its history says.
    const before = testBoard({
      plan,
      responsibility: 'reports',
      conferenceDate: '2023-03-30',
      now: REHEARSAL_START,
      rules: { phaseWindows: true, openUnitsSkipBlocked: true, approvalStageAndSignoffWindow: true },
    });
    expect(ask(before)?.vi).toContain('Đề nghị gia hạn: đơn vị a xin gia hạn');
  });

  it('refuses a request over 16 KiB counted in UTF-8 bytes, before looking at anything else', () => {
    const b = board('2023-03-30');
    // 20 fields of 400 'ệ': about 8,000 characters but 24,000 UTF-8 bytes, over the 16 KiB cap.
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'ệ'.repeat(400)]));
    const details = refusalOf(() =>
      b.validate(
        { action: 'submit', taskId: 'report-a', actor: { unitId: 'a', person: 'A' }, requestId: 'req-000001', fields },
        REHEARSAL_START,
      ),
    );
    expect(details).toMatchObject({ type: 'KehoachInvalidPayload', field: 'payload' });
  });

  it('re-arms reminders and the deadline of a task when the conference date moves', () => {
    const b = board('2023-03-30');
    const before = b.pendingAlarms().filter((a) => a.taskId === 'report-b');
    expect(before.map((a) => [a.kind, a.at])).toEqual([
      ['reminder', '2023-03-27T10:00:00.000Z'], // a day before 28/3 17:00
      ['due', '2023-03-28T10:00:00.000Z'],
    ]);
    b.setConferenceDate('2023-03-24', '2023-03-15T01:00:00.000Z');
    const after = b.pendingAlarms().filter((a) => a.taskId === 'report-b');
    expect(after.map((a) => [a.kind, a.at])).toEqual([
      ['reminder', '2023-03-21T10:00:00.000Z'],
      ['due', '2023-03-22T10:00:00.000Z'],
    ]);
    // The absolute deadline (before 16/3) did not move.
    expect(b.pendingAlarms().find((a) => a.taskId === 'report-a' && a.kind === 'due')?.at).toBe(
      '2023-03-15T17:00:00.000Z',
    );
  });

  it('skips a reminder already past when the deadline became known, but still escalates', () => {
    const b = board(null);
    expect(b.pendingAlarms().filter((a) => a.taskId === 'report-b')).toEqual([]);
    // The date arrives on 22/3 12:00 for a conference on 24/3: the reminder (21/3 17:00) is past.
    b.setConferenceDate('2023-03-24', '2023-03-22T05:00:00.000Z');
    expect(
      b
        .pendingAlarms()
        .filter((a) => a.taskId === 'report-b')
        .map((a) => a.kind),
    ).toEqual(['due']);
    const fired = b.fireDue('2023-03-22T10:00:00.000Z');
    expect(fired.filter((a) => a.taskId === 'report-b').map((a) => [a.kind, a.recipients])).toEqual([
      ['due', ['org', 'b']],
    ]);
    expect(b.view().tasks.find((t) => t.id === 'report-b')?.overdue).toBe(true);
    // Moving the date later again clears the overdue mark until the new deadline passes.
    b.setConferenceDate('2023-03-28', '2023-03-22T11:00:00.000Z');
    expect(b.view().tasks.find((t) => t.id === 'report-b')?.overdue).toBe(false);
  });
});
