/**
 * The part of a year's days off that is law, not announcement: Bộ luật Lao động 2019 (in force
 * from 1 January 2021), Điều 112 khoản 1 —
 *   a) Tết Dương lịch, 01 ngày (1/1);   b) Tết Âm lịch, 05 ngày;   c) Ngày Chiến thắng, 01 ngày (30/4);
 *   d) Ngày Quốc tế lao động, 01 ngày (1/5);   đ) Quốc khánh, 02 ngày (2/9 and one day before or
 *   after it);   e) Giỗ Tổ Hùng Vương, 01 ngày (10 tháng 3 âm lịch);
 * and Điều 111 khoản 3: a holiday on the weekly rest day is taken on the next working day. For a
 * Monday–Friday office both Saturday and Sunday are weekly rest days.
 *
 * Two choices the law leaves to each year's decision are made here the way they were most often
 * made, so that a year without its announcement still has a calendar (marked provisional):
 * - Tết: the last day of the lunar year and mùng 1–4 (as in 2022, 2025 and 2026; 2023 and 2024
 *   took two days before and mùng 1–3).
 * - Quốc khánh: 1/9, or 3/9 when 1/9 is a Saturday or Sunday (as in 2022–2025).
 * Lunar dates come from `lunar-dates.ts` (the Vietnamese lunar calendar, reckoned at UTC+7).
 *
 * Workflow-safe: pure, deterministic, no I/O, no Node built-ins, no `Intl`, no wall clock.
 */
import { LUNAR_DATES } from './lunar-dates';
import type { DayOff, Occasion } from './types';

/** The first year of Bộ luật Lao động 2019 (Quốc khánh became two days then). */
export const STATUTORY_FROM = 2021;

const DAY_MS = 86_400_000;
const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];
const TET_DAY_NAMES = ['mùng 1', 'mùng 2', 'mùng 3', 'mùng 4'];

/** True when the law's days of `year` can be computed (the law in force, the lunar dates known). */
export function hasStatutoryCalendar(year: number): boolean {
  return year >= STATUTORY_FROM && LUNAR_DATES[year] !== undefined;
}

/** The can chi name of the lunar year that begins in Gregorian `year` (2026: Bính Ngọ). */
export function lunarYearName(year: number): string {
  return `${STEMS[mod(year - 4, 10)] ?? ''} ${BRANCHES[mod(year - 4, 12)] ?? ''}`;
}

/**
 * The law's holidays of `year`, by occasion (weekend ones included, for the record); no
 * compensatory days, which depend on what the announcement arranges (`compensatoryDays`).
 * Call only when `hasStatutoryCalendar(year)`.
 */
export function statutoryHolidays(year: number): Record<Occasion, DayOff[]> {
  const lunar = LUNAR_DATES[year];
  if (lunar === undefined) throw new RangeError(`no lunar dates for ${year}`);
  const tet = `${year}-${lunar[0]}`;
  const tetName = `Tết Nguyên đán ${lunarYearName(year)}`;
  const holiday = (date: string, name: string, nameEn: string): DayOff => ({
    date,
    kind: 'holiday',
    name: onWeekend(date) ? withDay(name, weekdayName(date)) : name,
    nameEn: onWeekend(date) ? withDay(nameEn, weekdayNameEn(date)) : nameEn,
  });
  const firstSept = `${year}-09-01`;
  const adjacent = onWeekend(firstSept) ? `${year}-09-03` : firstSept;
  return {
    newYear: [holiday(`${year}-01-01`, 'Tết Dương lịch', "New Year's Day")],
    tet: [
      holiday(addDays(tet, -1), `${tetName} (ngày cuối năm âm lịch)`, 'Lunar New Year (last day of the lunar year)'),
      ...TET_DAY_NAMES.map((n, k) => holiday(addDays(tet, k), `${tetName} (${n})`, 'Lunar New Year')),
    ],
    hungKings: [holiday(`${year}-${lunar[1]}`, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings Commemoration')],
    mayDays: [
      holiday(`${year}-04-30`, 'Ngày Chiến thắng 30/4', 'Reunification Day'),
      holiday(`${year}-05-01`, 'Ngày Quốc tế Lao động 1/5', 'Labour Day'),
    ],
    nationalDay: [
      holiday(adjacent, 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'),
      holiday(`${year}-09-02`, 'Quốc khánh 2/9', 'National Day'),
    ].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/**
 * Điều 111 khoản 3: each holiday on a Saturday or Sunday gives a day off on the next working day
 * that is not already off (`off`: every day off so far) nor a Saturday worked in exchange
 * (`worked`), in date order, so two weekend holidays in a row take the next two free weekdays
 * (29/4 and 30/4/2023, after Monday 1/5: Tuesday 2/5 and Wednesday 3/5).
 */
export function compensatoryDays(
  holidays: readonly DayOff[],
  off: ReadonlySet<string>,
  worked: ReadonlySet<string>,
): DayOff[] {
  const taken = new Set(off);
  const out: DayOff[] = [];
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!onWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (onWeekend(d) || taken.has(d) || worked.has(d)) d = addDays(d, 1);
    taken.add(d);
    out.push({
      date: d,
      kind: 'compensatory',
      name: `Nghỉ bù ${baseName(h.name)}`,
      nameEn: `${baseName(h.nameEn)}, compensatory`,
    });
  }
  return out;
}

/** Saturday or Sunday, the weekly rest days of a Monday–Friday office. */
export function onWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** `YYYY-MM-DD` moved by whole days. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function weekdayName(date: string): string {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 0 ? 'Chủ nhật' : 'thứ Bảy';
}

function weekdayNameEn(date: string): string {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 0 ? 'Sunday' : 'Saturday';
}

/** "Giỗ Tổ Hùng Vương (10/3 âm lịch)" on a Sunday: "Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)". */
function withDay(name: string, day: string): string {
  return name.endsWith(')') ? `${name.slice(0, -1)}, ${day})` : `${name} (${day})`;
}

/** A holiday's name without its weekday ("Quốc khánh 2/9 (thứ Bảy)" → "Quốc khánh 2/9"). */
function baseName(name: string): string {
  return name
    .replace(/ \((thứ Bảy|Chủ nhật|Saturday|Sunday)\)$/, '')
    .replace(/, (thứ Bảy|Chủ nhật|Saturday|Sunday)\)$/, ')');
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
