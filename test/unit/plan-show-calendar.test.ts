/**
 * `plan check` and `plan show` on working-day deadlines in 2026 (announced) and 2027 (no
 * announcement on file: the law's days alone, provisional): accepted, and the 2027 ones marked.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../domain/plan/validate';
import type { Plan } from '../../domain/plan/schema';
import { buildShowJson, formatShowText } from '../../cli/plan-view';
import { fixtureData, setAt } from './helpers/plans';

function planOn(date: string): Plan {
  const data = fixtureData();
  setAt(data, 'conference.window', { from: date, to: date, text: `ngày ${date}` });
  setAt(data, 'conference.date', date);
  for (const path of ['responsibilities[0].tasks[0].due', 'responsibilities[0].tasks[1].due'])
    setAt(data, path, { type: 'conference', day: -3, workingDays: true, time: '17:00' });
  setAt(data, 'responsibilities[1].tasks[1].due', { type: 'afterConference', after: '10wd' });
  const result = validatePlan(data);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message.en}`).join('\n'));
  return result.plan;
}

describe('plan show with working days in 2026 and 2027', () => {
  it('counts 10 working days after Friday 22/1/2027 across Tết Đinh Mùi (5–11/2), marked provisional', () => {
    const plan = planOn('2027-01-22');
    const view = buildShowJson(plan, { conferenceDate: '2027-01-22', completedAt: {} });
    expect(view.provisionalYears).toEqual([2027]);
    const settlement = view.responsibilities[1]?.tasks[1];
    // 25–29/1 (5), 1–4/2 (9), then Tết and two days in lieu to 11/2: Friday 12/2 is the tenth, to its end.
    expect(settlement?.due).toBe('2027-02-13T00:00:00+07:00');
    expect(settlement?.provisional).toBe(true);
    // 3 working days before the conference: 19/1/2027, counted in 2027 too.
    expect(view.responsibilities[0]?.tasks[0]?.due).toBe('2027-01-19T17:00:00+07:00');
    expect(view.responsibilities[0]?.tasks[0]?.provisional).toBe(true);
    // Deadlines in calendar days or hours are not counted on the holiday calendar: never provisional.
    const others = view.responsibilities.flatMap((r) => r.tasks).filter((t) => t.due !== null && !t.provisional);
    expect(others.length).toBeGreaterThan(0);
    const text = formatShowText(plan, { conferenceDate: '2027-01-22', completedAt: {} }, 'vi');
    expect(text).toMatch(/13\/02\/2027 00:00 ~/);
    expect(text).toContain('~ hạn tạm tính: đếm ngày làm việc theo lịch nghỉ lễ năm 2027 theo Bộ luật Lao động');
    expect(formatShowText(plan, { conferenceDate: '2027-01-22', completedAt: {} }, 'en')).toContain(
      "~ provisional deadline: working days counted on the Labour Code's holidays of 2027",
    );
  });

  it('marks nothing in 2026, whose announcement is on file', () => {
    const plan = planOn('2026-02-06');
    const view = buildShowJson(plan, { conferenceDate: '2026-02-06', completedAt: {} });
    expect(view.provisionalYears).toEqual([]);
    // Friday 6/2/2026 + 10 working days: 9–13/2 (5), Tết 14–22/2, 23–27/2 (10): to the end of 27/2.
    expect(view.responsibilities[1]?.tasks[1]?.due).toBe('2026-02-28T00:00:00+07:00');
    expect(view.responsibilities.flatMap((r) => r.tasks).some((t) => t.provisional)).toBe(false);
    expect(formatShowText(plan, { conferenceDate: '2026-02-06', completedAt: {} }, 'vi')).not.toContain('tạm tính');
  });
});
