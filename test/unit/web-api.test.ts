import { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { LIMITS, TaskActionSchema } from '../../domain/actions';
import type { Plan } from '../../domain/plan/schema';
import { createApi } from '../../web/api';
import { createApp } from '../../web/app';
import type { Session } from '../../web/auth';
import type { TaskView } from '../../domain/views';
import { actBody } from '../../web/forms';
import { boardPage } from '../../web/pages/board';
import { inboxPage } from '../../web/pages/inbox';
import { unitNames } from '../../web/pages/task-parts';
import { ActBodySchema } from '../../web/schemas';
import { partIn, type WebService } from '../../web/service';
import { miniPlan } from '../helpers/mini-plan';

const manyFields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? undefined : `${r.error?.issues[0]?.path.join('.')}: ${r.error?.issues[0]?.message}`;

describe('the API action body, derived from the engine action', () => {
  it('keeps the engine limits: field count, note length, evidence links', () => {
    const submit = { action: 'submit', person: 'Lò Văn A' };
    expect(ActBodySchema.safeParse({ ...submit, fields: manyFields(LIMITS.fields) }).success).toBe(true);
    expect(firstIssue(ActBodySchema.safeParse({ ...submit, fields: manyFields(LIMITS.fields + 1) }))).toBe(
      'fields: at most 20 fields',
    );
    expect(firstIssue(ActBodySchema.safeParse({ ...submit, note: 'x'.repeat(LIMITS.noteChars + 1) }))).toBe(
      'note: must be at most 2000 characters',
    );
    const links = Array.from({ length: LIMITS.evidenceLinks + 1 }, (_, i) => `https://e.example/${i}`);
    expect(firstIssue(ActBodySchema.safeParse({ ...submit, evidence: links }))).toBe('evidence: at most 10 links');
  });

  it('refuses what the link decides (actor, unit) and what the path says (task id)', () => {
    for (const extra of [{ actor: { unitId: 'noi-vu', person: 'x' } }, { unitId: 'noi-vu' }, { taskId: 'a.b' }])
      expect(ActBodySchema.safeParse({ action: 'complete', person: 'Lò Văn A', ...extra }).success).toBe(false);
  });

  it('leaves out what the caller left out, so the engine gets the same payload as before', () => {
    const parsed = ActBodySchema.parse({ action: 'submit', person: 'Lò Văn A' });
    expect(parsed).toEqual({ action: 'submit', person: 'Lò Văn A' });
  });

  it('is accepted by the engine once the link gives the actor and the path the task', () => {
    const bodies = [
      { action: 'complete', person: 'A', note: 'xong', evidence: ['https://e.example/1'] },
      { action: 'submit', person: 'A', fields: { reportUrl: 'https://e.example/r.pdf', delegates: 12 } },
      { action: 'approve', person: 'A' },
      { action: 'sendBack', person: 'A', reason: 'thiếu số liệu' },
      { action: 'sign', person: 'A' },
      { action: 'confirmPhase', person: 'A', phase: 'before' },
      { action: 'reportIncident', person: 'A', phase: 'during', note: 'mất điện 5 phút' },
      { action: 'requestExtension', person: 'A', until: '2023-03-25T17:00', reason: 'chờ số liệu' },
      { action: 'decideExtension', person: 'A', decision: 'grant' },
      { action: 'extend', person: 'A', until: '2023-03-25T17:00', reason: 'theo đề nghị' },
      { action: 'returnWork', person: 'A', until: '2023-03-25T17:00', reason: 'thiếu số liệu' },
      { action: 'reassign', person: 'A', assignees: ['muong-cha'], reason: 'đổi đơn vị' },
      { action: 'withdraw', person: 'A', reason: 'không còn cần' },
      { action: 'progressNote', person: 'A', note: 'đã xong 60 %', percent: 60 },
      { action: 'comment', person: 'A', note: 'đề nghị gửi sớm' },
    ];
    expect(bodies.map((b) => b.action).sort()).toEqual(
      TaskActionSchema.options.map((o) => o.shape.action.value).sort(),
    );
    for (const b of bodies) {
      const { person, ...rest } = ActBodySchema.parse(b);
      const action = { ...rest, taskId: 'a.b', actor: { unitId: 'noi-vu', person }, requestId: 'req-00000001' };
      expect(TaskActionSchema.safeParse(action).success, b.action).toBe(true);
    }
  });

  it('maps a submission form to the same body, integers as numbers', () => {
    const plan = {
      responsibilities: [
        { tasks: [{ id: 'a.b', kind: 'submission', fields: [{ name: 'delegates', type: 'integer' }] }] },
      ],
    } as unknown as Plan;
    const form = { action: 'submit', person: 'Lò Văn A', 'field.delegates': ' 12 ', evidence: 'https://e.example/1 ' };
    expect(actBody(form, plan, 'a.b')).toEqual({
      action: 'submit',
      person: 'Lò Văn A',
      evidence: ['https://e.example/1'],
      fields: { delegates: 12 },
    });
  });
});

describe('the living-plan forms', () => {
  const plan = miniPlan('https://hooks.example/notify');
  const body = (form: Record<string, string>) => actBody({ person: 'Lò Văn A', ...form }, plan, 'report-a');

  it('map a datetime-local deadline, a reason, a percentage, a unit and a decision to the API body', () => {
    expect(body({ action: 'requestExtension', until: '2023-03-25T17:00', reason: 'chờ số liệu', note: '' })).toEqual({
      action: 'requestExtension',
      person: 'Lò Văn A',
      until: '2023-03-25T17:00',
      reason: 'chờ số liệu',
    });
    // A browser may send seconds.
    expect(body({ action: 'extend', until: '2023-03-25T17:00:00', reason: 'theo đề nghị' })).toMatchObject({
      until: '2023-03-25T17:00',
    });
    expect(body({ action: 'progressNote', note: 'đã xong phần số liệu', percent: '60' })).toEqual({
      action: 'progressNote',
      person: 'Lò Văn A',
      note: 'đã xong phần số liệu',
      percent: 60,
    });
    expect(body({ action: 'progressNote', note: 'chưa', percent: '' })).not.toHaveProperty('percent');
    expect(body({ action: 'reassign', assignees: 'b', reason: 'đổi đơn vị' })).toMatchObject({ assignees: ['b'] });
    expect(body({ action: 'decideExtension', decision: 'grant', until: '', reason: '' })).toEqual({
      action: 'decideExtension',
      person: 'Lò Văn A',
      decision: 'grant',
    });
    expect(
      body({ action: 'decideExtension', decision: 'refuse', until: '2023-03-30T00:00', reason: 'đủ thời gian' }),
    ).toEqual({ action: 'decideExtension', person: 'Lò Văn A', decision: 'refuse', reason: 'đủ thời gian' });
    expect(body({ action: 'withdraw', reason: 'không còn cần' })).toMatchObject({ reason: 'không còn cần' });
  });

  it('refuse a missing deadline or reason, a percentage out of range, by the field', () => {
    const fieldOf = (form: Record<string, string>) => {
      try {
        body(form);
      } catch (err) {
        return (err as { field: string }).field;
      }
      return undefined;
    };
    expect(fieldOf({ action: 'requestExtension', until: '', reason: 'x' })).toBe('until');
    expect(fieldOf({ action: 'requestExtension', until: '2023-03-25T17:00', reason: ' ' })).toBe('reason');
    expect(fieldOf({ action: 'progressNote', note: 'x', percent: '120' })).toBe('percent');
    expect(fieldOf({ action: 'progressNote', note: 'x', percent: 'nửa' })).toBe('percent');
    expect(fieldOf({ action: 'comment', note: '' })).toBe('note');
    expect(fieldOf({ action: 'decideExtension', decision: 'maybe' })).toBe('decision');
  });
});

describe('who may act from the web', () => {
  const task = { kind: 'submission', assignees: ['a'], deciders: [] } as unknown as TaskView;
  const stewards = { organizer: 'org', lead: 'lead' };
  const as = (unitId: string, role: 'unit' | 'organizer' = 'unit') => ({ unitId, role });

  it('lets the organizer and the lead take the living-plan actions the table gives them', () => {
    expect(partIn(task, 'decideExtension', as('org', 'organizer'), stewards)).toBe('yes');
    expect(partIn(task, 'reassign', as('org', 'organizer'), stewards)).toBe('yes');
    expect(partIn(task, 'returnWork', as('lead'), stewards)).toBe('yes');
    expect(partIn(task, 'comment', as('lead'), stewards)).toBe('yes');
    expect(partIn(task, 'requestExtension', as('a'), stewards)).toBe('yes');
    expect(partIn(task, 'submit', as('a'), stewards)).toBe('yes');
  });

  it("refuses a unit the organizer's actions, and anyone a task it has no part in", () => {
    expect(partIn(task, 'decideExtension', as('a'), stewards)).toBe('organizer');
    expect(partIn(task, 'extend', as('org'), stewards)).toBe('organizer'); // the organizer's unit link is not enough
    expect(partIn(task, 'returnWork', as('a'), stewards)).toBe('lead');
    expect(partIn(task, 'decideExtension', as('b'), stewards)).toBe('none');
    expect(partIn(task, 'comment', as('b'), stewards)).toBe('none');
    expect(partIn(task, 'submit', as('org', 'organizer'), stewards)).toBe('none');
  });

  it("follows the task-kind table's roles: a lead that is also the organizer, a decider, the task's own work", () => {
    const sameUnit = { organizer: 'org', lead: 'org' };
    // The lead's move is the lead's whatever link it holds; the organizer's needs the organizer's link.
    expect(partIn(task, 'returnWork', as('org'), sameUnit)).toBe('yes');
    expect(partIn(task, 'extend', as('org'), sameUnit)).toBe('organizer');
    const approval = { kind: 'approval', assignees: ['a'], deciders: ['d'] } as unknown as TaskView;
    expect(partIn(approval, 'approve', as('d'), stewards)).toBe('yes');
    expect(partIn(approval, 'comment', as('d'), stewards)).toBe('yes');
    // A part in the task is enough here: the workflow's validator refuses a decider asking for more time.
    expect(partIn(approval, 'requestExtension', as('d'), stewards)).toBe('yes');
    expect(partIn(approval, 'approve', as('lead'), stewards)).toBe('none');
  });
});

describe('the living plan on the pages', () => {
  const plan = miniPlan('https://hooks.example/notify');
  const base: TaskView = {
    id: 'report-a',
    responsibilityId: 'reports',
    title: 'Báo cáo của huyện A',
    kind: 'submission',
    clause: 'III.2',
    assignees: ['a'],
    deciders: [],
    dependsOn: [],
    state: 'open',
    due: '2023-03-15T17:00:00.000Z',
    waitingFor: null,
    organizerChoice: false,
    overdue: false,
    signedBy: [],
    phases: [],
    history: [],
  };
  const asked: TaskView = {
    ...base,
    extensionRequest: {
      until: '2023-03-20T10:00:00.000Z',
      reason: 'Chờ số liệu',
      by: { unitId: 'a', person: 'Giàng A Páo' },
      at: '2023-03-14T02:00:00.000Z',
    },
    progress: {
      note: 'Đã thu thập số liệu',
      percent: 40,
      by: { unitId: 'a', person: 'Giàng A Páo' },
      at: '2023-03-14T03:00:00.000Z',
    },
    history: [
      {
        action: 'extend',
        actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
        requestId: 'req-00000001',
        at: '2023-03-14T01:30:00.000Z',
        late: false,
        reason: 'Theo đề nghị',
        until: '2023-03-15T17:00:00.000Z',
        previousDue: '2023-03-15T10:00:00.000Z',
      },
      {
        action: 'reassign',
        actor: { unitId: 'org', person: 'Nguyễn Thị Lan' },
        requestId: 'req-00000002',
        at: '2023-03-14T01:40:00.000Z',
        late: false,
        reason: 'Đổi đơn vị',
        assignees: ['a'],
        previousAssignees: ['b'],
      },
    ],
  };
  const frame = {
    nowIso: '2023-03-14T01:00:00.000Z',
    name: unitNames(plan),
    base: '/c/x',
    person: '',
    newRequestId: () => 'req-00000009',
    plan,
  };

  it('offers the unit its own forms, folded, and shows a pending request and the latest progress', () => {
    const page = inboxPage({ ...frame, lang: 'vi', unitId: 'a', awaiting: [base], others: [] }).value;
    for (const action of ['submit', 'requestExtension', 'progressNote', 'comment'])
      expect(page, action).toContain(`data-action="${action}"`);
    for (const action of ['decideExtension', 'extend', 'reassign', 'withdraw'])
      expect(page, action).not.toContain(`name="action" value="${action}"`);
    expect(page).toContain('type="datetime-local"');
    expect(page).toContain('min="2023-03-14T08:00"');
    expect(page).toMatch(/<button type="submit"\s+class="secondary">/); // folded: a secondary choice
    expect(page).not.toContain('&quot;');

    const withRequest = inboxPage({ ...frame, lang: 'vi', unitId: 'a', awaiting: [asked], others: [] }).value;
    expect(withRequest).toContain('Đang chờ trả lời đề nghị gia hạn đến');
    expect(withRequest).toContain('20/03/2023 17:00');
    expect(withRequest).toContain('Đã thu thập số liệu');
    expect(withRequest).not.toContain('data-action="requestExtension"'); // asked once, answered before asking again
    // The history: the old deadline → the new one, the units before → after.
    expect(withRequest).toMatch(/15\/03\/2023 17:00<\/time> →\s*<strong><time[^>]*>16\/03\/2023 00:00/);
    expect(withRequest).toMatch(/B →\s*<strong>A<\/strong>/);
    const en = inboxPage({ ...frame, lang: 'en', unitId: 'a', awaiting: [asked], others: [] }).value;
    expect(en).toContain('Awaiting an answer to the request for more time until');
    expect(en).toContain('Report progress');
  });

  it('offers the lead unit to return the done work of its responsibility', () => {
    const done: TaskView = { ...base, state: 'done', completedAt: '2023-03-14T02:00:00.000Z' };
    const page = inboxPage({ ...frame, lang: 'vi', unitId: 'org', awaiting: [], others: [], led: [done] }).value;
    expect(page).toContain('id="led"');
    expect(page).toContain('data-action="returnWork"');
    expect(page).toContain('Hạn làm lại (giờ Việt Nam)');
    // Not to a unit that does not lead it.
    const other = inboxPage({ ...frame, lang: 'vi', unitId: 'a', awaiting: [], others: [], led: [done] }).value;
    expect(other).not.toContain('data-action="returnWork"');
  });

  it("gives the organizer the answer to a request first, and the task's other changes folded", () => {
    const status = {
      conferenceId: 'x',
      planId: 'mini',
      title: 'Hội nghị thử',
      status: 'running',
      date: null,
      window: { from: '2023-03-20', to: '2023-03-31', text: 'cuối tháng 3' },
      dateChanges: [],
      clock: { mode: 'real' },
      asOf: '2023-03-14T01:00:00.000Z',
      counts: { total: 1, done: 0, open: 1, blocked: 0, overdue: 0, late: 0 },
      responsibilities: [
        { id: 'reports', title: 'Báo cáo', lead: 'org', clause: 'III.2', status: 'running', tasks: [asked] },
      ],
    } as const;
    const page = boardPage({
      ...frame,
      status: status as unknown as Parameters<typeof boardPage>[0]['status'],
      lang: 'vi',
      unitId: 'org',
      requestIds: { date: 'req-0000000a', cancel: 'req-0000000b' },
    }).value;
    expect(page).toContain('id="extension-requests"');
    expect(page).toContain('data-action="decideExtension-grant"');
    expect(page).toContain('data-action="decideExtension-refuse"');
    for (const action of ['extend', 'reassign', 'withdraw', 'comment'])
      expect(page, action).toContain(`data-action="${action}"`);
    expect(page).toContain('name="from" value="board"');
    // A unit's link on the board (never shown, but never offering the organizer's forms either).
    const asUnit = boardPage({
      ...frame,
      status: status as unknown as Parameters<typeof boardPage>[0]['status'],
      lang: 'vi',
      unitId: 'a',
      requestIds: { date: 'req-0000000a', cancel: 'req-0000000b' },
    }).value;
    expect(asUnit).not.toContain('decideExtension');
  });
});

describe('the JSON API without Temporal', () => {
  const session: Session = {
    conferenceId: 'tua-chua-2022',
    unitId: 'muong-nhe',
    role: 'unit',
    linkId: 'link-0001',
    expiresAt: '2099-01-01T00:00:00.000Z',
  };
  const refusals: unknown[] = [];
  const service = {
    authenticate: () => Promise.resolve(session),
    logRefusal: (...args: unknown[]) => {
      refusals.push(args);
      return Promise.resolve();
    },
  } as unknown as WebService;
  const api = createApi(service, () => '');

  it('refuses 21 submitted fields with 400 naming the field, and logs it', async () => {
    const res = await api.request('http://x/conferences/tua-chua-2022/tasks/districts.muong-nhe.report/actions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: JSON.stringify({ action: 'submit', person: 'Lò Văn A', fields: manyFields(21) }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'KehoachInvalidPayload', field: 'fields' } });
    expect(refusals).toHaveLength(1);
  });

  it('publishes the views of the domain, optional fields not required', async () => {
    const doc = (await (await api.request('http://x/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    };
    // The nine routes of the units' and the organizer's work, the plan in force and its amendments,
    // and evidence files (upload; download).
    expect(Object.keys(doc.paths)).toHaveLength(13);
    const schemas = doc.components.schemas;
    for (const name of [
      'TaskActionBody',
      'TaskView',
      'ConferenceStatus',
      'DateChange',
      'AccessLink',
      'Session',
      'AmendmentBody',
      'Amendment',
    ])
      expect(schemas, name).toHaveProperty(name);
    expect(schemas.Amendment?.required).not.toContain('before');
    const task = schemas.TaskView;
    expect(task?.required).toEqual(expect.arrayContaining(['id', 'state', 'due', 'history']));
    for (const optional of ['titleEn', 'late', 'completedAt', 'completedBy'])
      expect(task?.required, optional).not.toContain(optional);
    expect(schemas.AccessLink?.properties).not.toHaveProperty('tokenHash');
    expect(JSON.stringify(schemas.TaskActionBody)).toContain('"maxProperties":20');
  });

  it('documents the living-plan bodies of the act endpoint', async () => {
    const doc = (await (await api.request('http://x/openapi.json')).json()) as {
      paths: Record<string, { post?: { description?: string } }>;
      components: { schemas: Record<string, unknown> };
    };
    const body = JSON.stringify(doc.components.schemas.TaskActionBody);
    for (const action of [
      'requestExtension',
      'decideExtension',
      'extend',
      'returnWork',
      'reassign',
      'withdraw',
      'progressNote',
      'comment',
    ])
      expect(body, action).toContain(`"${action}"`);
    for (const field of ['until', 'decision', 'percent', 'assignees']) expect(body, field).toContain(`"${field}"`);
    const act = doc.paths['/conferences/{conferenceId}/tasks/{taskId}/actions']?.post;
    expect(act?.description).toContain('requestExtension');
  });
});

describe('the JSON API mounted in the whole app', () => {
  // A lazy client: nothing here reaches Temporal, so none is started.
  const app = createApp({ client: new Client(), refusalLog: false });

  it('answers an address it does not have in JSON naming the path, never with an HTML page', async () => {
    for (const [method, path] of [
      ['POST', '/api/nothing'],
      ['GET', '/api/conferences'],
      ['PUT', '/api/openapi.json/x'],
    ] as const) {
      const res = await app.request(`http://x${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      expect(await res.json(), path).toMatchObject({ error: { type: 'KehoachNotFound', field: 'path' } });
    }
  });

  it('still answers a page address that does not exist with the HTML refusal page', async () => {
    const res = await app.request('http://x/nothing');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/^<!doctype html>/);
  });
});
