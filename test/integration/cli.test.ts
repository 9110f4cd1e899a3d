/**
 * The `kehoach` CLI as users run it: `node bin/kehoach.mjs …` against the real dev server, with a
 * worker of this test's own task queue. Every refusal must be one clear `<field>: <reason>` line,
 * a non-zero exit and no change; the CLI's refusal log must hold what history cannot.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditRow } from '../../audit';
import { cancelConference, conferenceHandle, conferenceStatus, startConference } from '../../client/conference';
import { readRefusals } from '../../client/refusal-log';
import { refusalLogWorkflowId } from '../../domain/ids';
import type { ConferenceStatus, TaskView } from '../../domain/views';
import { miniPlan, rehearsal, REHEARSAL_START } from '../helpers/mini-plan';
import { runKehoach, type Run } from '../helpers/cli';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook';

const run = promisify(execFile);

let env: TestEnv;
let hooks: WebhookReceiver;
let dataDir: string;
let planFile: string;

beforeAll(async () => {
  env = await createTestEnv();
  hooks = await startWebhookReceiver();
  await env.startWorker();
  dataDir = mkdtempSync(join(tmpdir(), 'kehoach-cli-'));
  planFile = join(dataDir, 'mini-plan.yaml');
  writeFileSync(planFile, JSON.stringify(miniPlan(hooks.url), null, 2)); // JSON is YAML
});

afterAll(async () => {
  await env?.close();
  await hooks?.close();
});

/** Runs the CLI with this suite's task queue and data folder. */
function kehoach(...args: string[]): Promise<Run> {
  return runKehoach(args, { taskQueue: env.taskQueue, dataDir });
}

/** A refusal: non-zero, one line on stderr starting with the field, nothing on stdout, no stack. */
function expectRefusal(r: Run, field: string, code = 1): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]?.startsWith(`${field}: `), r.stderr).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

const as = (unit: string, person: string): string[] => ['--as', unit, '--by', person];
const org = as('org', 'Nguyễn Thị Lan');

async function task(id: string, taskId: string): Promise<TaskView | undefined> {
  const s = await conferenceStatus(env.client, id);
  return s.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === taskId);
}

