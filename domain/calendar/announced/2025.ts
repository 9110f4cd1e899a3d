/**
 * What was announced for 2025: Tết Ất Tỵ nine days off from Saturday 25/01 (26 tháng Chạp) to
 * Sunday 02/02/2025 (mùng 5): the Tết days 28/01–01/02 with Monday 27/01 swapped for Saturday
 * 08/02/2025 (làm bù); Friday 02/5 swapped for Saturday 26/4/2025 (30/4–4/5 off); Quốc khánh on
 * Monday 01/9 and Tuesday 02/9/2025. The law gives 1/1 (Wednesday) and Giỗ Tổ (Monday 07/4).
 *
 * The Tết block as announced has no compensatory day for mùng 4 on Saturday 01/02 (work resumed on
 * Monday 03/02): the law alone (Điều 111) would have given that Monday off. The block is the
 * announcement's, so it is taken as announced.
 */
import type { Announcement } from '../types';

export const ANNOUNCED_2025: Announcement = {
  year: 2025,
  since: 1,
  sources: [
    'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch Ất Tỵ 2025 (hoán đổi thứ Hai 27/01 với thứ Bảy 08/02/2025)',
    'Thông báo về nghỉ dịp 30/4–1/5/2025 (hoán đổi thứ Sáu 02/5 với thứ Bảy 26/4/2025) và Quốc khánh 2025',
  ],
  occasions: {
    tet: [
      {
        date: '2025-01-27',
        kind: 'swapped',
        name: 'Nghỉ hoán đổi (28 tháng Chạp), làm bù thứ Bảy 08/02/2025',
        nameEn: 'Swapped day off, worked on Saturday 8 February 2025',
      },
      { date: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', nameEn: 'Lunar New Year' },
      { date: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán Ất Tỵ (mùng 1)', nameEn: 'Lunar New Year' },
      { date: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán Ất Tỵ (mùng 2)', nameEn: 'Lunar New Year' },
      { date: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán Ất Tỵ (mùng 3)', nameEn: 'Lunar New Year' },
      {
        date: '2025-02-01',
        kind: 'holiday',
        name: 'Tết Nguyên đán Ất Tỵ (mùng 4, thứ Bảy)',
        nameEn: 'Lunar New Year (Saturday)',
      },
    ],
    mayDays: [
      { date: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng 30/4', nameEn: 'Reunification Day' },
      { date: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động 1/5', nameEn: 'Labour Day' },
      {
        date: '2025-05-02',
        kind: 'swapped',
        name: 'Nghỉ hoán đổi, làm bù thứ Bảy 26/4/2025',
        nameEn: 'Swapped day off, worked on Saturday 26 April 2025',
      },
    ],
    nationalDay: [
      { date: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)', nameEn: 'National Day (adjacent day)' },
      { date: '2025-09-02', kind: 'holiday', name: 'Quốc khánh 2/9', nameEn: 'National Day' },
    ],
  },
  workingSaturdays: [
    { date: '2025-02-08', replaces: '2025-01-27' },
    { date: '2025-04-26', replaces: '2025-05-02' },
  ],
};
