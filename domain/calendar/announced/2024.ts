/**
 * What was announced for 2024: Tết Giáp Thìn from Thursday 08/02 (29 tháng Chạp) to Wednesday
 * 14/02/2024 (five Tết days, two of them on the weekend, taken on 13 and 14/02); Monday 29/4
 * swapped with Saturday 04/5/2024 (so 27/4–1/5 off); Quốc khánh on 02/9 and 03/9/2024. The law
 * gives 1/1 and Giỗ Tổ (Thursday 18/4).
 */
import type { Announcement } from '../types';

export const ANNOUNCED_2024: Announcement = {
  year: 2024,
  since: 1,
  sources: [
    'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2024',
    'Ý kiến của Thủ tướng Chính phủ về hoán đổi ngày làm việc dịp 30/4–1/5/2024 (làm bù thứ Bảy 04/5/2024)',
  ],
  occasions: {
    tet: [
      {
        date: '2024-02-08',
        kind: 'holiday',
        name: 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)',
        nameEn: 'Lunar New Year',
      },
      {
        date: '2024-02-09',
        kind: 'holiday',
        name: 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)',
        nameEn: 'Lunar New Year',
      },
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
    ],
    mayDays: [
      {
        date: '2024-04-29',
        kind: 'swapped',
        name: 'Nghỉ hoán đổi, làm bù thứ Bảy 04/5/2024',
        nameEn: 'Swapped day off, worked on Saturday 4 May 2024',
      },
      { date: '2024-04-30', kind: 'holiday', name: 'Ngày Chiến thắng 30/4', nameEn: 'Reunification Day' },
      { date: '2024-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động 1/5', nameEn: 'Labour Day' },
    ],
    nationalDay: [
      { date: '2024-09-02', kind: 'holiday', name: 'Quốc khánh 2/9', nameEn: 'National Day' },
      { date: '2024-09-03', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
    ],
  },
  workingSaturdays: [{ date: '2024-05-04', replaces: '2024-04-29' }],
};
