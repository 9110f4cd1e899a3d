import { describe, expect, it } from 'vitest';
import { addWorkingDays, CALENDARS, CalendarMissingError, isWorkingDay } from '../../domain/calendar';
import { parsePlanText } from '../../domain/plan/load';
import { checkPlan } from '../../domain/plan/checks';
import { validatePlan } from '../../domain/plan/validate';
import type { DueRule, Task } from '../../domain/plan/schema';
import { resolveDue, resolveDueOrThrow, resolveTaskSchedule } from '../../domain/schedule';
import { addSpan, spanToMs, subtractSpan, toLocalIso } from '../../domain/time';
import { judgeStartDate } from '../../cli/start-date';
import { REAL_CLOCK } from '../../domain/clock';
import { fixtureData, setAt } from './helpers/plans';

describe('the holiday calendar', () => {
  it('holds the announced years 2022 to 2026, each well formed', () => {
    expect(Object.keys(CALENDARS)).toEqual(['2022', '2023', '2024', '2025', '2026']);
    for (const [year, calendar] of Object.entries(CALENDARS)) {
      expect(calendar.year).toBe(Number(year));
      expect(calendar.sources.length).toBeGreaterThan(0);
      const dates = calendar.daysOff.map((o) => o.date);
      expect(dates, year).toEqual([...new Set(dates)].sort());
      for (const o of calendar.daysOff) {
        expect(o.date.startsWith(`${year}-`), o.date).toBe(true);
        const weekday = new Date(`${o.date}T00:00:00Z`).getUTCDay();
        // Compensatory and swapped days off are weekdays; a holiday may fall on a weekend.
        if (o.kind !== 'holiday') expect([0, 6], o.date).not.toContain(weekday);
      }
      for (const s of calendar.workingSaturdays) {
        expect(new Date(`${s.date}T00:00:00Z`).getUTCDay(), s.date).toBe(6);
        expect(calendar.daysOff.find((o) => o.date === s.replaces)?.kind, s.replaces).toBe('swapped');
      }
    }
  });

  it('knows the 2023 days off: Tết 20–26/1, 29/4–3/5 (Giỗ Tổ on Saturday 29/4 moved to 2/5), 1–4/9', () => {
    const off2023 = (from: string, to: string): string[] => {
      const out: string[] = [];
      for (let d = from; d <= to; d = next(d)) if (!isWorkingDay(d)) out.push(d);
      return out;
    };
    expect(off2023('2023-01-19', '2023-01-27')).toEqual([
      '2023-01-20',
      '2023-01-21',
      '2023-01-22',
      '2023-01-23',
      '2023-01-24',
      '2023-01-25',
      '2023-01-26',
    ]);
    expect(off2023('2023-04-28', '2023-05-05')).toEqual([
      '2023-04-29',
      '2023-04-30',
      '2023-05-01',
      '2023-05-02',
      '2023-05-03',
    ]);
    expect(off2023('2023-08-31', '2023-09-05')).toEqual(['2023-09-01', '2023-09-02', '2023-09-03', '2023-09-04']);
    expect(isWorkingDay('2023-01-02')).toBe(false); // 1/1/2023 was a Sunday
  });
});

