/**
 * The audit an auditor reads, built offline from the histories stored in test/fixtures/histories
 * (the seed run, a moved date, a cancellation; five workflow versions), so that a change to the
 * decoder or the row builder shows up here, row by row, before it reaches an auditor. Each set's
 * rows are kept as golden files (one row a line) in test/fixtures/audit; `vitest -u` rewrites
 * them, and the diff is the change an auditor would see.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAudit, readHistoryFiles, type AuditRow, type WorkflowHistory } from '../../audit';
import type { RefusalLogEntry } from '../../client/refusal-log';
import { changeText } from '../../domain/change-words';
import { taskActionUpdate } from '../../domain/messages';
import type { Lang } from '../../domain/time';
import { HISTORIES_DIR } from '../helpers/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
// v8: a run under the rules baseline, whose children never reported their first board.
const VERSIONS = ['', 'v1-', 'v2-', 'v3-', 'v4-', 'v5-', 'v8-'];
const SCENARIOS = ['seed', 'date-moved', 'cancelled'];
/**
 * `living`: the living plan's every operation (test/integration/living-plan.test.ts);
 * `amendments`: tasks added to the running plan (test/integration/amendments.test.ts).
 */
const SETS = [...VERSIONS.flatMap((v) => SCENARIOS.map((s) => `${v}${s}`)), 'living', 'amendments'];

const loaded = new Map<string, Promise<WorkflowHistory[]>>();

/** The parent's history and its children's: `<set>.json` and `<set>.<responsibility>.json`. */
function histories(set: string): Promise<WorkflowHistory[]> {
  const mine = files.filter(
    (f) => f === `${set}.json` || (f.startsWith(`${set}.`) && /^[a-z-]+\.json$/.test(f.slice(set.length + 1))),
  );
  let h = loaded.get(set);
  if (!h) loaded.set(set, (h = readHistoryFiles(mine.map((f) => HISTORIES_DIR + f))));
  return h;
}

async function rows(set: string, lang: Lang = 'vi', refusals: RefusalLogEntry[] = []): Promise<AuditRow[]> {
  return buildAudit(await histories(set), refusals, lang);
}

function only(rs: AuditRow[], match: Partial<AuditRow>): AuditRow {
  const found = rs.filter((r) => Object.entries(match).every(([k, v]) => r[k as keyof AuditRow] === v));
  expect(found, JSON.stringify(match)).toHaveLength(1);
  return found[0] as AuditRow;
}

const lines = (rs: AuditRow[]): string => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('golden audit rows of the stored histories', () => {
  for (const set of SETS) {
    it(`${set}: the same rows as recorded, in Vietnamese and English`, async () => {
      const h = await histories(set);
      expect(h.length).toBeGreaterThanOrEqual(4);
      await expect(lines(buildAudit(h, [], 'vi'))).toMatchFileSnapshot(`../fixtures/audit/${set}.vi.jsonl`);
      await expect(lines(buildAudit(h, [], 'en'))).toMatchFileSnapshot(`../fixtures/audit/${set}.en.jsonl`);
    });
  }
});

