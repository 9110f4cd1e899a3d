/**
 * The two lunar dates of Vietnam's public holidays, computed with `date-chinese` (commenthol; the
 * lunar calendar used by `date-holidays`): mùng 1 tháng Giêng (Tết) and 10 tháng 3 (Giỗ Tổ Hùng
 * Vương) of the lunar year that starts in a Gregorian year.
 *
 * Its `CalendarVietnamese` reckons new moons and solar terms at UTC+7 (from 1968, as Vietnam has
 * since), not at China's UTC+8: the two differ in 1985, 2007, 2030 and 2053 for Tết and in 2009,
 * 2037, 2038 … for Giỗ Tổ (test/unit/calendar-lunar.test.ts). Its astronomy (VSOP87, ~10 ms a
 * year) is too heavy for workflow code, which cannot cache: `npx tsx scripts/calendar-lunar.ts` writes the
 * results as data into `domain/calendar/lunar-dates.ts`, and the test recomputes every year.
 */
import { CalendarChinese, CalendarVietnamese } from 'date-chinese';

/** The first and last Gregorian years in the table (the Vietnamese reckoning at UTC+7 starts in 1968). */
export const LUNAR_FIRST_YEAR = 1968;
export const LUNAR_LAST_YEAR = 2100;

export interface LunarKeyDates {
  /** Mùng 1 tháng Giêng, `YYYY-MM-DD`. */
  tet: string;
  /** 10 tháng 3 (the ordinary month 3, not a leap one), `YYYY-MM-DD`. */
  hungKings: string;
}

/** Tết and Giỗ Tổ of the lunar year beginning in Gregorian `year`, in Vietnam (or, for a check, China). */
export function lunarKeyDates(year: number, calendar: 'vietnamese' | 'chinese' = 'vietnamese'): LunarKeyDates {
  const Calendar = calendar === 'vietnamese' ? CalendarVietnamese : CalendarChinese;
  const newYear = new Calendar().fromJDE(new Calendar().newYear(year));
  const hungKings = new Calendar(newYear.cycle, newYear.year, 3, false, 10);
  return { tet: iso(newYear.toGregorian()), hungKings: iso(hungKings.toGregorian()) };
}

function iso(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
