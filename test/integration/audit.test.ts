/**
 * The audit trail on a real server: a rehearsed seed conference driven through the client, then
 * its audit read from history must list, row for row, the actions the test issued (repeats once,
 * validator refusals not at all, a refused signal as refused), with on-time and late marked and
 * the escalations the clock caused. The same audit built offline from histories exported with the
 * official `temporal workflow show --output json` must be identical.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildAudit, childWorkflowIds, fetchConferenceHistories, readHistoryFiles, type AuditRow } from '../../audit';
import {
  actOnTask,
  cancelConference,
  conferenceHandle,
  setConferenceDate,
  signalTaskAction,
  startConference,
} from '../../client/conference';
import { refusalDetails } from '../../domain/errors';
import { conferenceWorkflowId } from '../../domain/ids';
import { loadPlanFile, SEED_PLAN_PATH } from '../../domain/plan/load';
import type { Plan } from '../../domain/plan/schema';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';

const run = promisify(execFile);

let env: TestEnv;
let plan: Plan;

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  const loaded = await loadPlanFile(SEED_PLAN_PATH);
  if (!loaded.ok) throw new Error('seed plan invalid');
  plan = loaded.plan;
});

afterAll(async () => {
  await env?.close();
});

const noiVu = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };
const tcKh = { unitId: 'tc-kh', person: 'Vàng A Dính' };
const muongCha = { unitId: 'muong-cha', person: 'Lò Văn Hùng' };
const muongNhe = { unitId: 'muong-nhe', person: 'Giàng A Páo' };
const congAn = { unitId: 'cong-an', person: 'Thào A Lử' };

type Expected = Pick<AuditRow, 'kind' | 'action' | 'unit' | 'taskId' | 'requestId' | 'timing' | 'source'>;

it('reproduces a rehearsed seed run row for row, online and offline', async () => {
  const id = env.conferenceId('audit');
  // 19/3/2023 19:00 in Vietnam, five plan hours before the districts' deadline (20/3 00:00);
  // one plan hour every two real seconds.
  await startConference(env.client, {
    conferenceId: id,
    plan,
    clock: { mode: 'rehearsal', planStart: '2023-03-19T12:00:00.000Z', msPerPlanDay: 48_000 },
    startedBy: noiVu,
    taskQueue: env.taskQueue,
  });
  const expected: Expected[] = [
    { kind: 'start', action: 'start', unit: 'noi-vu', taskId: null, requestId: null, timing: null, source: 'history' },
  ];
  const r = (n: number): string => `${id}-req-${n}`;
  const act = async (
    responsibility: string,
    a: Parameters<typeof actOnTask>[3] & { requestId: string },
    timing: 'onTime' | 'late' = 'onTime',
  ): Promise<void> => {
    await actOnTask(env.client, id, responsibility, a);
    expected.push({
      kind: 'action',
      action: a.action,
      unit: a.actor.unitId,
      taskId: a.taskId,
      requestId: a.requestId,
      timing,
      source: 'update',
    });
  };

  await setConferenceDate(env.client, id, {
    date: '2023-03-31',
    reason: 'Giấy mời số 12/GM-UBND',
    actor: noiVu,
    requestId: r(1),
  });
  expected.push({
    kind: 'dateSet',
    action: 'setDate',
    unit: 'noi-vu',
    taskId: null,
    requestId: r(1),
    timing: null,
    source: 'update',
  });
  await setConferenceDate(env.client, id, {
    date: '2023-03-30',
    reason: 'Đổi lịch của tỉnh',
    actor: noiVu,
    requestId: r(2),
  });
  expected.push({
    kind: 'dateMoved',
    action: 'setDate',
    unit: 'noi-vu',
    taskId: null,
    requestId: r(2),
    timing: null,
    source: 'update',
  });

  const report = {
    taskId: 'districts.muong-cha.report',
    action: 'submit' as const,
    actor: muongCha,
    requestId: r(3),
    fields: { reportUrl: 'https://muongcha.example/bc-2022.pdf', videoUrl: 'https://muongcha.example/video.mp4' },
    note: 'Báo cáo và video 5 phút',
  };
  await act('districts', report);
  await actOnTask(env.client, id, 'districts', report); // the same request again: one effect, one row
  await act('program', { taskId: 'program.agenda', action: 'complete', actor: noiVu, requestId: r(4) });
  const estimate = { estimateUrl: 'https://noivu.example/du-toan.xlsx', amountVnd: '45000000' };
  await act('budget', { taskId: 'budget.estimate', action: 'submit', actor: noiVu, requestId: r(5), fields: estimate });
  await act('budget', {
    taskId: 'budget.estimate',
    action: 'sendBack',
    actor: tcKh,
    requestId: r(6),
    reason: 'Thiếu chi phí hội trường',
  });
  await act('budget', { taskId: 'budget.estimate', action: 'submit', actor: noiVu, requestId: r(7), fields: estimate });
  await act('budget', { taskId: 'budget.estimate', action: 'approve', actor: tcKh, requestId: r(8) });

  // An Update refused by its validator leaves no history, hence no row (the CLI logs those).
  const refused = await actOnTask(env.client, id, 'program', {
    taskId: 'program.visits',
    action: 'complete',
    actor: congAn,
    requestId: r(9),
  }).catch((err: unknown) => refusalDetails(err));
  expect(refused).toMatchObject({ field: 'actor.unitId' });

  // Signals: one accepted, one refused by the workflow (wrong unit).
  await signalTaskAction(env.client, id, 'security', {
    taskId: 'security.order',
    action: 'confirmPhase',
    phase: 'before',
    actor: congAn,
    requestId: r(10),
  });
  expected.push({
    kind: 'action',
    action: 'confirmPhase',
    unit: 'cong-an',
    taskId: 'security.order',
    requestId: r(10),
    timing: 'onTime',
    source: 'signal',
  });
  await signalTaskAction(env.client, id, 'program', {
    taskId: 'program.visits',
    action: 'complete',
    actor: muongNhe,
    requestId: r(11),
  });
  expected.push({
    kind: 'refused',
    action: 'complete',
    unit: 'muong-nhe',
    taskId: 'program.visits',
    requestId: r(11),
    timing: null,
    source: 'signal',
  });

  // After the districts' deadline: Mường Nhé's report is late.
  const overdue = await eventually(
    async () => {
      const rows = buildAudit(await fetchConferenceHistories(env.client, id));
      return rows.find((row) => row.kind === 'overdue' && row.taskId === 'districts.muong-nhe.report');
    },
    'the escalation of the districts reports',
    60_000,
  );
  expect(overdue.unit?.split(' ')).toEqual(expect.arrayContaining(['muong-nhe', 'noi-vu']));
  await act(
    'districts',
    {
      taskId: 'districts.muong-nhe.report',
      action: 'submit',
      actor: muongNhe,
      requestId: r(12),
      fields: { reportUrl: 'https://muongnhe.example/bc.pdf', videoUrl: 'https://muongnhe.example/v.mp4' },
    },
    'late',
  );

  await cancelConference(env.client, id, { reason: 'Hoãn theo chỉ đạo của tỉnh', actor: noiVu, requestId: r(13) });
  expected.push({
    kind: 'cancelled',
    action: 'cancel',
    unit: 'noi-vu',
    taskId: null,
    requestId: r(13),
    timing: null,
    source: 'update',
  });
  await conferenceHandle(env.client, id).result();

  const histories = await fetchConferenceHistories(env.client, id);
  expect(histories).toHaveLength(plan.responsibilities.length + 1);
  const online = buildAudit(histories);
  const people = online.filter((row) => row.kind !== 'reminder' && row.kind !== 'overdue');
  expect(people.map((row) => pick(row))).toEqual(expected);

  // Details a reader needs: clause, person, plan time, the event it comes from.
  const first = people.find((row) => row.requestId === r(3));
  expect(first).toMatchObject({ clause: 'III.2', person: 'Lò Văn Hùng', workflowId: `conference:${id}:districts` });
  expect(first?.planAt && first.planAt < '2023-03-19T17:00:00.000Z').toBe(true);
  expect(first?.local).toMatch(/\+07:00$/);
  expect(people.find((row) => row.requestId === r(11))?.detail).toMatch(/may not do this/);
  // The escalations the clock caused: every district but Mường Chà missed the deadline.
  const escalated = online
    .filter((row) => row.kind === 'overdue' && row.taskId?.endsWith('.report'))
    .map((row) => row.taskId);
  expect(escalated).toEqual(expect.arrayContaining(['districts.nam-po.report', 'districts.dien-bien-dong.report']));
  expect(escalated).not.toContain('districts.muong-cha.report');

  // In Vietnamese: the same rows, with the words a Vietnamese reader is shown.
  const vi = buildAudit(histories, [], 'vi');
  expect(vi.map((row) => [row.kind, row.requestId, row.eventId])).toEqual(
    online.map((row) => [row.kind, row.requestId, row.eventId]),
  );
  expect(vi.find((row) => row.requestId === r(11))?.detail).toMatch(/bị từ chối: .*không được giao/);
  expect(vi.find((row) => row.kind === 'overdue')?.detail).toMatch(/^Quá hạn: ".+" chưa hoàn thành/);
  expect(vi.find((row) => row.kind === 'start')?.detail).toMatch(
    /^Hội nghị tổ chức ngày \d+ tháng \d+ năm \d{4}$|^Chưa ấn định ngày hội nghị$/,
  );

  // Offline: the official CLI exports every workflow; the same builder gives the same rows.
  const temporal = (await run('bash', ['scripts/provision-temporal.sh'])).stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'kehoach-export-'));
  const parent = histories[0]?.history;
  const ids = [conferenceWorkflowId(id), ...(parent ? childWorkflowIds(parent) : [])];
  for (const [i, workflowId] of ids.entries()) {
    const { stdout } = await run(
      temporal,
      ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('temporalAddress')],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    writeFileSync(join(dir, `${String(i).padStart(2, '0')}.json`), stdout);
  }
  const offline = buildAudit(await readHistoryFiles([dir]));
  expect(offline).toEqual(online);
});

function pick(row: AuditRow): Expected {
  return {
    kind: row.kind,
    action: row.action,
    unit: row.unit,
    taskId: row.taskId,
    requestId: row.requestId,
    timing: row.timing,
    source: row.source,
  };
}
