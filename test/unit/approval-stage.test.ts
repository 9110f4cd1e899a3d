/**
 * Two rules a second plan asked for: an approval task's approval stage has its own deadline
 * (`approvalDue`, in force while the task is submitted), and a sign-off may open only at the
 * conference (`opensAt`). Plans without the fields, and boards replaying older histories (the
 * rule off), behave as before.
 */
import { describe, expect, it } from 'vitest';
import { refusalDetails } from '../../domain/errors';
import { checkPlan } from '../../domain/plan/checks';
import { PlanSchema, ResponsibilitySchema, type PlanInput } from '../../domain/plan/schema';
import { type TaskBoard } from '../../workflows/responsibility/board';
import { refuse } from '../../workflows/responsibility/refusals';
import type { BoardRules } from '../../workflows/responsibility/runtime';
import { testBoard } from '../helpers/board';
import { refusalOf } from '../helpers/refusal-of';
import { miniPlan, REHEARSAL_START } from '../helpers/mini-plan';

const plan = miniPlan('https://hooks.example/notify');
const ON = { phaseWindows: true, openUnitsSkipBlocked: true, approvalStageAndSignoffWindow: true };
const OFF = { ...ON, approvalStageAndSignoffWindow: false };

/** One responsibility: an approval task with an approval stage, a sign-off signed at the conference. */
const responsibility = ResponsibilitySchema.parse({
  id: 'docs',
  title: 'Hồ sơ hội nghị',
  lead: 'org',
  clause: 'III.1',
  tasks: [
    {
      id: 'draft',
      title: 'Dự thảo báo cáo',
      kind: 'approval',
      clause: 'III.1',
      assignees: ['a'],
      approvers: ['boss'],
      due: { type: 'conference', day: -7, time: '17:00' },
      approvalDue: { type: 'conference', day: -5, time: '17:00' },
      remindBefore: ['1d'],
    },
    {
      id: 'plain',
      title: 'Dự thảo không có hạn duyệt',
      kind: 'approval',
      clause: 'III.1',
      assignees: ['a'],
      approvers: ['boss'],
      due: { type: 'conference', day: -7, time: '17:00' },
      remindBefore: ['1d'],
    },
    {
      id: 'pledge',
      title: 'Ký giao ước thi đua',
      kind: 'signoff',
      clause: 'III.1',
      assignees: ['a', 'b'],
      signers: ['a', 'b'],
      due: { type: 'conference', day: 0, time: '11:30' },
      opensAt: 'during',
    },
    {
      id: 'minutes',
      title: 'Ký biên bản',
      kind: 'signoff',
      clause: 'III.1',
      assignees: ['a'],
      signers: ['a'],
      due: { type: 'conference', day: 0, time: '11:30' },
      opensAt: 'session',
    },
    {
      id: 'anytime',
      title: 'Ký bất cứ lúc nào',
      kind: 'signoff',
      clause: 'III.1',
      assignees: ['a'],
      signers: ['a'],
      due: { type: 'conference', day: 0, time: '11:30' },
    },
  ],
});

function board(conferenceDate: string | null, rules: BoardRules = ON): TaskBoard {
  return testBoard({ plan, responsibility, conferenceDate, now: REHEARSAL_START, rules });
}

let n = 0;
function act(b: TaskBoard, body: Record<string, unknown>, at: string): ReturnType<TaskBoard['apply']> {
  const { action } = b.validate({ requestId: `req-${String(++n).padStart(6, '0')}`, ...body }, at);
  return b.apply(action, at);
}

const A = { unitId: 'a', person: 'A' };
const B = { unitId: 'b', person: 'B' };
const BOSS = { unitId: 'boss', person: 'Sếp' };
const ORG = { unitId: 'org', person: 'Nội vụ' };
const viewOf = (b: TaskBoard, id: string) => b.view().tasks.find((t) => t.id === id);

// Conference on 30/3/2023: the draft is due 23/3 17:00, its approval 25/3 17:00 (Vietnam time).
const DRAFT_DUE = '2023-03-23T10:00:00.000Z';
const APPROVAL_DUE = '2023-03-25T10:00:00.000Z';

