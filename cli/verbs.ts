/**
 * The unit's verbs on the command line and the action of the contract each stands for, with the
 * extra options it takes; the inbox names the verb for a unit's next move from the same table.
 * The living plan's verbs (ask for more time, grant or refuse it, extend, return, reassign,
 * withdraw, report progress, comment) are in the same table; `decideExtension` has two verbs,
 * one per decision, so that a clerk types what they mean.
 */
import type { ActionName } from '../domain/actions';
import type { Bilingual } from '../domain/bilingual';

/** The extra options a verb takes (beyond --note, --evidence, --request-id, --signal). */
export type VerbOption = 'field' | 'reason' | 'phase' | 'until' | 'to' | 'percent';

export interface VerbSpec {
  action: ActionName;
  vi: string;
  en: string;
  takes: VerbOption[];
  /** Options the verb cannot do without: missing, they are a usage error (exit 2). */
  needs?: ('until' | 'to')[];
  /** The decision a verb stands for (grant-extension, refuse-extension). */
  decision?: 'grant' | 'refuse';
  /** Who takes it, for the help text: the living plan's verbs are not all the assignee's. */
  by?: Bilingual;
}

const ORGANIZER = { vi: 'cơ quan tổ chức', en: 'organizer' };
const ASSIGNEE = { vi: 'đơn vị được giao', en: 'assignee' };

/** CLI verb → action of the contract, and which extra options the verb takes. */
export const VERBS: Record<string, VerbSpec> = {
  complete: { action: 'complete', vi: 'Hoàn thành công việc', en: 'Mark a task done', takes: [] },
  submit: {
    action: 'submit',
    vi: 'Nộp kết quả (trường, minh chứng)',
    en: 'Submit a task (fields, evidence)',
    takes: ['field'],
  },
  approve: { action: 'approve', vi: 'Phê duyệt', en: 'Approve a submitted task', takes: [] },
  reject: {
    action: 'sendBack',
    vi: 'Trả lại kèm lý do',
    en: 'Send a submission back with a reason',
    takes: ['reason'],
  },
  sign: { action: 'sign', vi: 'Ký', en: 'Sign', takes: [] },
  confirm: {
    action: 'confirmPhase',
    vi: 'Xác nhận một giai đoạn (trước/trong/sau)',
    en: 'Confirm a phase (before/during/after)',
    takes: ['phase'],
  },
  incident: {
    action: 'reportIncident',
    vi: 'Báo cáo sự cố trong một giai đoạn',
    en: 'Report an incident in a phase',
    takes: ['phase'],
  },
  // ---- the living plan ----
  'ask-extension': {
    action: 'requestExtension',
    vi: 'Xin gia hạn đến --until, nêu lý do',
    en: 'Ask for more time until --until, with a reason',
    takes: ['until', 'reason'],
    needs: ['until'],
    by: ASSIGNEE,
  },
  'grant-extension': {
    action: 'decideExtension',
    decision: 'grant',
    vi: 'Đồng ý gia hạn (đến ngày đơn vị xin, hoặc --until khác)',
    en: 'Grant an extension (to the date asked, or another --until)',
    takes: ['until', 'reason'],
    by: ORGANIZER,
  },
  'refuse-extension': {
    action: 'decideExtension',
    decision: 'refuse',
    vi: 'Không đồng ý gia hạn, nêu lý do',
    en: 'Refuse an extension, with a reason',
    takes: ['reason'],
    by: ORGANIZER,
  },
  extend: {
    action: 'extend',
    vi: 'Gia hạn trực tiếp đến --until, nêu lý do',
    en: 'Extend the deadline to --until, with a reason',
    takes: ['until', 'reason'],
    needs: ['until'],
    by: ORGANIZER,
  },
  return: {
    action: 'returnWork',
    vi: 'Trả lại kết quả đã hoàn thành: công việc mở lại, hạn mới --until',
    en: 'Return completed work: the task reopens with a new deadline --until',
    takes: ['until', 'reason'],
    needs: ['until'],
    by: { vi: 'đơn vị chủ trì hoặc cơ quan tổ chức', en: 'lead unit or organizer' },
  },
  reassign: {
    action: 'reassign',
    vi: 'Giao công việc cho đơn vị khác (--to), nêu lý do',
    en: 'Move a task to other units (--to), with a reason',
    takes: ['to', 'reason'],
    needs: ['to'],
    by: ORGANIZER,
  },
  withdraw: {
    action: 'withdraw',
    vi: 'Rút công việc khỏi kế hoạch, nêu lý do',
    en: 'Withdraw a task from the plan, with a reason',
    takes: ['reason'],
    by: ORGANIZER,
  },
  progress: {
    action: 'progressNote',
    vi: 'Báo cáo tiến độ (--note, --percent)',
    en: 'Report progress (--note, --percent)',
    takes: ['percent'],
    by: ASSIGNEE,
  },
  comment: {
    action: 'comment',
    vi: 'Ghi ý kiến về công việc (--note)',
    en: 'Comment on a task (--note)',
    takes: [],
    by: { vi: 'đơn vị có liên quan', en: 'anyone with a part in it' },
  },
};

/** The verb for an action (the first one listed: grant-extension for decideExtension). */
export function verbOf(action: ActionName): string {
  return Object.entries(VERBS).find(([, v]) => v.action === action)?.[0] ?? action;
}
