/**
 * Working days in Vietnam: Monday to Friday, minus public holidays and the announced
 * compensatory and swapped days off, plus the Saturdays worked in exchange ("trong 05 ngày làm
 * việc"). A year's days off are the law's, computed (`statutory.ts`: Điều 111–112 of Bộ luật Lao
 * động 2019, lunar dates at UTC+7 from `lunar-dates.ts`), with what that year's announcement
 * arranges laid over them (`announced/<year>.ts`: the Tết block, swaps).
 *
 * A year without its announcement is provisional, not refused: its days are the law's alone, and
 * `yearCalendar(year).provisional` says so (plan show marks such deadlines). A year the law's
 * computation cannot reach (before 2021, after the lunar table) throws `CalendarMissingError`.
 *
 * Calendar versions keep replay exact. A conference starts on the version of its release (its memo
 * `kehoachCalendar`, none for the first ones: version 1), and replay counts on the versions the run
 * counted on, never on the version of the worker that replays it:
 * - 1: the four years typed in before (2022–2025), nothing provisional: any other year throws, as
 *   before;
 * - 2: the law for every year from 2021, with the announcements of 2022–2026.
 * Add a year's announcement in `versions.ts` with `since: CALENDAR_VERSION + 1` and raise
 * `CALENDAR_VERSION` there. A conference on version 2 or later takes a newer version up when a
 * worker with it first runs the conference (workflows/rules.ts, `newerCalendar`): the deadlines the
 * new announcement moves are recomputed and told to the units, and the audit shows both.
 *
 * Workflow-safe: pure, deterministic, no I/O, no Node built-ins, no `Intl`, no wall clock. The one
 * cache below holds values that never change (a year's days at a version), like the claims'
 * Ed25519 table: no state one workflow could change for another.
 */
import { compensatoryDays, hasStatutoryCalendar, statutoryHolidays } from './statutory';
import type { Announcement, DayOff, Occasion, YearCalendar } from './types';
import { ANNOUNCEMENTS, CALENDAR_VERSION } from './versions';

export type { Announcement, DayOff, DayOffKind, Occasion, WorkingSaturday, YearCalendar } from './types';

export { ANNOUNCEMENTS, CALENDAR_VERSION } from './versions';

/** The memo field naming the calendar version a conference and its children run on. */
export const CALENDAR_MEMO = 'kehoachCalendar';

const LAW = 'Bộ luật Lao động 2019, Điều 111–112';
const OCCASIONS: readonly Occasion[] = ['newYear', 'tet', 'hungKings', 'mayDays', 'nationalDay'];

/** A year's days off at a version, composed once: values that never change, not state. */
const composed = new Map<string, YearCalendar>();

/** The years with an announcement at the current version, composed (what 2022–2025.ts used to be). */
export const CALENDARS: Readonly<Record<number, YearCalendar>> = Object.fromEntries(
  ANNOUNCEMENTS.map((a) => [a.year, composeYear(a.year, CALENDAR_VERSION)]),
);

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** Where a year's announcement lives in the repository, for messages that tell the operator what to add. */
export function calendarPath(year: number): string {
  return `domain/calendar/announced/${year}.ts`;
}

/** A working-day count reached a year whose days off the calendar (at its version) cannot give. */
export class CalendarMissingError extends RangeError {
  readonly year: number;
  readonly path: string;
  constructor(year: number) {
    super(
      `No Vietnamese holiday calendar for ${year}: the law's days are computed from 2021 to the end of domain/calendar/lunar-dates.ts; a conference on calendar version 1 knows 2022–2025 only`,
    );
    this.name = 'CalendarMissingError';
    this.year = year;
    this.path = calendarPath(year);
  }
}

/** True when the days off of `year` are known at `version` (announced, or the law's alone). */
export function hasCalendar(year: number, version: number = CALENDAR_VERSION): boolean {
  if (version <= 1) return announcementOf(year, 1) !== undefined;
  return hasStatutoryCalendar(year);
}

/** True when `year` has no announcement at `version`: its days off are the law's alone, and may change. */
export function isProvisionalYear(year: number, version: number = CALENDAR_VERSION): boolean {
  return hasCalendar(year, version) && announcementOf(year, version) === undefined;
}

/**
 * One year's days off at a calendar version: the law's (`statutory.ts`), each occasion the
 * year's announcement arranges replaced by its days, compensatory days for the law's holidays on
 * a weekend (Điều 111) after those. Throws `CalendarMissingError` for a year the version cannot give.
 */
