/**
 * Days off in 2024 for cán bộ, công chức, viên chức (Monday–Friday offices).
 *
 * Sources: Bộ luật Lao động 2019, Điều 111–112; the Bộ Lao động - Thương binh và Xã hội notice on
 * Tết Giáp Thìn and Quốc khánh 2024 (Tết from Thursday 08/02/2024, 29 tháng Chạp, to Wednesday
 * 14/02/2024, mùng 5: five Tết days and two compensatory days; Quốc khánh from Saturday 31/8 to
 * Tuesday 03/9/2024); the Thủ tướng Chính phủ's agreement to swap Monday 29/4/2024 with Saturday
 * 04/5/2024 (hoán đổi ngày làm việc), so 27/4–1/5/2024 was off and 4/5/2024 worked.
 *
 * This is data copied from the announcements: check it against them, and add the next year's file
 * each year once it is announced.
 */
import type { YearCalendar } from './types';

export const CALENDAR_2024: YearCalendar = {
  year: 2024,
  sources: [
    'Bộ luật Lao động 2019, Điều 111–112',
    'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2024',
    'Ý kiến của Thủ tướng Chính phủ về hoán đổi ngày làm việc dịp 30/4–1/5/2024 (làm bù thứ Bảy 04/5/2024)',
  ],
  daysOff: [
    { date: '2024-01-01', kind: 'holiday', name: 'Tết Dương lịch', nameEn: "New Year's Day" },
    { date: '2024-02-08', kind: 'holiday', name: 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', nameEn: 'Lunar New Year' },
    { date: '2024-02-09', kind: 'holiday', name: 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)', nameEn: 'Lunar New Year' },
    {
      date: '2024-02-10',
      kind: 'holiday',
      name: 'Tết Nguyên đán Giáp Thìn (mùng 1, thứ Bảy)',
      nameEn: 'Lunar New Year (Saturday)',
    },
    {
      date: '2024-02-11',
      kind: 'holiday',
      name: 'Tết Nguyên đán Giáp Thìn (mùng 2, Chủ nhật)',
      nameEn: 'Lunar New Year (Sunday)',
    },
    { date: '2024-02-12', kind: 'holiday', name: 'Tết Nguyên đán Giáp Thìn (mùng 3)', nameEn: 'Lunar New Year' },
    {
      date: '2024-02-13',
      kind: 'compensatory',
      name: 'Nghỉ bù Tết Nguyên đán (mùng 4)',
      nameEn: 'Lunar New Year, compensatory',
    },
    {
      date: '2024-02-14',
      kind: 'compensatory',
      name: 'Nghỉ bù Tết Nguyên đán (mùng 5)',
      nameEn: 'Lunar New Year, compensatory',
    },
    {
      date: '2024-04-18',
      kind: 'holiday',
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      nameEn: 'Hung Kings Commemoration',
    },
    {
      date: '2024-04-29',
      kind: 'swapped',
      name: 'Nghỉ hoán đổi, làm bù thứ Bảy 04/5/2024',
      nameEn: 'Swapped day off, worked on Saturday 4 May 2024',
    },
    { date: '2024-04-30', kind: 'holiday', name: 'Ngày Chiến thắng 30/4', nameEn: 'Reunification Day' },
    { date: '2024-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động 1/5', nameEn: 'Labour Day' },
    { date: '2024-09-02', kind: 'holiday', name: 'Quốc khánh 2/9', nameEn: 'National Day' },
    { date: '2024-09-03', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
  ],
  workingSaturdays: [{ date: '2024-05-04', replaces: '2024-04-29' }],
};
