/**
 * What was announced for 2023: Tết Quý Mão from 20/01 to 26/01/2023 (five Tết days from 29 tháng
 * Chạp to mùng 3, two of them on the weekend, taken on 25 and 26/01), and Quốc khánh from 01/9 to
 * 04/9/2023 (2/9 on a Saturday, taken on Monday 4/9). The law gives the rest (statutory.ts): 1/1 on
 * a Sunday (off on 2/1); Giỗ Tổ on Saturday 29/4 and 30/4 on a Sunday, taken after Monday 1/5 on
 * 2/5 and 3/5. No Saturday was worked in exchange (the one after 30/4–1/5 is 4/5/2024).
 */
import type { Announcement } from '../types';

export const ANNOUNCED_2023: Announcement = {
  year: 2023,
  since: 1,
  sources: [
    'Công văn 8056/VPCP-KGVX ngày 01/12/2022',
    'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2023',
  ],
  occasions: {
    tet: [
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
    ],
    nationalDay: [
      { date: '2023-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
      { date: '2023-09-02', kind: 'holiday', name: 'Quốc khánh 2/9 (thứ Bảy)', nameEn: 'National Day (Saturday)' },
      { date: '2023-09-04', kind: 'compensatory', name: 'Nghỉ bù Quốc khánh', nameEn: 'National Day, compensatory' },
    ],
  },
  workingSaturdays: [],
};
