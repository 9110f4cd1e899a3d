/**
 * The seed plan's rehearsal script: the people who act for each unit, the living-plan moves and
 * the amendment made while it runs. The demo, the end-to-end tests and the cluster test play it
 * with the simulated units (./simulated-units).
 */
import type { ActionName, Actor } from '../domain/actions';
import type { Span } from '../domain/plan/schema';

/** The living plan's actions a script can take. */
export type LivingPlanAction = Extract<
  ActionName,
  | 'requestExtension'
  | 'decideExtension'
  | 'extend'
  | 'returnWork'
  | 'reassign'
  | 'withdraw'
  | 'progressNote'
  | 'comment'
>;

/**
 * One scripted living-plan move. It is taken once plan time reaches `atPlan`, the moves before it
 * on the same task are taken, and the task-kind table lets the acting unit take it (so a return
 * waits until the task is done). While a move that needs the task open waits, its unit holds
 * back its work on the task (it is asking for more time, after all).
 */
export interface LivingPlanStep {
  atPlan: string;
  taskId: string;
  action: LivingPlanAction;
  /** The acting unit; by default the first the task-kind table allows (assignee, organizer, lead). */
  by?: string;
  /** The new deadline: this span after the deadline in force (`due`) or after the plan's now. */
  until?: { after: 'due' | 'now'; span: Span };
  decision?: 'grant' | 'refuse';
  reason?: string;
  note?: string;
  percent?: number;
  assignees?: string[];
}

/**
 * The seed plan's living-plan moves, after the last date move of the demo and the tests (the
 * conference is on 30/3): Nậm Pồ reports progress on its presentation and asks one more day for
 * it, Phòng Nội vụ grants it; Phòng Nội vụ returns the hall set-up to Văn phòng, which does it again.
 */
export const SEED_LIVING_PLAN: LivingPlanStep[] = [
  {
    atPlan: '2023-03-19T02:00:00.000Z',
    taskId: 'districts.nam-po.presentation',
    action: 'progressNote',
    note: 'Đã xong phần số liệu, đang hoàn thiện phần hình ảnh.',
    percent: 70,
  },
  {
    atPlan: '2023-03-19T03:00:00.000Z',
    taskId: 'districts.nam-po.presentation',
    action: 'requestExtension',
    until: { after: 'due', span: '1d' },
    reason: 'Chờ số liệu thi đua của các xã gửi về.',
  },
  {
    atPlan: '2023-03-19T09:00:00.000Z',
    taskId: 'districts.nam-po.presentation',
    action: 'decideExtension',
    decision: 'grant',
    reason: 'Đồng ý, đề nghị gửi đúng hạn mới.',
  },
  {
    atPlan: '2023-03-20T02:00:00.000Z',
    taskId: 'hall.setup',
    action: 'returnWork',
    by: 'noi-vu',
    until: { after: 'now', span: '2d' },
    reason: 'Bổ sung sơ đồ bố trí chỗ ngồi cho 180 đại biểu.',
  },
];

/** The organizer adds a task to a responsibility once plan time reaches `atPlan`. */
export interface AmendmentStep {
  atPlan: string;
  responsibilityId: string;
  /** The task as in a plan file. */
  task: unknown;
  reason: string;
}

/**
 * The seed plan's amendment, after the date is fixed (30/3): Phòng Nội vụ adds a sound and
 * projection check of the hall, for Văn phòng, once the hall is set up, by 07:00 on the day.
 */
export const SEED_AMENDMENTS: AmendmentStep[] = [
  {
    atPlan: '2023-03-19T04:00:00.000Z',
    responsibilityId: 'hall',
    task: {
      id: 'hall.sound-check',
      kind: 'once',
      title: 'Kiểm tra hệ thống âm thanh, màn hình trình chiếu tại Hội trường',
      titleEn: 'Check the sound system and the projection screen in the hall',
      clause: 'III.1.2',
      assignees: ['van-phong'],
      dependsOn: ['hall.setup'],
      due: { type: 'conference', day: 0, time: '07:00' },
      organizerChoice: true,
    },
    reason: 'Bổ sung theo ý kiến của Thường trực Hội đồng Thi đua - Khen thưởng huyện.',
  },
];

/** Who acts for each of the seed plan's units. */
const PEOPLE: Record<string, string> = {
  'noi-vu': 'Nguyễn Thị Lan',
  'van-phong': 'Trần Văn Hùng',
  'vh-tt-th': 'Vàng A Dế',
  'tc-kh': 'Lò Thị Hoa',
  'cong-an': 'Thào A Lử',
  'dien-luc': 'Đỗ Minh Quang',
  'hoi-dong-tdkt': 'Mùa A Chứ',
  'lanh-dao-huyen': 'Lường Tuấn Anh',
  'tua-chua': 'Lường Tuấn Anh',
  'muong-cha': 'Sùng A Hồ',
  'muong-nhe': 'Lò Văn Puôn',
  'nam-po': 'Giàng A Dình',
  'dien-bien-dong': 'Vừ A Bằng',
};

/** The person acting for a unit: the seed plan's named officer, or "Cán bộ <unit>". */
export function actorOf(unitId: string): Actor {
  return { unitId, person: PEOPLE[unitId] ?? `Cán bộ ${unitId}` };
}
