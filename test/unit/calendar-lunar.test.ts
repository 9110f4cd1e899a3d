/**
 * The lunar table workflow code reads (domain/calendar/lunar-dates.ts) against the library that
 * made it (`date-chinese`, scripts/lunar-dates.ts), every year; and the years where the Vietnamese
 * lunar calendar, reckoned at UTC+7, parts from the Chinese one at UTC+8.
 */
import { describe, expect, it } from 'vitest';
import { LUNAR_DATES, LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR } from '../../domain/calendar/lunar-dates';
import { lunarYearName } from '../../domain/calendar/statutory';
import * as generator from '../../scripts/lunar-dates';

describe('the lunar dates of Tết and Giỗ Tổ Hùng Vương', () => {
  it('are what date-chinese computes at UTC+7, for every year of the table', () => {
    expect([LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR]).toEqual([generator.LUNAR_FIRST_YEAR, generator.LUNAR_LAST_YEAR]);
    const differing: number[] = [];
    for (let year = LUNAR_FIRST_YEAR; year <= LUNAR_LAST_YEAR; year += 1) {
      const { tet, hungKings } = generator.lunarKeyDates(year);
      if (LUNAR_DATES[year]?.join() !== [tet.slice(5), hungKings.slice(5)].join()) differing.push(year);
    }
    expect(differing).toEqual([]);
  }, 30_000);

  it('match the years on file: Tết 1/2/2022, 22/1/2023, 10/2/2024, 29/1/2025, 17/2/2026, 6/2/2027', () => {
    expect([2022, 2023, 2024, 2025, 2026, 2027].map((y) => `${y}-${LUNAR_DATES[y]?.[0]}`)).toEqual([
      '2022-02-01',
      '2023-01-22',
      '2024-02-10',
      '2025-01-29',
      '2026-02-17',
      '2027-02-06',
    ]);
    expect([2022, 2023, 2024, 2025, 2026, 2027].map((y) => `${y}-${LUNAR_DATES[y]?.[1]}`)).toEqual([
      '2022-04-10',
      '2023-04-29',
      '2024-04-18',
      '2025-04-07',
      '2026-04-26',
      '2027-04-16',
    ]);
    expect(lunarYearName(2026)).toBe('Bính Ngọ');
    expect(lunarYearName(2027)).toBe('Đinh Mùi');
  });

  it('differ from the Chinese calendar where the new moon falls between 16:00 and 17:00 UTC: Tết 1985, 2007, 2030', () => {
    const both = (year: number) => [generator.lunarKeyDates(year).tet, generator.lunarKeyDates(year, 'chinese').tet];
    expect(both(1985)).toEqual(['1985-01-21', '1985-02-20']);
    expect(both(2007)).toEqual(['2007-02-17', '2007-02-18']);
    expect(both(2030)).toEqual(['2030-02-02', '2030-02-03']);
    expect(both(2026)).toEqual(['2026-02-17', '2026-02-17']);
    // Giỗ Tổ 2009 (Saturday 4/4, a day before China's 10/3) and 2037.
    expect(generator.lunarKeyDates(2009).hungKings).toBe('2009-04-04');
    expect(generator.lunarKeyDates(2009, 'chinese').hungKings).toBe('2009-04-05');
    expect(generator.lunarKeyDates(2037).hungKings).toBe('2037-04-24');
  });
});
