/**
 * A small plan with every task kind and a cross-responsibility dependency, for focused tests.
 * Deadlines sit a few plan days after the rehearsal start (14/3/2023 08:00 Vietnam time).
 */
import { PlanSchema, type Plan, type PlanInput } from '../../domain/plan/schema';
import type { Clock } from '../../domain/clock';

export const REHEARSAL_START = '2023-03-14T01:00:00.000Z'; // 08:00 on 14/3/2023 in Vietnam

export function rehearsal(msPerPlanDay: number): Clock {
  return { mode: 'rehearsal', planStart: REHEARSAL_START, msPerPlanDay };
}

export function miniPlan(webhookUrl: string, overrides: Partial<PlanInput['conference']> = {}): Plan {
  const contacts = [{ channel: 'webhook' as const, url: webhookUrl }];
  const input: PlanInput = {
    version: 1,
    id: 'mini',
    meta: {
      number: '01/KH-TEST',
      title: 'Kế hoạch thử nghiệm',
      issuer: 'UBND huyện thử',
      signer: { name: 'Nguyễn Văn A', title: 'Chủ tịch' },
      place: 'Tủa Chùa',
      dateText: 'ngày 14 tháng 3 năm 2023',
    },
    organizer: 'org',
    conference: {
      title: 'Hội nghị thử',
      venue: 'Hội trường',
      length: '4h',
      startTime: '07:30',
      window: { from: '2023-03-20', to: '2023-03-31', text: 'cuối tháng 3' },
      dayBefore: { program: ['Đón tiếp đại biểu'] },
      delegates: { total: 10, groups: [{ label: 'Đại biểu', count: 10 }] },
      ...overrides,
    },
    units: [
      { id: 'org', name: 'Phòng Nội vụ', shortName: 'Nội vụ', kind: 'office', contacts },
      { id: 'boss', name: 'Lãnh đạo huyện', shortName: 'Lãnh đạo', kind: 'leader', contacts },
      { id: 'a', name: 'UBND huyện A', shortName: 'A', kind: 'district', contacts },
      { id: 'b', name: 'UBND huyện B', shortName: 'B', kind: 'district', contacts },
    ],
    responsibilities: [
      {
        id: 'reports',
        title: 'Báo cáo các huyện',
        lead: 'org',
        clause: 'III.2',
        tasks: [
          {
            id: 'report-a',
            title: 'Báo cáo của huyện A',
            kind: 'submission',
            clause: 'III.2',
            assignees: ['a'],
            fields: [{ name: 'reportUrl', label: 'Đường dẫn báo cáo', type: 'url' }],
            due: { type: 'absolute', at: '2023-03-16T00:00' },
            remindBefore: ['1d'],
          },
          {
            id: 'report-b',
            title: 'Báo cáo của huyện B',
            kind: 'once',
            clause: 'III.2',
            assignees: ['b'],
            due: { type: 'conference', day: -2, time: '17:00' },
            remindBefore: ['1d'],
          },
        ],
      },
      {
        id: 'summary',
        title: 'Báo cáo tổng hợp và kinh phí',
        lead: 'org',
        clause: 'III.1.1',
        tasks: [
          {
            id: 'summary-report',
            title: 'Dự thảo báo cáo tổng hợp',
            kind: 'once',
            clause: 'III.1.1 ¶1',
            assignees: ['org'],
            dependsOn: ['report-a'],
            due: { type: 'conference', day: -1, time: '17:00' },
            remindBefore: ['1d'],
          },
          {
            id: 'estimate',
            title: 'Dự toán kinh phí',
            kind: 'approval',
            clause: 'III.1.1 ¶3',
            assignees: ['org'],
            approvers: ['boss'],
            due: { type: 'conference', day: -3, time: '17:00' },
            remindBefore: ['1d'],
          },
        ],
      },
      {
        id: 'ceremony',
        title: 'Nghi thức',
        lead: 'org',
        clause: 'II.1',
        tasks: [
          {
            id: 'pledge',
            title: 'Ký giao ước thi đua',
            kind: 'signoff',
            clause: 'II.1',
            assignees: ['a', 'b'],
            signers: ['a', 'b'],
            due: { type: 'conference', day: 0, time: '10:00' },
            remindBefore: [],
          },
          {
            id: 'security',
            title: 'Bảo đảm an ninh',
            kind: 'phased',
            clause: 'III.1.5',
            assignees: ['b'],
            phases: [
              { phase: 'before', label: 'Trước hội nghị', due: { type: 'conference', day: -1, time: '17:00' } },
              { phase: 'during', label: 'Trong hội nghị', due: { type: 'conference', day: 0, time: '11:30' } },
              { phase: 'after', label: 'Sau hội nghị', due: { type: 'conference', day: 1, time: '17:00' } },
            ],
            due: { type: 'conference', day: 1, time: '17:00' },
            remindBefore: [],
          },
        ],
      },
    ],
  };
  return PlanSchema.parse(input);
}
