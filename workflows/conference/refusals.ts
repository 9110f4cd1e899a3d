/**
 * Every refusal the conference gives an organizer's command (the date, the cancellation, access
 * links), with its type, field and the reason in Vietnamese and English: one catalog, as
 * ../responsibility/refusals is for the units' actions, so the texts callers show are written
 * once. The state (./state) and the link book (./links) decide when; this file only says how.
 */
import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, refusal } from '../../domain/errors';

type Refusal = ApplicationFailure;

export const refuse = {
  requestIdReused: (requestId: string): Refusal =>
    refusal(
      ErrorType.DuplicateRequest,
      'requestId',
      `Mã yêu cầu "${requestId}" đã được dùng cho một thay đổi khác.`,
      `Request id "${requestId}" was already used for a different change.`,
    ),

  dateInPast: (date: string, today: string): Refusal =>
    refusal(
      ErrorType.InvalidDate,
      'date',
      `Ngày ${date} đã qua; chọn một ngày từ ${today} trở đi.`,
      `${date} is in the past; choose ${today} or later.`,
    ),

  dateBreaksPlan: (date: string, conflict: { vi: string; en: string }): Refusal =>
    refusal(ErrorType.InvalidDate, 'date', `Với ngày ${date}: ${conflict.vi}`, `With ${date}: ${conflict.en}`),

  closed: (conferenceId: string): Refusal =>
    refusal(
      ErrorType.ConferenceClosed,
      'conference',
      `Hội nghị "${conferenceId}" đã kết thúc hoặc bị hủy.`,
      `Conference "${conferenceId}" is finished or cancelled.`,
    ),

  notOrganizer: (organizer: string, unit: string): Refusal =>
    refusal(
      ErrorType.WrongUnit,
      'actor.unitId',
      `Chỉ đơn vị tổ chức "${organizer}" được thực hiện thao tác này, không phải "${unit}".`,
      `Only the organizer "${organizer}" may do this, not "${unit}".`,
    ),

  unknownUnit: (unitId: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'unitId',
      `Không có đơn vị "${unitId}" trong kế hoạch.`,
      `There is no unit "${unitId}" in the plan.`,
    ),

  linkExists: (): Refusal =>
    refusal(ErrorType.DuplicateRequest, 'linkId', 'Liên kết này đã tồn tại.', 'This link already exists.'),

  unknownLink: (linkId: string): Refusal =>
    refusal(ErrorType.InvalidPayload, 'linkId', `Không có liên kết "${linkId}".`, `There is no link "${linkId}".`),

  linkRevoked: (): Refusal =>
    refusal(ErrorType.DuplicateRequest, 'linkId', 'Liên kết đã bị thu hồi.', 'The link is already revoked.'),

  amendBreaksPlan: (issue: { path: string; message: { vi: string; en: string } }): Refusal =>
    refusal(ErrorType.InvalidPayload, issue.path, issue.message.vi, issue.message.en),

  unknownResponsibility: (responsibilityId: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'responsibilityId',
      `Không có nhiệm vụ "${responsibilityId}" trong kế hoạch.`,
      `There is no responsibility "${responsibilityId}" in the plan.`,
    ),

  unknownTask: (taskId: string): Refusal =>
    refusal(
      ErrorType.UnknownTask,
      'taskId',
      `Không có công việc "${taskId}" trong kế hoạch.`,
      `There is no task "${taskId}" in the plan.`,
    ),

  taskIdTaken: (field: string, taskId: string, path: string): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      field,
      `Mã công việc "${taskId}" đã có trong kế hoạch (${path}).`,
      `Task id "${taskId}" is already in the plan (${path}).`,
    ),

  responsibilityFinished: (responsibilityId: string): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'responsibilityId',
      `Nhiệm vụ "${responsibilityId}" đã kết thúc; không thể thêm công việc.`,
      `Responsibility "${responsibilityId}" has finished; no task can be added to it.`,
    ),

  taskFinished: (taskId: string): Refusal =>
    refusal(
      ErrorType.TaskClosed,
      'taskId',
      `Công việc "${taskId}" đã xong hoặc đã rút khỏi kế hoạch; không thể sửa.`,
      `Task "${taskId}" is done or withdrawn; it cannot be changed.`,
    ),

  nothingToChange: (): Refusal =>
    refusal(
      ErrorType.InvalidPayload,
      'title',
      'Cần ít nhất một thay đổi: tên, tên tiếng Anh hoặc thời hạn.',
      'Give at least one change: the title, the English title or the deadline rule.',
    ),
};
