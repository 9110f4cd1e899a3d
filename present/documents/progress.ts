/**
 * Báo cáo tiến độ: the organizer's progress report to the Emulation Council (clause III.1.1 ¶2):
 * where the conference stands, the tasks done, late, overdue and waiting by responsibility and by
 * unit, the overdue tasks by name, and the problems raised (incidents, send-backs, requests for
 * more time, returns, progress notes).
 */
import { formatAdministrativeDate } from '../../domain/time';
import { currentDue, isOverdue } from '../tasks';
import {
  allTasks,
  byResponsibility,
  byUnit,
  issuerOf,
  numberOf,
  placeDateOf,
  problemLines,
  TALLY_HEADER,
  tally,
  tallyCells,
  unitName,
  when,
} from './common';
import { para, type AdminDocument, type Block } from './model';
import type { ConferenceRecord } from './record';

export function progressReport(r: ConferenceRecord): AdminDocument {
  const { plan } = r;
  const name = unitName(plan);
  const all = tally(allTasks(r));
  const council = plan.conference.progressReportTo
    ? name(plan.conference.progressReportTo)
    : 'Hội đồng Thi đua - Khen thưởng';
  const overdue = allTasks(r).filter(isOverdue);
  const problems = problemLines(r);
  const body: Block[] = [
    para(
      `Thực hiện ${plan.meta.title}; đến ${formatAdministrativeDate(r.asOf, 'vi')} (${when(r.asOf)}), ` +
        `${name(plan.organizer)} báo cáo ${council} tiến độ thực hiện như sau:`,
    ),
    { kind: 'heading', text: 'I. TÌNH HÌNH CHUNG' },
    para(
      r.date
        ? `${plan.conference.title} tổ chức ${formatAdministrativeDate(r.date, 'vi')} tại ${plan.conference.venue}` +
            (r.dateChanges.length > 1 ? ` (ngày đã được ấn định, điều chỉnh ${r.dateChanges.length} lần).` : '.')
        : `${plan.conference.title}: chưa ấn định ngày (${plan.conference.window.text}).`,
    ),
    para(
      `Kế hoạch có ${all.total} công việc: đã hoàn thành ${all.done} (trong đó trễ hạn ${all.late}); ` +
        `quá hạn chưa hoàn thành ${all.overdue}; đang thực hiện ${all.open}; ` +
        `đang chờ (ngày hội nghị hoặc việc trước) ${all.waiting}.`,
    ),
    ...(r.cancellation ? [para(`Hội nghị đã hủy; lý do: ${r.cancellation.reason}.`)] : []),
    { kind: 'heading', text: 'II. TIẾN ĐỘ THEO NHIỆM VỤ' },
    {
      kind: 'table',
      header: ['TT', 'Nhiệm vụ (khoản)', 'Đơn vị chủ trì', ...TALLY_HEADER],
      widths: [6, 28, 18, 8, 8, 8, 8, 8, 8],
      centered: [0, 3, 4, 5, 6, 7, 8],
      rows: byResponsibility(r).map(({ view, tally: t }, i) => [
        String(i + 1),
        `${view.title} (${view.clause})`,
        name(view.lead),
        ...tallyCells(t),
      ]),
    },
    { kind: 'heading', text: 'III. TIẾN ĐỘ THEO ĐƠN VỊ' },
    {
      kind: 'table',
      header: ['TT', 'Đơn vị', ...TALLY_HEADER],
      widths: [6, 46, 8, 8, 8, 8, 8, 8],
      centered: [0, 2, 3, 4, 5, 6, 7],
      rows: byUnit(r).map(({ unitId, tally: t }, i) => [String(i + 1), name(unitId), ...tallyCells(t)]),
    },
    { kind: 'heading', text: 'IV. CÔNG VIỆC QUÁ HẠN' },
    overdue.length
      ? {
          kind: 'list',
          items: overdue.map(
            (t) => `${t.title} (${t.clause}): ${t.assignees.map(name).join(', ')}; hạn ${when(currentDue(t))}.`,
          ),
        }
      : para('Không có công việc quá hạn.'),
    { kind: 'heading', text: 'V. KHÓ KHĂN, VƯỚNG MẮC VÀ Ý KIẾN CỦA CÁC ĐƠN VỊ' },
    problems.length ? { kind: 'list', items: problems } : para('Các đơn vị không báo khó khăn, vướng mắc.'),
    para(`Trên đây là báo cáo tiến độ thực hiện Kế hoạch, kính báo cáo ${council} xem xét, chỉ đạo./.`),
  ];
  return {
    issuer: issuerOf(plan),
    number: numberOf(plan, 'BC'),
    placeDate: placeDateOf(plan, r.asOf),
    type: 'BÁO CÁO',
    summary: `Tiến độ thực hiện ${lowerFirst(plan.meta.title)}`,
    body,
    recipients: [`${council} (B/c)`, name(plan.organizer), 'Lưu: VT'],
    signature: { kind: 'single', title: plan.meta.signer.title, name: plan.meta.signer.name },
    title: `Báo cáo tiến độ — ${r.conferenceId}`,
  };
}

/** "Kế hoạch tổ chức …" inside a sentence: "kế hoạch tổ chức …". */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}
