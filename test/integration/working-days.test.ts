/**
 * Working-day deadlines on a real Temporal server, counted on the holiday calendar: a span after
 * a task across Tết 2023 (20–26 January), a conference-relative day across it, and a span after
 * the conference across 30/4–1/5/2023 (29/4–3/5 off). What the board shows is what a clerk reads.
 */
import { describe, expect, it } from 'vitest';
import { actOnTask, conferenceStatus, startConference } from '../../client/conference';
import type { Clock } from '../../domain/clock';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import type { TaskView } from '../../domain/views';
import { miniPlan } from '../helpers/mini-plan';
import { conferenceSuite } from '../helpers/suite';
import { eventually } from '../helpers/temporal';

const suite = conferenceSuite();

/** One responsibility of working-day tasks, on the mini plan's units. */
function planWith(window: { from: string; to: string }, tasks: Record<string, unknown>[]): Plan {
  const base = miniPlan(suite.hooks.url, { window: { ...window, text: 'theo giấy mời' } });
  return PlanSchema.parse({
    ...base,
    responsibilities: [{ id: 'work', title: 'Công việc theo ngày làm việc', lead: 'org', clause: 'III.1', tasks }],
  });
}

const once = (id: string, extra: Record<string, unknown>) => ({
  id,
  title: `Công việc ${id}`,
  kind: 'once',
  clause: 'III.1',
  assignees: ['a'],
  remindBefore: ['1d'],
  ...extra,
});

/** One plan day every 10 real minutes: nothing falls due while the test runs. */
const clockFrom = (planStart: string): Clock => ({ mode: 'rehearsal', planStart, msPerPlanDay: 600_000 });

async function tasksOf(conferenceId: string): Promise<Map<string, TaskView>> {
  const s = await conferenceStatus(suite.env.client, conferenceId);
  return new Map(s.responsibilities.flatMap((r) => r.tasks).map((t) => [t.id, t]));
}

describe('working-day deadlines', () => {
  it('count across Tết 2023: 5 working days after Thursday 19/1 is Thursday 2/2; 3 before 30/1 is 18/1', async () => {
    const conferenceId = suite.env.conferenceId('tet');
    await startConference(suite.env.client, {
      conferenceId,
      plan: planWith({ from: '2023-01-27', to: '2023-01-31' }, [
        once('draft', { due: { type: 'absolute', at: '2023-01-19T17:00' } }),
        once('final', { dependsOn: ['draft'], due: { type: 'afterTask', task: 'draft', after: '5wd' } }),
        once('invite', { due: { type: 'conference', day: -3, workingDays: true, time: '17:00' } }),
      ]),
      clock: clockFrom('2023-01-19T01:00:00.000Z'), // 08:00 on Thursday 19/1/2023
      taskQueue: suite.env.taskQueue,
      date: '2023-01-30',
    });
    // Day 0 is Monday 30/1; counting back, 27/1 is the first working day, then Tết: 19/1, 18/1.
    expect((await tasksOf(conferenceId)).get('invite')?.due).toBe('2023-01-18T10:00:00.000Z');
    expect((await tasksOf(conferenceId)).get('final')?.due).toBeNull();

    const done = await actOnTask(suite.env.client, conferenceId, 'work', {
      action: 'complete',
      taskId: 'draft',
      actor: { unitId: 'a', person: 'Giàng A Páo' },
    });
    const completedAt = new Date(done.completedAt ?? '');
    // Completed on 19/1 (Vietnam time); the deadline is the 5th working day after, same time of day:
    // 20/1 and 23–26/1 are Tết, so the days are 27/1, 30/1, 31/1, 1/2, 2/2.
    expect(completedAt.toISOString().slice(0, 10)).toBe('2023-01-19');
    const final = await eventually(async () => {
      const t = (await tasksOf(conferenceId)).get('final');
      return t?.due ? t : undefined;
    }, 'the deadline of the task that waited');
    const expected = new Date(completedAt);
    expected.setUTCDate(expected.getUTCDate() + 14); // Thursday 2/2, at the completion's time
    expect(final.due).toBe(expected.toISOString());
    console.log(`Tết 2023: draft done ${done.completedAt}; final due ${final.due}; invite due 2023-01-18T10:00Z`);
  });

  it('count across 30/4–1/5/2023: 3 working days after Thursday 27/4 is Friday 5/5', async () => {
    const conferenceId = suite.env.conferenceId('may');
    await startConference(suite.env.client, {
      conferenceId,
      plan: planWith({ from: '2023-04-24', to: '2023-04-28' }, [
        once('settle', { due: { type: 'afterConference', after: '3wd', time: '17:00' } }),
      ]),
      clock: clockFrom('2023-04-20T01:00:00.000Z'),
      taskQueue: suite.env.taskQueue,
      date: '2023-04-27',
    });
    // 28/4 is the first; 29/4–3/5 are off (Giỗ Tổ on Saturday 29/4 moved to Tuesday 2/5); then 4/5, 5/5.
    expect((await tasksOf(conferenceId)).get('settle')?.due).toBe('2023-05-05T10:00:00.000Z');
  });
});
