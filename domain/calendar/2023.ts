/**
 * Days off in 2023 for cán bộ, công chức, viên chức (Monday–Friday offices).
 *
 * Sources: Bộ luật Lao động 2019, Điều 111–112; Công văn 8056/VPCP-KGVX ngày 01/12/2022 (the Phó
 * Thủ tướng agreeing to Bộ Lao động - Thương binh và Xã hội's proposal: Tết Quý Mão from
 * 20/01/2023 to 26/01/2023, Quốc khánh from 01/9/2023 to 04/9/2023) and the Bộ LĐTBXH notice
 * that followed. Giỗ Tổ Hùng Vương (10/3 âm lịch) fell on Saturday 29/4 and 30/4 on a Sunday, so
 * their days off moved to Tuesday 2/5 and Wednesday 3/5: 29/4–3/5 off. No working Saturday was
 * swapped in 2023 (the swapped Saturday after 30/4–1/5 is 4/5/2024, see 2024.ts).
 *
 * This is data copied from the announcements: check it against them, and add the next year's file
 * each year once it is announced.
 */
import type { YearCalendar } from './types';

export const CALENDAR_2023: YearCalendar = {
  year: 2023,
  sources: [
    'Bộ luật Lao động 2019, Điều 111–112',
    'Công văn 8056/VPCP-KGVX ngày 01/12/2022',
    'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2023',
  ],
  daysOff: [
    { date: '2023-01-01', kind: 'holiday', name: 'Tết Dương lịch (Chủ nhật)', nameEn: "New Year's Day (Sunday)" },
    {
      date: '2023-01-02',
      kind: 'compensatory',
      name: 'Nghỉ bù Tết Dương lịch',
      nameEn: "New Year's Day, compensatory",
    },
    { date: '2023-01-20', kind: 'holiday', name: 'Tết Nguyên đán Quý Mão (29 tháng Chạp)', nameEn: 'Lunar New Year' },
    {
      date: '2023-01-21',
      kind: 'holiday',
      name: 'Tết Nguyên đán Quý Mão (30 tháng Chạp, thứ Bảy)',
      nameEn: 'Lunar New Year (Saturday)',
    },
    {
      date: '2023-01-22',
      kind: 'holiday',
      name: 'Tết Nguyên đán Quý Mão (mùng 1, Chủ nhật)',
      nameEn: 'Lunar New Year (Sunday)',
    },
    { date: '2023-01-23', kind: 'holiday', name: 'Tết Nguyên đán Quý Mão (mùng 2)', nameEn: 'Lunar New Year' },
    { date: '2023-01-24', kind: 'holiday', name: 'Tết Nguyên đán Quý Mão (mùng 3)', nameEn: 'Lunar New Year' },
    {
      date: '2023-01-25',
      kind: 'compensatory',
      name: 'Nghỉ bù Tết Nguyên đán (mùng 4)',
      nameEn: 'Lunar New Year, compensatory',
    },
    {
      date: '2023-01-26',
      kind: 'compensatory',
      name: 'Nghỉ bù Tết Nguyên đán (mùng 5)',
      nameEn: 'Lunar New Year, compensatory',
    },
    {
      date: '2023-04-29',
      kind: 'holiday',
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch, thứ Bảy)',
      nameEn: 'Hung Kings Commemoration (Saturday)',
    },
    {
      date: '2023-04-30',
      kind: 'holiday',
      name: 'Ngày Chiến thắng 30/4 (Chủ nhật)',
      nameEn: 'Reunification Day (Sunday)',
    },
    { date: '2023-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động 1/5', nameEn: 'Labour Day' },
    {
      date: '2023-05-02',
      kind: 'compensatory',
      name: 'Nghỉ bù Giỗ Tổ Hùng Vương',
      nameEn: 'Hung Kings Commemoration, compensatory',
    },
    { date: '2023-05-03', kind: 'compensatory', name: 'Nghỉ bù ngày 30/4', nameEn: 'Reunification Day, compensatory' },
    { date: '2023-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
    { date: '2023-09-02', kind: 'holiday', name: 'Quốc khánh 2/9 (thứ Bảy)', nameEn: 'National Day (Saturday)' },
    { date: '2023-09-04', kind: 'compensatory', name: 'Nghỉ bù Quốc khánh', nameEn: 'National Day, compensatory' },
  ],
  workingSaturdays: [],
};