describe('organizer', () => {
  it('starts, refuses a used id and bad arguments, schedules, lists, shows the board, cancels', async () => {
    const id = env.conferenceId('cli-org');
    const rehearsalArgs = ['--rehearsal', '3600000', '--rehearsal-start', REHEARSAL_START];
    const started = await kehoach('start', planFile, '--id', id, ...rehearsalArgs, ...org);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout.trim()).toBe(id);

    const [again, badDate, badPlan, badId] = await Promise.all([
      kehoach('start', planFile, '--id', id, '--lang', 'en'),
      kehoach('start', planFile, '--id', `${id}-x`, '--date', '2023-02-30'),
      kehoach('start', 'test/fixtures/plans/unknown-unit.yaml', '--id', `${id}-y`),
      kehoach('start', planFile, '--id', 'Not A Slug'),
    ]);
    expectRefusal(again, 'id');
    expect(again.stderr).toMatch(/already in use/);
    expectRefusal(badDate, 'date', 2);
    expect(badPlan.code).toBe(1);
    expect(badPlan.stderr).toMatch(/unit/i);
    expectRefusal(badId, 'id', 2);

    const scheduled = await kehoach(
      'schedule',
      id,
      '--date',
      '2023-03-25',
      '--reason',
      'Giấy mời số 12',
      ...org,
      '--lang',
      'en',
    );
    expect(scheduled.code, scheduled.stderr).toBe(0);
    expect(scheduled.stdout).toMatch(/25 March 2023/);

    const [notADate, past, notOrganizer, unknown] = await Promise.all([
      kehoach('schedule', id, '--date', '2023-13-01', '--reason', 'x', ...org),
      kehoach('schedule', id, '--date', '2023-03-01', '--reason', 'x', ...org, '--lang', 'en'),
      kehoach('schedule', id, '--date', '2023-03-27', '--reason', 'x', ...as('a', 'Giàng A Páo')),
      kehoach('status', 'no-such-conference', '--lang', 'en'),
    ]);
    expectRefusal(notADate, 'date', 2);
    expectRefusal(past, 'date');
    expect(past.stderr).toMatch(/in the past/);
    expectRefusal(notOrganizer, 'actor.unitId');
    expectRefusal(unknown, 'conference');
    expect(unknown.stderr).toMatch(/no conference "no-such-conference"/);
    expect((await conferenceStatus(env.client, id)).date).toBe('2023-03-25'); // no change

    await eventually(async () => {
      for await (const w of env.client.workflow.list({
        query: `KehoachConference = "${id}" AND WorkflowType = "conferenceWorkflow"`,
      }))
        return w;
      return undefined;
    }, 'the conference in visibility');
    const [list, board, boardJson] = await Promise.all([
      kehoach('list', '--json'),
      kehoach('status', id, '--lang', 'en'),
      kehoach('status', id, '--json'),
    ]);
    expect(list.code, list.stderr).toBe(0);
    const listed = (JSON.parse(list.stdout) as { conferenceId: string; status: string }[]).find(
      (c) => c.conferenceId === id,
    );
    expect(listed?.status).toBe('running');
    expect(board.code, board.stderr).toBe(0);
    expect(board.stdout).toMatch(/Date: 25 March 2023/);
    for (const t of ['report-a', 'report-b', 'summary-report', 'estimate', 'pledge', 'security'])
      expect(board.stdout).toContain(t);
    expect(board.stdout).toMatch(/report-a .* 16\/03\/2023 00:00 +open/);
    expect((JSON.parse(boardJson.stdout) as ConferenceStatus).conferenceId).toBe(id);

    const cancelled = await kehoach('cancel', id, '--reason', 'Hoãn theo chỉ đạo', ...org, '--json');
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ cancelled: true });
    const afterCancel = await kehoach('schedule', id, '--date', '2023-03-28', '--reason', 'x', ...org);
    expectRefusal(afterCancel, 'conference');
    expect(afterCancel.stderr).toMatch(/đã kết thúc/);
    expect((await conferenceStatus(env.client, id)).status).toBe('cancelled');

    // What history cannot hold, the refusal log does; the audit merges it.
    const audit = await kehoach('audit', id, '--format', 'json');
    expect(audit.code, audit.stderr).toBe(0);
    const rows = JSON.parse(audit.stdout) as AuditRow[];
    expect(rows.filter((r) => r.source !== 'cli-log').map((r) => r.kind)).toEqual(['start', 'dateSet', 'cancelled']);
    const logged = rows.filter((r) => r.source === 'cli-log').map((r) => r.detail.split(':')[0]);
    expect(logged.sort()).toEqual(['actor.unitId', 'conference', 'date', 'date']);
    // The audit speaks the reader's language: Vietnamese by default, English on request.
    const wrongUnitRow = (rs: AuditRow[]): string | undefined =>
      rs.find((r) => r.source === 'cli-log' && r.detail.startsWith('actor.unitId'))?.detail;
    expect(wrongUnitRow(rows)).toMatch(/^actor\.unitId: Chỉ đơn vị tổ chức "org"/);
    const auditEn = await kehoach('audit', id, '--format', 'json', '--lang', 'en');
    expect(wrongUnitRow(JSON.parse(auditEn.stdout) as AuditRow[])).toMatch(/^actor\.unitId: Only the organizer/);
    expect(rows.find((r) => r.kind === 'start')?.detail).toBe('Chưa ấn định ngày hội nghị');
  });
});

