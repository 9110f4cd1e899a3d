/**
 * Working days in Vietnam: Monday to Friday, minus public holidays and the announced
 * compensatory and swapped days off, plus the Saturdays worked in exchange ("trong 05 ngày làm
 * việc"). The holidays are data, one module per year (`2023.ts`, …), imported statically so the
 * workflows get them in their bundle.
 *
 * A year without its module is not guessed at: every function here throws `CalendarMissingError`
 * naming the year and the file to add, and `kehoach plan check` refuses a plan whose
 * working-day deadlines need such a year (see `domain/plan/check-calendar.ts`).
 *
 * Workflow-safe: pure, deterministic, no I/O, no Node built-ins, no `Intl`, no wall clock.
 */
import { CALENDAR_2022 } from './2022';
import { CALENDAR_2023 } from './2023';
import { CALENDAR_2024 } from './2024';
import { CALENDAR_2025 } from './2025';
import type { YearCalendar } from './types';

export type { DayOff, DayOffKind, WorkingSaturday, YearCalendar } from './types';

/** Every year the engine knows the holidays of; add a year's module here when it is announced. */
export const CALENDARS: Readonly<Record<number, YearCalendar>> = {
  2022: CALENDAR_2022,
  2023: CALENDAR_2023,
  2024: CALENDAR_2024,
  2025: CALENDAR_2025,
};

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** Where a year's holidays live in the repository, for messages that tell the operator what to add. */
export function calendarPath(year: number): string {
  return `domain/calendar/${year}.ts`;
}

/** A working-day count reached a year whose holidays are not in the repository. */
export class CalendarMissingError extends RangeError {
  readonly year: number;
  readonly path: string;
  constructor(year: number) {
    super(
      `No Vietnamese holiday calendar for ${year}: add ${calendarPath(year)} from the year's announcement and list it in domain/calendar/index.ts`,
    );
    this.name = 'CalendarMissingError';
    this.year = year;
    this.path = calendarPath(year);
  }
}

/** True when the holidays of `year` are known. */
export function hasCalendar(year: number): boolean {
  return CALENDARS[year] !== undefined;
}

/**
 * Whether a Vietnam calendar day is a working day for a Monday–Friday office: a weekday that is not
 * a holiday, compensatory or swapped day off, or a Saturday worked in exchange.
 * Throws `CalendarMissingError` for a year without data.
 */
export function isWorkingDay(date: string): boolean {
  const [y, m, d] = parse(date);
  const calendar = CALENDARS[y];
  if (calendar === undefined) throw new CalendarMissingError(y);
  if (calendar.workingSaturdays.some((s) => s.date === date)) return true;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !calendar.daysOff.some((o) => o.date === date);
}

/**
 * Moves by whole working days, because Vietnamese documents count deadlines that way ("trong 05
 * ngày làm việc"). `n > 0` gives the n-th working day after the day, `n < 0` the n-th before, and
 * `0` the day itself (working or not). A local date `YYYY-MM-DD` gives a local date; a UTC instant
 * keeps its Vietnam time of day on the day reached (a task completed at 10:00 plus `5wd` is due at
 * 10:00 on the fifth working day after). Throws `CalendarMissingError` when a day it passes is in
 * a year without data.
 */
export function addWorkingDays(dateOrInstant: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  if (LOCAL_DATE.test(dateOrInstant)) return stepWorkingDays(dateOrInstant, n);
  const ms = UTC_ISO.test(dateOrInstant) ? Date.parse(dateOrInstant) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a local date or a UTC ISO instant: ${dateOrInstant}`);
  const local = ms + VN_OFFSET_MS;
  const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const day = formatDate(local - timeOfDay);
  const [y, m, d] = parse(stepWorkingDays(day, n));
  return new Date(Date.UTC(y, m - 1, d) + timeOfDay - VN_OFFSET_MS).toISOString();
}

function stepWorkingDays(date: string, n: number): string {
  const [y, m, d] = parse(date);
  let ms = Date.UTC(y, m - 1, d);
  const step = n < 0 ? -DAY_MS : DAY_MS;
  for (let left = Math.abs(n); left > 0;) {
    ms += step;
    if (isWorkingDay(formatDate(ms))) left -= 1;
  }
  return formatDate(ms);
}

function parse(date: string): [number, number, number] {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`not a local date (YYYY-MM-DD): ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function formatDate(ms: number): string {
  const t = new Date(ms);
  const pad = (k: number): string => String(k).padStart(2, '0');
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
