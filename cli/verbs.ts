/**
 * The unit's verbs on the command line and the action of the contract each stands for, with the
 * extra options it takes; the inbox names the verb for a unit's next move from the same table.
 */
import type { ActionName } from '../domain/actions';

/** CLI verb → action of the contract, and which extra options the verb takes. */
export const VERBS: Record<
  string,
  { action: ActionName; vi: string; en: string; takes: ('field' | 'reason' | 'phase')[] }
> = {
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
};

/** The verb for an action, with the phase to confirm where it needs one. */
export function verbOf(action: ActionName): string {
  return Object.entries(VERBS).find(([, v]) => v.action === action)?.[0] ?? action;
}
