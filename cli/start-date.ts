/**
 * What `kehoach start --date` checks before it starts a conference: a real conference cannot
 * start on a day already past (the same rule `kehoach schedule` meets in the workflow), and a date
 * outside the plan's tentative window is allowed but worth a warning — the invitation may well
 * have moved it, or the date may be mistyped.
 */
import type { Clock } from '../domain/clock';
import { ErrorType } from '../domain/errors';
import type { LocalDate, Plan } from '../domain/plan/schema';
import { localDateOf } from '../domain/time';
import { CliError } from './output';
import type { Bilingual } from '../domain/bilingual';

export interface StartDateVerdict {
  /** Set when the start must be refused. */
  refusal?: CliError;
  /** Set when the start goes ahead with a warning on stderr. */
  warning?: Bilingual;
}

/**
 * Judges a start date against real time (`nowIso`, the wall clock; a rehearsal runs on plan time
 * and may start in the past) and against the plan's window.
 */
export function judgeStartDate(plan: Plan, date: LocalDate, clock: Clock, nowIso: string): StartDateVerdict {
  const today = localDateOf(nowIso);
  if (clock.mode === 'real' && date < today) {
    return {
      refusal: new CliError(
        'date',
        `Ngày ${date} đã qua; chọn một ngày từ ${today} trở đi.`,
        `${date} is in the past; choose ${today} or later.`,
      ).withType(ErrorType.InvalidDate),
    };
  }
  const { from, to, text } = plan.conference.window;
  if (date < from || date > to) {
    return {
      warning: {
        vi: `Cảnh báo: ngày ${date} nằm ngoài khoảng thời gian dự kiến của kế hoạch (${from} – ${to}: ${text}); hội nghị vẫn bắt đầu với ngày này.`,
        en: `Warning: ${date} lies outside the plan's tentative window (${from} – ${to}: ${text}); the conference starts with this date anyway.`,
      },
    };
  }
  return {};
}
