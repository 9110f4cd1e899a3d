/**
 * Biên bản bàn giao cờ luân lưu: the minutes of the rotating flag's handover at the conference
 * (clause II.1): the outgoing cluster head hands the flag to the incoming one and both confirm.
 * The handover is the plan's sign-off task of its flag responsibility; the giving side is the
 * responsibility's lead, the receiving side the other signer; each side's confirmation (who,
 * when) comes from the task's history. A side that has not confirmed is written as such.
 */
import { formatAdministrativeDate } from '../../domain/time';
import type { ResponsibilityView, TaskView } from '../../domain/views';
import { issuerOf, numberOf, placeDateOf, unitName, when } from './common';
import { para, type AdminDocument, type Block, type Signer } from './model';
import type { ConferenceRecord } from './record';

/** The flag's responsibility and its handover task, or undefined when the plan has none. */
export function flagHandoverOf(r: ConferenceRecord): { resp: ResponsibilityView; task: TaskView } | undefined {
  const candidates = r.responsibilities.filter((x) => x.id === 'flag' || /cờ luân lưu/i.test(x.title));
  for (const resp of candidates) {
    const task = resp.tasks.find((t) => t.kind === 'signoff' && t.deciders.length >= 2);
    if (task) return { resp, task };
  }
  return undefined;
}

export function flagHandoverMinutes(r: ConferenceRecord): AdminDocument | undefined {
  const found = flagHandoverOf(r);
  if (!found) return undefined;
  const { resp, task } = found;
  const { plan } = r;
  const name = unitName(plan);
  const giver = task.deciders.includes(resp.lead) ? resp.lead : (task.deciders[0] ?? resp.lead);
  const receiver = task.deciders.find((u) => u !== giver) ?? '';
  const signOf = (unit: string) => task.history.find((h) => h.action === 'sign' && h.actor.unitId === unit);
  const given = signOf(giver);
  const received = signOf(receiver);
  const prepare = resp.tasks.find((t) => t.id !== task.id && t.state === 'done');
  // The day it happened when both sides confirmed; the conference's day before that.
  const day = given && received ? (task.completedAt ?? received.at) : r.date;
  const held = day ? formatAdministrativeDate(day, 'vi') : 'ngày hội nghị (chưa ấn định)';
  const confirmed = (h: typeof given, unit: string): string =>
    h
      ? `${name(unit)} xác nhận lúc ${when(h.at)}, người xác nhận: ${h.actor.person}${h.note ? ` (${h.note})` : ''}.`
      : `${name(unit)} chưa xác nhận.`;
  const body: Block[] = [
    para(`Hôm nay, ${held}, tại ${plan.conference.venue}, trong chương trình ${plan.conference.title}, chúng tôi gồm:`),
    { kind: 'heading', text: `1. Bên giao: ${name(giver)}` },
    para(`Đại diện: ${given?.actor.person ?? '……………………'}.`),
    { kind: 'heading', text: `2. Bên nhận: ${name(receiver)}` },
    para(`Đại diện: ${received?.actor.person ?? '……………………'}.`),
    { kind: 'heading', text: '3. Nội dung bàn giao' },
    para(`${task.title} (khoản ${task.clause} của Kế hoạch).`),
    ...(prepare
      ? [
          para(
            `Việc chuẩn bị ("${prepare.title}") do ${prepare.completedBy ? `${name(prepare.completedBy.unitId)} (${prepare.completedBy.person})` : 'đơn vị được giao'} hoàn thành lúc ${when(prepare.completedAt)}.`,
          ),
        ]
      : []),
    { kind: 'heading', text: '4. Xác nhận của hai bên' },
    { kind: 'list', items: [confirmed(given, giver), confirmed(received, receiver)] },
    para(
      given && received
        ? `Việc bàn giao hoàn thành lúc ${when(task.completedAt ?? received.at)}${task.late ? ', sau hạn của Kế hoạch' : ''}. Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản./.`
        : 'Việc bàn giao chưa được cả hai bên xác nhận./.',
    ),
  ];
  const side = (title: string, unit: string, h: typeof given): Signer => ({
    title,
    body: name(unit),
    name: h?.actor.person ?? '',
    ...(h ? { note: `Đã xác nhận lúc ${when(h.at)}` } : { note: 'Chưa xác nhận' }),
  });
  return {
    issuer: issuerOf(plan),
    number: numberOf(plan, 'BB'),
    placeDate: placeDateOf(plan, given?.at ?? received?.at ?? r.asOf),
    type: 'BIÊN BẢN',
    summary: resp.title,
    body,
    recipients: [
      name(giver),
      name(receiver),
      ...(plan.conference.progressReportTo ? [name(plan.conference.progressReportTo)] : []),
      'Lưu: VT',
    ],
    signature: {
      kind: 'two',
      left: side('Đại diện bên giao', giver, given),
      right: side('Đại diện bên nhận', receiver, received),
    },
    title: `Biên bản bàn giao cờ luân lưu — ${r.conferenceId}`,
  };
}
