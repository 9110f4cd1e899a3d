/**
 * Bảng theo dõi thi đua as an administrative document: the scorecard's rows (../scorecard) in a
 * ruled table under the same Nghị định 30/2020 header, place and date, nơi nhận and signature as
 * the conference documents, the header and signer taken from a plan of the conferences counted
 * (the caller's conference, or the newest of them). The conferences counted are listed under
 * the table, so a reader can go back to each one's audit.
 */
import type { Plan } from '../../domain/plan/schema';
import { formatAdministrativeDate } from '../../domain/time';
import type { ConferenceScore, ScoreFilter, ScoreRow } from '../scorecard';
import { issuerOf, numberOf, placeDateOf } from './common';
import { para, type AdminDocument } from './model';

export const SCORECARD_HEADER = [
  'TT',
  'Đơn vị',
  'Hội nghị',
  'Nhiệm vụ',
  'Đúng hạn',
  'Trễ hạn',
  'Quá hạn',
  'Bị trả lại',
  'Xin gia hạn',
  'Được gia hạn',
];

export function scorecardDocument(
  rows: readonly ScoreRow[],
  o: { plan: Plan; filter: ScoreFilter; conferences: readonly ConferenceScore[]; asOf: string },
): AdminDocument {
  const { plan, filter } = o;
  const scope = [
    filter.year !== undefined ? `năm ${filter.year}` : '',
    filter.cluster !== undefined ? `(cụm: ${filter.cluster})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const council = plan.conference.progressReportTo
    ? (plan.units.find((u) => u.id === plan.conference.progressReportTo)?.name ?? 'Hội đồng Thi đua - Khen thưởng')
    : 'Hội đồng Thi đua - Khen thưởng';
  return {
    issuer: issuerOf(plan),
    number: numberOf(plan, 'BC'),
    placeDate: placeDateOf(plan, o.asOf),
    type: 'BÁO CÁO',
    summary: `Kết quả theo dõi thi đua của các đơn vị${scope ? ` ${scope}` : ''}`,
    body: [
      para(
        `Căn cứ hồ sơ thực hiện kế hoạch của ${o.conferences.length} hội nghị, ` +
          `đến ${formatAdministrativeDate(o.asOf, 'vi')}, kết quả thực hiện nhiệm vụ của các đơn vị như sau:`,
      ),
      rows.length
        ? {
            kind: 'table',
            header: SCORECARD_HEADER,
            widths: [5, 20, 10, 10, 9, 9, 9, 9, 10, 9],
            centered: [0, 2, 3, 4, 5, 6, 7, 8, 9],
            rows: rows.map((r, i) => [
              String(i + 1),
              r.unit,
              String(r.conferences),
              String(r.held),
              String(r.onTime),
              String(r.late),
              String(r.overdue),
              String(r.returned),
              String(r.extensionsAsked),
              String(r.extensionsGranted),
            ]),
          }
        : para('Không có hội nghị nào khớp điều kiện tổng hợp.'),
      { kind: 'heading', text: 'Các hội nghị được tổng hợp' },
      o.conferences.length
        ? {
            kind: 'list',
            items: o.conferences.map(
              (c) => `${c.plan.conference.title} (mã ${c.conferenceId}${c.year !== null ? `, năm ${c.year}` : ''}).`,
            ),
          }
        : para('Không có.'),
      para(
        'Đúng hạn, trễ hạn: công việc đơn vị đã thực hiện; quá hạn: công việc đã bị nhắc quá hạn mà đơn vị chưa thực hiện; ' +
          'số liệu lấy từ nhật ký của từng hội nghị./.',
      ),
    ],
    recipients: [`${council} (B/c)`, 'Các đơn vị trong Cụm', 'Lưu: VT'],
    signature: { kind: 'single', title: plan.meta.signer.title, name: plan.meta.signer.name },
    title: `Bảng theo dõi thi đua${scope ? ` ${scope}` : ''}`,
  };
}
