/**
 * Vietnam wall-clock time ⇄ UTC instants.
 *
 * Plans are written in local time (Asia/Ho_Chi_Minh); Temporal timers and the audit trail use
 * UTC instants. Vietnam has been UTC+07:00 without daylight saving time since 1975, so a fixed
 * offset is exact and we need neither a time-zone database nor `Intl`.
 *
 * Workflow-safe: no I/O, no Node built-ins, no `Intl`, never reads the wall clock. Every function
 * is pure; `Date` is used only as a calculator through `Date.UTC` and the `getUTC*` accessors.
 */
import { addWorkingDays, CALENDAR_VERSION } from './calendar';
import type { LocalDate, LocalTime, Span } from './plan/schema';

export type { LocalDate, LocalTime, Span } from './plan/schema';

/** Interface language. Vietnamese is the language of the plan; English is offered to readers. */
export type Lang = 'vi' | 'en';

/** Vietnam's offset from UTC: +07:00, all year. */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;
const SPAN = /^(\d{1,4})(wd|d|h|m)$/;
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * Converts a plan's local `YYYY-MM-DDTHH:MM` to a UTC ISO instant, because every deadline the
 * engine schedules must be an unambiguous instant while plan authors write Vietnam time.
 */
export function localDateTimeToUtc(localDateTime: string): string {
  const [date, time] = localDateTime.split('T');
  if (date === undefined || time === undefined) {
    throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:MM): ${localDateTime}`);
  }
  return localToUtc(date, time);
}

/** Same as `localDateTimeToUtc` for a date and a time held separately (conference day + time). */
export function localToUtc(date: LocalDate, time: LocalTime): string {
  const [y, m, d] = parseLocalDate(date);
  const t = LOCAL_TIME.exec(time);
  if (!t) throw new RangeError(`not a local time (HH:MM): ${time}`);
  const ms = Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2])) - VN_OFFSET_MS;
  return new Date(ms).toISOString();
}

/**
 * Moves a calendar day by whole days, because "the day before the conference" is a calendar
 * notion and must not drift with hours.
 */
export function addLocalDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = parseLocalDate(date);
  return formatDate(new Date(Date.UTC(y, m - 1, d) + n * DAY_MS));
}

/**
 * Length of a plan span (`3d`, `12h`, `30m`) in milliseconds; days are 24 h since Vietnam has no
 * DST. Working days (`5wd`) have no fixed length (a holiday stretches them): they throw here, and
 * `addSpan` / `subtractSpan` count them on the holiday calendar.
 */
export function spanToMs(span: Span): number {
  const match = SPAN.exec(span);
  if (!match) throw new RangeError(`not a span such as 3d, 5wd, 12h or 30m: ${span}`);
  const n = Number(match[1]);
  const unit = match[2];
  if (unit === 'wd') throw new RangeError(`working days have no fixed length; use addSpan: ${span}`);
  return n * (unit === 'd' ? DAY_MS : unit === 'h' ? HOUR_MS : MINUTE_MS);
}

/** True for a span counted in working days (`5wd`). */
export function isWorkingDaySpan(span: Span): boolean {
  return SPAN.exec(span)?.[2] === 'wd';
}

/**
 * Adds a plan span to a UTC instant, e.g. "10 days after the conference report is approved".
 * `Nwd` moves to the N-th working day after, at the same Vietnam time of day (see
 * `domain/calendar`, at calendar `version`); it throws `CalendarMissingError` for a year that
 * version cannot give.
 */
export function addSpan(utcIso: string, span: Span, version: number = CALENDAR_VERSION): string {
  if (isWorkingDaySpan(span)) return addWorkingDays(new Date(parseUtc(utcIso)).toISOString(), spanCount(span), version);
  return new Date(parseUtc(utcIso) + spanToMs(span)).toISOString();
}

/** The instant a span before another: reminders ("1d" or "2wd" before the deadline). */
export function subtractSpan(utcIso: string, span: Span, version: number = CALENDAR_VERSION): string {
  if (isWorkingDaySpan(span))
    return addWorkingDays(new Date(parseUtc(utcIso)).toISOString(), -spanCount(span), version);
  return new Date(parseUtc(utcIso) - spanToMs(span)).toISOString();
}

function spanCount(span: Span): number {
  const match = SPAN.exec(span);
  if (!match) throw new RangeError(`not a span such as 3d, 5wd, 12h or 30m: ${span}`);
  return Number(match[1]);
}

/**
 * Shows a UTC instant as Vietnam local ISO-8601 with its offset (`2023-03-20T00:00:00+07:00`),
 * because people and the CLI's JSON read deadlines in local time.
 */
export function toLocalIso(utcIso: string): string {
  const local = new Date(parseUtc(utcIso) + VN_OFFSET_MS);
  return `${formatDate(local)}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}+07:00`;
}

/** The Vietnam calendar day an instant falls on (17:00Z on the 19th is already the 20th locally). */
export function localDateOf(utcIso: string): LocalDate {
  return formatDate(new Date(parseUtc(utcIso) + VN_OFFSET_MS));
}

/**
 * Writes a day the way an administrative document does ("ngày 20 tháng 3 năm 2023"), so
 * generated reports and minutes read like the plan they come from. Accepts a local date or a
 * UTC instant (converted to its Vietnam day first).
 */
export function formatAdministrativeDate(dateOrUtcIso: string, lang: Lang): string {
  const date = LOCAL_DATE.test(dateOrUtcIso) ? dateOrUtcIso : localDateOf(dateOrUtcIso);
  const [y, m, d] = parseLocalDate(date);
  if (lang === 'vi') return `ngày ${d} tháng ${m} năm ${y}`;
  return `${d} ${MONTHS_EN[m - 1] ?? ''} ${y}`;
}

/** Compact local form for tables and messages: `20/03/2023 17:00` (Vietnamese day/month order). */
export function formatShortLocal(utcIso: string): string {
  const local = new Date(parseUtc(utcIso) + VN_OFFSET_MS);
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

function parseLocalDate(date: string): [number, number, number] {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`not a local date (YYYY-MM-DD): ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function parseUtc(utcIso: string): number {
  const ms = UTC_ISO.test(utcIso) ? Date.parse(utcIso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a UTC ISO instant: ${utcIso}`);
  return ms;
}

/** `YYYY-MM-DD` of a Date read through its UTC fields. */
function formatDate(d: Date): LocalDate {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
