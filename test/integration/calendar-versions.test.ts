/**
 * A year's holiday announcement arrives in a release while a conference runs (issue 28). The
 * conference starts on the release's calendar, where 2027 has no announcement: its working-day
 * deadlines in 2027 are the law's, marked provisional. Then its worker is replaced by one of the
 * next release, whose calendar has one version more with a (FICTIONAL, test-only) 2027
 * announcement: Tết Đinh Mùi from Thursday 4/2 to Sunday 14/2/2027, Saturdays 30/1 and 20/2 worked
 * (test/fixtures/calendar/fictional-2027.ts). The conference takes the new version up, the
 * deadlines move, the units concerned are told, the audit shows the old and the new deadline,
 * and the histories replay on the next release's code (and not on the release's: the change is
 * in them).
 *
 * The conference is on Wednesday 17/2/2027:
 * - invite, 5 working days before: on the law's days 16, 15, 12, 4 and 3/2 (5–11/2 Tết and its
 *   two days in lieu) → 3/2; announced, 12/2 and 4/2 are off too → 16, 15, 3, 2, 1/2 → 1/2.
 * - settle, 3 working days after: on the law's days 18, 19, 22/2 → 22/2; announced, Saturday 20/2
 *   is worked → 18, 19, 20/2 → 20/2.
 * - hall, the day before in calendar days: 16/2, neither provisional nor moved.
 * - early, 30 working days before: on the law's days 29/12/2026; announced, with 12/2 and 4/2 off
 *   and Saturday 30/1 worked, 28/12/2026. Past at the start, so it is overdue at once: its notice
 *   says the deadline is provisional, and the audit's overdue row with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudit, fetchConferenceHistories } from '../../audit';
import { announceCalendarRelease } from '../../client/calendar';
import {
  actOnTask,
  cancelConference,
  conferenceHandle,
  conferenceStatus,
  startConference,
} from '../../client/conference';
import { CALENDAR_MEMO, CALENDAR_VERSION } from '../../domain/calendar';
import type { Clock } from '../../domain/clock';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../../domain/ids';
import { responsibilityStatusQuery } from '../../domain/messages';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import { localDateTimeToUtc } from '../../domain/time';
import type { TaskView } from '../../domain/views';
import { CALENDAR_VERSION as NEXT_VERSION } from '../fixtures/calendar/versions-next';
import { formatBoard } from '../../cli/board-view';
import { dueLine } from '../../web/pages/task-parts';
import { bundleNextCalendar } from '../helpers/calendar-bundle';
import { HISTORIES_DIR, storedHistories } from '../helpers/histories';
import { sealCodec } from '../../client/seal-codec';
import { miniPlan } from '../helpers/mini-plan';
import { createTestEnv, eventually, type TestEnv } from '../helpers/temporal';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook';
import { inject } from 'vitest';

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const at = (local: string): string => localDateTimeToUtc(local);

let env: TestEnv;
let hooks: WebhookReceiver;
let nextBundle: string;

beforeAll(async () => {
  env = await createTestEnv();
  hooks = await startWebhookReceiver();
  nextBundle = await bundleNextCalendar();
}, 300_000);

afterAll(async () => {
  await env?.close();
  await hooks?.close();
});

function plan(): Plan {
  const base = miniPlan(hooks.url, { window: { from: '2027-02-15', to: '2027-02-19', text: 'giữa tháng 2' } });
  const once = (id: string, assignee: string, due: Record<string, unknown>): Record<string, unknown> => ({
    id,
    title: `Công việc ${id}`,
    kind: 'once',
    clause: 'III.1',
    assignees: [assignee],
    remindBefore: ['1d'],
    due,
  });
  return PlanSchema.parse({
    ...base,
    responsibilities: [
      {
        id: 'work',
        title: 'Chuẩn bị hội nghị',
        lead: 'org',
        clause: 'III.1',
        tasks: [
          once('invite', 'a', { type: 'conference', day: -5, workingDays: true, time: '17:00' }),
          once('hall', 'boss', { type: 'conference', day: -1, time: '17:00' }),
          once('settle', 'b', { type: 'afterConference', after: '3wd', time: '17:00' }),
          once('early', 'a', { type: 'conference', day: -30, workingDays: true, time: '17:00' }),
        ],
      },
    ],
  });
}

/** One plan day an hour from Monday 4/1/2027: no reminder falls while the test runs. */
const clock: Clock = { mode: 'rehearsal', planStart: '2027-01-04T01:00:00.000Z', msPerPlanDay: 3_600_000 };

