/** The part of `date-chinese` (no types of its own) that the lunar table uses. */
declare module 'date-chinese' {
  interface GregorianDay {
    year: number;
    month: number;
    day: number;
  }
  export class CalendarChinese {
    constructor(cycle?: number, year?: number, month?: number, leap?: boolean, day?: number);
    cycle: number;
    year: number;
    month: number;
    leap: boolean;
    day: number;
    /** Julian ephemeris day of the new year (mùng 1 tháng Giêng) that falls in Gregorian year `gyear`. */
    newYear(gyear: number): number;
    fromJDE(jde: number): this;
    fromGregorian(year: number, month: number, day: number): this;
    toGregorian(gyear?: number): GregorianDay;
  }
  /** The Vietnamese lunar calendar: new moons and solar terms reckoned at UTC+7 from 1968. */
  export class CalendarVietnamese extends CalendarChinese {}
}