describe('what an auditor checks in the seed run', () => {
  it('starts with the conference, in time order, each request once', async () => {
    const rs = await rows('seed');
    expect(rs[0]).toMatchObject({ kind: 'start', action: 'start', eventId: 1, source: 'history' });
    expect(rs[0]?.workflowId).toMatch(/^conference:seed-[0-9a-f]+$/);
    expect(rs[0]?.planAt).toBe('2023-03-14T01:00:00.000Z');
    expect(rs[0]?.detail).toBe('Chưa ấn định ngày hội nghị');
    expect(rs.map((r) => r.at)).toEqual(rs.map((r) => r.at).sort());
    const ids = rs.flatMap((r) => (r.requestId ? [r.requestId] : []));
    expect(ids.length).toBeGreaterThan(60);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rs.every((r) => r.local.endsWith('+07:00'))).toBe(true);
  });

  it('names the acting unit, the person, the clause and the timing of every action, in its own workflow', async () => {
    const actions = (await rows('seed')).filter((r) => r.kind === 'action');
    expect(actions).toHaveLength(61);
    for (const r of actions) {
      expect(r.unit, r.requestId ?? '').toMatch(/^[a-z-]+$/);
      expect(r.person, r.requestId ?? '').toBeTruthy();
      expect(r.clause, r.requestId ?? '').toMatch(/^(II|III)\./);
      expect(['onTime', 'late']).toContain(r.timing);
      expect(r.planAt).not.toBeNull();
      expect(r.workflowId?.endsWith(`:${r.taskId?.split('.')[0] ?? '?'}`), r.requestId ?? '').toBe(true);
    }
  });

  it('shows a sent-back estimate with its reason, and the phase of a confirmation, in the reader’s language', async () => {
    const [vi, en] = [await rows('seed', 'vi'), await rows('seed', 'en')];
    const sentBack = { kind: 'action', action: 'sendBack', taskId: 'budget.estimate' } as const;
    expect(only(vi, sentBack)).toMatchObject({
      unit: 'tc-kh',
      person: 'Lò Thị Hoa',
      clause: 'III.1.1 ¶3, III.1.4',
      timing: 'onTime',
      source: 'update',
    });
    expect(only(vi, sentBack).detail).toMatch(/^lý do: Đề nghị bổ sung chi phí in ấn/);
    expect(only(en, sentBack).detail).toMatch(/^reason: Đề nghị bổ sung chi phí in ấn/);
    const confirmed = (rs: AuditRow[]): AuditRow[] =>
      rs.filter((r) => r.action === 'confirmPhase' && r.taskId === 'security.order');
    expect(confirmed(vi).map((r) => [r.unit, r.person, r.clause])).toEqual(
      Array.from({ length: 3 }, () => ['cong-an', 'Thào A Lử', 'III.1.5']),
    );
    expect(confirmed(vi)[0]?.detail).toMatch(/^giai đoạn .+; Trước Hội nghị/);
    expect(confirmed(en).map((r) => r.detail.split(';')[0])).toEqual(['phase before', 'phase during', 'phase after']);
  });

  it('marks a report sent after its deadline late, after the reminders and the escalation', async () => {
    const [vi, en] = [await rows('seed', 'vi'), await rows('seed', 'en')];
    const taskId = 'districts.dien-bien-dong.report';
    const late = only(vi, { kind: 'action', taskId });
    expect(late).toMatchObject({ action: 'submit', unit: 'dien-bien-dong', person: 'Vừ A Bằng', timing: 'late' });
    expect(late.planAt! > '2023-03-19T17:00:00.000Z').toBe(true); // "before 20/3/2023"
    expect(only(vi, { kind: 'action', taskId: 'districts.muong-cha.report' }).timing).toBe('onTime');

    const reminders = vi.filter((r) => r.kind === 'reminder' && r.taskId === taskId);
    const overdue = only(vi, { kind: 'overdue', taskId });
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(reminders.every((r) => r.unit === 'dien-bien-dong' && r.person === null && r.clause === 'III.2')).toBe(true);
    expect(overdue.unit?.split(' ').sort()).toEqual(['dien-bien-dong', 'noi-vu']);
    expect(overdue.detail).toMatch(/^Quá hạn: /);
    expect(only(en, { kind: 'overdue', taskId }).detail).toMatch(/^Overdue: /);
    expect(vi.indexOf(reminders[0] as AuditRow)).toBeLessThan(vi.indexOf(overdue));
    expect(vi.indexOf(overdue)).toBeLessThan(vi.indexOf(late));
  });

  it('shows the date set and moved with the old and the new date, and the cancellation with its reason', async () => {
    const rs = await rows('date-moved');
    const set = only(rs, { kind: 'dateSet' });
    const moved = only(rs, { kind: 'dateMoved' });
    expect(set).toMatchObject({ action: 'setDate', unit: 'org', person: 'Nguyễn Thị Lan', source: 'update' });
    expect(set.detail).toBe('— → 2023-03-26: Giấy mời số 12/GM-UBND');
    expect(moved.detail).toBe('2023-03-26 → 2023-03-24: Lãnh đạo tỉnh dự được ngày 24/3');
    expect(rs.indexOf(set)).toBeLessThan(rs.indexOf(moved));
    expect(rs.at(-1)).toMatchObject({ kind: 'cancelled', action: 'cancel', detail: 'Kết thúc thử nghiệm' });
    const cancelled = await rows('cancelled');
    expect(cancelled.map((r) => [r.kind, r.unit, r.detail])).toEqual([
      ['start', null, 'Chưa ấn định ngày hội nghị'],
      ['cancelled', 'org', 'Hoãn theo chỉ đạo của UBND tỉnh'],
    ]);
  });

  it('reads every recorded version of the seed run the same way', async () => {
    for (const v of VERSIONS) {
      const rs = await rows(`${v}seed`);
      const count = (kind: AuditRow['kind']): number => rs.filter((r) => r.kind === kind).length;
      // v5 was recorded after the seed run gained a progress note, an extension and a return; v8
      // also has the task the organizer adds mid-run (the hall's sound check), done by its unit.
      const actions = v === 'v5-' ? 66 : v === 'v8-' ? 67 : 61;
      expect([count('start'), count('action'), count('dateSet'), count('dateMoved')], v).toEqual([1, actions, 1, 1]);
      expect(count('reminder'), v).toBeGreaterThan(10);
      expect(count('overdue'), v).toBeGreaterThan(5);
    }
  });
});

