/**
 * The shape of one year of the Vietnamese public-holiday calendar (days off and swapped working
 * Saturdays for cán bộ, công chức, viên chức, who work Monday to Friday). Kept as data, one module
 * per year, so workflow code gets it through a static import that webpack bundles: workflows cannot
 * read files at run time. Workflow-safe: plain data, no I/O.
 */

/** Why a weekday (or a weekend day, for the record) is a day off. */
export type DayOffKind =
  /** A public holiday of Bộ luật Lao động 2019, Điều 112 (may fall on a weekend: kept for the record). */
  | 'holiday'
  /** A compensatory day off for a holiday that fell on a weekly rest day (Điều 111 khoản 3). */
  | 'compensatory'
  /** A working day swapped with a Saturday (hoán đổi ngày làm việc), worked on that Saturday instead. */
  | 'swapped';

export interface DayOff {
  /** `YYYY-MM-DD`, Vietnam calendar. */
  date: string;
  kind: DayOffKind;
  name: string;
  nameEn: string;
}

/** A Saturday worked in exchange for a swapped weekday off (làm bù). */
export interface WorkingSaturday {
  date: string;
  /** The weekday it replaces (a `swapped` day off of the same calendar). */
  replaces: string;
}

export interface YearCalendar {
  year: number;
  /** The announcements the data comes from (checked each year when the next one is published). */
  sources: readonly string[];
  /** Every day off in date order: holidays (also those on a weekend), compensatory and swapped days. */
  daysOff: readonly DayOff[];
  workingSaturdays: readonly WorkingSaturday[];
}
