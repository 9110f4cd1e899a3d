/**
 * Deadlines as the genre writes them, read into the plan's due rules (`domain/plan/schema.ts`).
 * The families, tried in this order (the first that matches wins):
 *
 * 1. after another duty: "trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ" →
 *    `afterTask 3wd`, the task to be found by the caller from the words after "nhận" (`after`);
 * 2. a date, with or without an hour: "trước ngày 20/3/2023" → `absolute 2023-03-20T00:00` (before
 *    the day begins, as the seed reads it); "trước 17 giờ 00 ngày 15/3/2023" → `2023-03-15T17:00`;
 *    "chậm nhất (vào) ngày 15 tháng 3 năm 2023" and, in a table's time column, a bare "Ngày
 *    09/01/2025" → during that day, so `…-16T00:00` / `…-10T00:00`;
 * 3. N days before the event: "trước ngày tổ chức Hội nghị 05 ngày", "chậm nhất 02 ngày trước
 *    ngày tổ chức Hội nghị", "trước ngày khai mạc Đại hội ít nhất 03 ngày làm việc" →
 *    `conference day -5` (working days: `workingDays`), at the office's close (`ctx.time`, 17:00);
 * 4. N days after it: "không quá 15 ngày kể từ ngày kết thúc Hội nghị", "trong vòng 03 ngày sau
 *    Hội nghị", "chậm nhất 05 ngày sau khi kết thúc Hội nghị", or a bare "trong vòng 07 ngày"
 *    in a sentence that opens "Sau Hội nghị" → `afterConference 15d` (`10wd`);
 * 5. the day before: "(trong|vào) ngày liền trước ngày tổ chức Hội nghị" → `conference day -1`;
 * 6. at the event: "trong thời gian diễn ra Hội nghị", "trong ngày tổ chức Hội nghị", and "tại Hội
 *    nghị" for an act done there ("ký kết … tại Hội nghị"; not "chuẩn bị tham luận tại Hội nghị",
 *    which says where the work is used) → `conference day 0` at the session's end;
 * 7. "trước Hội nghị" / "sau Hội nghị" without a number: the span is open (flagged);
 * 8. nothing: the whole rule is open, and the caller's proposal stands.
 * "trước, trong và sau Hội nghị" is phases, not a deadline. The event may be a Hội nghị, Đại hội,
 * Hội thi, Lễ, … A count of minutes ("không quá 20 phút") is never a deadline. Pure; no I/O.
 */
import type { DueRule } from '../domain/plan/schema';
import { isRealDate } from '../domain/plan/primitives';

/** A part of a deadline the document leaves open, to be decided by the organizer. */
export type OpenPart = 'deadline' | 'time' | 'year' | 'span' | 'task';

export interface DeadlineReading {
  /** The rule read, with proposals in its open parts. */
  rule: DueRule;
  /** The document's words the rule was read from; absent when it states no deadline. */
  words?: string;
  /** The open parts; empty when the document states the whole deadline. */
  open: OpenPart[];
  /**
   * For "trong 03 ngày làm việc kể từ ngày nhận đủ hồ sơ": what is received ("hồ sơ"), naming the
   * task this one follows, and the span ("3wd"); the caller finds the task and writes `afterTask`.
   */
  after?: { object: string; span: string };
}

export interface DeadlineContext {
  /** The year of the document's date, for a date written without one. */
  year?: number | undefined;
  /** The month of the document's date: a date without a year before it is in the next year. */
  month?: number | undefined;
  /** The time of day of a deadline stated in days: the office's close. */
  time: string;
  /** The rule proposed when the document states no deadline. */
  proposal: DueRule;
  /** The end of the conference's session, for work done at the event. */
  sessionEnd?: string;
  /** True for a table's time column: a bare date or "Tại Hội nghị" is the deadline itself. */
  column?: boolean;
}

