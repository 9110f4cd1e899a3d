/**
 * The emulation scorecard of two rehearsed conferences of one cluster on a real Temporal server:
 * in the first, district A hands its report in late, and B asks for more time and gets it; in the
 * second, B is late, and A's report is returned once. The scorecard (built by present/scorecard
 * and printed by `kehoach scorecard`) must say what the two conferences' audits say.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAudit, fetchConferenceHistories, type AuditRow } from '../../audit';
import { actOnTask, cancelConference, conferenceStatus, startConference } from '../../client/conference';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import { buildScorecard, conferenceScore, type ScoreRow } from '../../present/scorecard';
import { runKehoach } from '../helpers/cli';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { eventually } from '../helpers/temporal';
import { conferenceSuite } from '../helpers/suite';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };
const unitB = { unitId: 'b', person: 'Lò Văn Minh' };
const CLUSTER = 'Cụm thi đua thử nghiệm bảng điểm';

function clusterPlan(): Plan {
  const base = miniPlan(suite.hooks.url);
  return PlanSchema.parse({ ...base, meta: { ...base.meta, issuer: `${CLUSTER}; Trưởng Cụm: UBND huyện A` } });
}

async function start(): Promise<string> {
  const id = suite.env.conferenceId('score');
  // 1.5 s per plan day from 14/3/2023 08:00: report-a is due 16/3 00:00 (2.5 s), report-b 18/3 17:00 (6.6 s).
  await startConference(suite.env.client, {
    conferenceId: id,
    plan: clusterPlan(),
    clock: rehearsal(1500),
    date: '2023-03-20',
    taskQueue: suite.env.taskQueue,
  });
  return id;
}

const overdueOnBoard = (id: string, taskId: string) =>
  eventually(async () => {
    const s = await conferenceStatus(suite.env.client, id);
    return s.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId && t.overdue);
  }, `${taskId} overdue`);

const submitA = (id: string) =>
  actOnTask(suite.env.client, id, 'reports', {
    action: 'submit',
    taskId: 'report-a',
    actor: unitA,
    fields: { reportUrl: 'https://example.org/bao-cao-a.pdf' },
  });
const completeB = (id: string) =>
  actOnTask(suite.env.client, id, 'reports', { action: 'complete', taskId: 'report-b', actor: unitB });

/**
 * What an auditor counts from one conference's rows, per unit: a task it acted on is late when
 * one of its judged actions on it was late; an escalated task it holds and never acted on is overdue.
 */
function fromAudit(rows: AuditRow[], plan: Plan) {
  const assignees = new Map(plan.responsibilities.flatMap((r) => r.tasks).map((t) => [t.id, t.assignees]));
  const judged = (unit: string): Map<string, boolean> => {
    const tasks = new Map<string, boolean>();
    for (const r of rows)
      if (r.kind === 'action' && r.timing && r.taskId && r.unit === unit)
        tasks.set(r.taskId, (tasks.get(r.taskId) ?? false) || r.timing === 'late');
    return tasks;
  };
  const count = (unit: string) => {
    const tasks = judged(unit);
    const late = [...tasks.values()].filter(Boolean).length;
    return {
      late,
      onTime: tasks.size - late,
      overdue: new Set(
        rows
          .filter((r) => r.kind === 'overdue' && r.taskId && !tasks.has(r.taskId))
          .filter((r) => assignees.get(r.taskId ?? '')?.includes(unit))
          .map((r) => r.taskId),
      ).size,
      returned: rows.filter(
        (r) => r.kind === 'action' && r.action === 'returnWork' && assignees.get(r.taskId ?? '')?.includes(unit),
      ).length,
      extensionsAsked: rows.filter((r) => r.kind === 'action' && r.action === 'requestExtension' && r.unit === unit)
        .length,
    };
  };
  const units = [...new Set(rows.flatMap((r) => (r.kind === 'action' && r.unit ? [r.unit] : [])))];
  return { count, lateUnits: units.filter((u) => count(u).late > 0).sort() };
}

