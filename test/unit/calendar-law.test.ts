/**
 * The computed calendar (the law's days, statutory.ts, with each year's announcement laid over
 * them) against the files typed in by hand until December 2026 (test/fixtures/calendar), day by
 * day; and what the law alone gives where an announcement arranged otherwise.
 */
import { describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENTS,
  CALENDAR_VERSION,
  CalendarMissingError,
  hasCalendar,
  isProvisionalYear,
  isWorkingDay,
  lawOnlyCalendar,
  yearCalendar,
  type YearCalendar,
} from '../../domain/calendar';
import { CALENDAR_2022 } from '../fixtures/calendar/2022';
import { CALENDAR_2023 } from '../fixtures/calendar/2023';
import { CALENDAR_2024 } from '../fixtures/calendar/2024';
import { CALENDAR_2025 } from '../fixtures/calendar/2025';
import type { LegacyCalendar } from '../fixtures/calendar/legacy';

const TYPED_IN = [CALENDAR_2022, CALENDAR_2023, CALENDAR_2024, CALENDAR_2025];

function daysOf(year: number): string[] {
  const out: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000)
    out.push(new Date(ms).toISOString().slice(0, 10));
  return out;
}

/** The old rule over a typed-in file: a working Saturday, or a weekday not listed as a day off. */
function workedIn(file: LegacyCalendar, date: string): boolean {
  if (file.workingSaturdays.some((s) => s.date === date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !file.daysOff.some((o) => o.date === date);
}

/** Weekdays off that the calendar has and the other does not, and working Saturdays alike. */
function weekdaysOff(c: Pick<YearCalendar, 'daysOff'>): Set<string> {
  return new Set(c.daysOff.map((o) => o.date).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())));
}

describe('the computed calendar against the files typed in for 2022–2025', () => {
  for (const file of TYPED_IN) {
    for (const version of [1, CALENDAR_VERSION]) {
      it(`${file.year}, version ${version}: every day of the year is the same working day or day off, of the same kind`, () => {
        const computed = yearCalendar(file.year, version);
        expect(computed.provisional).toBe(false);
        const days = daysOf(file.year);
        const differing = days.filter((d) => isWorkingDay(d, version) !== workedIn(file, d));
        expect(differing).toEqual([]);
        expect(computed.daysOff.map((o) => `${o.date} ${o.kind}`)).toEqual(
          file.daysOff.map((o) => `${o.date} ${o.kind}`),
        );
        expect(computed.workingSaturdays).toEqual(file.workingSaturdays);
        expect(days.length).toBe(file.year === 2024 ? 366 : 365);
      });
    }
  }

  it('shows what each announcement changed from the law alone (Tết block, swaps, 2025’s Saturday Tết day)', () => {
    const changes = Object.fromEntries(
      TYPED_IN.map((file) => {
        const law = weekdaysOff(lawOnlyCalendar(file.year));
        const announced = weekdaysOff(file);
        return [
          file.year,
          {
            lawOnly: [...law].filter((d) => !announced.has(d)),
            announcedOnly: [...announced].filter((d) => !law.has(d)),
            worked: file.workingSaturdays.map((s) => s.date),
          },
        ];
      }),
    );
    expect(changes).toEqual({
      // The law alone gives 2022 exactly: Tết on the last day of Tân Sửu and mùng 1–4, 1/9 with 2/9.
      2022: { lawOnly: [], announcedOnly: [], worked: [] },
      // Tết 2023 and 2024 began two days before mùng 1 (29 tháng Chạp), not one: the block moved a day earlier.
      2023: { lawOnly: ['2023-01-27'], announcedOnly: ['2023-01-20'], worked: [] },
      2024: { lawOnly: ['2024-02-15'], announcedOnly: ['2024-02-08', '2024-04-29'], worked: ['2024-05-04'] },
      // 2025: two swaps; and mùng 4 on Saturday 1/2 had no day in lieu on Monday 3/2, as the law alone would give.
      2025: {
        lawOnly: ['2025-02-03'],
        announcedOnly: ['2025-01-27', '2025-05-02'],
        worked: ['2025-02-08', '2025-04-26'],
      },
    });
  });
});

describe('years after the files typed in', () => {
  it('2026 is announced: 1–4/1 (Friday 2/1 for Saturday 10/1), Tết 14–22/2, Giỗ Tổ on Sunday 26/4 taken on 27/4', () => {
    const c = yearCalendar(2026);
    expect(c.provisional).toBe(false);
    const off = (from: string, to: string): string[] =>
      daysOf(2026).filter((d) => d >= from && d <= to && !isWorkingDay(d));
    expect(off('2025-12-31', '2026-01-12')).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-11',
    ]);
    expect(isWorkingDay('2026-01-10')).toBe(true);
    expect(off('2026-02-13', '2026-02-23')).toEqual(daysOf(2026).filter((d) => d >= '2026-02-14' && d <= '2026-02-22'));
    expect(off('2026-04-24', '2026-05-04')).toEqual([
      '2026-04-25',
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
    ]);
    expect(off('2026-08-28', '2026-09-04')).toEqual(['2026-08-29', '2026-08-30', '2026-09-01', '2026-09-02']);
  });

  it('2027 is the law’s alone, provisional: Tết Đinh Mùi on Saturday 6/2, so 5–11/2 off; 1/5 on a Saturday, taken on 3/5', () => {
    const c = yearCalendar(2027);
    expect(c.provisional).toBe(true);
    expect(isProvisionalYear(2027)).toBe(true);
    expect(isProvisionalYear(2026)).toBe(false);
    expect(c.daysOff.filter((o) => o.date.startsWith('2027-02')).map((o) => `${o.date} ${o.kind}`)).toEqual([
      '2027-02-05 holiday',
      '2027-02-06 holiday',
      '2027-02-07 holiday',
      '2027-02-08 holiday',
      '2027-02-09 holiday',
      '2027-02-10 compensatory',
      '2027-02-11 compensatory',
    ]);
    expect(c.daysOff.find((o) => o.date === '2027-02-06')?.name).toBe('Tết Nguyên đán Đinh Mùi (mùng 1, thứ Bảy)');
    expect(isWorkingDay('2027-05-03')).toBe(false);
    expect(isWorkingDay('2027-04-16')).toBe(false); // Giỗ Tổ, 10/3 Đinh Mùi
  });

  it('version 1 (conferences started before) still refuses every year but 2022–2025; the law reaches 2021–2100', () => {
    expect(() => isWorkingDay('2026-03-03', 1)).toThrow(CalendarMissingError);
    expect(hasCalendar(2026, 1)).toBe(false);
    expect(hasCalendar(2100)).toBe(true);
    expect(() => isWorkingDay('2020-03-03')).toThrow(CalendarMissingError);
    expect(() => isWorkingDay('2101-03-03')).toThrow(CalendarMissingError);
  });

  it('each announcement names its sources and arranges only its own year; later versions only add', () => {
    for (const a of ANNOUNCEMENTS) {
      expect(a.sources.length, String(a.year)).toBeGreaterThan(0);
      expect(a.since).toBeLessThanOrEqual(CALENDAR_VERSION);
      for (const days of Object.values(a.occasions))
        for (const o of days) expect(o.date.startsWith(`${a.year}-`), o.date).toBe(true);
      for (const s of a.workingSaturdays) {
        expect(new Date(`${s.date}T00:00:00Z`).getUTCDay(), s.date).toBe(6);
        const swapped = Object.values(a.occasions)
          .flat()
          .find((o) => o.date === s.replaces);
        expect(swapped?.kind, s.replaces).toBe('swapped');
      }
    }
  });
});
