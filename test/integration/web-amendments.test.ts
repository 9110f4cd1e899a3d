/**
 * The organizer amends a running plan through the HTTP API (POST /amendments, GET /plan) against a
 * real Temporal dev server: the task added is in the plan in force and on the board, a unit's
 * link is refused, a task that breaks the plan's rules is refused naming the path, and nothing
 * changes; the OpenAPI document describes both routes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessLink } from '../../client/access-links';
import { cancelConference, conferenceStatus, startConference } from '../../client/conference';
import type { Actor } from '../../domain/actions';
import { startWebServer, type WebServer } from '../../web/server';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { createTestEnv, type TestEnv } from '../helpers/temporal';
import type { Bilingual } from '../../domain/bilingual';

const org: Actor = { unitId: 'org', person: 'Nguyễn Thị Lan' };
let env: TestEnv;
let web: WebServer;
let conferenceId: string;
const tokens = { organizer: '', a: '', auditor: '' };

beforeAll(async () => {
  env = await createTestEnv();
  await env.startWorker();
  conferenceId = env.conferenceId('web-amend');
  await startConference(env.client, {
    conferenceId,
    plan: miniPlan('http://127.0.0.1:9/unused'),
    clock: rehearsal(3_600_000),
    date: '2023-03-25',
    startedBy: org,
    taskQueue: env.taskQueue,
  });
  const issue = async (unitId: string, role: 'unit' | 'organizer') =>
    (await issueAccessLink(env.client, conferenceId, { unitId, role, validDays: 30, actor: org })).token;
  tokens.organizer = await issue('org', 'organizer');
  tokens.a = await issue('a', 'unit');
  tokens.auditor = (
    await issueAccessLink(env.client, conferenceId, { unitId: 'boss', role: 'auditor', validDays: 30, actor: org })
  ).token;
  const refusalLog = join(mkdtempSync(join(tmpdir(), 'kehoach-web-amend-')), 'refusals.jsonl');
  web = await startWebServer({ port: 0, hostname: '127.0.0.1', client: env.client, refusalLog, linkCacheMs: 1000 });
});

afterAll(async () => {
  await cancelConference(env.client, conferenceId, { reason: 'Kết thúc thử nghiệm', actor: org }).catch(() => {});
  await web?.close();
  await env?.close();
});

async function api(
  token: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${web.url}/api/conferences/${conferenceId}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Opens an access link as a browser would; the session cookie it sets. */
