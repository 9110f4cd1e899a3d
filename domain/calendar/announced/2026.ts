/**
 * What was announced for 2026, as far as found:
 * - Tết Dương lịch: Thursday 01/01 to Sunday 04/01/2026, Friday 02/01 swapped for Saturday
 *   10/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025: the Phó Thủ tướng agreeing to Bộ Nội
 *   vụ's proposal).
 * - Tết Bính Ngọ: nine days off from Saturday 14/02 (27 tháng Chạp) to Sunday 22/02/2026 (mùng 6),
 *   the five Tết days being Monday 16/02 (29 tháng Chạp, the last day of Ất Tỵ) to Friday 20/02
 *   (mùng 4): Bộ Nội vụ's arrangement as agreed by the Thủ tướng (reported by Báo Công an
 *   TP.HCM, "Chính thức chốt phương án Tết Nguyên đán Bính Ngọ 2026 nghỉ 9 ngày").
 * The law gives the rest (statutory.ts): Giỗ Tổ on Sunday 26/4 (off on Monday 27/4), 30/4 and 1/5
 * on Thursday and Friday, Quốc khánh on 01/9 and 02/9. Bộ Nội vụ also proposed five days for Quốc
 * khánh (29/8–2/9, with Monday 31/8 swapped); no decision on it was found, so that occasion stays
 * the law's: a later version adds it if it is confirmed.
 */
import type { Announcement } from '../types';

export const ANNOUNCED_2026: Announcement = {
  year: 2026,
  since: 2,
  sources: [
    'Công văn 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch 2026: hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026)',
    'Phương án nghỉ Tết Âm lịch Bính Ngọ 2026 của Bộ Nội vụ được Thủ tướng Chính phủ đồng ý (nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026)',
  ],
  occasions: {
    newYear: [
      { date: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch', nameEn: "New Year's Day" },
      {
        date: '2026-01-02',
        kind: 'swapped',
        name: 'Nghỉ hoán đổi, làm bù thứ Bảy 10/01/2026',
        nameEn: 'Swapped day off, worked on Saturday 10 January 2026',
      },
    ],
    tet: [
      {
        date: '2026-02-16',
        kind: 'holiday',
        name: 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)',
        nameEn: 'Lunar New Year',
      },
      { date: '2026-02-17', kind: 'holiday', name: 'Tết Nguyên đán Bính Ngọ (mùng 1)', nameEn: 'Lunar New Year' },
      { date: '2026-02-18', kind: 'holiday', name: 'Tết Nguyên đán Bính Ngọ (mùng 2)', nameEn: 'Lunar New Year' },
      { date: '2026-02-19', kind: 'holiday', name: 'Tết Nguyên đán Bính Ngọ (mùng 3)', nameEn: 'Lunar New Year' },
      { date: '2026-02-20', kind: 'holiday', name: 'Tết Nguyên đán Bính Ngọ (mùng 4)', nameEn: 'Lunar New Year' },
    ],
  },
  workingSaturdays: [{ date: '2026-01-10', replaces: '2026-01-02' }],
};
