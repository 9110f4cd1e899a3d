/**
 * Days off in 2022 for cán bộ, công chức, viên chức (Monday–Friday offices).
 *
 * Sources: Bộ luật Lao động 2019, Điều 111–112 (the holidays and compensatory days); Thông báo
 * 4785/TB-LĐTBXH ngày 31/12/2021 of Bộ Lao động - Thương binh và Xã hội, after Công văn
 * 245/VPCP-KGVX ngày 11/01/2022 (Thủ tướng Chính phủ / Văn phòng Chính phủ), on Tết Nhâm Dần and
 * Quốc khánh. No working Saturday was swapped in 2022.
 *
 * This is data copied from the announcements: check it against them, and add the next year's file
 * (`domain/calendar/<year>.ts`, listed in `domain/calendar/index.ts`) each year once the Bộ
 * announces it (Bộ Nội vụ since 2025).
 */
import type { YearCalendar } from './types';

export const CALENDAR_2022: YearCalendar = {
  year: 2022,
  sources: [
    'Bộ luật Lao động 2019, Điều 111–112',
    'Thông báo 4785/TB-LĐTBXH ngày 31/12/2021',
    'Công văn 245/VPCP-KGVX ngày 11/01/2022',
  ],
  daysOff: [
    { date: '2022-01-01', kind: 'holiday', name: 'Tết Dương lịch (thứ Bảy)', nameEn: "New Year's Day (Saturday)" },
    {
      date: '2022-01-03',
      kind: 'compensatory',
      name: 'Nghỉ bù Tết Dương lịch',
      nameEn: "New Year's Day, compensatory",
    },
    { date: '2022-01-31', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (29 tháng Chạp)', nameEn: 'Lunar New Year' },
    { date: '2022-02-01', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 1)', nameEn: 'Lunar New Year' },
    { date: '2022-02-02', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 2)', nameEn: 'Lunar New Year' },
    { date: '2022-02-03', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 3)', nameEn: 'Lunar New Year' },
    { date: '2022-02-04', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 4)', nameEn: 'Lunar New Year' },
    {
      date: '2022-04-10',
      kind: 'holiday',
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)',
      nameEn: 'Hung Kings Commemoration (Sunday)',
    },
    {
      date: '2022-04-11',
      kind: 'compensatory',
      name: 'Nghỉ bù Giỗ Tổ Hùng Vương',
      nameEn: 'Hung Kings Commemoration, compensatory',
    },
    {
      date: '2022-04-30',
      kind: 'holiday',
      name: 'Ngày Chiến thắng 30/4 (thứ Bảy)',
      nameEn: 'Reunification Day (Saturday)',
    },
    {
      date: '2022-05-01',
      kind: 'holiday',
      name: 'Ngày Quốc tế Lao động 1/5 (Chủ nhật)',
      nameEn: 'Labour Day (Sunday)',
    },
    { date: '2022-05-02', kind: 'compensatory', name: 'Nghỉ bù ngày 30/4', nameEn: 'Reunification Day, compensatory' },
    { date: '2022-05-03', kind: 'compensatory', name: 'Nghỉ bù ngày 1/5', nameEn: 'Labour Day, compensatory' },
    { date: '2022-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
    { date: '2022-09-02', kind: 'holiday', name: 'Quốc khánh 2/9', nameEn: 'National Day' },
  ],
  workingSaturdays: [],
};
