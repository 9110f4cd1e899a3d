import { describe, expect, it } from 'vitest';
import { DueRuleSchema, PlanSchema, TaskSchema } from '../../domain/plan/schema';
import { fixtureData, setAt } from './helpers/plans';

function issuePaths(data: unknown): string[] {
  const result = PlanSchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('plan schema', () => {
  it('accepts the minimal plan and fills in the defaults', () => {
    const plan = PlanSchema.parse(fixtureData());
    const cluster = plan.responsibilities[0]?.tasks[1];
    expect(cluster?.remindBefore).toEqual(['3d', '1d']);
    expect(cluster?.organizerChoice).toBe(false);
    expect(plan.responsibilities[0]?.support).toEqual([]);
    expect(plan.responsibilities[0]?.tasks[0]?.dependsOn).toEqual([]);
    expect(plan.units[0]?.contacts).toEqual([{ channel: 'log' }]);
  });

  it('rejects ids that are not lower-case slugs (they end up in workflow ids)', () => {
    const data = fixtureData();
    setAt(data, 'units[0].id', 'Nội-Vụ');
    expect(issuePaths(data)).toEqual(['units.0.id']);
  });

  it('rejects dates that do not exist and times past 23:59', () => {
    const data = fixtureData();
    setAt(data, 'conference.window.to', '2023-02-30');
    setAt(data, 'conference.startTime', '24:00');
    expect(issuePaths(data).sort()).toEqual(['conference.startTime', 'conference.window.to']);
  });

  it('rejects unknown fields, so a misspelt key is not silently ignored', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[0].tasks[0].deadline', '2023-03-20');
    expect(PlanSchema.safeParse(data).success).toBe(false);
  });

  it('requires approvers on approvals and phases on phased duties', () => {
    expect(
      TaskSchema.safeParse({
        id: 'a',
        kind: 'approval',
        title: 'Dự toán',
        clause: 'III.1.4',
        assignees: ['noi-vu'],
        approvers: [],
        due: { type: 'conference', day: -10, time: '17:00' },
      }).success,
    ).toBe(false);
    expect(
      TaskSchema.safeParse({
        id: 'a',
        kind: 'phased',
        title: 'An ninh',
        clause: 'III.1.5',
        assignees: ['cong-an'],
        phases: [],
        due: { type: 'conference', day: 1, time: '12:00' },
      }).success,
    ).toBe(false);
  });

  it('rejects blank titles and tasks with no assignee', () => {
    const data = fixtureData();
    setAt(data, 'responsibilities[0].tasks[0].title', '   ');
    setAt(data, 'responsibilities[0].tasks[0].assignees', []);
    expect(issuePaths(data).sort()).toEqual([
      'responsibilities.0.tasks.0.assignees',
      'responsibilities.0.tasks.0.title',
    ]);
  });

  it('tells the three due rules apart and rejects spans in weeks', () => {
    expect(DueRuleSchema.parse({ type: 'conference', day: -1, time: '17:00' })).toEqual({
      type: 'conference',
      day: -1,
      time: '17:00',
    });
    expect(DueRuleSchema.safeParse({ type: 'afterTask', task: 'a', after: '2w' }).success).toBe(false);
    expect(DueRuleSchema.safeParse({ type: 'absolute', at: '2023-03-20' }).success).toBe(false);
    expect(DueRuleSchema.safeParse({ type: 'conference', day: 1.5, time: '17:00' }).success).toBe(false);
  });
});
