/**
 * Amending a running plan on a real Temporal server: the organizer adds a task, then another
 * (in another responsibility) that waits on it, which opens only once the first is done; a
 * change of a task's deadline rule moves its deadline. Every amendment is checked by the plan's
 * own rules; a refusal names the path and the reason, and nothing changes (the plan version stays).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { actOnTask, amendPlan, cancelConference, conferenceStatus } from '../../client/conference';
import { responsibilityWorkflowId } from '../../domain/ids';
import { responsibilityStatusQuery } from '../../domain/messages';
import type { TaskView } from '../../domain/views';
import { runKehoach } from '../helpers/cli';
import { recordHistories } from '../helpers/histories';
import { refusalOfCall } from '../helpers/refusal-of';
import { conferenceSuite, startMiniConference } from '../helpers/suite';
import { eventually } from '../helpers/temporal';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };

async function start(): Promise<string> {
  // One plan day every 10 min: no alarm fires during the test.
  return startMiniConference(suite, { msPerPlanDay: 600_000, date: '2023-03-25' });
}

async function childTask(
  conferenceId: string,
  responsibilityId: string,
  taskId: string,
): Promise<TaskView | undefined> {
  const view = await suite.env.client.workflow
    .getHandle(responsibilityWorkflowId(conferenceId, responsibilityId))
    .query(responsibilityStatusQuery);
  return view.tasks.find((x) => x.id === taskId);
}

const refusalOf = (p: Promise<unknown>) => refusalOfCall(p);

const task = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Việc bổ sung ${id}`,
  kind: 'once',
  clause: 'III.4',
  assignees: ['org'],
  due: { type: 'absolute', at: '2023-03-22T17:00' },
  remindBefore: ['1d'],
  ...extra,
});

describe('plan amendments', () => {
  it('adds a task, then one in another responsibility that waits on it and opens when it is done', async () => {
    const id = await start();
    const first = await amendPlan(suite.env.client, id, {
      op: 'addTask',
      responsibilityId: 'summary',
      task: task('logistics'),
      reason: 'Bổ sung công tác hậu cần',
      actor: org,
    });
    expect(first.planVersion).toBe(2);
    expect(first.amendment).toMatchObject({ op: 'addTask', taskId: 'logistics', responsibilityId: 'summary', by: org });
    const opened = await eventually(async () => {
      const t = await childTask(id, 'summary', 'logistics');
      return t?.state === 'open' ? t : undefined;
    }, 'the added task open in its responsibility');
    expect(opened.due).toBe('2023-03-22T10:00:00.000Z');

    const second = await amendPlan(suite.env.client, id, {
      op: 'addTask',
      responsibilityId: 'reports',
      task: task('logistics-report', {
        assignees: ['a'],
        dependsOn: ['logistics'],
        due: { type: 'absolute', at: '2023-03-23T17:00' },
      }),
      reason: 'Huyện A báo cáo sau khi có phương án hậu cần',
      actor: org,
      requestId: 'amend-second-0001',
    });
    expect(second.planVersion).toBe(3);
    // The same request again: the same answer, nothing more.
    const again = await amendPlan(suite.env.client, id, {
      op: 'addTask',
      responsibilityId: 'reports',
      task: task('logistics-report', {
        assignees: ['a'],
        dependsOn: ['logistics'],
        due: { type: 'absolute', at: '2023-03-23T17:00' },
      }),
      reason: 'Huyện A báo cáo sau khi có phương án hậu cần',
      actor: org,
      requestId: 'amend-second-0001',
    });
    expect(again.planVersion).toBe(3);
    const waiting = await eventually(() => childTask(id, 'reports', 'logistics-report'), 'the second task');
    expect(waiting.state).toBe('blocked');

    await actOnTask(suite.env.client, id, 'summary', { action: 'complete', taskId: 'logistics', actor: org });
    await eventually(async () => {
      const t = await childTask(id, 'reports', 'logistics-report');
      return t?.state === 'open' ? t : undefined;
    }, 'the second task open once the first is done');

    const status = await conferenceStatus(suite.env.client, id);
    expect(status.planVersion).toBe(3);
    expect(status.amendments?.map((a) => [a.version, a.taskId])).toEqual([
      [2, 'logistics'],
      [3, 'logistics-report'],
    ]);
    expect(status.responsibilities.find((r) => r.id === 'reports')?.tasks.map((t) => t.id)).toEqual([
      'report-a',
      'report-b',
      'logistics-report',
    ]);
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
    await recordHistories('amendments', id, ['reports', 'summary', 'ceremony']);
  });

  it("changes a task's deadline rule and title: the deadline moves, before → after is kept", async () => {
    const id = await start();
    const before = await childTask(id, 'reports', 'report-b');
    expect(before?.due).toBe('2023-03-23T10:00:00.000Z'); // two days before the 25th, 17:00
    const changed = await amendPlan(suite.env.client, id, {
      op: 'changeTask',
      taskId: 'report-b',
      title: 'Báo cáo của huyện B (bổ sung số liệu)',
      due: { type: 'conference', day: -1, time: '12:00' },
      reason: 'Huyện B cần thêm thời gian tổng hợp',
      actor: org,
    });
    expect(changed.planVersion).toBe(2);
    expect(changed.amendment.before).toEqual({
      title: 'Báo cáo của huyện B',
      due: { type: 'conference', day: -2, time: '17:00' },
    });
    expect(changed.amendment.after).toMatchObject({ due: { type: 'conference', day: -1, time: '12:00' } });
    const moved = await eventually(async () => {
      const t = await childTask(id, 'reports', 'report-b');
      return t?.due === '2023-03-24T05:00:00.000Z' ? t : undefined;
    }, 'the deadline moved in the responsibility');
    expect(moved.title).toBe('Báo cáo của huyện B (bổ sung số liệu)');
    const status = await conferenceStatus(suite.env.client, id);
    const inStatus = status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'report-b');
    expect(inStatus?.due).toBe('2023-03-24T05:00:00.000Z');
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('refuses what breaks the plan, naming the path; nothing changes', async () => {
    const id = await start();
    const add = (t: Record<string, unknown>, actor = org, responsibilityId = 'summary') =>
      refusalOf(amendPlan(suite.env.client, id, { op: 'addTask', responsibilityId, task: t, reason: 'Thử', actor }));

    const notOrganizer = await add(task('x1'), unitA);
    expect(notOrganizer).toMatchObject({ type: 'KehoachWrongUnit', field: 'actor.unitId' });

    const unknownUnit = await add(task('x2', { assignees: ['nobody'] }));
    expect(unknownUnit.field).toBe('responsibilities[1].tasks[2].assignees[0]');
    expect(unknownUnit.en).toContain('nobody');
    expect(unknownUnit.vi).toContain('nobody');

    const cycle = await add(task('x3', { dependsOn: ['x3'] }));
    expect(cycle.field).toBe('responsibilities[1].tasks[2].dependsOn[0]');
    expect(cycle.en.toLowerCase()).toContain('cycle');

    const orphan = await add(task('x4', { dependsOn: ['ghost'] }));
    expect(orphan.field).toBe('responsibilities[1].tasks[2].dependsOn[0]');
    expect(orphan.en).toContain('ghost');

    const duplicate = await add(task('report-a'));
    expect(duplicate.field).toBe('responsibilities[1].tasks[2].id');
    expect(duplicate.en).toContain('responsibilities[0].tasks[0]');

    // A deadline before the deadline of what it waits for.
    const early = await add(task('x5', { dependsOn: ['report-a'], due: { type: 'absolute', at: '2023-03-15T00:00' } }));
    expect(early.field).toMatch(/^responsibilities\[1\]\.tasks\[2\]/);

    const unknownTask = await refusalOf(
      amendPlan(suite.env.client, id, { op: 'changeTask', taskId: 'ghost', title: 'X', reason: 'Thử', actor: org }),
    );
    expect(unknownTask).toMatchObject({ type: 'KehoachUnknownTask', field: 'taskId' });

    // Checked on the client with the plan's schema before anything is sent.
    const malformed = await add({ ...task('x6'), kind: 'sometimes' });
    expect(malformed.field).toBe('task.kind');

    await expect(
      amendPlan(suite.env.client, id, {
        op: 'addTask',
        responsibilityId: 'summary',
        task: task('x7'),
        reason: 'Thử',
        actor: unitA,
      }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const status = await conferenceStatus(suite.env.client, id);
    expect(status.planVersion).toBe(1);
    expect(status.amendments).toEqual([]);
    expect(status.responsibilities.flatMap((r) => r.tasks).map((t) => t.id)).not.toContain('x2');
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });

  it('on the command line: plan add-task, plan change, plan show <conference>; a refusal prints the path, exit 1', async () => {
    const id = await start();
    const dir = mkdtempSync(join(tmpdir(), 'kehoach-amend-'));
    const env = { taskQueue: suite.env.taskQueue, dataDir: dir };
    const as = ['--as', 'org', '--by', 'Nguyễn Thị Lan'];
    writeFileSync(
      join(dir, 'task.yaml'),
      [
        'id: venue-check',
        'title: Kiểm tra hội trường',
        'kind: once',
        'clause: III.4',
        'assignees: [org]',
        'due: { type: absolute, at: "2023-03-22T17:00" }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'rule.yaml'), 'type: conference\nday: -1\ntime: "12:00"\n');
    const added = await runKehoach(
      [
        'plan',
        'add-task',
        id,
        '--responsibility',
        'ceremony',
        '--file',
        join(dir, 'task.yaml'),
        '--reason',
        'Bổ sung',
        ...as,
        '--lang',
        'en',
      ],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added task venue-check to ceremony');
    expect(added.stdout).toContain('Plan version 2');

    const changed = await runKehoach(
      [
        'plan',
        'change',
        id,
        'report-b',
        '--due-file',
        join(dir, 'rule.yaml'),
        '--reason',
        'Cần thêm thời gian',
        ...as,
        '--lang',
        'en',
      ],
      env,
    );
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('conference day -2 at 17:00 → conference day -1 at 12:00');

    writeFileSync(
      join(dir, 'bad.yaml'),
      'id: bad-task\ntitle: X\nkind: once\nclause: III.4\nassignees: [nobody]\ndue: { type: absolute, at: "2023-03-22T17:00" }\n',
    );
    const refused = await runKehoach(
      [
        'plan',
        'add-task',
        id,
        '--responsibility',
        'ceremony',
        '--file',
        join(dir, 'bad.yaml'),
        '--reason',
        'Thử',
        ...as,
        '--lang',
        'en',
      ],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^responsibilities\[2\]\.tasks\[3\]\.assignees\[0\]: .*nobody/);

    const shown = await runKehoach(['plan', 'show', id, '--lang', 'en'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('version 3');
    expect(shown.stdout).toContain('Nguyễn Thị Lan (org): added task venue-check to ceremony');
    expect(shown.stdout).toContain('Reason: Cần thêm thời gian');
    // The plan in force, with the task added while it runs, in its responsibility's block.
    expect(shown.stdout).toMatch(/venue-check.*Kiểm tra hội trường/);

    // A deadline extended by the organizer is a change of the plan too: --diff lists both kinds, in order.
    await actOnTask(suite.env.client, id, 'reports', {
      action: 'extend',
      taskId: 'report-a',
      until: '2023-03-24T17:00',
      reason: 'Chờ số liệu của Phòng Tài chính',
      actor: org,
    });
    const diff = await runKehoach(['plan', 'show', id, '--diff'], env);
    expect(diff.code).toBe(0);
    const lines = diff.stdout.split('\n');
    expect(lines[0]).toContain('phiên bản 3; những thay đổi từ khi bắt đầu');
    const order = ['thêm công việc venue-check vào ceremony', 'sửa công việc report-b', 'report-a — gia hạn'].map(
      (what) => lines.findIndex((l) => l.includes(what)),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(diff.stdout).toContain('Lý do: Chờ số liệu của Phòng Tài chính');
    expect(diff.stdout).toContain('Nguyễn Thị Lan (org)');
    const json = JSON.parse((await runKehoach(['plan', 'show', id, '--json'], env)).stdout) as {
      planVersion: number;
      plan: { responsibilities: { id: string; tasks: { id: string }[] }[] };
    };
    expect(json.planVersion).toBe(3);
    expect(json.plan.responsibilities.find((r) => r.id === 'ceremony')?.tasks.map((t) => t.id)).toContain(
      'venue-check',
    );
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });
});
