/**
 * The shape of one year of the Vietnamese public-holiday calendar (days off and swapped working
 * Saturdays for cán bộ, công chức, viên chức, who work Monday to Friday), and of the announcements
 * that arrange a year's holidays. The law's part is computed (`statutory.ts`); what each year's
 * decision or notice arranges is data, one module per year (`announced/<year>.ts`), imported
 * statically so workflow code gets it through its bundle: workflows cannot read files at run time.
 * Workflow-safe: plain data, no I/O.
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
  /**
   * True when no announcement of the year is on file: the days off are the law's alone (Tết on its
   * usual five days, no swaps), and deadlines counted on them may move when the announcement comes.
   */
  provisional: boolean;
  /** The law and the announcements the days come from. */
  sources: readonly string[];
  /** Every day off in date order: holidays (also those on a weekend), compensatory and swapped days. */
  daysOff: readonly DayOff[];
  workingSaturdays: readonly WorkingSaturday[];
}

/**
 * The holidays of Điều 112 khoản 1, grouped as announcements arrange them: 30/4 and 1/5 are one
 * occasion because they are always arranged together (with Giỗ Tổ when it falls near them, as in
 * 2023, it stays its own occasion: its compensatory day is the law's).
 */
export type Occasion = 'newYear' | 'tet' | 'hungKings' | 'mayDays' | 'nationalDay';

/**
 * What one year's decision or notice arranges, and nothing else: for each occasion it names, its
 * days off (holidays, compensatory and swapped days) replace the law's computation of that
 * occasion; occasions it does not name are computed from the law. Saturdays worked in exchange are
 * listed once for the year.
 */
export interface Announcement {
  year: number;
  /**
   * The calendar version that first carried this file (`CALENDAR_VERSION` in `index.ts`). A
   * conference keeps the version it started with, so a file added later does not move its
   * deadlines under it; a correction to a released file is a new entry with a higher version.
   */
  since: number;
  /** The decisions and notices, by number and date (never their text). */
  sources: readonly string[];
  occasions: Partial<Readonly<Record<Occasion, readonly DayOff[]>>>;
  workingSaturdays: readonly WorkingSaturday[];
}
