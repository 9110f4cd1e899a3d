import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  addSpan,
  formatAdministrativeDate,
  formatShortLocal,
  localDateOf,
  localDateTimeToUtc,
  localToUtc,
  spanToMs,
  toLocalIso,
  VN_OFFSET_MS,
} from '../../domain/time';

describe('Vietnam time (UTC+07:00, no DST)', () => {
  it('reads "before 20/3/2023" as the start of the 20th, 17:00 UTC on the 19th', () => {
    expect(localDateTimeToUtc('2023-03-20T00:00')).toBe('2023-03-19T17:00:00.000Z');
    expect(VN_OFFSET_MS).toBe(7 * 3600 * 1000);
  });

  it('converts a conference day and start time to UTC', () => {
    expect(localToUtc('2023-03-30', '07:30')).toBe('2023-03-30T00:30:00.000Z');
    expect(localToUtc('2023-01-01', '05:00')).toBe('2022-12-31T22:00:00.000Z');
  });

  it('keeps a fixed offset all year (no daylight saving jump)', () => {
    expect(localToUtc('2023-07-01', '12:00')).toBe('2023-07-01T05:00:00.000Z');
    expect(localToUtc('2023-11-05', '12:00')).toBe('2023-11-05T05:00:00.000Z');
  });

  it('moves calendar days across month, year and leap-day boundaries', () => {
    expect(addLocalDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addLocalDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addLocalDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addLocalDays('2023-03-30', -10)).toBe('2023-03-20');
  });

  it('measures spans in days, hours and minutes and rejects other units', () => {
    expect(spanToMs('3d')).toBe(3 * 86_400_000);
    expect(spanToMs('12h')).toBe(12 * 3_600_000);
    expect(spanToMs('30m')).toBe(30 * 60_000);
    expect(() => spanToMs('2w')).toThrow(RangeError);
    expect(addSpan('2023-03-19T17:00:00.000Z', '30d')).toBe('2023-04-18T17:00:00.000Z');
  });

  it('shows instants in local time with the +07:00 offset', () => {
    expect(toLocalIso('2023-03-19T17:00:00.000Z')).toBe('2023-03-20T00:00:00+07:00');
    expect(toLocalIso('2023-03-30T10:00:00.000Z')).toBe('2023-03-30T17:00:00+07:00');
  });

  it('knows which Vietnam day an instant falls on', () => {
    expect(localDateOf('2023-03-19T17:00:00.000Z')).toBe('2023-03-20');
    expect(localDateOf('2023-03-19T16:59:00.000Z')).toBe('2023-03-19');
  });

  it('writes administrative dates in Vietnamese and English', () => {
    expect(formatAdministrativeDate('2023-03-20', 'vi')).toBe('ngày 20 tháng 3 năm 2023');
    expect(formatAdministrativeDate('2023-03-20', 'en')).toBe('20 March 2023');
    expect(formatAdministrativeDate('2023-03-19T17:00:00.000Z', 'vi')).toBe('ngày 20 tháng 3 năm 2023');
  });

  it('writes compact local times day first', () => {
    expect(formatShortLocal('2023-03-20T10:00:00.000Z')).toBe('20/03/2023 17:00');
    expect(formatShortLocal('2023-03-19T17:00:00.000Z')).toBe('20/03/2023 00:00');
  });

  it('rejects malformed input instead of producing a wrong instant', () => {
    expect(() => localDateTimeToUtc('20/03/2023')).toThrow(RangeError);
    expect(() => toLocalIso('2023-03-20T00:00:00+07:00')).toThrow(RangeError);
  });
});