describe('start --date', () => {
  it('refuses a past date in real time and warns, exit 0, about a date outside the window', async () => {
    const id = env.conferenceId('cli-start-date');
    const [past, pastEn] = await Promise.all([
      kehoach('start', planFile, '--id', `${id}-past`, '--date', '2023-03-25', ...org),
      kehoach('start', planFile, '--id', `${id}-past`, '--date', '2023-03-25', ...org, '--lang', 'en'),
    ]);
    expectRefusal(past, 'date');
    expect(past.stderr).toMatch(/^date: Ngày 2023-03-25 đã qua; chọn một ngày từ \d{4}-\d{2}-\d{2} trở đi\.\n$/);
    expect(pastEn.stderr).toMatch(/in the past/);

    // A rehearsal runs on plan time, so its date may be "past"; 5/4 is outside the window 20–31/3.
    const rehearsalArgs = ['--rehearsal', '3600000', '--rehearsal-start', REHEARSAL_START];
    const outside = await kehoach('start', planFile, '--id', id, '--date', '2023-04-05', ...rehearsalArgs, ...org);
    expect(outside.code, outside.stderr).toBe(0);
    expect(outside.stdout.trim()).toBe(id);
    expect(outside.stderr).toMatch(/^Cảnh báo: ngày 2023-04-05 nằm ngoài khoảng thời gian dự kiến của kế hoạch/);
    expect((await conferenceStatus(env.client, id)).date).toBe('2023-04-05');
    await cancelConference(env.client, id, {
      reason: 'Kết thúc kiểm thử',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
    });
  });
});

