/**
 * The audit summary that goes with the conference's dossier: how many rows the audit trail holds
 * of each kind (actions on time and late, changes to the plan, refusals, reminders, overdue
 * notices, date changes), what was done under each clause of the plan, the late and refused
 * actions one by one, and where the rows come from (the workflows' histories and the refusal log),
 * so an auditor can check the dossier against `kehoach audit`.
 */
import type { AuditRow } from '../../audit';
import { auditActionWord } from '../audit';
import { allTasks, issuerOf, numberOf, placeDateOf, unitName, when } from './common';
import { para, type AdminDocument, type Block } from './model';
import { lowerFirst } from './progress';
import type { ConferenceRecord } from './record';

export function auditSummary(r: ConferenceRecord): AdminDocument {
  const { plan, rows } = r;
  const name = unitName(plan);
  const count = (f: (x: AuditRow) => boolean): number => rows.filter(f).length;
  const actions = rows.filter((x) => x.kind === 'action');
  const sources = new Set(rows.flatMap((x) => (x.workflowId ? [x.workflowId] : [])));
  const clauses = [...new Set(allTasks(r).map((t) => t.clause))];
  const notable = rows.filter((x) => x.timing === 'late' || x.kind === 'refused');
  const who = (x: AuditRow): string =>
    [x.unit ? x.unit.split(' ').map(name).join(', ') : '', x.person ? `(${x.person})` : ''].filter(Boolean).join(' ') ||
    '—';
  const body: Block[] = [
    para(
      `Nhật ký kiểm tra của ${plan.conference.title} (mã ${r.conferenceId}) được dựng từ lịch sử sự kiện của ` +
        `${sources.size} quy trình trên Temporal và nhật ký các lần bị từ chối; gồm ${rows.length} dòng, ` +
        `tính đến ${when(r.asOf)}. Mỗi dòng ghi mã quy trình và số thứ tự sự kiện để đối chiếu.`,
    ),
    { kind: 'heading', text: 'I. TỔNG HỢP NHẬT KÝ' },
    {
      kind: 'table',
      header: ['TT', 'Loại', 'Số dòng'],
      widths: [8, 72, 20],
      centered: [0, 2],
      rows: (
        [
          ['Thao tác đúng hạn', count((x) => x.kind === 'action' && x.timing === 'onTime')],
          ['Thao tác trễ hạn', count((x) => x.kind === 'action' && x.timing === 'late')],
          [
            'Thay đổi kế hoạch (gia hạn, trả lại, giao lại, rút, tiến độ, ý kiến)',
            count((x) => x.kind === 'action' && x.timing === null),
          ],
          ['Bị từ chối', count((x) => x.kind === 'refused')],
          ['Nhắc hạn', count((x) => x.kind === 'reminder')],
          ['Báo quá hạn', count((x) => x.kind === 'overdue')],
          ['Đặt, dời ngày hội nghị', count((x) => x.kind === 'dateSet' || x.kind === 'dateMoved')],
          ['Hủy hội nghị', count((x) => x.kind === 'cancelled')],
        ] as const
      ).map(([label, n], i) => [String(i + 1), label, String(n)]),
    },
    { kind: 'heading', text: 'II. THỰC HIỆN THEO KHOẢN CỦA KẾ HOẠCH' },
    {
      kind: 'table',
      header: ['TT', 'Khoản', 'Số việc', 'Đã xong', 'Số thao tác', 'Trễ hạn'],
      widths: [8, 32, 15, 15, 15, 15],
      centered: [0, 2, 3, 4, 5],
      rows: clauses.map((c, i) => {
        const tasks = allTasks(r).filter((t) => t.clause === c);
        const acts = actions.filter((x) => x.clause === c);
        return [
          String(i + 1),
          c,
          String(tasks.length),
          String(tasks.filter((t) => t.state === 'done').length),
          String(acts.length),
          String(acts.filter((x) => x.timing === 'late').length),
        ];
      }),
    },
    { kind: 'heading', text: 'III. THAO TÁC TRỄ HẠN VÀ BỊ TỪ CHỐI' },
    notable.length
      ? {
          kind: 'table',
          header: ['TT', 'Thời gian', 'Đơn vị (người)', 'Thao tác', 'Công việc', 'Chi tiết'],
          widths: [6, 14, 22, 14, 18, 26],
          centered: [0, 1],
          rows: notable.map((x, i) => [
            String(i + 1),
            when(x.planAt ?? x.at),
            who(x),
            x.kind === 'refused'
              ? `bị từ chối: ${auditActionWord(x.action, 'vi')}`
              : `${auditActionWord(x.action, 'vi')} (trễ hạn)`,
            x.taskId ?? '—',
            x.detail || '—',
          ]),
        }
      : para('Không có thao tác trễ hạn hay bị từ chối.'),
    { kind: 'heading', text: 'IV. NGUỒN' },
    {
      kind: 'list',
      items: [
        ...[...sources].sort(),
        ...(rows.some((x) => x.source === 'cli-log' || x.source === 'web-log')
          ? ['nhật ký các lần bị từ chối (CLI, web)']
          : []),
      ],
    },
    para('Nhật ký đầy đủ xuất bằng lệnh "kehoach audit" (CSV, JSON, Markdown) kèm theo hồ sơ./.'),
  ];
  return {
    issuer: issuerOf(plan),
    number: numberOf(plan, 'BC'),
    placeDate: placeDateOf(plan, r.asOf),
    type: 'BÁO CÁO',
    summary: `Tóm tắt nhật ký kiểm tra hồ sơ thực hiện ${lowerFirst(plan.meta.title)}`,
    body,
    recipients: [
      ...(plan.conference.progressReportTo ? [`${name(plan.conference.progressReportTo)} (B/c)`] : []),
      'Lưu: hồ sơ Hội nghị, VT',
    ],
    signature: { kind: 'single', title: plan.meta.signer.title, name: plan.meta.signer.name },
    title: `Tóm tắt nhật ký kiểm tra — ${r.conferenceId}`,
  };
}