export function yearCalendar(year: number, version: number = CALENDAR_VERSION): YearCalendar {
  const key = `${version}:${year}`;
  const known = composed.get(key);
  if (known !== undefined) return known;
  if (!hasCalendar(year, version)) throw new CalendarMissingError(year);
  const calendar = composeYear(year, version);
  composed.set(key, calendar);
  return calendar;
}

/**
 * Whether a Vietnam calendar day is a working day for a Monday–Friday office: a weekday that is not
 * a holiday, compensatory or swapped day off, or a Saturday worked in exchange.
 * Throws `CalendarMissingError` for a year the calendar version cannot give.
 */
export function isWorkingDay(date: string, version: number = CALENDAR_VERSION): boolean {
  const [y, m, d] = parse(date);
  const calendar = yearCalendar(y, version);
  if (calendar.workingSaturdays.some((s) => s.date === date)) return true;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !calendar.daysOff.some((o) => o.date === date);
}

function announcementOf(year: number, version: number): Announcement | undefined {
  let found: Announcement | undefined;
  for (const a of ANNOUNCEMENTS) if (a.year === year && a.since <= version && (found?.since ?? 0) < a.since) found = a;
  return found;
}

/** The years whose announcement a calendar version after `from`, up to `to`, brought (ascending): what taking `to` up changes. */
export function yearsAnnouncedBetween(from: number, to: number): number[] {
  const years = ANNOUNCEMENTS.filter((a) => a.since > from && a.since <= to).map((a) => a.year);
  return [...new Set(years)].sort((a, b) => a - b);
}

/** The law's days of `year` alone, as if nothing had been announced (for comparison with an announcement). */
export function lawOnlyCalendar(year: number): YearCalendar {
  if (!hasStatutoryCalendar(year)) throw new CalendarMissingError(year);
  return composeYear(year, 0);
}

function composeYear(year: number, version: number): YearCalendar {
  const announced = version > 0 ? announcementOf(year, version) : undefined;
  const law = statutoryHolidays(year);
  const arranged: DayOff[] = [];
  const statutory: DayOff[] = [];
  for (const occasion of OCCASIONS) {
    const days = announced?.occasions[occasion];
    if (days !== undefined) arranged.push(...days);
    else statutory.push(...law[occasion]);
  }
  const workingSaturdays = announced?.workingSaturdays ?? [];
  const off = new Set([...arranged, ...statutory].map((o) => o.date));
  const worked = new Set(workingSaturdays.map((s) => s.date));
  const daysOff = [...arranged, ...statutory, ...compensatoryDays(statutory, off, worked)].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
  return {
    year,
    provisional: announced === undefined,
    sources: [LAW, ...(announced?.sources ?? [])],
    daysOff,
    workingSaturdays,
  };
}

/**
 * Moves by whole working days, because Vietnamese documents count deadlines that way ("trong 05
 * ngày làm việc"). `n > 0` gives the n-th working day after the day, `n < 0` the n-th before, and
 * `0` the day itself (working or not). A local date `YYYY-MM-DD` gives a local date; a UTC instant
 * keeps its Vietnam time of day on the day reached (a task completed at 10:00 plus `5wd` is due at
 * 10:00 on the fifth working day after), on the calendar of `version`. Throws
 * `CalendarMissingError` when a day it passes is in a year that version cannot give.
 */
export function addWorkingDays(dateOrInstant: string, n: number, version: number = CALENDAR_VERSION): string {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  if (LOCAL_DATE.test(dateOrInstant)) return stepWorkingDays(dateOrInstant, n, version);
  const ms = UTC_ISO.test(dateOrInstant) ? Date.parse(dateOrInstant) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a local date or a UTC ISO instant: ${dateOrInstant}`);
  const local = ms + VN_OFFSET_MS;
  const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const day = formatDate(local - timeOfDay);
  const [y, m, d] = parse(stepWorkingDays(day, n, version));
  return new Date(Date.UTC(y, m - 1, d) + timeOfDay - VN_OFFSET_MS).toISOString();
}

function stepWorkingDays(date: string, n: number, version: number): string {
  const [y, m, d] = parse(date);
  let ms = Date.UTC(y, m - 1, d);
  const step = n < 0 ? -DAY_MS : DAY_MS;
  for (let left = Math.abs(n); left > 0;) {
    ms += step;
    if (isWorkingDay(formatDate(ms), version)) left -= 1;
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