describe('units and auditors', () => {
  it('lists an inbox, acts, refuses clearly without changing anything, and audits online and offline', async () => {
    const id = env.conferenceId('cli-unit');
    await startConference(env.client, {
      conferenceId: id,
      plan: miniPlan(hooks.url),
      clock: rehearsal(3_600_000),
      date: '2023-03-25',
      taskQueue: env.taskQueue,
    });
    const unitA = as('a', 'Giàng A Páo');
    const unitB = as('b', 'Lò Văn Minh');
    const boss = as('boss', 'Lường Tuấn Anh');

    const [inbox, inboxText] = await Promise.all([
      kehoach('tasks', id, '--unit', 'a', '--json'),
      kehoach('tasks', id, '--unit', 'b', '--lang', 'en'),
    ]);
    expect(inbox.code, inbox.stderr).toBe(0);
    expect((JSON.parse(inbox.stdout) as TaskView[]).map((t) => t.id)).toEqual(['report-a', 'pledge']); // soonest due first
    expect(inboxText.stdout).toMatch(/report-b[\s\S]*security/);
    expect(inboxText.stdout).toMatch(/^Waiting on B — /);

    // Refusals: missing field, wrong unit, unknown task, oversized note, bad phase, unknown conference.
    const [missing, wrongUnit, unknownTask, oversized, unknownConference, noReason] = await Promise.all([
      kehoach('submit', id, 'report-a', ...unitA, '--lang', 'en'),
      kehoach('complete', id, 'report-b', ...unitA, '--lang', 'en'),
      kehoach('complete', id, 'no-such-task', ...unitA, '--lang', 'en'),
      kehoach('complete', id, 'report-b', ...unitB, '--note', 'x'.repeat(2001)),
      kehoach('complete', 'no-such-conference', 'report-b', ...unitB),
      kehoach('confirm', id, 'security', ...unitB),
    ]);
    expectRefusal(missing, 'fields.reportUrl');
    expectRefusal(wrongUnit, 'actor.unitId');
    expect(wrongUnit.stderr).toMatch(/may not do this/);
    expectRefusal(unknownTask, 'taskId');
    expectRefusal(oversized, 'note');
    expectRefusal(unknownConference, 'conference');
    expectRefusal(noReason, 'phase', 2);
    expect((await task(id, 'report-a'))?.history).toEqual([]);
    expect((await task(id, 'report-b'))?.history).toEqual([]);

    // A submission with evidence; the same request id again gives the same answer, once.
    const submit = [
      'submit',
      id,
      'report-a',
      ...unitA,
      '--field',
      'reportUrl=https://a.example/bao-cao.pdf',
      '--evidence',
      'https://a.example/video.mp4',
      '--note',
      'Báo cáo năm 2022',
      '--request-id',
      `${id}-submit-a`,
      '--json',
    ];
    const first = await kehoach(...submit);
    expect(first.code, first.stderr).toBe(0);
    const second = await kehoach(...submit);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    expect((JSON.parse(first.stdout) as { task: TaskView }).task.state).toBe('done');
    const [reused, closed] = await Promise.all([
      kehoach(...submit.slice(0, -1).map((a) => (a === 'Báo cáo năm 2022' ? 'Khác' : a)), '--lang', 'en'),
      kehoach('submit', id, 'report-a', ...unitA, '--field', 'reportUrl=https://a.example/2.pdf', '--lang', 'en'),
    ]);
    expectRefusal(reused, 'requestId');
    expectRefusal(closed, 'taskId');
    expect(closed.stderr).toMatch(/already done/);
    expect((await task(id, 'report-a'))?.history).toHaveLength(1);

    // The approval loop, a sign-off, a phased duty with an incident, and a Signal.
    const steps: string[][] = [
      ['submit', id, 'estimate', ...org, '--request-id', `${id}-est-1`],
      ['reject', id, 'estimate', ...boss, '--reason', 'Thiếu chi phí hội trường', '--request-id', `${id}-est-2`],
      ['submit', id, 'estimate', ...org, '--request-id', `${id}-est-3`],
      ['approve', id, 'estimate', ...boss, '--request-id', `${id}-est-4`],
      ['sign', id, 'pledge', ...unitA, '--request-id', `${id}-sign-a`],
      ['confirm', id, 'security', ...unitB, '--phase', 'before', '--request-id', `${id}-sec-1`],
      [
        'incident',
        id,
        'security',
        ...unitB,
        '--phase',
        'during',
        '--note',
        'Mất điện 5 phút',
        '--request-id',
        `${id}-sec-2`,
      ],
      ['complete', id, 'report-b', ...unitB, '--signal', '--request-id', `${id}-report-b`],
    ];
    const printed: string[] = [];
    for (const step of steps) {
      const r = await kehoach(...step);
      expect(r.code, `${step.join(' ')}\n${r.stderr}`).toBe(0);
      printed.push(r.stdout);
    }
    // Each answer says what was recorded in the office's words, and the task's new state.
    expect(printed[1]).toMatch(/^Đã ghi nhận "trả lại" cho công việc estimate .*: bị trả lại — đúng hạn\./);
    expect(printed[3]).toMatch(/^Đã ghi nhận "phê duyệt" cho công việc estimate .*: hoàn thành — đúng hạn\./);
    const rejectNoReason = await kehoach('reject', id, 'estimate', ...boss, '--lang', 'en');
    expectRefusal(rejectNoReason, 'reason');
    await eventually(
      async () => ((await task(id, 'report-b'))?.state === 'done' ? true : undefined),
      'the signalled action',
    );
    expect((await task(id, 'estimate'))?.state).toBe('done');

    // The audit: history rows for every accepted action, the CLI log for the refusals.
    const [json, csv, md, table] = await Promise.all([
      kehoach('audit', id, '--format', 'json'),
      kehoach('audit', id, '--format', 'csv'),
      kehoach('audit', id, '--format', 'md', '--lang', 'en'),
      kehoach('audit', id),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as AuditRow[];
    const actions = rows.filter((r) => r.kind === 'action');
    expect(actions.map((r) => r.requestId)).toEqual([
      `${id}-submit-a`,
      ...steps.map((s) => s[s.indexOf('--request-id') + 1]),
    ]);
    expect(actions[0]).toMatchObject({
      unit: 'a',
      person: 'Giàng A Páo',
      action: 'submit',
      taskId: 'report-a',
      clause: 'III.2',
      timing: 'onTime',
    });
    expect(actions.at(-1)).toMatchObject({ source: 'signal', action: 'complete', unit: 'b' });
    const logged = rows.filter((r) => r.source === 'cli-log');
    expect(logged.map((r) => r.detail.split(':')[0]).sort()).toEqual(
      ['fields.reportUrl', 'actor.unitId', 'taskId', 'note', 'phase', 'requestId', 'taskId', 'reason'].sort(),
    );
    // In the conference's refusal log, not this machine's file.
    const log = await readRefusals(env.client, id, join(dataDir, 'refusals.jsonl'));
    expect(log.find((e) => e.conferenceId === id && e.field === 'actor.unitId')).toMatchObject({
      taskId: 'report-b',
      unit: 'a',
      person: 'Giàng A Páo',
      type: 'KehoachWrongUnit',
    });
    expect(csv.stdout.split('\n')[0]).toBe(
      'local,planAt,kind,action,unit,person,taskId,clause,timing,requestId,detail,workflowId,eventId,source,proof,client',
    );
    expect(csv.stdout.trim().split('\n')).toHaveLength(rows.length + 1);
    expect(md.stdout).toMatch(/^\| When \| Plan time \| Unit/);
    expect(table.stdout).toContain(`${id}-sign-a`);

    // Offline, from the official CLI's exports: the same rows.
    const temporal = (await run('bash', ['scripts/provision-temporal.sh'])).stdout.trim();
    const dir = mkdtempSync(join(tmpdir(), 'kehoach-cli-export-'));
    await cancelConference(env.client, id, {
      reason: 'Kết thúc kiểm thử',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
    });
    await conferenceHandle(env.client, id).result(); // closed: the histories no longer grow
    const onlineAfter = await kehoach('audit', id, '--format', 'json');
    // The refusal log's history too: the refused attempts are there.
    const workflowIds = [
      `conference:${id}`,
      ...['reports', 'summary', 'ceremony'].map((r) => `conference:${id}:${r}`),
      refusalLogWorkflowId(id),
    ];
    for (const [i, w] of workflowIds.entries()) {
      const { stdout } = await run(
        temporal,
        ['workflow', 'show', '--workflow-id', w, '--output', 'json', '--address', inject('temporalAddress')],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      writeFileSync(join(dir, `${i}.json`), stdout);
    }
    const offline = await kehoach('audit', '--from-files', dir, '--format', 'json');
    expect(offline.code, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toEqual(JSON.parse(onlineAfter.stdout));
    expect((JSON.parse(offline.stdout) as AuditRow[]).at(-1)?.kind).toBe('cancelled');
  });
});

describe('the living plan', () => {
  it('asks for more time and grants it, refuses a second request, returns work, reassigns, withdraws, notes progress; the audit shows every deadline', async () => {
    const id = env.conferenceId('cli-living');
    await startConference(env.client, {
      conferenceId: id,
      plan: miniPlan(hooks.url),
      clock: rehearsal(3_600_000), // plan time barely moves: 14/3/2023 08:00
      date: '2023-03-25',
      taskQueue: env.taskQueue,
    });
    const unitA = as('a', 'Giàng A Páo');
    const unitB = as('b', 'Lò Văn Minh');
    const ok = async (...args: string[]): Promise<Run> => {
      const r = await kehoach(...args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    };

    // Bad arguments: a usage error (exit 2) naming the option, nothing sent.
    const [noUntil, badUntil, noUnits, badPercent] = await Promise.all([
      kehoach('ask-extension', id, 'report-a', ...unitA, '--reason', 'x'),
      kehoach('extend', id, 'report-a', ...org, '--until', '2023-02-30', '--reason', 'x'),
      kehoach('reassign', id, 'report-b', ...org, '--reason', 'x'),
      kehoach('progress', id, 'report-b', ...unitB, '--note', 'x', '--percent', 'sáu mươi'),
    ]);
    expectRefusal(noUntil, 'until', 2);
    expectRefusal(badUntil, 'until', 2);
    expectRefusal(noUnits, 'to', 2);
    expectRefusal(badPercent, 'percent', 2);

    // Progress, then a request for more time (a date alone is 17:00 that day).
    await ok('progress', id, 'report-b', ...unitB, '--note', 'Đã xong phần số liệu', '--percent', '60');
    const asked = await ok(
      'ask-extension',
      id,
      'report-a',
      ...unitA,
      '--until',
      '2023-03-18',
      '--reason',
      'Chờ số liệu của Phòng Tài chính',
    );
    expect(asked.stdout).toMatch(
      /^Đã ghi nhận "xin gia hạn" cho công việc report-a .*: xin gia hạn đến 18\/03\/2023 17:00 \(hạn đang có 16\/03\/2023 00:00\)\. Trạng thái: đang làm\./,
    );
    const [orgInbox, aInbox, board] = await Promise.all([
      ok('tasks', id, '--unit', 'org'),
      ok('tasks', id, '--unit', 'a', '--json'),
      ok('status', id, '--lang', 'en'),
    ]);
    expect(orgInbox.stdout).toMatch(
      /report-a .*grant-extension \| refuse-extension .*A xin gia hạn đến 18\/03\/2023 17:00/,
    );
    const aTasks = JSON.parse(aInbox.stdout) as (TaskView & { extensionRequest?: { untilLocal: string } })[];
    expect(aTasks.find((t) => t.id === 'report-a')?.extensionRequest).toMatchObject({
      until: '2023-03-18T10:00:00.000Z',
      untilLocal: '2023-03-18T17:00:00+07:00',
      reason: 'Chờ số liệu của Phòng Tài chính',
    });
    expect(board.stdout).toMatch(/report-a .*A asks for more time until 18\/03\/2023 17:00/);
    // Units by the plan's names, not their ids (the ids stay in --json).
    expect(board.stdout).toMatch(/lead: Nội vụ \(/);
    expect(orgInbox.stdout).toMatch(/^Việc đang chờ Nội vụ — /);
    expect(board.stdout).toMatch(/report-b .*progress 60% — Đã xong phần số liệu/);

    // Only the organizer answers; the grant moves the deadline to the date asked.
    expectRefusal(await kehoach('grant-extension', id, 'report-a', ...unitA), 'actor.unitId');
    const granted = await ok('grant-extension', id, 'report-a', ...org, '--json');
    const grant = JSON.parse(granted.stdout) as { change: Record<string, unknown>; task: TaskView };
    expect(grant.change).toMatchObject({
      decision: 'grant',
      previousDue: '2023-03-15T17:00:00.000Z',
      until: '2023-03-18T10:00:00.000Z',
      untilLocal: '2023-03-18T17:00:00+07:00',
    });
    expect(grant.task.due).toBe('2023-03-18T10:00:00.000Z');
    // The board and the inbox show the deadline in force: the one granted.
    const [boardAfter, inboxAfter] = await Promise.all([ok('status', id), ok('tasks', id, '--unit', 'a', '--json')]);
    expect(boardAfter.stdout).toMatch(/report-a .* 18\/03\/2023 17:00 +đang làm/);
    expect(
      (JSON.parse(inboxAfter.stdout) as { id: string; dueLocal: string }[]).find((t) => t.id === 'report-a')?.dueLocal,
    ).toBe('2023-03-18T17:00:00+07:00');
    // A second request, refused with a reason: the deadline stays.
    await ok('ask-extension', id, 'report-a', ...unitA, '--until', '2023-03-20T12:00', '--reason', 'Thêm thời gian');
    expectRefusal(await kehoach('refuse-extension', id, 'report-a', ...org, '--lang', 'en'), 'reason');
    const refused = await ok(
      'refuse-extension',
      id,
      'report-a',
      ...org,
      '--reason',
      'Cần báo cáo trước hội nghị',
      '--lang',
      'en',
    );
    expect(refused.stdout).toMatch(
      /extension refused \(asked until 20\/03\/2023 12:00\); deadline stays 18\/03\/2023 17:00/,
    );

    // Completed work returned: open again with a new deadline, then done again.
    await ok('complete', id, 'report-b', ...unitB);
    expectRefusal(await kehoach('return', id, 'report-b', ...org, '--reason', 'x'), 'until', 2);
    const returned = await ok(
      'return',
      id,
      'report-b',
      ...org,
      '--until',
      '2023-03-22T12:00',
      '--reason',
      'Thiếu số liệu đại biểu',
    );
    expect(returned.stdout).toMatch(/hạn 23\/03\/2023 17:00 → 22\/03\/2023 12:00\. Trạng thái: đang làm\./);

    // Moved to unit A: B may no longer act, A may.
    await ok('reassign', id, 'report-b', ...org, '--to', 'a', '--reason', 'Huyện B đề nghị huyện A thực hiện');
    expectRefusal(await kehoach('complete', id, 'report-b', ...unitB, '--lang', 'en'), 'actor.unitId');
    await ok('complete', id, 'report-b', ...unitA);
    expect((await task(id, 'report-b'))?.state).toBe('done');

    await ok('comment', id, 'report-a', ...org, '--note', 'Đề nghị gửi trước thứ Sáu');
    const withdrawn = await ok('withdraw', id, 'pledge', ...org, '--reason', 'Ký giao ước tại hội nghị sau', '--json');
    expect((JSON.parse(withdrawn.stdout) as { task: TaskView }).task.state).toBe('withdrawn');

    // The audit: who, when, why, and the old and the new value of each change.
    const [json, table] = await Promise.all([
      ok('audit', id, '--format', 'json'),
      ok('audit', id, '--format', 'md', '--lang', 'en'),
    ]);
    console.log(table.stdout);
    const rows = (JSON.parse(json.stdout) as AuditRow[]).filter((r) => r.kind === 'action');
    const detail = (action: string, taskId: string): string[] =>
      rows.filter((r) => r.action === action && r.taskId === taskId).map((r) => r.detail);
    const [grantRow, refusalRow] = detail('decideExtension', 'report-a');
    expect(grantRow).toMatch(/^đồng ý gia hạn: hạn 16\/03\/2023 00:00 → 18\/03\/2023 17:00/);
    expect(refusalRow).toMatch(
      /^không đồng ý gia hạn \(xin đến 20\/03\/2023 12:00\); hạn giữ nguyên 18\/03\/2023 17:00; lý do: Cần báo cáo trước hội nghị/,
    );
    expect(detail('returnWork', 'report-b')[0]).toMatch(
      /^trả lại kết quả, công việc mở lại; hạn 23\/03\/2023 17:00 → 22\/03\/2023 12:00; lý do: Thiếu số liệu đại biểu/,
    );
    expect(detail('reassign', 'report-b')[0]).toMatch(/^giao lại: b → a; lý do: Huyện B đề nghị huyện A thực hiện/);
    expect(detail('progressNote', 'report-b')).toEqual(['tiến độ 60 %; Đã xong phần số liệu']);
    expect(detail('withdraw', 'pledge')[0]).toMatch(/^rút khỏi kế hoạch \(hạn lúc rút: 25\/03\/2023 10:00\); lý do: /);
    expect(rows.find((r) => r.action === 'reassign')).toMatchObject({
      unit: 'org',
      person: 'Nguyễn Thị Lan',
      timing: null,
    });
    await cancelConference(env.client, id, {
      reason: 'Kết thúc kiểm thử',
      actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
    });
  });
});