describe('what an auditor checks in a living plan', () => {
  const ofTask = (rs: AuditRow[], taskId: string): AuditRow[] => rs.filter((r) => r.taskId === taskId);

  it('shows every deadline the task had: the return, the request and the grant, each old → new, who, when and why', async () => {
    const [vi, en] = [await rows('living', 'vi'), await rows('living', 'en')];
    const why = 'Bổ sung theo ý kiến Thường trực';
    const b = ofTask(vi, 'report-b').filter((r) => r.kind === 'action');
    expect(b.map((r) => [r.action, r.unit, r.person])).toEqual([
      ['progressNote', 'b', 'Lò Văn Minh'],
      ['comment', 'org', 'Nguyễn Thị Lan'],
      ['complete', 'b', 'Lò Văn Minh'],
      ['returnWork', 'org', 'Nguyễn Thị Lan'],
      ['requestExtension', 'b', 'Lò Văn Minh'],
      ['decideExtension', 'org', 'Nguyễn Thị Lan'],
    ]);
    const returned = only(vi, { action: 'returnWork', taskId: 'report-b' });
    expect(returned.detail).toBe(
      `trả lại kết quả, công việc mở lại; hạn 28/03/2023 17:00 → 20/03/2023 17:00; lý do: ${why}; đã báo: b`,
    );
    expect(only(vi, { action: 'requestExtension' }).detail).toBe(
      `xin gia hạn đến 22/03/2023 17:00 (hạn đang có 20/03/2023 17:00); lý do: ${why}; đã báo: org`,
    );
    const granted = only(en, { action: 'decideExtension' });
    expect(granted.detail).toBe('extension granted: deadline 20/03/2023 17:00 → 22/03/2023 17:00');
    expect(granted).toMatchObject({ unit: 'org', clause: 'III.2', source: 'update', timing: null });
    expect(granted.planAt).toMatch(/^2023-03-14T/);
    // The deadlines in order: 28/3 (plan) → 20/3 (returned) → 22/3 (granted).
    const deadlines = b.flatMap((r) =>
      [...r.detail.matchAll(/hạn (\d\S+ \d\d:\d\d) → (\d\S+ \d\d:\d\d)/g)].map((m) => [m[1], m[2]]),
    );
    expect(deadlines).toEqual([
      ['28/03/2023 17:00', '20/03/2023 17:00'],
      ['20/03/2023 17:00', '22/03/2023 17:00'],
    ]);
  });

  it('shows the units before and after a reassignment, a direct extension, a withdrawal, a progress note and a comment', async () => {
    const [vi, en] = [await rows('living', 'vi'), await rows('living', 'en')];
    expect(only(vi, { action: 'reassign' })).toMatchObject({ taskId: 'report-a', unit: 'org', timing: null });
    expect(only(vi, { action: 'reassign' }).detail).toMatch(/^giao lại: a → b; lý do: /);
    expect(only(en, { action: 'reassign' }).detail).toMatch(/^reassigned: a → b; reason: /);
    expect(only(en, { action: 'extend' }).detail).toMatch(
      /^deadline extended: 27\/03\/2023 17:00 → 29\/03\/2023 17:00; /,
    );
    expect(only(vi, { action: 'withdraw' }).detail).toMatch(
      /^rút khỏi kế hoạch \(hạn lúc rút: 30\/03\/2023 10:00\); lý do: /,
    );
    expect(only(vi, { action: 'progressNote' }).detail).toBe('tiến độ 60 %; Đã xong 60 %, chờ số liệu Phòng Tài chính');
    expect(only(en, { action: 'progressNote' }).detail).toMatch(/^progress 60%; /);
    expect(only(vi, { action: 'comment' })).toMatchObject({ unit: 'org', detail: 'Đề nghị gửi trước thứ Sáu' });
    // The task's own work keeps its timing; a change to the plan has none.
    expect(only(vi, { action: 'complete', taskId: 'report-b' }).timing).toBe('onTime');
  });

  it('words a refused request with the date asked and the deadline kept', () => {
    const facts = {
      action: 'decideExtension',
      decision: 'refuse',
      previousDue: '2023-03-20T10:00:00.000Z',
    } as const;
    expect(changeText(facts, 'vi', '2023-03-22T10:00:00.000Z')).toBe(
      'không đồng ý gia hạn (xin đến 22/03/2023 17:00); hạn giữ nguyên 20/03/2023 17:00',
    );
    expect(changeText(facts, 'en', '2023-03-22T10:00:00.000Z')).toBe(
      'extension refused (asked until 22/03/2023 17:00); deadline stays 20/03/2023 17:00',
    );
    expect(
      changeText({ ...facts, decision: 'grant', until: '2023-03-21T10:00:00.000Z' }, 'en', '2023-03-22T10:00:00.000Z'),
    ).toBe('extension granted: deadline 20/03/2023 17:00 → 21/03/2023 17:00 (asked until 22/03/2023 17:00)');
  });
});

