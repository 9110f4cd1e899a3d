/**
 * The words shown to people for task states, actions and phases, in Vietnamese and English: one
 * table each, shared by the CLI, the web pages and the audit.
 */
import type { ActionName } from './actions';
import type { Bilingual } from './bilingual';
import type { TaskKind } from './plan/schema';
import type { Lang } from './time';
import type { TaskState } from './views';

const STATE: Record<TaskState, Bilingual> = {
  blocked: { vi: 'chờ việc trước', en: 'blocked' },
  open: { vi: 'đang làm', en: 'open' },
  submitted: { vi: 'chờ duyệt', en: 'submitted' },
  sentBack: { vi: 'bị trả lại', en: 'sent back' },
  done: { vi: 'hoàn thành', en: 'done' },
  cancelled: { vi: 'đã hủy', en: 'cancelled' },
  withdrawn: { vi: 'đã rút khỏi kế hoạch', en: 'withdrawn' },
};

export function stateLabel(state: TaskState, lang: Lang): string {
  return STATE[state][lang];
}

/** As on a button: "Nộp" / "Submit". */
export const ACTION_LABEL: Record<ActionName, Bilingual> = {
  complete: { vi: 'Hoàn thành', en: 'Done' },
  submit: { vi: 'Nộp', en: 'Submit' },
  approve: { vi: 'Phê duyệt', en: 'Approve' },
  sendBack: { vi: 'Trả lại', en: 'Send back' },
  sign: { vi: 'Ký', en: 'Sign' },
  confirmPhase: { vi: 'Xác nhận giai đoạn', en: 'Confirm phase' },
  reportIncident: { vi: 'Báo sự cố', en: 'Report an incident' },
  requestExtension: { vi: 'Xin gia hạn', en: 'Ask for more time' },
  decideExtension: { vi: 'Trả lời đề nghị gia hạn', en: 'Answer the extension request' },
  extend: { vi: 'Gia hạn', en: 'Extend the deadline' },
  returnWork: { vi: 'Trả lại kết quả', en: 'Return the work' },
  reassign: { vi: 'Giao lại', en: 'Reassign' },
  withdraw: { vi: 'Rút khỏi kế hoạch', en: 'Withdraw' },
  progressNote: { vi: 'Báo cáo tiến độ', en: 'Report progress' },
  comment: { vi: 'Ý kiến', en: 'Comment' },
};

/** What a unit did, in a Vietnamese sentence: "nộp", "trả lại". */
export function actionWordVi(action: ActionName): string {
  return ACTION_LABEL[action].vi.toLocaleLowerCase('vi');
}

export const PHASE_LABEL = {
  before: { vi: 'trước hội nghị', en: 'before' },
  during: { vi: 'trong hội nghị', en: 'during' },
  after: { vi: 'sau hội nghị', en: 'after' },
} as const;

/** The kinds of task as a reader names them: "phê duyệt" / "approval". */
export const TASK_KIND_LABEL: Record<TaskKind, Bilingual> = {
  once: { vi: 'làm một lần', en: 'one-off' },
  submission: { vi: 'nộp hồ sơ', en: 'submission' },
  approval: { vi: 'phê duyệt', en: 'approval' },
  signoff: { vi: 'ký xác nhận', en: 'sign-off' },
  phased: { vi: 'theo giai đoạn', en: 'phased duty' },
};
