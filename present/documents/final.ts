/**
 * Báo cáo kết quả: the report after the conference of how the plan was carried out: every duty,
 * who did it and when, against which deadline, on time or late, with the extensions, returns and
 * send-backs it went through; the conference's date and its changes.
 */
import { formatAdministrativeDate } from '../../domain/time';
import type { TaskView } from '../../domain/views';
import { STANDING_LABEL, standingOf } from '../tasks';
import { allTasks, changesOf, issuerOf, numberOf, placeDateOf, tally, unitName, when } from './common';
import { para, type AdminDocument, type Block } from './model';
import { lowerFirst } from './progress';
import type { ConferenceRecord } from './record';

/** The actions that carry the work itself (not a change to the plan). */
const WORK = new Set(['complete', 'submit', 'approve', 'sign', 'confirmPhase']);

export function finalReport(r: ConferenceRecord): AdminDocument {
  const { plan } = r;
  const name = unitName(plan);
  const tasks = allTasks(r);
  const all = tally(tasks);
  const onTime = all.done - all.late;
  const body: Block[] = [
    para(
      r.date
        ? `Thực hiện ${plan.meta.title}, ${plan.conference.title} đã được tổ chức ${formatAdministrativeDate(r.date, 'vi')} tại ${plan.conference.venue}.`
        : `Thực hiện ${plan.meta.title}; hội nghị chưa được ấn định ngày (${plan.conference.window.text}).`,
    ),
    ...(r.cancellation ? [para(`Hội nghị đã hủy; lý do: ${r.cancellation.reason}.`)] : []),
    { kind: 'heading', text: 'I. KẾT QUẢ CHUNG' },
    para(
      `Kế hoạch có ${all.total} công việc; đã hoàn thành ${all.done} (đúng hạn ${onTime}, trễ hạn ${all.late}); ` +
        `chưa hoàn thành ${all.total - all.done}.`,
    ),
    ...(r.dateChanges.length
      ? [
          {
            kind: 'list' as const,
            items: r.dateChanges.map(
              (d) =>
                `${when(d.at)}: ${d.from ? `dời ngày hội nghị từ ${formatAdministrativeDate(d.from, 'vi')} sang` : 'ấn định ngày hội nghị'} ${formatAdministrativeDate(d.to, 'vi')} (${d.reason}; ${name(d.by.unitId)}, ${d.by.person}).`,
            ),
          },
        ]
      : []),
    { kind: 'heading', text: 'II. KẾT QUẢ TỪNG CÔNG VIỆC' },
    {
      kind: 'table',
      header: [
        'TT',
        'Công việc (khoản)',
        'Đơn vị, người thực hiện',
        'Hạn',
        'Hoàn thành',
        'Kết quả',
        'Gia hạn, trả lại',
      ],
      widths: [6, 24, 18, 14, 14, 10, 14],
      centered: [0, 3, 4, 5],
      rows: tasks.map((t, i) => [
        String(i + 1),
        `${t.title} (${t.clause})`,
        doers(t, name),
        when(t.due),
        t.state === 'done' ? when(t.completedAt) : '—',
        STANDING_LABEL[standingOf(t)].vi,
        changesOf(t) || '—',
      ]),
    },
    para(`Trên đây là báo cáo kết quả thực hiện Kế hoạch./.`),
  ];
  return {
    issuer: issuerOf(plan),
    number: numberOf(plan, 'BC'),
    placeDate: placeDateOf(plan, r.asOf),
    type: 'BÁO CÁO',
    summary: `Kết quả thực hiện ${lowerFirst(plan.meta.title)}`,
    body,
    recipients: plan.meta.recipients?.length ? plan.meta.recipients : ['Lưu: VT'],
    signature: { kind: 'single', title: plan.meta.signer.title, name: plan.meta.signer.name },
    title: `Báo cáo kết quả — ${r.conferenceId}`,
  };
}

/** Who did the work: each unit and person that acted on it, in order; the assignees when nobody has. */
function doers(t: TaskView, name: (id: string) => string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of t.history) {
    if (!WORK.has(h.action)) continue;
    const key = `${name(h.actor.unitId)} (${h.actor.person})`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(key);
    }
  }
  return out.length ? out.join('\n') : `${t.assignees.map(name).join(', ')} (chưa thực hiện)`;
}
