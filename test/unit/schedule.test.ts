import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../domain/plan/load';
import type { Plan, Task } from '../../domain/plan/schema';
import { resolveDue, resolveSchedule, resolveTaskSchedule, type ScheduleContext } from '../../domain/schedule';
import { fixtureText } from './helpers/plans';

function minimalPlan(): Plan {
  const result = parsePlanText(fixtureText('valid-minimal.yaml'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function task(plan: Plan, id: string): Task {
  const found = plan.responsibilities.flatMap((r) => r.tasks).find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}

const on = (conferenceDate: string | null, completedAt: Record<string, string> = {}): ScheduleContext => ({
  conferenceDate,
  completedAt,
});

describe('due-rule resolution', () => {
  const plan = minimalPlan();
  const cluster = task(plan, 'reports.cluster'); // conference day −3, 17:00
  const district = task(plan, 'reports.district'); // absolute, before 20/3/2023
  const security = task(plan, 'ceremony.security'); // phased: day −1 07:00, day 0 11:30, day +1 12:00
  const settlement = task(plan, 'budget.settlement'); // 30 days after budget.estimate

  it('puts a conference-relative deadline in UTC, with reminders 3 days and 1 day before', () => {
    const s = resolveTaskSchedule(cluster, on('2023-03-30'));
    expect(s.due).toBe('2023-03-27T10:00:00.000Z'); // 27/3 17:00 local
    expect(s.reminders).toEqual(['2023-03-24T10:00:00.000Z', '2023-03-26T10:00:00.000Z']);
    expect(s.waitingFor).toBeNull();
  });

  it('moves relative deadlines and reminders when the date moves later', () => {
    const s = resolveTaskSchedule(cluster, on('2023-03-31'));
    expect(s.due).toBe('2023-03-28T10:00:00.000Z');
    expect(s.reminders).toEqual(['2023-03-25T10:00:00.000Z', '2023-03-27T10:00:00.000Z']);
  });

  it('moves relative deadlines when the date moves earlier, across a month boundary', () => {
    expect(resolveTaskSchedule(cluster, on('2023-03-25')).due).toBe('2023-03-22T10:00:00.000Z');
    expect(resolveTaskSchedule(cluster, on('2023-04-02')).due).toBe('2023-03-30T10:00:00.000Z');
  });

  it('resolves the day-before rule to the previous calendar day in local time', () => {
    const s = resolveTaskSchedule(security, on('2023-04-01'));
    expect(s.phases.map((p) => [p.phase, p.due])).toEqual([
      ['before', '2023-03-31T00:00:00.000Z'], // 31/3 07:00 local
      ['during', '2023-04-01T04:30:00.000Z'], // 1/4 11:30
      ['after', '2023-04-02T05:00:00.000Z'], // 2/4 12:00
    ]);
    expect(s.due).toBe('2023-04-02T05:00:00.000Z');
    expect(s.phases[0]?.reminders).toEqual(['2023-03-28T00:00:00.000Z', '2023-03-30T00:00:00.000Z']);
  });

  it('leaves absolute deadlines where they are whatever the conference date', () => {
    for (const date of [null, '2023-03-20', '2023-03-31', '2023-06-15']) {
      const s = resolveTaskSchedule(district, on(date));
      expect(s.due).toBe('2023-03-19T17:00:00.000Z');
      expect(s.reminders).toEqual(['2023-03-16T17:00:00.000Z', '2023-03-18T17:00:00.000Z']);
      expect(s.waitingFor).toBeNull();
    }
  });

  it('waits for the invitation while the date is unknown: no deadline, no reminders', () => {
    const s = resolveTaskSchedule(cluster, on(null));
    expect(s).toEqual({ due: null, reminders: [], phases: [], waitingFor: 'date' });
    const phased = resolveTaskSchedule(security, on(null));
    expect(phased.due).toBeNull();
    expect(phased.waitingFor).toBe('date');
    expect(phased.phases.every((p) => p.due === null && p.reminders.length === 0)).toBe(true);
  });

  it('waits for the task a deadline follows, then counts from its completion', () => {
    expect(resolveTaskSchedule(settlement, on('2023-03-30'))).toMatchObject({ due: null, waitingFor: 'task' });
    const s = resolveTaskSchedule(settlement, on('2023-03-30', { 'budget.estimate': '2023-03-20T03:00:00.000Z' }));
    expect(s.due).toBe('2023-04-19T03:00:00.000Z');
    expect(s.waitingFor).toBeNull();
  });

  it('resolves a single rule of each type', () => {
    const ctx = on('2023-03-30', { a: '2023-03-01T00:00:00.000Z' });
    expect(resolveDue({ type: 'absolute', at: '2023-03-20T00:00' }, ctx)).toBe('2023-03-19T17:00:00.000Z');
    expect(resolveDue({ type: 'conference', day: 0, time: '07:30' }, ctx)).toBe('2023-03-30T00:30:00.000Z');
    expect(resolveDue({ type: 'afterTask', task: 'a', after: '12h' }, ctx)).toBe('2023-03-01T12:00:00.000Z');
    expect(resolveDue({ type: 'afterTask', task: 'b', after: '12h' }, ctx)).toBeNull();
  });

  it('orders reminders ascending and drops duplicates', () => {
    const t: Task = { ...cluster, remindBefore: ['1d', '3d', '1d', '2h'] };
    expect(resolveTaskSchedule(t, on('2023-03-30')).reminders).toEqual([
      '2023-03-24T10:00:00.000Z',
      '2023-03-26T10:00:00.000Z',
      '2023-03-27T08:00:00.000Z',
    ]);
  });

  it('resolves every task of the plan, keyed by task id', () => {
    const all = resolveSchedule(plan, on('2023-03-30'));
    expect(Object.keys(all).sort()).toEqual(plan.responsibilities.flatMap((r) => r.tasks.map((t) => t.id)).sort());
    expect(all['reports.cluster']?.due).toBe('2023-03-27T10:00:00.000Z');
  });
});
