import { describe, expect, it } from 'vitest';
import { LIMITS, TaskActionSchema } from '../../domain/actions';
import type { Plan } from '../../domain/plan/schema';
import { createApi } from '../../web/api';
import type { Session } from '../../web/auth';
import { actBody } from '../../web/forms';
import { ActBodySchema } from '../../web/schemas';
import type { WebService } from '../../web/service';

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
    expect(Object.keys(doc.paths)).toHaveLength(9);
    const schemas = doc.components.schemas;
    for (const name of ['TaskActionBody', 'TaskView', 'ConferenceStatus', 'DateChange', 'AccessLink', 'Session'])
      expect(schemas, name).toHaveProperty(name);
    const task = schemas.TaskView;
    expect(task?.required).toEqual(expect.arrayContaining(['id', 'state', 'due', 'history']));
    for (const optional of ['titleEn', 'late', 'completedAt', 'completedBy'])
      expect(task?.required, optional).not.toContain(optional);
    expect(schemas.AccessLink?.properties).not.toHaveProperty('tokenHash');
    expect(JSON.stringify(schemas.TaskActionBody)).toContain('"maxProperties":20');
  });
});
