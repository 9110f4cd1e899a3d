/**
 * The responsibility's board, without a server: a repeated request gets its recorded answer
 * before any "closed" refusal, and people's text is kept in NFC. Each rule is behind `patched()` in the workflow; the earlier rule stays for replay.
 */
import { describe, expect, it } from 'vitest';
import type { BoardRules } from '../../workflows/responsibility/runtime';
import { testBoard } from '../helpers/board';
import { miniPlan, REHEARSAL_START } from '../helpers/mini-plan';
import { refusalOf } from '../helpers/refusal-of';

const plan = miniPlan('https://hooks.example/notify');
const EARLIER: BoardRules = { phaseWindows: true, openUnitsSkipBlocked: true, approvalStageAndSignoffWindow: true };
const complete = {
  action: 'complete',
  taskId: 'report-b',
  actor: { unitId: 'b', person: 'Lò Văn Minh' },
  requestId: 'closing-000001',
};

describe('a repeated request on a cancelled conference', () => {
  it('gets its first answer, not "the conference was cancelled"', () => {
    const b = testBoard({ plan, responsibility: 'reports', conferenceDate: '2023-03-28', now: REHEARSAL_START });
    const first = b.apply(b.validate(complete, REHEARSAL_START).action, REHEARSAL_START);
    b.cancel();
    expect(b.validate(complete, REHEARSAL_START).repeat).toEqual(first);
    // A new request is still refused, with the reason.
    expect(refusalOf(() => b.validate({ ...complete, requestId: 'closing-000002' }, REHEARSAL_START))).toMatchObject({
      type: 'KehoachConferenceClosed',
      field: 'conference',
    });
  });

  it('was refused by the earlier rule, which replays keep', () => {
    const b = testBoard({
      plan,
      responsibility: 'reports',
      conferenceDate: '2023-03-28',
      now: REHEARSAL_START,
      rules: EARLIER,
    });
    b.apply(b.validate(complete, REHEARSAL_START).action, REHEARSAL_START);
    b.cancel();
    expect(refusalOf(() => b.validate(complete, REHEARSAL_START))).toMatchObject({ type: 'KehoachConferenceClosed' });
  });
});

describe('people’s text in an action', () => {
  const nfd = {
    ...complete,
    actor: { unitId: 'b', person: 'Lò Văn Minh'.normalize('NFD') },
    note: 'Đã xong'.normalize('NFD'),
  };

  it('is kept in NFC however it was typed', () => {
    const b = testBoard({ plan, responsibility: 'reports', conferenceDate: '2023-03-28', now: REHEARSAL_START });
    const view = b.apply(b.validate(nfd, REHEARSAL_START).action, REHEARSAL_START);
    expect(view.history.map((h) => [h.actor.person, h.note])).toEqual([['Lò Văn Minh', 'Đã xong']]);
    // The same request typed in NFC is the same request.
    expect(b.validate({ ...complete, note: 'Đã xong' }, REHEARSAL_START).repeat).toEqual(view);
  });

  it('was kept as sent by the earlier rule, which replays keep', () => {
    const b = testBoard({
      plan,
      responsibility: 'reports',
      conferenceDate: '2023-03-28',
      now: REHEARSAL_START,
      rules: EARLIER,
    });
    const view = b.apply(b.validate(nfd, REHEARSAL_START).action, REHEARSAL_START);
    expect(view.history[0]?.actor.person).toBe('Lò Văn Minh'.normalize('NFD'));
  });
});
