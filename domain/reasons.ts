/**
 * Why a schema refuses a value, in Vietnamese and English: the one catalog of the reasons our
 * zod schemas give (plan format, actions, ids, instants). A schema writes `REASON.<key>.en` as
 * its zod message, so zod, its callers and the tests keep reading English; `reasonVi` finds the
 * Vietnamese for that text, and `plan/zod-issues.ts` builds every reader-facing reason from it.
 * Workflow-safe: constants only.
 */
import { EVIDENCE_LIMITS, LIMITS } from './limits';

type Reason = { readonly vi: string; readonly en: string };

export const REASON = {
  // Ids and dates (plan/primitives.ts, ids.ts)
  slug: {
    en: 'must be a lower-case slug such as "noi-vu" or "budget.estimate"',
    vi: 'phải là mã viết thường, không dấu, ví dụ "noi-vu" hoặc "budget.estimate"',
  },
  conferenceSlug: {
    en: 'must be a lower-case slug such as "tua-chua-2022"',
    vi: 'phải là mã viết thường, không dấu, ví dụ "tua-chua-2022"',
  },
  conferenceIdLength: { en: 'must be at most 80 characters', vi: 'chỉ được tối đa 80 ký tự' },
  date: { en: 'must be a date written YYYY-MM-DD', vi: 'phải là ngày viết theo dạng YYYY-MM-DD' },
  realDate: { en: 'is not a real calendar date', vi: 'không phải là một ngày có thật' },
  instant: {
    en: 'must be an ISO instant such as 2023-03-20T01:00:00Z',
    vi: 'phải là thời điểm (giờ UTC) viết theo dạng ISO, ví dụ 2023-03-20T01:00:00Z',
  },
  realInstant: { en: 'is not a real instant', vi: 'không phải là một thời điểm có thật' },

  // The living plan's actions (actions.ts)
  extensionWhy: { en: 'must say why more time is needed', vi: 'phải nêu lý do cần thêm thời gian' },
  extendWhy: { en: 'must say why the deadline moves', vi: 'phải nêu lý do gia hạn' },
  returnWhy: { en: 'must say why the work is returned', vi: 'phải nêu lý do trả lại kết quả' },
  newUnit: { en: 'must name the new unit', vi: 'phải nêu đơn vị được giao' },
  reassignWhy: { en: 'must say why the task is moved', vi: 'phải nêu lý do giao lại' },
  withdrawWhy: { en: 'must say why the task is withdrawn', vi: 'phải nêu lý do rút khỏi kế hoạch' },
  progressNote: { en: 'must say how the work goes', vi: 'phải nêu tình hình thực hiện' },

  // The plan format (plan/schema.ts)
  time: { en: 'must be a time written HH:MM', vi: 'phải là giờ viết theo dạng HH:MM' },
  localDateTime: {
    en: 'must be a local time written YYYY-MM-DDTHH:MM',
    vi: 'phải là thời điểm (giờ Việt Nam) viết theo dạng YYYY-MM-DDTHH:MM',
  },
  workingSpan: {
    en: 'must be a span such as "3d", "5wd", "12h" or "30m"',
    vi: 'phải là khoảng thời gian như "3d", "5wd" (ngày làm việc), "12h" hoặc "30m"',
  },
  daySpan: {
    en: 'must be a number of days such as "30d" or "5wd"',
    vi: 'phải là số ngày như "30d" hoặc "5wd" (ngày làm việc)',
  },
  windowNeeded: {
    en: 'needs a tentative window when the date is not fixed',
    vi: 'cần khoảng thời gian dự kiến (window) khi kế hoạch chưa ấn định ngày (date)',
  },
  span: {
    en: 'must be a span such as "3d", "12h" or "30m"',
    vi: 'phải là khoảng thời gian như "3d", "12h" hoặc "30m"',
  },
  notEmpty: { en: 'must not be empty', vi: 'không được để trống' },
  fieldName: { en: 'must be a camelCase field name', vi: 'phải là tên trường dạng camelCase' },
  assignees: { en: 'a task needs at least one assignee unit', vi: 'công việc cần ít nhất một đơn vị thực hiện' },
  approvers: {
    en: 'an approval needs at least one approver unit',
    vi: 'công việc phê duyệt cần ít nhất một đơn vị phê duyệt',
  },
  phases: { en: 'a phased duty needs at least one phase', vi: 'nhiệm vụ theo giai đoạn cần ít nhất một giai đoạn' },
  tasks: { en: 'a responsibility needs at least one task', vi: 'nhiệm vụ cần ít nhất một công việc' },

  // Actions and commands (actions.ts)
  person: { en: 'must name the person acting', vi: 'phải ghi tên người thực hiện' },
  requestId: {
    en: 'must be 8 to 100 letters, digits or _ . : -',
    vi: 'phải gồm 8 đến 100 ký tự: chữ cái không dấu, chữ số hoặc _ . : -',
  },
  link: { en: 'must be an http(s) link', vi: 'phải là một liên kết http(s)' },
  noteLength: {
    en: `must be at most ${LIMITS.noteChars} characters`,
    vi: `chỉ được tối đa ${LIMITS.noteChars} ký tự`,
  },
  evidenceCount: { en: `at most ${LIMITS.evidenceLinks} links`, vi: `tối đa ${LIMITS.evidenceLinks} liên kết` },
  fieldCount: { en: `at most ${LIMITS.fields} fields`, vi: `tối đa ${LIMITS.fields} trường` },
  sendBackReason: { en: 'must say why it is sent back', vi: 'phải nêu lý do trả lại' },
  incident: { en: 'must describe the incident', vi: 'phải mô tả sự cố' },
  dateReason: { en: 'must say why the date is set or moved', vi: 'phải nêu lý do đặt hoặc dời ngày' },
  cancelReason: { en: 'must say why the conference is cancelled', vi: 'phải nêu lý do hủy hội nghị' },
  linkId: {
    en: 'must be 8 to 64 letters, digits, _ or -',
    vi: 'phải gồm 8 đến 64 ký tự: chữ cái không dấu, chữ số, _ hoặc -',
  },
  tokenHash: { en: 'must be a SHA-256 hex digest', vi: 'phải là mã băm SHA-256 dạng thập lục phân' },

  // Evidence files (actions.ts, plan/schema.ts)
  fileHash: {
    en: "must be the file's SHA-256, 64 lower-case hex digits",
    vi: 'phải là mã SHA-256 của tệp, 64 chữ số thập lục phân viết thường',
  },
  fileName: {
    en: `must be a file name of 1 to ${EVIDENCE_LIMITS.nameChars} characters`,
    vi: `phải là tên tệp dài 1 đến ${EVIDENCE_LIMITS.nameChars} ký tự`,
  },
  mediaType: { en: 'must be a media type such as application/pdf', vi: 'phải là kiểu tệp, ví dụ application/pdf' },
  fileCount: {
    en: `at most ${EVIDENCE_LIMITS.filesPerAction} files`,
    vi: `tối đa ${EVIDENCE_LIMITS.filesPerAction} tệp`,
  },
  maxBytes: {
    en: `must be a whole number of bytes, at most ${EVIDENCE_LIMITS.fieldMaxBytes}`,
    vi: `phải là số byte nguyên, tối đa ${EVIDENCE_LIMITS.fieldMaxBytes}`,
  },
  maxBytesFileOnly: {
    en: 'only a field of type file takes maxBytes',
    vi: 'chỉ trường kiểu file mới có maxBytes',
  },
} as const satisfies Record<string, Reason>;

const VI_BY_EN: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.values(REASON).map((r: Reason) => [r.en, r.vi])),
);

/** The Vietnamese for a reason of the catalog, given its English text (zod's message). */
export function reasonVi(en: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(VI_BY_EN, en) ? VI_BY_EN[en] : undefined;
}
