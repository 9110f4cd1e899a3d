/**
 * Deadlines as the genre writes them, read into the plan's due rules (`domain/plan/schema.ts`):
 *
 * - a date: "trước ngày 20/3/2023" → `absolute 2023-03-20T00:00` (before the day begins, as the
 *   seed reads it); "trước 17 giờ 00 ngày 15/3/2023" → `2023-03-15T17:00`; "chậm nhất ngày 15/3/2023"
 *   (at the latest on that day) → `2023-03-16T00:00`; "ngày 20 tháng 3 năm 2023" as well as 20/3/2023;
 * - relative to the event: "trước ngày tổ chức Hội nghị 03 ngày" → `conference day -3` (the time
 *   of day is not stated: open); "03 ngày làm việc" counts working days; "sau Hội nghị 05 ngày" →
 *   `afterConference 5d`; "sau Hội nghị" with no number → `afterConference`, the span open
 *   ("tham luận tại Hội nghị" is where the work is used, not when it is due: not a deadline);
 * - nothing: the whole rule is open.
 * Whatever is open gets the proposal the caller gives and is flagged; nothing is filled silently.
 * Pure; no I/O.
 */
import type { DueRule } from '../domain/plan/schema';
import { isRealDate } from '../domain/plan/primitives';

/** A part of a deadline the document leaves open, to be decided by the organizer. */
export type OpenPart = 'deadline' | 'time' | 'year' | 'span';

export interface DeadlineReading {
  /** The rule read, with proposals in its open parts. */
  rule: DueRule;
  /** The document's words the rule was read from; absent when it states no deadline. */
  words?: string;
  /** The open parts; empty when the document states the whole deadline. */
  open: OpenPart[];
}

export interface DeadlineContext {
  /** The year of the document's date, for a date written without one. */
  year?: number | undefined;
  /** The time of day proposed when the document states the day only. */
  time: string;
  /** The rule proposed when the document states no deadline. */
  proposal: DueRule;
}

const DATE = String.raw`(\d{1,2})\s*(?:\/|-|\.|\s+tháng\s+)\s*(\d{1,2})(?:\s*(?:\/|-|\.|\s+năm\s+)\s*(\d{4}))?`;
const TIME = String.raw`(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})?(?:\s*phút)?`;
const BY_DATE = new RegExp(
  String.raw`(trước|chậm nhất(?: là)?|hạn chót(?: là)?|muộn nhất(?: là)?|hạn)\s+(?:${TIME}\s*,?\s*)?(?:(?:ngày|hôm)\s+)?${DATE}`,
  'iu',
);
const EVENT = String.raw`(?:ngày\s+)?(?:tổ chức\s+|khai mạc\s+|diễn ra\s+)?(?:hội nghị|sự kiện|lễ)`;
const DAYS = String.raw`(\d{1,3})\s+ngày(\s+làm\s+việc)?`;
const BEFORE_EVENT = [
  new RegExp(String.raw`trước\s+${EVENT}\s+(?:ít nhất\s+)?${DAYS}`, 'iu'),
  new RegExp(String.raw`(?:trước|chậm nhất)\s+${DAYS}\s+(?:trước\s+|so với\s+)?${EVENT}`, 'iu'),
  new RegExp(String.raw`${DAYS}\s+trước\s+${EVENT}`, 'iu'),
];
const AFTER_EVENT = [
  new RegExp(String.raw`sau\s+(?:khi\s+)?(?:kết thúc\s+)?${EVENT}\s+${DAYS}`, 'iu'),
  new RegExp(
    String.raw`(?:trong|trong vòng|trong thời hạn|chậm nhất)\s+${DAYS}\s+(?:sau|kể từ(?: ngày)?(?: kết thúc)?)\s+(?:khi\s+)?(?:kết thúc\s+)?${EVENT}`,
    'iu',
  ),
  new RegExp(String.raw`${DAYS}\s+sau\s+(?:khi\s+)?(?:kết thúc\s+)?${EVENT}`, 'iu'),
];
const AFTER_EVENT_ONLY = new RegExp(String.raw`sau\s+(?:khi\s+)?(?:kết thúc\s+)?${EVENT}`, 'iu');
const BEFORE_EVENT_ONLY = new RegExp(String.raw`trước\s+${EVENT}`, 'iu');
/** "trước, trong và sau Hội nghị": phases, not a deadline. */
export const PHASES = /trước\s*,\s*trong\s*(?:,|và)\s*sau|trước\s+và\s+trong|trong\s+và\s+sau/iu;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Reads the deadline of one task's sentence. */
export function readDeadline(sentence: string, ctx: DeadlineContext): DeadlineReading {
  const byDate = BY_DATE.exec(sentence);
  if (byDate) {
    const reading = dateRule(byDate, ctx);
    if (reading) return reading;
  }
  const phased = PHASES.test(sentence);
  for (const re of BEFORE_EVENT) {
    const m = re.exec(sentence);
    if (m) return relative(m, -1, ctx);
  }
  for (const re of AFTER_EVENT) {
    const m = re.exec(sentence);
    if (m) {
      const after = `${Number(m[1])}${m[2] ? 'wd' : 'd'}`;
      return { rule: { type: 'afterConference', after }, words: m[0], open: [] };
    }
  }
  if (!phased) {
    const after = AFTER_EVENT_ONLY.exec(sentence);
    if (after) return { rule: { type: 'afterConference', after: '7d' }, words: after[0], open: ['span'] };
    const before = BEFORE_EVENT_ONLY.exec(sentence);
    if (before) {
      return { rule: { type: 'conference', day: -1, time: ctx.time }, words: before[0], open: ['span', 'time'] };
    }
  }
  return { rule: ctx.proposal, open: ['deadline'] };
}

function dateRule(m: RegExpExecArray, ctx: DeadlineContext): DeadlineReading | undefined {
  const [words, how = '', hh, mm, dd, mo, yyyy] = m;
  const open: OpenPart[] = [];
  let year = yyyy === undefined ? ctx.year : Number(yyyy);
  if (yyyy === undefined) open.push('year');
  if (year === undefined) year = 2000;
  const day = Number(dd);
  const month = Number(mo);
  let date = `${year}-${pad(month)}-${pad(day)}`;
  if (!isRealDate(date)) return undefined;
  let time = '00:00';
  if (hh !== undefined) {
    const h = Number(hh);
    const min = mm === undefined ? 0 : Number(mm);
    if (h > 23 || min > 59) return undefined;
    time = `${pad(h)}:${pad(min)}`;
  } else if (!/^trước$/iu.test(how)) {
    // "chậm nhất ngày 15/3": during the 15th, so before the 16th begins.
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    date = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
  }
  return { rule: { type: 'absolute', at: `${date}T${time}` }, words, open };
}

function relative(m: RegExpExecArray, sign: -1, ctx: DeadlineContext): DeadlineReading {
  const days = Number(m[1]);
  const rule: DueRule = {
    type: 'conference',
    day: sign * days,
    time: ctx.time,
    ...(m[2] ? { workingDays: true } : {}),
  };
  return { rule, words: m[0], open: ['time'] };
}