describe('emulation scorecard', () => {
  it('of two rehearsed conferences with different late units matches their audits, in the builder and the CLI', async () => {
    // First conference: B asks for more time and gets it, then B is on time; A is late.
    const first = await start();
    await actOnTask(suite.env.client, first, 'reports', {
      action: 'requestExtension',
      taskId: 'report-b',
      actor: unitB,
      until: '2023-03-19T12:00',
      reason: 'Chờ danh sách đại biểu',
    });
    await actOnTask(suite.env.client, first, 'reports', {
      action: 'decideExtension',
      taskId: 'report-b',
      actor: org,
      decision: 'grant',
    });
    expect(await completeB(first)).toMatchObject({ state: 'done', late: false });
    await overdueOnBoard(first, 'report-a');
    expect(await submitA(first)).toMatchObject({ state: 'done', late: true });

    // Second conference: A is on time, is returned once and is on time again; B is late.
    const second = await start();
    expect(await submitA(second)).toMatchObject({ state: 'done', late: false });
    await actOnTask(suite.env.client, second, 'reports', {
      action: 'returnWork',
      taskId: 'report-a',
      actor: org,
      until: '2023-03-17T00:00',
      reason: 'Thiếu số liệu',
    });
    expect(await submitA(second)).toMatchObject({ state: 'done', late: false });
    await overdueOnBoard(second, 'report-b');
    expect(await completeB(second)).toMatchObject({ state: 'done', late: true });

    for (const id of [first, second])
      await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });

    const plan = clusterPlan();
    const histories = await Promise.all([first, second].map((id) => fetchConferenceHistories(suite.env.client, id)));
    const audits = histories.map((h) => fromAudit(buildAudit(h), plan));
    // The two conferences have different late units.
    expect(audits.map((a) => a.lateUnits)).toEqual([['a'], ['b']]);

    const scores = histories.map(conferenceScore);
    expect(scores.map((s) => s.year)).toEqual([2023, 2023]);
    const card = buildScorecard(scores, { year: 2023, cluster: 'cum thi dua thu nghiem' });
    const row = (unit: string): ScoreRow | undefined => card.find((r) => r.unitId === unit);
    for (const unit of ['a', 'b', 'org']) {
      const fromRows = audits.map((a) => a.count(unit));
      const sum = (k: keyof ReturnType<(typeof audits)[number]['count']>) => fromRows.reduce((n, c) => n + c[k], 0);
      expect(row(unit), unit).toMatchObject({
        conferences: 2,
        late: sum('late'),
        onTime: sum('onTime'),
        overdue: sum('overdue'),
        returned: sum('returned'),
        extensionsAsked: sum('extensionsAsked'),
      });
    }
    // The story, as the Council reads it.
    expect(row('a')).toMatchObject({ unit: 'UBND huyện A', held: 4, late: 1, onTime: 1, returned: 1 });
    expect(row('b')).toMatchObject({
      unit: 'UBND huyện B',
      held: 6,
      late: 1,
      onTime: 1,
      extensionsAsked: 1,
      extensionsGranted: 1,
    });
    expect(buildScorecard(scores, { year: 2022 })).toEqual([]);
    expect(buildScorecard(scores, { cluster: 'cụm khác' })).toEqual([]);

    // The CLI prints the same rows, as CSV with the header in Vietnamese.
    const run = await runKehoach(['scorecard', '--year', '2023', '--cluster', 'Cụm thi đua thử nghiệm', '--csv'], {
      taskQueue: suite.env.taskQueue,
      dataDir: mkdtempSync(join(tmpdir(), 'kehoach-score-')),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, ...lines] = run.stdout.trim().split('\n');
    expect(header).toBe('Mã,Đơn vị,Hội nghị,Nhiệm vụ,Đúng hạn,Trễ hạn,Quá hạn,Bị trả lại,Xin gia hạn,Được gia hạn');
    expect(lines).toEqual(
      card.map((r) =>
        [
          r.unitId,
          r.unit,
          r.conferences,
          r.held,
          r.onTime,
          r.late,
          r.overdue,
          r.returned,
          r.extensionsAsked,
          r.extensionsGranted,
        ].join(','),
      ),
    );
    const bad = await runKehoach(['scorecard', '--year', 'năm ngoái'], {
      taskQueue: suite.env.taskQueue,
      dataDir: mkdtempSync(join(tmpdir(), 'kehoach-score-')),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('year: "năm ngoái" không phải một năm (vd. 2023)');
  });
});