async function openLink(token: string): Promise<string> {
  const res = await fetch(`${web.url}/k/${conferenceId}/${token}`, { redirect: 'manual' });
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function get(path: string, cookie: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${web.url}/c/${conferenceId}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

async function post(
  path: string,
  cookie: string,
  body: URLSearchParams,
): Promise<{ status: number; text: string; location: string | null }> {
  const res = await fetch(`${web.url}/c/${conferenceId}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

const newTask = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: 'Chuẩn bị phông, khẩu hiệu hội trường',
  kind: 'once',
  clause: 'III.4',
  assignees: ['b'],
  due: { type: 'conference', day: -1, time: '17:00' },
  ...extra,
});

describe('amending a running plan through the API', () => {
  it('adds a task: the new plan version, the plan in force and the board show it', async () => {
    const added = await api(tokens.organizer, '/amendments', {
      op: 'addTask',
      responsibilityId: 'summary',
      task: newTask('banner'),
      reason: 'Bổ sung theo chỉ đạo của Thường trực',
      person: 'Nguyễn Thị Lan',
      requestId: 'web-amend-0001',
    });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({
      planVersion: 2,
      amendment: { op: 'addTask', taskId: 'banner', by: { unitId: 'org', person: 'Nguyễn Thị Lan' } },
    });
    const plan = await api(tokens.organizer, '/plan');
    expect(plan.status).toBe(200);
    expect(plan.json.planVersion).toBe(2);
    const inForce = plan.json.plan as { responsibilities: { id: string; tasks: { id: string }[] }[] };
    expect(inForce.responsibilities.find((r) => r.id === 'summary')?.tasks.map((t) => t.id)).toContain('banner');
    const status = await conferenceStatus(env.client, conferenceId);
    expect(status.amendments?.map((a) => a.taskId)).toEqual(['banner']);

    // The same request again: the same answer, no second amendment.
    const again = await api(tokens.organizer, '/amendments', {
      op: 'addTask',
      responsibilityId: 'summary',
      task: newTask('banner'),
      reason: 'Bổ sung theo chỉ đạo của Thường trực',
      person: 'Nguyễn Thị Lan',
      requestId: 'web-amend-0001',
    });
    expect(again.status).toBe(200);
    expect(again.json.planVersion).toBe(2);
  });

  it('changes a deadline rule; refuses a unit, a broken rule and a malformed task, naming the field; nothing changes', async () => {
    const changed = await api(tokens.organizer, '/amendments', {
      op: 'changeTask',
      taskId: 'report-b',
      due: { type: 'conference', day: -1, time: '12:00' },
      reason: 'Huyện B cần thêm thời gian',
      person: 'Nguyễn Thị Lan',
    });
    expect(changed.status).toBe(200);
    expect(changed.json.planVersion).toBe(3);

    const byUnit = await api(tokens.a, '/amendments', {
      op: 'addTask',
      responsibilityId: 'summary',
      task: newTask('by-unit'),
      reason: 'Thử',
      person: 'Lò Văn Minh',
    });
    expect(byUnit.status).toBe(403);
    const unknownUnit = await api(tokens.organizer, '/amendments', {
      op: 'addTask',
      responsibilityId: 'summary',
      task: newTask('orphan', { assignees: ['nobody'] }),
      reason: 'Thử',
      person: 'Nguyễn Thị Lan',
    });
    expect(unknownUnit.status).toBe(400);
    const error = unknownUnit.json.error as { field: string; message: Bilingual };
    expect(error.field).toMatch(/^responsibilities\[\d\]\.tasks\[\d\]\.assignees\[0\]$/);
    expect(error.message.vi).toContain('nobody');
    const malformed = await api(tokens.organizer, '/amendments', {
      op: 'addTask',
      responsibilityId: 'summary',
      task: { ...newTask('odd'), kind: 'sometimes' },
      reason: 'Thử',
      person: 'Nguyễn Thị Lan',
    });
    expect(malformed.status).toBe(400);
    expect((malformed.json.error as { field: string }).field).toBe('task.kind');
    const unitReadsPlan = await api(tokens.a, '/plan');
    expect(unitReadsPlan.status).toBe(403);

    const status = await conferenceStatus(env.client, conferenceId);
    expect(status.planVersion).toBe(3);
    expect(status.responsibilities.flatMap((r) => r.tasks).map((t) => t.id)).not.toContain('orphan');
  });

  it('on the plan page: the organizer adds a task with a form (a mistake comes back named), the auditor only reads', async () => {
    const cookie = await openLink(tokens.organizer);
    const page = await get('/plan', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kế hoạch đang áp dụng');
    expect(page.text).toMatch(/phiên bản 3/);
    expect(page.text).toContain('thêm công việc banner vào summary');
    const form = {
      op: 'addTask',
      responsibilityId: 'reports',
      id: 'report-c',
      title: 'Báo cáo bổ sung của huyện A và huyện B',
      kind: 'submission',
      clause: 'III.2',
      dueAt: '2023-03-23T17:00',
      reason: 'Thường trực đề nghị báo cáo chung',
      person: 'Nguyễn Thị Lan',
    };
    // No unit ticked: the page again, the field named, nothing added.
    const missing = await post('/amendments', cookie, new URLSearchParams(form));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('task.assignees');
    const body = new URLSearchParams(form);
    body.append('assignees', 'a');
    body.append('assignees', 'b');
    const added = await post('/amendments', cookie, body);
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/c/${conferenceId}/plan?ok=report-c`);
    const status = await conferenceStatus(env.client, conferenceId);
    const task = status.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === 'report-c');
    expect(task).toMatchObject({ assignees: ['a', 'b'], kind: 'submission', due: '2023-03-23T10:00:00.000Z' });
    const after = await get('/plan?ok=report-c', cookie);
    expect(after.text).toContain('Đã ghi sửa đổi kế hoạch (công việc report-c)');

    const auditor = await openLink(tokens.auditor);
    const read = await get('/plan', auditor);
    expect(read.status).toBe(200);
    expect(read.text).toContain('report-c');
    expect(read.text).not.toContain('name="op"');
  });

  it('offers a unit the form to ask for more time, not the organizer on its own tasks (it extends them)', async () => {
    const organizerInbox = await get('/inbox', await openLink(tokens.organizer));
    expect(organizerInbox.status).toBe(200);
    expect(organizerInbox.text).toContain('data-task="');
    expect(organizerInbox.text).not.toContain('data-action="requestExtension"');
    const unitInbox = await get('/inbox', await openLink(tokens.a));
    expect(unitInbox.text).toContain('data-action="requestExtension"');
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${web.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/conferences/{conferenceId}/amendments'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/conferences/{conferenceId}/plan'] ?? {})).toEqual(['get']);
    expect(doc.components.schemas).toHaveProperty('AmendmentBody');
    expect(doc.components.schemas).toHaveProperty('Amendment');
  });
});
