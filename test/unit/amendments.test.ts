/**
 * Amending a running plan without a server: the conference's checks and bookkeeping
 * (ConferenceState) and the responsibility's board (a task added, a deadline rule changed).
 */
import { describe, expect, it } from 'vitest';
import { TaskSchema, type Task } from '../../domain/plan/schema';
import { ConferenceState } from '../../workflows/conference/state';
import { type TaskBoard } from '../../workflows/responsibility/board';
import { testBoard } from '../helpers/board';
import { refusalOf } from '../helpers/refusal-of';
import { miniPlan, REHEARSAL_START } from '../helpers/mini-plan';

const plan = miniPlan('https://hooks.example/notify');
const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const NOW = REHEARSAL_START;

const task = (id: string, extra: Record<string, unknown> = {}): Task =>
  TaskSchema.parse({
    id,
    title: `Việc ${id}`,
    kind: 'once',
    clause: 'III.4',
    assignees: ['org'],
    due: { type: 'absolute', at: '2023-03-22T17:00' },
    ...extra,
  });

function conference(): ConferenceState {
  return new ConferenceState('c1', plan, '2023-03-25', { mode: 'real' });
}

describe('ConferenceState amendments', () => {
  it('adds a task: the plan in force, its version, the record, and the dependency routed to the child', () => {
    const s = conference();
    const add = (t: Task, responsibilityId: string, requestId: string) =>
      s.amend(
        s.validateAmend({ op: 'addTask', responsibilityId, task: t, reason: 'Bổ sung', actor: org, requestId }),
        NOW,
      );
    const first = add(task('extra-1'), 'summary', 'req-amend-01');
    expect(first.answer.planVersion).toBe(2);
    expect(first.tell).toEqual({ to: 'summary', change: { op: 'addTask', task: task('extra-1'), externalDone: {} } });
    const second = add(task('extra-2', { dependsOn: ['extra-1'] }), 'reports', 'req-amend-02');
    expect(second.answer.planVersion).toBe(3);
    expect(s.plan.responsibilities[0]?.tasks.map((t) => t.id)).toEqual(['report-a', 'report-b', 'extra-2']);
    // extra-1 done in 'summary': 'reports' is told.
    const added = s.status(NOW).responsibilities[1]?.tasks.find((t) => t.id === 'extra-1');
    if (!added) throw new Error('extra-1 not in the mirror');
    expect(added.state).toBe('blocked');
    const routes = s.tasksChanged('summary', [{ ...added, state: 'done', completedAt: NOW }]);
    expect(routes).toEqual([{ to: 'reports', taskId: 'extra-1', at: NOW }]);
    // A third task waiting on the done one is told it is done already.
    const third = add(task('extra-3', { dependsOn: ['extra-1'] }), 'ceremony', 'req-amend-03');
    expect(third.tell?.change).toMatchObject({ externalDone: { 'extra-1': NOW } });
    const status = s.status(NOW);
    expect(status.planVersion).toBe(4);
    expect(status.amendments?.map((a) => a.taskId)).toEqual(['extra-1', 'extra-2', 'extra-3']);
    // The same request again: the same answer, nothing new.
    const again = add(task('extra-3', { dependsOn: ['extra-1'] }), 'ceremony', 'req-amend-03');
    expect(again).toEqual({ answer: third.answer });
    expect(s.planVersion).toBe(4);
    // The same request id for another change: refused.
    expect(refusalOf(() => add(task('extra-4'), 'ceremony', 'req-amend-03'))).toMatchObject({ field: 'requestId' });
  });

  it('changes a task: before → after, and the status shows the new deadline', () => {
    const s = conference();
    const checked = s.validateAmend({
      op: 'changeTask',
      taskId: 'report-b',
      due: { type: 'conference', day: -1, time: '12:00' },
      reason: 'Thêm thời gian',
      actor: org,
      requestId: 'req-change-01',
    });
    const { answer, tell } = s.amend(checked, NOW);
    expect(answer.amendment).toMatchObject({
      before: { due: { type: 'conference', day: -2, time: '17:00' } },
      after: { due: { type: 'conference', day: -1, time: '12:00' } },
    });
    expect(tell).toEqual({
      to: 'reports',
      change: { op: 'changeTask', taskId: 'report-b', patch: { due: { type: 'conference', day: -1, time: '12:00' } } },
    });
  });

  it('refuses, naming the path, and changes nothing', () => {
    const s = conference();
    const add =
      (t: unknown, actor = org, responsibilityId = 'summary') =>
      () =>
        s.validateAmend({ op: 'addTask', responsibilityId, task: t, reason: 'Thử', actor, requestId: 'req-refused-1' });
    expect(refusalOf(add(task('x'), { unitId: 'a', person: 'A' }))).toMatchObject({ field: 'actor.unitId' });
    expect(refusalOf(add(task('x', { assignees: ['nobody'] })))?.field).toBe(
      'responsibilities[1].tasks[2].assignees[0]',
    );
    expect(refusalOf(add(task('x', { dependsOn: ['x'] })))?.field).toBe('responsibilities[1].tasks[2].dependsOn[0]');
    expect(refusalOf(add(task('x', { dependsOn: ['ghost'] })))?.field).toBe(
      'responsibilities[1].tasks[2].dependsOn[0]',
    );
    expect(refusalOf(add(task('pledge')))?.field).toBe('responsibilities[1].tasks[2].id');
    expect(refusalOf(add(task('x'), org, 'nowhere'))?.field).toBe('responsibilityId');
    expect(refusalOf(add({ id: 'x', kind: 'once' }))?.field).toBe('task.title');
    expect(
      refusalOf(() =>
        s.validateAmend({
          op: 'changeTask',
          taskId: 'report-b',
          reason: 'Thử',
          actor: org,
          requestId: 'req-refused-2',
        }),
      )?.field,
    ).toBe('title');
    expect(s.planVersion).toBe(1);
    expect(s.plan).toBe(plan);
  });
});

describe('TaskBoard amendments', () => {
  function board(): TaskBoard {
    return testBoard({ plan, responsibility: 'reports', conferenceDate: '2023-03-25', now: NOW, hours: false });
  }

  it('adds a task blocked on another responsibility, open once that one is done; alarms follow', () => {
    const b = board();
    b.addTask(task('extra', { dependsOn: ['elsewhere'], remindBefore: ['1d'] }), {}, NOW);
    expect(b.view().tasks.map((t) => [t.id, t.state])).toContainEqual(['extra', 'blocked']);
    b.dependencyDone('elsewhere', NOW, NOW);
    expect(b.find('extra')?.state).toBe('open');
    expect(
      b
        .pendingAlarms()
        .filter((a) => a.taskId === 'extra')
        .map((a) => a.kind),
    ).toEqual(['reminder', 'due']);
    b.addTask(task('extra-2', { dependsOn: ['done-before'] }), { 'done-before': NOW }, NOW);
    expect(b.find('extra-2')?.state).toBe('open');
  });

  it("moves a task's alarms when its deadline rule changes", () => {
    const b = board();
    const due = () => b.pendingAlarms().find((a) => a.taskId === 'report-b' && a.kind === 'due')?.at;
    expect(due()).toBe('2023-03-23T10:00:00.000Z');
    b.changeTask('report-b', { due: { type: 'conference', day: -1, time: '12:00' }, title: 'Mới' }, NOW);
    expect(due()).toBe('2023-03-24T05:00:00.000Z');
    expect(b.view().tasks.find((t) => t.id === 'report-b')?.title).toBe('Mới');
  });
});
