/**
 * What was announced for 2022: Tết Nhâm Dần from 31/01 (29 tháng Chạp, the last day of the lunar
 * year) to 04/02/2022 (mùng 4), and Quốc khánh on 01/9 and 02/9/2022. Everything else is the law's
 * (statutory.ts): 1/1 on a Saturday (off on Monday 3/1), Giỗ Tổ on Sunday 10/4 (off on 11/4), 30/4
 * and 1/5 on a weekend (off on 2/5 and 3/5). No Saturday was worked in exchange.
 */
import type { Announcement } from '../types';

export const ANNOUNCED_2022: Announcement = {
  year: 2022,
  since: 1,
  sources: ['Thông báo 4785/TB-LĐTBXH ngày 31/12/2021', 'Công văn 245/VPCP-KGVX ngày 11/01/2022'],
  occasions: {
    tet: [
      {
        date: '2022-01-31',
        kind: 'holiday',
        name: 'Tết Nguyên đán Nhâm Dần (29 tháng Chạp)',
        nameEn: 'Lunar New Year',
      },
      { date: '2022-02-01', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 1)', nameEn: 'Lunar New Year' },
      { date: '2022-02-02', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 2)', nameEn: 'Lunar New Year' },
      { date: '2022-02-03', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 3)', nameEn: 'Lunar New Year' },
      { date: '2022-02-04', kind: 'holiday', name: 'Tết Nguyên đán Nhâm Dần (mùng 4)', nameEn: 'Lunar New Year' },
    ],
    nationalDay: [
      { date: '2022-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
      { date: '2022-09-02', kind: 'holiday', name: 'Quốc khánh 2/9', nameEn: 'National Day' },
    ],
  },
  workingSaturdays: [],
};
