/**
 * Every refusal a responsibility gives a unit's action, with its type, field and the reason in
 * Vietnamese and English: one catalog, so the texts callers show are written once and can be
 * read side by side. The checks (./checks) decide when; this file only says how.
 */
import { LIMITS, type ActionName } from '../../domain/actions';
import { ErrorType, refusal } from '../../domain/errors';
import { ACTION_LABEL, PHASE_LABEL, stateLabel, TASK_KIND_LABEL } from '../../domain/labels';
import type { TaskState } from '../../domain/views';
import type { ApplicationFailure } from '@temporalio/common';
import type { Phase, TaskKind } from '../../domain/plan/schema';
import { formatShortLocal } from '../../domain/time';

type Refusal = ApplicationFailure;

const CLOSED_VI = { done: 'hoàn thành', cancelled: 'bị hủy', withdrawn: 'được rút khỏi kế hoạch' } as const;
// Codes in English texts, words in Vietnamese ones: "approve" → "Phê duyệt", "before" → "trước hội nghị".
const actionVi = (action: ActionName): string => ACTION_LABEL[action].vi;
const phaseVi = (phase: Phase): string => PHASE_LABEL[phase].vi;

export const refuse = {
  conferenceCancelled: (): Refusal =>
    refusal(ErrorType.ConferenceClosed, 'conference', 'Hội nghị đã bị hủy.', 'The conference was cancelled.'),

  tooLarge: (): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'payload',
      `Yêu cầu quá lớn (tối đa ${LIMITS.payloadBytes} byte).`,
      `The request is too large (at most ${LIMITS.payloadBytes} bytes).`,
    ),

  requestIdReused: (requestId: string): Refusal =>
    refusal(
      ErrorType.DuplicateRequest,
      'requestId',
      `Mã yêu cầu "${requestId}" đã được dùng cho một yêu cầu khác.`,
      `Request id "${requestId}" was already used for a different request.`,
    ),

  unknownTask: (taskId: string, responsibilityId: string): Refusal =>
    refusal(
      ErrorType.UnknownTask,
      'taskId',
      `Không có công việc "${taskId}" trong nhiệm vụ "${responsibilityId}".`,
      `There is no task "${taskId}" in responsibility "${responsibilityId}".`,
    ),

  wrongAction: (taskId: string, kind: TaskKind, action: ActionName, allowed: readonly ActionName[]): Refusal =>
    refusal(
      ErrorType.WrongAction,
      'action',
      `Công việc "${taskId}" (loại ${TASK_KIND_LABEL[kind].vi}) không nhận thao tác "${actionVi(action)}"; dùng: ${allowed.map(actionVi).join(', ')}.`,
      `Task "${taskId}" (kind ${kind}) does not take "${action}"; use: ${allowed.join(', ')}.`,
    ),

  wrongUnit: (unit: string, taskId: string, who: readonly string[]): Refusal =>
    refusal(
      ErrorType.WrongUnit,
      'actor.unitId',
      `Đơn vị "${unit}" không được giao thao tác này trên công việc "${taskId}" (đơn vị được giao: ${who.join(', ')}).`,
      `Unit "${unit}" may not do this on task "${taskId}" (assigned: ${who.join(', ')}).`,
    ),

  closed: (taskId: string, state: 'done' | 'cancelled' | 'withdrawn'): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'taskId',
      `Công việc "${taskId}" đã ${CLOSED_VI[state]}.`,
      `Task "${taskId}" is already ${state}.`,
    ),

  blocked: (taskId: string, waiting: readonly string[]): Refusal =>
    refusal(
      ErrorType.TaskBlocked,
      'taskId',
      `Công việc "${taskId}" còn chờ: ${waiting.join(', ')}.`,
      `Task "${taskId}" is waiting for: ${waiting.join(', ')}.`,
    ),

  awaitingApproval: (): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'action',
      'Hồ sơ đang chờ phê duyệt, chưa thể nộp lại.',
      'It is awaiting approval and cannot be resubmitted yet.',
    ),

  nothingSubmitted: (): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'action',
      'Chưa có hồ sơ nộp để phê duyệt.',
      'Nothing has been submitted to approve or send back.',
    ),

  alreadySigned: (unit: string): Refusal =>
    refusal(ErrorType.TaskClosed, 'action', `Đơn vị "${unit}" đã ký.`, `Unit "${unit}" has already signed.`),

  fieldMissing: (name: string, label: string): Refusal =>
    refusal(ErrorType.InvalidPayload, `fields.${name}`, `Thiếu "${label}".`, `"${label}" is required.`),

  fieldNotInteger: (name: string, label: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      `fields.${name}`,
      `"${label}" phải là số nguyên.`,
      `"${label}" must be a whole number.`,
    ),

  fieldNotUrl: (name: string, label: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      `fields.${name}`,
      `"${label}" phải là đường dẫn http(s).`,
      `"${label}" must be an http(s) link.`,
    ),

  fieldNotFile: (name: string, label: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      `fields.${name}`,
      `"${label}" phải là mã SHA-256 của một tệp gửi kèm.`,
      `"${label}" must be the SHA-256 of an attached file.`,
    ),

  fileTooLarge: (name: string, label: string, max: number): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      `fields.${name}`,
      `Tệp "${label}" vượt quá ${mebibytes(max)} MiB.`,
      `The file "${label}" is larger than ${mebibytes(max)} MiB.`,
    ),

  fieldUnknown: (name: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      `fields.${name}`,
      `Trường "${name}" không có trong yêu cầu của công việc.`,
      `Field "${name}" is not asked for by this task.`,
    ),

  tooFewEvidence: (min: number): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'evidence',
      `Cần ít nhất ${min} đường dẫn minh chứng.`,
      `At least ${min} evidence link(s) are required.`,
    ),

  noSuchPhase: (phase: Phase): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'phase',
      `Nhiệm vụ không có giai đoạn "${phaseVi(phase)}".`,
      `This duty has no "${phase}" phase.`,
    ),

  phaseConfirmed: (phase: Phase): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'action',
      `Giai đoạn "${phaseVi(phase)}" đã được xác nhận.`,
      `Phase "${phase}" is already confirmed.`,
    ),

  earlierPhaseFirst: (earlier: Phase): Refusal =>
    refusal(
      ErrorType.TaskBlocked,
      'phase',
      `Cần xác nhận giai đoạn "${phaseVi(earlier)}" trước.`,
      `Confirm the "${earlier}" phase first.`,
    ),

  phaseAwaitsDate: (phase: Phase): Refusal =>
    refusal(
      ErrorType.TaskBlocked,
      'phase',
      `Giai đoạn "${phaseVi(phase)}" chờ giấy mời: chưa có ngày hội nghị.`,
      `The "${phase}" phase waits for the invitation: the conference date is not set.`,
    ),

  phaseNotOpen: (phase: Phase, opensAt: string): Refusal =>
    refusal(
      ErrorType.TaskBlocked,
      'phase',
      `Giai đoạn "${phaseVi(phase)}" chỉ xác nhận được từ ${formatShortLocal(opensAt)}.`,
      `The "${phase}" phase can be confirmed from ${formatShortLocal(opensAt)} on.`,
    ),

  signAwaitsDate: (): Refusal =>
    refusal(
      ErrorType.TaskBlocked,
      'opens',
      'Việc ký chờ giấy mời: chỉ ký tại hội nghị, mà chưa có ngày hội nghị.',
      'Signing waits for the invitation: it is done at the conference, whose date is not set.',
    ),

  signNotOpen: (opensAt: string): Refusal =>
    refusal(
      ErrorType.TaskBlocked,
      'opens',
      `Chỉ được ký tại hội nghị, từ ${formatShortLocal(opensAt)}.`,
      `Signing is done at the conference, from ${formatShortLocal(opensAt)} on.`,
    ),

  // ---- the living plan ----

  notInState: (taskId: string, action: ActionName, state: TaskState): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'action',
      `Công việc "${taskId}" đang ở trạng thái "${stateLabel(state, 'vi')}", chưa thể "${actionVi(action)}".`,
      `Task "${taskId}" is ${stateLabel(state, 'en')}: "${action}" cannot be taken now.`,
    ),

  notDone: (taskId: string): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'action',
      `Công việc "${taskId}" chưa hoàn thành nên chưa thể trả lại.`,
      `Task "${taskId}" is not done, so it cannot be returned.`,
    ),

  notForPhased: (taskId: string): Refusal =>
    refusal(
      ErrorType.WrongAction,
      'action',
      `Công việc "${taskId}" theo các giai đoạn của ngày hội nghị, không gia hạn được; hãy dời ngày hội nghị.`,
      `Task "${taskId}" follows the conference days and cannot be extended; move the conference date instead.`,
    ),

  extensionPending: (taskId: string): Refusal =>
    refusal(
      ErrorType.DuplicateRequest,
      'action',
      `Công việc "${taskId}" đã có đề nghị gia hạn đang chờ trả lời.`,
      `Task "${taskId}" already has an extension request awaiting an answer.`,
    ),

  noExtensionRequest: (taskId: string): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'action',
      `Công việc "${taskId}" không có đề nghị gia hạn nào đang chờ.`,
      `Task "${taskId}" has no extension request awaiting an answer.`,
    ),

  untilPast: (until: string): Refusal =>
    refusal(
      ErrorType.InvalidDate,
      'until',
      `Hạn mới ${formatShortLocal(until)} đã qua.`,
      `The new deadline ${formatShortLocal(until)} is already past.`,
    ),

  untilNotLater: (until: string, due: string): Refusal =>
    refusal(
      ErrorType.InvalidDate,
      'until',
      `Hạn mới ${formatShortLocal(until)} phải sau hạn hiện tại ${formatShortLocal(due)}.`,
      `The new deadline ${formatShortLocal(until)} must be after the current one, ${formatShortLocal(due)}.`,
    ),

  reasonRequired: (): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'reason',
      'Cần nêu lý do không đồng ý gia hạn.',
      'Say why the extension is refused.',
    ),

  unknownUnit: (unit: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'assignees',
      `Không có đơn vị "${unit}" trong kế hoạch.`,
      `There is no unit "${unit}" in the plan.`,
    ),

  sameAssignees: (taskId: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'assignees',
      `Công việc "${taskId}" đã giao cho chính các đơn vị này.`,
      `Task "${taskId}" is already assigned to these units.`,
    ),
};

/** Bytes in MiB for a reader, one decimal when not whole. */
function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? String(mib) : mib.toFixed(1);
}