describe('refusals that left no history', () => {
  const refusal = (over: Partial<RefusalLogEntry>): RefusalLogEntry => ({
    time: '2026-11-24T16:03:27.500Z',
    conferenceId: 'seed',
    taskId: 'budget.estimate',
    action: 'approve',
    unit: 'muong-nhe',
    person: 'Lò Văn Puôn',
    requestId: 'logged-1',
    field: 'actor.unitId',
    reason: 'Only tc-kh may approve',
    reasonVi: 'Chỉ tc-kh được phê duyệt',
    type: 'KehoachWrongUnit',
    ...over,
  });

  it('merges the refusal log in time order, with the clause from the plan and the reason in the reader’s language', async () => {
    const { reasonVi: _, ...early } = refusal({ requestId: 'logged-2', via: 'web' });
    const logged = [refusal({}), early];
    const vi = await rows('seed', 'vi', logged);
    expect(vi).toHaveLength((await rows('seed')).length + 2);
    expect(only(vi, { requestId: 'logged-1' })).toMatchObject({
      kind: 'refused',
      clause: 'III.1.1 ¶3, III.1.4',
      timing: null,
      detail: 'actor.unitId: Chỉ tc-kh được phê duyệt',
      workflowId: null,
      eventId: null,
      source: 'cli-log',
      local: '2026-11-24T23:03:27+07:00',
    });
    expect(only(vi, { requestId: 'logged-2' })).toMatchObject({
      source: 'web-log',
      detail: 'actor.unitId: Only tc-kh may approve',
    });
    expect(vi.map((r) => r.at)).toEqual(vi.map((r) => r.at).sort());
    const en = await rows('seed', 'en', logged);
    expect(only(en, { requestId: 'logged-1' }).detail).toBe('actor.unitId: Only tc-kh may approve');
  });
});