const DATE = String.raw`(\d{1,2})\s*(?:\/|-|\.|\s+tháng\s+)\s*(\d{1,2})(?:\s*(?:\/|-|\.|\s+năm\s+)\s*(\d{4}))?`;
const TIME = String.raw`(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})?(?:\s*phút)?`;
const BY_DATE = new RegExp(
  String.raw`(trước|chậm nhất(?: là)?|hạn chót(?: là)?|muộn nhất(?: là)?|hạn|trong|xong|hoàn thành|đến hết|đến)\s+(?:${TIME}\s*,?\s*)?(?:(?:vào\s+)?(?:ngày|hôm)\s+)?${DATE}`,
  'iu',
);
const BARE_DATE = new RegExp(String.raw`^(?:vào\s+)?(ngày\s+|)${DATE}`, 'iu');
/** "Trong tháng 11/2025", "trong tháng 12 năm 2025" (in a time column, "Tháng 12/2025"): by the month's end. */
const BY_MONTH = /(?:trong|trước hết|hết|cuối)\s+tháng\s+(\d{1,2})\s*(?:\/|năm)\s*(\d{4})/iu;
const MONTH_CELL = /^(?:trong\s+)?tháng\s+(\d{1,2})\s*(?:\/|năm)\s*(\d{4})/iu;
/** "Quý IV/2025", "trong quý III năm 2025": by the quarter's end. */
const BY_QUARTER = /(?:^|trong\s+|hết\s+|trước hết\s+)quý\s+(I{1,3}|IV|[1-4])\s*(?:\/|năm)\s*(\d{4})/iu;
const QUARTERS: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const NOUN = String.raw`(?:hội nghị|đại hội|hội thi|hội diễn|liên hoan|lễ|sự kiện)`;
/** The event, with up to three words naming it ("Lễ kỷ niệm", "Hội nghị tổng kết"). */
const EVENT = String.raw`(?:(?:(?:ngày|buổi|thời điểm)\s+)?(?:(?:tổ chức|khai mạc|diễn ra)\s+)?${NOUN}(?:\s+(?!ngày\b)\p{Ll}+){0,3}?|ngày\s+(?:tổ chức|khai mạc))`;
const END = String.raw`(?:(?:ngày\s+|khi\s+)?(?:kết thúc|bế mạc)\s+)?`;
const DAYS = String.raw`(\d{1,3})\s+ngày(\s+làm\s+việc)?`;
const LIMIT = String.raw`(?:không quá|trong vòng|trong thời hạn|trong|chậm nhất(?: là)?|tối đa|sau)`;
const BEFORE_EVENT = [
  new RegExp(String.raw`trước\s+${EVENT}\s+(?:ít nhất\s+|tối thiểu\s+)?${DAYS}`, 'iu'),
  new RegExp(
    String.raw`(?:(?:chậm nhất|ít nhất|tối thiểu|trước)(?: là)?\s+)?${DAYS}\s+(?:trước\s+|so với\s+)${EVENT}`,
    'iu',
  ),
];
const AFTER_EVENT = [
  new RegExp(String.raw`(?:${LIMIT}\s+)?${DAYS}\s+(?:sau|kể từ)\s+${END}${EVENT}`, 'iu'),
  new RegExp(String.raw`sau\s+(?:khi\s+)?${END}${EVENT}\s+${DAYS}`, 'iu'),
];
const AFTER_TASK = new RegExp(
  String.raw`(?:${LIMIT}\s+)?${DAYS}\s+kể từ\s+(?:ngày|khi)\s+(?:nhận|tiếp nhận)(?:\s+(?:được|đủ))?\s+([^,;.()]+)`,
  'iu',
);
const BARE_SPAN = new RegExp(
  String.raw`(?:không quá|trong vòng|trong thời hạn|chậm nhất(?: là)?|tối đa)\s+${DAYS}`,
  'iu',
);
const OPENS_AFTER_EVENT = new RegExp(String.raw`(?:^|[.;]\s*)sau\s+(?:khi\s+)?${END}${EVENT}`, 'iu');
const DAY_BEFORE = new RegExp(String.raw`(?:(?:trong|vào)\s+)?ngày\s+liền\s+trước(?:\s+${EVENT})?`, 'iu');
const DURING = new RegExp(
  String.raw`(?:trong\s+(?:thời gian|ngày|suốt thời gian)|(?:buổi\s+)?(?:sáng|chiều)(?:\s+ngày)?)\s+(?:diễn ra\s+|tổ chức\s+|khai mạc\s+)?${EVENT}`,
  'iu',
);
/** "Vào ngày tổ chức Hội nghị", and in a time column "Ngày tổ chức Hội nghị": the day itself. */
const ON_DAY = new RegExp(String.raw`(?:^|vào\s+)ngày\s+(?:tổ chức|diễn ra|khai mạc)\s+${NOUN}`, 'iu');
/** In a time column the event goes without saying: "Trước 05 ngày", "Chậm nhất 03 ngày làm việc". */
const BEFORE_CELL = new RegExp(String.raw`^(?:trước|chậm nhất(?: là)?|tối thiểu)\s+${DAYS}$`, 'iu');
const AT_EVENT = new RegExp(String.raw`tại\s+(?:buổi\s+|phiên\s+)?${NOUN}`, 'iu');
/** Work that prepares something used at the event: "tại Hội nghị" says where it is used, not when it is due. */
const PREPARES =
  /^(?:chuẩn bị|xây dựng|soạn|dự thảo|lập|đăng ký|in|viết|dàn dựng|thực hiện)(?=\s)|(?:^|\s)(?:để|phục vụ)\s+[^,;]*$/iu;