describe('addWorkingDays', () => {
  it('counts across Tết 2023 (20–26 January): 5 working days after Thursday 19/1 is Thursday 2/2', () => {
    // 20/1 and 23–26/1 are Tết, 21–22/1 a weekend: 27/1 (1), 30/1 (2), 31/1 (3), 1/2 (4), 2/2 (5).
    expect(addWorkingDays('2023-01-19', 5)).toBe('2023-02-02');
    expect(addWorkingDays('2023-01-19', 1)).toBe('2023-01-27');
    expect(addWorkingDays('2023-01-27', -1)).toBe('2023-01-19');
    // An instant keeps its Vietnam time of day: 10:00 on 18/1 + 5wd = 10:00 on 1/2.
    expect(addWorkingDays('2023-01-18T03:00:00.000Z', 5)).toBe('2023-02-01T03:00:00.000Z');
  });

  it('counts across 30/4–1/5/2023: 3 working days after Thursday 27/4 is Friday 5/5', () => {
    // 28/4 (1); 29/4–3/5 off (Giỗ Tổ, 30/4, 1/5 and the two days moved off the weekend); 4/5 (2), 5/5 (3).
    expect(addWorkingDays('2023-04-27', 3)).toBe('2023-05-05');
    expect(addWorkingDays('2023-04-28', 1)).toBe('2023-05-04');
  });

  it('counts a swapped working Saturday: Saturday 4/5/2024, worked for Monday 29/4/2024', () => {
    expect(isWorkingDay('2024-04-29')).toBe(false);
    expect(isWorkingDay('2024-05-04')).toBe(true);
    expect(isWorkingDay('2024-05-11')).toBe(false);
    // Friday 26/4: 27/4–1/5 off; 2/5 (1), 3/5 (2), Saturday 4/5 (3), Monday 6/5 (4).
    expect(addWorkingDays('2024-04-26', 3)).toBe('2024-05-04');
    expect(addWorkingDays('2024-04-26', 4)).toBe('2024-05-06');
  });

  it('crosses the new year, and 0 is the day itself', () => {
    expect(addWorkingDays('2022-12-30', 1)).toBe('2023-01-03'); // 2/1/2023: the day off for Sunday 1/1
    expect(addWorkingDays('2023-01-21', 0)).toBe('2023-01-21');
  });

  it('counts across Tết Ất Tỵ 2025 (25/1–2/2, Saturday 8/2 worked for Monday 27/1) and 30/4–4/5/2025', () => {
    // Friday 24/1: 27–31/1 off, 3/2 (1), 4/2 (2), 5/2 (3), 6/2 (4), 7/2 (5), Saturday 8/2 (6).
    expect(addWorkingDays('2025-01-24', 5)).toBe('2025-02-07');
    expect(addWorkingDays('2025-01-24', 6)).toBe('2025-02-08');
    expect(isWorkingDay('2025-02-15')).toBe(false);
    // Friday 25/4: Saturday 26/4 worked (1), 28/4 (2), 29/4 (3); 30/4–4/5 off; 5/5 (4).
    expect(addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-25', 4)).toBe('2025-05-05');
    expect(isWorkingDay('2025-04-07')).toBe(false); // Giỗ Tổ Hùng Vương
    expect(isWorkingDay('2025-09-01')).toBe(false);
  });

  it('counts into 2026 (announced) and 2027 (the law alone); version 1 refuses both, naming the year', () => {
    // Wednesday 31/12/2025: 1–4/1/2026 off (Friday 2/1 swapped), Monday 5/1 is the first working day.
    expect(addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    // Friday 5/2/2027: Tết Đinh Mùi 5–9/2 and two days in lieu, 10–11/2; Friday 12/2 is the first.
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-12');
    expect(() => addWorkingDays('2025-12-31', 1, 1)).toThrow(CalendarMissingError);
    try {
      addWorkingDays('2026-03-03', 2, 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarMissingError);
      expect((e as CalendarMissingError).year).toBe(2026);
      expect((e as CalendarMissingError).path).toBe('domain/calendar/announced/2026.ts');
    }
  });
});

describe('working-day spans', () => {
  it('adds and subtracts "wd" on the calendar; fixed spans are unchanged', () => {
    expect(addSpan('2023-01-18T03:00:00.000Z', '5wd')).toBe('2023-02-01T03:00:00.000Z');
    expect(subtractSpan('2023-02-01T03:00:00.000Z', '5wd')).toBe('2023-01-18T03:00:00.000Z');
    expect(addSpan('2023-01-18T03:00:00.000Z', '5d')).toBe('2023-01-23T03:00:00.000Z');
    expect(subtractSpan('2023-01-23T03:00:00.000Z', '12h')).toBe('2023-01-22T15:00:00.000Z');
    expect(() => spanToMs('5wd')).toThrow(/working days/);
  });
});

describe('deadlines in working days', () => {
  const at = (rule: DueRule, conferenceDate: string | null, completedAt: Record<string, string> = {}) => {
    const due = resolveDue(rule, { conferenceDate, completedAt });
    return due === null ? null : toLocalIso(due);
  };

  it('counts a conference-relative day in working days ("03 ngày làm việc trước")', () => {
    // Conference on Monday 30/1/2023: 27/1 (1), then back over Tết to 19/1 (2) and 18/1 (3).
    expect(at({ type: 'conference', day: -3, time: '17:00', workingDays: true }, '2023-01-30')).toBe(
      '2023-01-18T17:00:00+07:00',
    );
    expect(at({ type: 'conference', day: -3, time: '17:00' }, '2023-01-30')).toBe('2023-01-27T17:00:00+07:00');
  });

  it('puts "after the conference" at the end of the N-th (working) day after day 0, or at its time', () => {
    // Conference on Friday 28/4/2023: 4/5 (1), 5/5 (2), 8/5 (3), 9/5 (4), 10/5 (5) → end of 10/5.
    expect(at({ type: 'afterConference', after: '5wd' }, '2023-04-28')).toBe('2023-05-11T00:00:00+07:00');
    expect(at({ type: 'afterConference', after: '5wd', time: '17:00' }, '2023-04-28')).toBe(
      '2023-05-10T17:00:00+07:00',
    );
    // Settlement within 30 days after the conference of 30/3/2023: by the end of 29/4.
    expect(at({ type: 'afterConference', after: '30d' }, '2023-03-30')).toBe('2023-04-30T00:00:00+07:00');
    expect(at({ type: 'afterConference', after: '30d' }, null)).toBeNull();
  });

  it('counts a span after a task in working days, across Tết 2023', () => {
    const rule: DueRule = { type: 'afterTask', task: 'a', after: '5wd' };
    expect(at(rule, null, { a: '2023-01-19T03:00:00.000Z' })).toBe('2023-02-02T10:00:00+07:00');
  });

  it('sets working-day reminders and waits for the date', () => {
    const task = {
      id: 't',
      title: 'x',
      clause: 'I',
      kind: 'once',
      assignees: ['a'],
      dependsOn: [],
      due: { type: 'afterConference', after: '1wd', time: '17:00' },
      remindBefore: ['1wd', '1d'],
      organizerChoice: false,
    } satisfies Task;
    // Conference on Thursday 19/1/2023: due at 17:00 on Friday 27/1; 1wd before is 17:00 on 19/1.
    const s = resolveTaskSchedule(task, { conferenceDate: '2023-01-19', completedAt: {} });
    expect(s.due && toLocalIso(s.due)).toBe('2023-01-27T17:00:00+07:00');
    expect(s.reminders.map(toLocalIso)).toEqual(['2023-01-19T17:00:00+07:00', '2023-01-26T17:00:00+07:00']);
    expect(resolveTaskSchedule(task, { conferenceDate: null, completedAt: {} }).waitingFor).toBe('date');
  });

  it('resolves to no deadline in a year its calendar version lacks, where the checks throw', () => {
    const rule: DueRule = { type: 'afterConference', after: '5wd' };
    expect(resolveDue(rule, { conferenceDate: '2026-03-20', completedAt: {}, calendar: 1 })).toBeNull();
    expect(() => resolveDueOrThrow(rule, { conferenceDate: '2026-03-20', completedAt: {}, calendar: 1 })).toThrow(
      CalendarMissingError,
    );
    // The current version counts 2026: Friday 20/3 + 5 working days is Friday 27/3, to its end.
    expect(at(rule, '2026-03-20')).toBe('2026-03-28T00:00:00+07:00');
  });
});

describe('plan check and working days', () => {
  const withSettlement = (due: unknown, conference: Record<string, unknown> = {}) => {
    const data = fixtureData();
    setAt(data, 'responsibilities[1].tasks[1].due', due);
    for (const [k, v] of Object.entries(conference)) setAt(data, `conference.${k}`, v);
    return validatePlan(data);
  };

  it('accepts working-day deadlines in years it has a calendar for', () => {
    expect(withSettlement({ type: 'afterConference', after: '10wd' }).ok).toBe(true);
    expect(withSettlement({ type: 'afterTask', task: 'budget.estimate', after: '5wd' }).ok).toBe(true);
  });

  it('accepts working-day deadlines in 2026 (announced) and 2027 (provisional: the law alone)', () => {
    for (const window of [
      { from: '2026-03-20', to: '2026-03-31', text: 'cuối tháng 3 năm 2026' },
      { from: '2027-01-10', to: '2027-03-31', text: 'quý I năm 2027' },
    ])
      expect(withSettlement({ type: 'afterConference', after: '10wd' }, { window }).ok, window.from).toBe(true);
  });

  /** A plan valid today, checked as a conference on calendar version 1 (started before 2026 was computed) is. */
  const onVersion1 = (result: ReturnType<typeof validatePlan>) =>
    result.ok ? checkPlan(result.plan, 1) : result.issues;

  it('on calendar version 1, refuses a working-day deadline in 2026, naming the path and the year', () => {
    const issues = onVersion1(
      withSettlement(
        { type: 'afterConference', after: '10wd' },
        { window: { from: '2026-03-20', to: '2026-03-31', text: 'cuối tháng 3 năm 2026' } },
      ),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('responsibilities[1].tasks[1].due');
    expect(issues[0]?.message.vi).toContain('năm 2026');
    expect(issues[0]?.message.vi).toContain('lịch phiên bản 1');
    expect(issues[0]?.message.en).toContain('holiday calendar of 2026');
  });

  it('on calendar version 1, refuses a late window whose working days run into 2026', () => {
    const issues = onVersion1(
      withSettlement(
        { type: 'afterConference', after: '10wd' },
        { window: { from: '2025-12-10', to: '2025-12-20', text: 'giữa tháng 12' } },
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['responsibilities[1].tasks[1].due']);
    expect(issues[0]?.message.en).toContain('2026');
  });

  it('on calendar version 1, refuses a working-day reminder, and a deadline after a task, in 2026', () => {
    const data = fixtureData();
    setAt(data, 'conference.window', { from: '2026-03-20', to: '2026-03-31', text: 'cuối tháng 3' });
    setAt(data, 'responsibilities[0].tasks[0].due', { type: 'absolute', at: '2026-03-20T00:00' });
    setAt(data, 'responsibilities[0].tasks[1].remindBefore', ['2wd']);
    setAt(data, 'responsibilities[1].tasks[1].due', { type: 'afterTask', task: 'budget.estimate', after: '5wd' });
    expect(onVersion1(validatePlan(data)).map((i) => i.path)).toEqual([
      'responsibilities[0].tasks[1].remindBefore[0]',
      'responsibilities[1].tasks[1].due',
    ]);
  });

  it('reads "5wd" in a plan file, and refuses "5w"', () => {
    const text = (after: string): string => {
      const data = fixtureData();
      setAt(data, 'responsibilities[1].tasks[1].due', { type: 'afterConference', after });
      return JSON.stringify(data); // JSON is YAML
    };
    expect(parsePlanText(text('5wd')).ok).toBe(true);
    const bad = parsePlanText(text('5w'));
    expect(bad.ok ? [] : bad.issues.map((i) => `${i.path}: ${i.message.vi}`)).toEqual([
      'responsibilities[1].tasks[1].due.after: Phải là số ngày như "30d" hoặc "5wd" (ngày làm việc)',
    ]);
  });
});

describe('optional parts of the conference', () => {
  it('needs no window when the date is fixed, and then takes that day as the window', () => {
    const data = fixtureData();
    setAt(data, 'conference.window', undefined);
    setAt(data, 'conference.date', '2023-03-30');
    setAt(data, 'conference.dayBefore', undefined);
    setAt(data, 'conference.delegates', undefined);
    const result = validatePlan(data);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.conference.window).toEqual({ from: '2023-03-30', to: '2023-03-30', text: 'ngày 30/3/2023' });
    expect(result.plan.conference.delegates).toBeUndefined();
    expect(result.plan.conference.dayBefore).toBeUndefined();
  });

  it('needs a window while the date is not fixed', () => {
    const data = fixtureData();
    setAt(data, 'conference.window', undefined);
    const result = validatePlan(data);
    expect(result.ok ? [] : result.issues).toEqual([
      {
        path: 'conference.window',
        message: {
          vi: 'Cần khoảng thời gian dự kiến (window) khi kế hoạch chưa ấn định ngày (date)',
          en: 'Needs a tentative window when the date is not fixed',
        },
      },
    ]);
  });
});

describe('kehoach start --date', () => {
  const plan = (() => {
    const r = validatePlan(fixtureData());
    if (!r.ok) throw new Error('fixture');
    return r.plan;
  })();
  const now = '2023-03-21T03:00:00.000Z'; // 10:00 on 21/3/2023 in Vietnam

  it('refuses a past date in real time, as `kehoach schedule` does', () => {
    const v = judgeStartDate(plan, '2023-03-20', REAL_CLOCK, now);
    expect(v.refusal?.field).toBe('date');
    expect(v.refusal?.vi).toBe('Ngày 2023-03-20 đã qua; chọn một ngày từ 2023-03-21 trở đi.');
    expect(v.refusal?.en).toBe('2023-03-20 is in the past; choose 2023-03-21 or later.');
    expect(judgeStartDate(plan, '2023-03-21', REAL_CLOCK, now)).toEqual({});
  });

  it('lets a rehearsal start on a past day', () => {
    const clock = { mode: 'rehearsal' as const, planStart: '2023-03-14T01:00:00.000Z', msPerPlanDay: 1000 };
    expect(judgeStartDate(plan, '2023-03-20', clock, now)).toEqual({});
  });

  it('warns about a date outside the window, without refusing it', () => {
    const v = judgeStartDate(plan, '2023-04-03', REAL_CLOCK, now);
    expect(v.refusal).toBeUndefined();
    expect(v.warning?.vi).toContain('nằm ngoài khoảng thời gian dự kiến của kế hoạch (2023-03-20 – 2023-03-31');
    expect(v.warning?.en).toContain("outside the plan's tentative window");
  });
});

function next(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