describe('approval stage deadline (approvalDue)', () => {
  it('is the deadline in force while submitted: view, alarms, overdue and escalation to the approvers', () => {
    const b = board('2023-03-30');
    expect(viewOf(b, 'draft')?.due).toBe(DRAFT_DUE);
    act(b, { action: 'submit', taskId: 'draft', actor: A, fields: {} }, '2023-03-22T02:00:00.000Z');
    expect(viewOf(b, 'draft')).toMatchObject({ state: 'submitted', due: APPROVAL_DUE, overdue: false });
    // The task's own deadline passes without an alarm: the approval stage's is in force.
    const alarms = b.pendingAlarms().filter((a) => a.taskId === 'draft');
    expect(alarms.map((a) => [a.kind, a.at])).toEqual([
      ['reminder', '2023-03-24T10:00:00.000Z'],
      ['due', APPROVAL_DUE],
    ]);
    expect(b.fireDue(DRAFT_DUE).filter((a) => a.taskId === 'draft')).toEqual([]);
    expect(viewOf(b, 'draft')?.overdue).toBe(false);
    const fired = b.fireDue(APPROVAL_DUE).filter((a) => a.taskId === 'draft');
    expect(fired.map((a) => a.kind)).toEqual(['reminder', 'due']);
    const due = fired.find((a) => a.kind === 'due');
    expect(due?.deadline).toBe(APPROVAL_DUE);
    expect(due?.recipients).toEqual(expect.arrayContaining(['org', 'boss']));
    expect(due?.recipients).not.toContain('a');
    expect(viewOf(b, 'draft')?.overdue).toBe(true);
    // Approved after the approval stage's deadline: late.
    const done = act(b, { action: 'approve', taskId: 'draft', actor: BOSS }, '2023-03-25T11:00:00.000Z');
    expect(done).toMatchObject({ state: 'done', late: true });
  });

  it("before submission (and once sent back) the task's own due is in force", () => {
    const b = board('2023-03-30');
    act(b, { action: 'submit', taskId: 'draft', actor: A, fields: {} }, '2023-03-22T02:00:00.000Z');
    act(b, { action: 'sendBack', taskId: 'draft', actor: BOSS, reason: 'Bổ sung số liệu' }, '2023-03-22T03:00:00.000Z');
    expect(viewOf(b, 'draft')).toMatchObject({ state: 'sentBack', due: DRAFT_DUE });
    act(b, { action: 'submit', taskId: 'draft', actor: A, fields: {} }, '2023-03-23T02:00:00.000Z');
    const done = act(b, { action: 'approve', taskId: 'draft', actor: BOSS }, '2023-03-24T02:00:00.000Z');
    expect(done).toMatchObject({ state: 'done', late: false });
  });

  it("an extension the organizer grants while submitted moves the approval stage's deadline", () => {
    const b = board('2023-03-30');
    act(b, { action: 'submit', taskId: 'draft', actor: A, fields: {} }, '2023-03-22T02:00:00.000Z');
    // Not later than the approval stage's deadline: refused.
    const early = refusalOf(() =>
      act(
        b,
        { action: 'extend', taskId: 'draft', actor: ORG, until: '2023-03-24T17:00', reason: 'Chờ ý kiến' },
        '2023-03-22T03:00:00.000Z',
      ),
    );
    expect(early).toMatchObject({ field: 'until' });
    const extended = act(
      b,
      { action: 'extend', taskId: 'draft', actor: ORG, until: '2023-03-26T17:00', reason: 'Chờ ý kiến' },
      '2023-03-22T03:00:00.000Z',
    );
    expect(extended).toMatchObject({ state: 'submitted', due: '2023-03-26T10:00:00.000Z' });
    expect(extended.history.at(-1)?.previousDue).toBe(APPROVAL_DUE);
    expect(b.fireDue(APPROVAL_DUE).filter((a) => a.taskId === 'draft' && a.kind === 'due')).toEqual([]);
  });

  it('waits for the date like any conference-relative deadline', () => {
    const b = board(null);
    act(b, { action: 'submit', taskId: 'draft', actor: A, fields: {} }, '2023-03-15T02:00:00.000Z');
    expect(viewOf(b, 'draft')).toMatchObject({ due: null, waitingFor: 'date' });
    b.setConferenceDate('2023-03-30', '2023-03-16T02:00:00.000Z');
    expect(viewOf(b, 'draft')?.due).toBe(APPROVAL_DUE);
  });

  it('changes nothing for a task without it, nor for a history replayed without the rule', () => {
    for (const [rules, id] of [
      [ON, 'plain'],
      [OFF, 'draft'],
    ] as const) {
      const b = board('2023-03-30', rules);
      act(b, { action: 'submit', taskId: id, actor: A, fields: {} }, '2023-03-22T02:00:00.000Z');
      expect(viewOf(b, id)).toMatchObject({ state: 'submitted', due: DRAFT_DUE });
      const fired = b.fireDue(DRAFT_DUE).filter((a) => a.taskId === id && a.kind === 'due');
      expect(fired.map((a) => a.recipients)).toEqual([expect.arrayContaining(['org', 'boss'])]);
    }
  });
});