describe('negative controls: the rows follow the history', () => {
  it('drops actions whose Update never completed', async () => {
    const h = (await histories('seed')).map((w) => ({
      ...w,
      history: {
        ...w.history,
        events: w.history.events?.filter((e) => !e.workflowExecutionUpdateCompletedEventAttributes) ?? null,
      },
    }));
    const rs = buildAudit(h, [], 'vi');
    expect(rs.filter((r) => r.source === 'update')).toEqual([]);
    expect(lines(rs)).not.toBe(lines(await rows('seed')));
  });

  it('does not read an Update under another name as a task action', async () => {
    const renamed = (await histories('seed')).map((w) => ({
      ...w,
      history: {
        ...w.history,
        events:
          w.history.events?.map((e) => {
            const a = e.workflowExecutionUpdateAcceptedEventAttributes;
            const input = a?.acceptedRequest?.input;
            if (!a || input?.name !== taskActionUpdate.name) return e;
            return {
              ...e,
              workflowExecutionUpdateAcceptedEventAttributes: {
                ...a,
                acceptedRequest: { ...a.acceptedRequest, input: { ...input, name: `${taskActionUpdate.name}V2` } },
              },
            };
          }) ?? null,
      },
    }));
    const rs = buildAudit(renamed, [], 'vi');
    expect(rs.filter((r) => r.kind === 'action')).toEqual([]);
    expect(rs.filter((r) => r.kind === 'dateSet')).toHaveLength(1);
  });
});

describe('what an auditor checks in an amended plan', () => {
  it('shows each amendment once, with the plan version, who, what was added and why, and the added task in its clause', async () => {
    const [vi, en] = [await rows('amendments', 'vi'), await rows('amendments', 'en')];
    const amended = vi.filter((r) => r.kind === 'amended');
    // The second amendment was sent twice with one request id: one row.
    expect(amended.map((r) => [r.action, r.unit, r.taskId, r.source])).toEqual([
      ['addTask', 'org', 'logistics', 'update'],
      ['addTask', 'org', 'logistics-report', 'update'],
    ]);
    expect(amended[0]?.detail).toMatch(/^v2 thêm công việc logistics vào summary: ".+", .+: Bổ sung công tác hậu cần$/);
    expect(amended[1]?.detail).toContain('trước 2023-03-23 17:00: Huyện A báo cáo sau khi có phương án hậu cần');
    expect(amended[1]?.detail).toMatch(/^v3 thêm công việc logistics-report vào reports: /);
    expect(amended.every((r) => r.clause !== null)).toBe(true);
    const enAmended = en.filter((r) => r.kind === 'amended');
    expect(enAmended[0]?.detail).toMatch(/^v2 added task logistics to summary: /);
    // The added task's completion is read with the clause the amendment gave it.
    const done = only(vi, { kind: 'action', taskId: 'logistics', action: 'complete' });
    expect(done.clause).toBe(amended[0]?.clause);
    expect(vi.indexOf(amended[0] as AuditRow)).toBeLessThan(vi.indexOf(done));
  });
});