const AFTER_EVENT_ONLY = new RegExp(String.raw`sau\s+(?:khi\s+)?${END}${EVENT}`, 'iu');
const BEFORE_EVENT_ONLY = new RegExp(String.raw`trước\s+${EVENT}`, 'iu');
/** "trước, trong và sau Hội nghị": phases, not a deadline. */
export const PHASES = /trước\s*,\s*trong\s*(?:,|và)\s*sau|trước\s+và\s+trong|trong\s+và\s+sau/iu;

const pad = (n: number): string => String(n).padStart(2, '0');
const span = (m: RegExpExecArray): string => `${Number(m[1])}${m[2] ? 'wd' : 'd'}`;

/** Reads the deadline of one duty's text (or of a table's time cell, `ctx.column`). */
export function readDeadline(sentence: string, ctx: DeadlineContext): DeadlineReading {
  return (
    afterTask(sentence, ctx) ??
    byDate(sentence, ctx) ??
    byMonth(sentence, ctx) ??
    beforeEvent(sentence, ctx) ??
    afterEvent(sentence) ??
    aroundEvent(sentence, ctx) ??
    vague(sentence, ctx) ?? { rule: ctx.proposal, open: ['deadline'] }
  );
}

function afterTask(sentence: string, ctx: DeadlineContext): DeadlineReading | undefined {
  const m = AFTER_TASK.exec(sentence);
  if (!m) return undefined;
  return { rule: ctx.proposal, words: m[0], open: ['task'], after: { object: (m[3] ?? '').trim(), span: span(m) } };
}