async function tasksOf(conferenceId: string): Promise<Map<string, TaskView>> {
  const s = await conferenceStatus(env.client, conferenceId);
  return new Map(s.responsibilities.flatMap((r) => r.tasks).map((t) => [t.id, t]));
}

/** The child's own board (its alarms follow it), not the conference's mirror. */
async function childTasks(conferenceId: string): Promise<Map<string, TaskView>> {
  const view = await env.client.workflow
    .getHandle(responsibilityWorkflowId(conferenceId, 'work'))
    .query(responsibilityStatusQuery);
  return new Map(view.tasks.map((t) => [t.id, t]));
}

describe('a newer holiday calendar reaches a running conference', () => {
  it('leaves the stored histories as they ran: closed runs replay on the next release’s code too', async () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    // Runs started on calendar version 2 are among them (the v9 and v10 recordings).
    expect(files.some((f) => readFileSync(HISTORIES_DIR + f, 'utf8').includes(`"${CALENDAR_MEMO}"`))).toBe(true);
    // Each under the id it ran under; the sealed ones (v11) opened with the tests' key.
    const histories = storedHistories().map(({ workflowId, history }) => ({ workflowId, history }));
    const errors: [string, Error | undefined][] = [];
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: { codePath: nextBundle }, dataConverter: { payloadCodecs: [sealCodec()] } },
      histories,
    ))
      errors.push([r.workflowId, r.error]);
    expect(errors).toHaveLength(files.length);
    for (const [id, e] of errors) expect(e, id).toBeUndefined();
  });

  it('moves the provisional deadlines, tells the units concerned, and the audit shows both deadlines', async () => {
    expect(NEXT_VERSION).toBe(CALENDAR_VERSION + 1);
    const released = await env.startWorker();
    const conferenceId = env.conferenceId('calendar');
    // A second conference, which nobody wakes: it takes the calendar up at its next workflow task.
    const quiet = env.conferenceId('calendar-quiet');
    for (const id of [conferenceId, quiet])
      await startConference(env.client, {
        conferenceId: id,
        plan: plan(),
        clock,
        taskQueue: env.taskQueue,
        date: '2027-02-17',
      });

    // On the release's calendar: the law's 2027, provisional, on the conference's board and the child's.
    const first = await eventually(async () => {
      const t = await tasksOf(conferenceId);
      return t.get('invite')?.due ? t : undefined;
    }, 'the first board');
    expect(first.get('invite')).toMatchObject({ due: at('2027-02-03T17:00'), provisionalYears: [2027] });
    expect(first.get('settle')).toMatchObject({ due: at('2027-02-22T17:00'), provisionalYears: [2027] });
    expect(first.get('hall')?.due).toBe(at('2027-02-16T17:00'));
    expect(first.get('hall')).not.toHaveProperty('provisionalYears');
    const child = await eventually(async () => {
      const t = (await childTasks(conferenceId)).get('invite');
      return t?.due ? t : undefined;
    }, "the child's board");
    expect(child.provisionalYears).toEqual([2027]);
    // What the organizer reads: `kehoach status` marks the deadline and says why; so does the web.
    const board = formatBoard(await conferenceStatus(env.client, conferenceId), 'vi');
    expect(board).toContain('03/02/2027 17:00 ~');
    expect(board).toContain('16/02/2027 17:00 ');
    expect(board).not.toContain('16/02/2027 17:00 ~');
    expect(board).toContain('~ hạn tạm tính: đếm ngày làm việc theo ngày nghỉ lễ năm 2027 của Bộ luật Lao động');
    const web = dueLine(first.get('invite') as TaskView, clock.planStart, 'vi').value;
    expect(web).toContain('class="badge provisional"');
    expect(web).toContain('tạm tính ~');
    expect(dueLine(first.get('hall') as TaskView, clock.planStart, 'vi').value).not.toContain('provisional');

    // The next release is deployed: its worker replaces the release's, and the conference is woken.
    await released.stop();
    await env.startWorker(undefined, { workflowBundlePath: nextBundle });
    const woken = await announceCalendarRelease(env.client, { version: NEXT_VERSION, conferenceIds: [conferenceId] });
    expect(woken).toEqual([conferenceWorkflowId(conferenceId)]);

    const moved = await eventually(
      async () => {
        const t = await tasksOf(conferenceId);
        return t.get('invite')?.due === at('2027-02-01T17:00') ? t : undefined;
      },
      'the deadline counted on the announced 2027',
      120_000,
    );
    expect(moved.get('invite')).not.toHaveProperty('provisionalYears');
    expect(moved.get('settle')?.due).toBe(at('2027-02-20T17:00'));
    expect(moved.get('settle')).not.toHaveProperty('provisionalYears');
    expect(moved.get('hall')?.due).toBe(at('2027-02-16T17:00'));
    const announced = formatBoard(await conferenceStatus(env.client, conferenceId), 'vi');
    expect(announced).toContain('01/02/2027 17:00');
    expect(announced).not.toContain('~');
    // The child counts on it too, so its reminders and escalations follow the new deadlines.
    const movedChild = await eventually(async () => {
      const t = await childTasks(conferenceId);
      return t.get('invite')?.due === at('2027-02-01T17:00') ? t : undefined;
    }, "the child's new deadline");
    expect(movedChild.get('settle')?.due).toBe(at('2027-02-20T17:00'));
    expect(movedChild.get('invite')).not.toHaveProperty('provisionalYears');

    // The quiet conference: a unit's action is its child's next workflow task; the child counts on
    // the new calendar from then, and so does the conference when the child reports.
    expect((await tasksOf(quiet)).get('invite')?.due).toBe(at('2027-02-03T17:00'));
    await actOnTask(env.client, quiet, 'work', {
      action: 'complete',
      taskId: 'hall',
      actor: { unitId: 'boss', person: 'Lò Văn Minh' },
    });
    const quietMoved = await eventually(
      async () => {
        const [parent, own] = [await tasksOf(quiet), await childTasks(quiet)];
        const moved = (t: Map<string, TaskView>): boolean => t.get('invite')?.due === at('2027-02-01T17:00');
        return moved(parent) && moved(own) ? parent : undefined;
      },
      'the quiet conference on the new calendar',
      60_000,
    );
    expect(quietMoved.get('settle')?.due).toBe(at('2027-02-20T17:00'));
    // The child took the version up itself, at the workflow task of the action (its own marker),
    // before any alarm could fire on a deadline the announcement moved; not only when told.
    const childHistory = await env.client.workflow.getHandle(responsibilityWorkflowId(quiet, 'work')).fetchHistory();
    const markers = (childHistory.events ?? []).flatMap((e) =>
      Object.values(e.markerRecordedEventAttributes?.details ?? {}).map((p) =>
        Buffer.from(p.payloads?.[0]?.data ?? new Uint8Array()).toString('utf8'),
      ),
    );
    expect(markers.some((m) => m.includes(`calendar-v${NEXT_VERSION}`))).toBe(true);
    await eventually(
      () =>
        hooks.received.some(
          (n) => n.kind === 'calendarChanged' && n.key.startsWith(`conference:${quiet}:`) && n.taskId === 'invite',
        )
          ? true
          : undefined,
      "the quiet conference's notice",
    );

    // One notice per moved task, to its unit and the responsibility's lead; none for the hall.
    const mine = (): typeof hooks.received =>
      hooks.received.filter((n) => n.kind === 'calendarChanged' && n.key.startsWith(`conference:${conferenceId}:`));
    const notices = await eventually(() => (mine().length >= 6 ? mine() : undefined), 'the notices');
    const byTask = (taskId: string): string[] =>
      notices
        .filter((n) => n.taskId === taskId)
        .map((n) => n.recipient.id)
        .sort();
    expect(byTask('invite')).toEqual(['a', 'org']);
    expect(byTask('settle')).toEqual(['b', 'org']);
    expect(byTask('early')).toEqual(['a', 'org']);
    expect(byTask('hall')).toEqual([]);
    const invite = notices.find((n) => n.taskId === 'invite');
    expect(invite?.text.vi).toContain('theo thông báo nghỉ lễ, Tết năm 2027');
    expect(invite?.text.vi).toContain('hạn cũ 03/02/2027 17:00 (ngày 3 tháng 2 năm 2027)');
    expect(invite?.text.vi).toContain('hạn mới 01/02/2027 17:00 (ngày 1 tháng 2 năm 2027)');
    expect(invite?.text.vi.normalize('NFC')).toBe(invite?.text.vi);

    // The conference says which calendar it runs on now; a second announcement wakes nobody.
    const description = await conferenceHandle(env.client, conferenceId).describe();
    expect(description.memo?.[CALENDAR_MEMO]).toBe(NEXT_VERSION);
    expect(await announceCalendarRelease(env.client, { version: NEXT_VERSION, conferenceIds: [conferenceId] })).toEqual(
      [],
    );

    // The early task's deadline moved while overdue: its new deadline is a new alarm, and fires too.
    await eventually(() => {
      const keys = new Set(
        hooks.received
          .filter(
            (n) => n.kind === 'overdue' && n.taskId === 'early' && n.key.startsWith(`conference:${conferenceId}:`),
          )
          .map((n) => n.key),
      );
      return keys.size >= 2 ? keys : undefined;
    }, 'the overdue notice of the new deadline');

    // The audit: one row per moved deadline, the old and the new one, and whom the notice told
    // (the units in the plan's order).
    const histories = await fetchConferenceHistories(env.client, conferenceId);
    const rows = buildAudit(histories, [], 'vi').filter((r) => r.kind === 'deadlineMoved');
    expect(rows.map((r) => [r.taskId, r.unit])).toEqual([
      ['invite', 'org a'],
      ['settle', 'org b'],
      ['early', 'org a'],
    ]);
    expect(rows[0]?.detail).toMatch(/^03\/02\/2027 17:00 → 01\/02\/2027 17:00: /);
    expect(rows[1]?.detail).toMatch(/^22\/02\/2027 17:00 → 20\/02\/2027 17:00: /);
    expect(rows[0]?.detail).toContain('đã báo: org, a');
    expect(rows[2]?.detail).toMatch(/^29\/12\/2026 17:00 → 28\/12\/2026 17:00: /);
    expect(rows[0]?.clause).toBe('III.1');
    // The overdue notice of the provisional deadline said so, and its audit row too; the one of
    // the announced deadline does not.
    const overdue = buildAudit(histories, [], 'vi').filter((r) => r.kind === 'overdue' && r.taskId === 'early');
    expect(overdue.map((r) => r.detail.includes('Hạn tạm tính: chưa có thông báo nghỉ lễ, Tết năm 2027'))).toEqual([
      true,
      false,
    ]);
    expect(overdue[0]?.detail).toContain('29/12/2026 17:00');
    expect(overdue[1]?.detail).toContain('28/12/2026 17:00');

    // Replay: exact on the next release's code, which took the version up at that workflow task;
    // the release's code, which has no such version, cannot replay what the conference did then.
    await cancelConference(env.client, quiet, { reason: 'Kết thúc thử nghiệm', actor: org });
    await cancelConference(env.client, conferenceId, { reason: 'Kết thúc thử nghiệm', actor: org });
    await conferenceHandle(env.client, conferenceId).result();
    const closed = (await fetchConferenceHistories(env.client, conferenceId)).map((h) => ({
      workflowId: h.workflowId ?? '?',
      history: h.history,
    }));
    const replayOn = async (codePath: string): Promise<(Error | undefined)[]> => {
      const errors: (Error | undefined)[] = [];
      for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath } }, closed)) errors.push(r.error);
      return errors;
    };
    const onNext = await replayOn(nextBundle);
    expect(onNext).toHaveLength(closed.length);
    for (const e of onNext) expect(e).toBeUndefined();
    const onReleased = await replayOn(inject('workflowBundlePath'));
    expect(onReleased[0]).toBeDefined();
  });
});
