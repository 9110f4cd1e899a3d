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
};