function byDate(sentence: string, ctx: DeadlineContext): DeadlineReading | undefined {
  const m = BY_DATE.exec(sentence);
  const bare = m === null && ctx.column === true ? BARE_DATE.exec(sentence.trim()) : null;
  if (!m && !bare) return undefined;
  // BY_DATE: how, hour, minute, day, month, year; BARE_DATE: "ngày", day, month, year.
  const [words = '', how = '', hh, mm, dd, mo, yyyy] = m ?? [
    bare?.[0],
    bare?.[1],
    undefined,
    undefined,
    ...(bare ?? []).slice(2),
  ];
  const open: OpenPart[] = [];
  // A date without its year takes the document's (the next year's when it is earlier in the year).
  if (yyyy === undefined && ctx.year === undefined) open.push('year');
  const day = Number(dd);
  const month = Number(mo);
  const rolls = ctx.month !== undefined && month < ctx.month ? 1 : 0;
  const year = yyyy === undefined ? (ctx.year ?? 2000) + rolls : Number(yyyy);
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

function byMonth(sentence: string, ctx: DeadlineContext): DeadlineReading | undefined {
  const quarter = BY_QUARTER.exec(sentence.trim());
  const q = QUARTERS[(quarter?.[1] ?? '').toUpperCase()];
  if (quarter && q !== undefined) return monthEnd(q * 3, Number(quarter[2]), quarter[0].trim());
  const m = BY_MONTH.exec(sentence) ?? (ctx.column === true ? MONTH_CELL.exec(sentence.trim()) : null);
  const month = Number(m?.[1]);
  if (!m || month < 1 || month > 12) return undefined;
  return monthEnd(month, Number(m[2]), m[0]);
}

/** The instant a month ends: the next month's first day begins. */
function monthEnd(month: number, year: number, words: string): DeadlineReading {
  const next = new Date(Date.UTC(year, month, 1));
  const at = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-01T00:00`;
  return { rule: { type: 'absolute', at }, words, open: [] };
}

function beforeEvent(sentence: string, ctx: DeadlineContext): DeadlineReading | undefined {
  const cell = ctx.column === true ? BEFORE_CELL.exec(sentence.trim()) : null;
  for (const re of cell ? [BEFORE_CELL] : BEFORE_EVENT) {
    const m = re === BEFORE_CELL ? cell : re.exec(sentence);
    if (!m) continue;
    const rule: DueRule = {
      type: 'conference',
      day: -Number(m[1]),
      time: ctx.time,
      ...(m[2] ? { workingDays: true } : {}),
    };
    return { rule, words: m[0], open: [] };
  }
  return undefined;
}

function afterEvent(sentence: string): DeadlineReading | undefined {
  for (const re of AFTER_EVENT) {
    const m = re.exec(sentence);
    if (m) return { rule: { type: 'afterConference', after: span(m) }, words: m[0], open: [] };
  }
  const bare = BARE_SPAN.exec(sentence);
  if (bare && OPENS_AFTER_EVENT.test(sentence)) {
    return { rule: { type: 'afterConference', after: span(bare) }, words: bare[0], open: [] };
  }
  return undefined;
}

function aroundEvent(sentence: string, ctx: DeadlineContext): DeadlineReading | undefined {
  const before = DAY_BEFORE.exec(sentence);
  if (before) return { rule: { type: 'conference', day: -1, time: ctx.time }, words: before[0], open: [] };
  if (PHASES.test(sentence)) return undefined;
  const during =
    DURING.exec(sentence) ?? (ctx.column === true ? ON_DAY.exec(sentence.trim()) : null) ?? onDayInProse(sentence);
  const at = during ?? AT_EVENT.exec(sentence);
  if (!at) return undefined;
  const usedThere = during === null && ctx.column !== true && PREPARES.test(sentence.slice(0, at.index).trim());
  if (usedThere) return undefined;
  const rule: DueRule = { type: 'conference', day: 0, time: ctx.sessionEnd ?? ctx.time };
  return { rule, words: at[0], open: [] };
}

/** "… vào ngày tổ chức Hội nghị" in a sentence. */
function onDayInProse(sentence: string): RegExpExecArray | null {
  return /vào\s+ngày/iu.test(sentence) ? ON_DAY.exec(sentence) : null;
}

function vague(sentence: string, ctx: DeadlineContext): DeadlineReading | undefined {
  if (PHASES.test(sentence)) return undefined;
  const after = AFTER_EVENT_ONLY.exec(sentence);
  if (after) return { rule: { type: 'afterConference', after: '7d' }, words: after[0], open: ['span'] };
  const before = BEFORE_EVENT_ONLY.exec(sentence);
  if (before) return { rule: { type: 'conference', day: -1, time: ctx.time }, words: before[0], open: ['span'] };
  return undefined;
}