describe('sign-off window (opensAt)', () => {
  const sign = (b: TaskBoard, taskId: string, actor: typeof A, at: string) =>
    refusalOf(() => act(b, { action: 'sign', taskId, actor }, at));

  it('"during": refused before the day before the conference, accepted from it', () => {
    const b = board('2023-03-30');
    const refused = sign(b, 'pledge', A, '2023-03-28T16:59:00.000Z'); // 23:59 on 28/3
    expect(refused).toMatchObject({ type: 'KehoachTaskBlocked', field: 'opens' });
    expect(refused?.vi).toContain('Chỉ được ký tại hội nghị, từ');
    expect(refused?.en).toContain('Signing is done at the conference, from');
    expect(viewOf(b, 'pledge')?.signedBy).toEqual([]);
    expect(sign(b, 'pledge', A, '2023-03-28T17:00:00.000Z')).toBeUndefined(); // 00:00 on 29/3
    expect(sign(b, 'pledge', B, '2023-03-29T02:00:00.000Z')).toBeUndefined();
    expect(viewOf(b, 'pledge')?.state).toBe('done');
  });

  it('"session": refused before the session starts, accepted from its start', () => {
    const b = board('2023-03-30');
    expect(sign(b, 'minutes', A, '2023-03-30T00:29:00.000Z')).toMatchObject({ field: 'opens' }); // 07:29
    expect(sign(b, 'minutes', A, '2023-03-30T00:30:00.000Z')).toBeUndefined(); // 07:30
  });

  it('waits for the date while it is not set', () => {
    const b = board(null);
    const refused = sign(b, 'pledge', A, '2023-03-15T02:00:00.000Z');
    expect(refused).toMatchObject({ type: 'KehoachTaskBlocked', field: 'opens' });
    expect(refused?.en).toContain('invitation');
  });

  it('tells each reader in one language', () => {
    for (const r of [refuse.signAwaitsDate(), refuse.signNotOpen('2023-03-28T17:00:00.000Z')]) {
      const d = refusalDetails(r);
      expect(d?.vi).toMatch(/ký tại hội nghị/);
      expect(d?.vi).toBe(d?.vi.normalize('NFC'));
      expect(d?.en).not.toMatch(/[àáảãạăâđèéêìíòóôơùúưýạ-ỹ]/i);
    }
    expect(refusalDetails(refuse.signNotOpen('2023-03-28T17:00:00.000Z'))?.vi).toContain('29/03/2023 00:00');
  });

  it('changes nothing for a sign-off without it, nor for a history replayed without the rule', () => {
    expect(sign(board('2023-03-30'), 'anytime', A, '2023-03-15T02:00:00.000Z')).toBeUndefined();
    expect(sign(board('2023-03-30', OFF), 'pledge', A, '2023-03-15T02:00:00.000Z')).toBeUndefined();
  });
});

describe('plan check of approvalDue', () => {
  const withDraft = (approvalDue: unknown) => {
    const input = structuredClone(plan) as unknown as PlanInput;
    const reports = input.responsibilities[0];
    if (!reports) throw new Error('no responsibility');
    reports.tasks.push({
      id: 'draft',
      title: 'Dự thảo',
      kind: 'approval',
      clause: 'III.2',
      assignees: ['a'],
      approvers: ['boss'],
      due: { type: 'conference', day: -7, time: '17:00' },
      approvalDue,
    } as PlanInput['responsibilities'][number]['tasks'][number]);
    return PlanSchema.safeParse(input);
  };

  it('refuses an approval stage due before the task, whatever the conference date', () => {
    const early = withDraft({ type: 'conference', day: -8, time: '17:00' });
    expect(early.success).toBe(true);
    const issues = early.success ? checkPlan(early.data) : [];
    expect(issues.map((i) => i.path)).toContain('responsibilities[0].tasks[2].approvalDue');
    const fine = withDraft({ type: 'conference', day: -5, time: '17:00' });
    expect(fine.success && checkPlan(fine.data).some((i) => i.path.endsWith('approvalDue'))).toBe(false);
  });

  it('refuses an approval stage after another task (no afterTask rule)', () => {
    expect(withDraft({ type: 'afterTask', task: 'report-a', after: '2d' }).success).toBe(false);
  });
});
