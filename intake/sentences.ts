/**
 * From a duty's paragraph to the duties it holds. A duty is a unit of work, not a clause of
 * grammar: a paragraph is cut into parts at "; " and at sentence ends, and a part is cut again
 * before a verb that starts a new duty (", in ấn và cấp phát", ", thực hiện công tác tuyên
 * truyền", " và thực hiện các nhiệm vụ") when both sides are long enough to be duties of their own
 * and the words before the cut are not themselves a verb ("Theo dõi, kiểm tra, đôn đốc" stays one
 * duty). Never before the duty's own next steps: sending or submitting what it made (", gửi …",
 * ", trình … phê duyệt"). A piece that is not a duty joins the duty before it:
 *
 * - its deadline alone ("Hoàn thành trước ngày tổ chức Hội nghị 05 ngày.", "Thời gian hoàn thành
 *   không quá 15 ngày kể từ …", "Báo cáo phải hoàn thành trước …"): the duty's deadline text;
 * - its approval or its next step ("Trình Chủ tịch UBND huyện phê duyệt.", "Trên cơ sở ý kiến
 *   nhận được, hoàn chỉnh …"), or a piece that opens with no verb ("mỗi tham luận không quá 07
 *   phút"): more of the duty's text;
 * - a role ("Là cơ quan thường trực của Hội đồng, …") is no work and is dropped.
 *
 * The lead-in "Chủ trì, phối hợp với X" is taken off and X kept as the supporting units;
 * "đón tiếp và bố trí chỗ ăn, nghỉ cho đại biểu" is two duties for the same people. Pure; no I/O.
 */
import { PHASES } from './deadlines';
import { clean, words } from './text';

/** Verbs that open a duty in this genre, longest first so "tổ chức" wins over "tổ". */
export const VERBS = [
  'xây dựng',
  'chuẩn bị',
  'tổ chức',
  'thực hiện',
  'lập',
  'in ấn',
  'gửi',
  'nộp',
  'tham mưu',
  'bố trí',
  'đón tiếp',
  'trang trí',
  'theo dõi',
  'kiểm tra',
  'đôn đốc',
  'tổng hợp',
  'kịp thời',
  'thẩm định',
  'hướng dẫn',
  'quyết toán',
  'đảm bảo',
  'bảo đảm',
  'cung cấp',
  'tham gia',
  'phát hành',
  'trình',
  'phát động',
  'ký kết',
  'bàn giao',
  'trao tặng',
  'trao',
  'tuyên truyền',
  'biên tập',
  'rà soát',
  'mời',
  'phê duyệt',
  'cấp phát',
  'thông qua',
  'đánh giá',
  'báo cáo',
  'dự thảo',
  'triển khai',
  'phục vụ',
  'hỗ trợ',
  'thăm quan',
  'tham quan',
  'giao lưu',
  'chủ động',
  'chủ trì',
  'phối hợp',
  'cử',
  'đăng ký',
  'lựa chọn',
  'hướng dẫn',
  'dàn dựng',
  'đưa tin',
  'soạn thảo',
  'in',
  'nhận',
  'góp ý',
  'chấm điểm',
  'điều hành',
  'dẫn chương trình',
  'truyền hình trực tiếp',
  'bình xét',
  'dự trù',
  'tiếp nhận',
  'thành lập',
  'biên soạn',
  'vận động',
  'giới thiệu',
  'cung cấp',
].sort((a, b) => b.length - a.length);

/** Steps of the same duty: never a cut before them (", gửi …", ", trình … phê duyệt"). */
const OWN_STEPS = new Set(['gửi', 'nộp', 'trình', 'phê duyệt', 'hoàn thành', 'in', 'nhận', 'báo cáo']);
/** A piece shorter than this (in words) is not cut off from phases that follow it. */
const SHORT_PIECE = 6;
/** Pieces that carry on the duty before them rather than start one. */
const CONTINUES =
  /^(?:trình|đề nghị|trên cơ sở|căn cứ|sau khi|sau đó|đồng thời|từ đó|qua đó|hoàn chỉnh|hoàn thiện|hoàn thành|thời gian|thời hạn|báo cáo phải|mỗi|kèm theo)(?=[\s:,]|$)/iu;
/** A role, not work: "Là cơ quan thường trực …". */
const ROLE = /^là\s/iu;
/** Words a deadline-only piece holds beside its deadline. */
const DEADLINE_FILLER = /(?:^|\s)(?:thời gian|thời hạn|hoàn thành|phải|xong|được|báo cáo|sản phẩm|nộp)(?=\s|$)/giu;

/** Verbs whose object is people ("đón tiếp đại biểu"), for duties shared "cho X". */
const PEOPLE_VERBS = new Set(['đón tiếp', 'tiếp đón', 'phục vụ', 'hướng dẫn', 'mời', 'hỗ trợ']);
/** Verbs after which "và X" is the object of the same duty ("nội dung phát động … và ký kết …"). */
const NO_SPLIT_BEFORE = new Set(['ký kết', 'phát động', 'triển khai', 'cấp phát', 'trao', 'trao tặng']);
/** Words that make the verb after them a noun ("việc thực hiện", "công tác tuyên truyền"). */
const NOUNING = /(?:^|\s)(?:việc|công tác|sự|các|những|của)$/iu;

export interface Duty {
  /** The duty as a task title would say it: lead-in removed, first letter capital, no final stop. */
  text: string;
  /** The part of the paragraph it comes from (lead-in included), for the flags' source. */
  sentence: string;
  /** The text its deadline is read from: its own, and a deadline-only sentence after it. */
  deadlineText: string;
}

export interface LeadIn {
  /** "Chủ trì": the unit leads. */
  leads: boolean;
  /** The mentions after "phối hợp với", split at "và" and commas. */
  support: string[];
}

/** Tells a deadline-only piece: what is left once its deadline's words and the filler go. */
export type DeadlineWords = (text: string) => string | undefined;

/** Cuts a paragraph into its duties, and reads its lead-in once. */
export function duties(paragraph: string, deadlineWords?: DeadlineWords): { duties: Duty[]; leadIn: LeadIn } {
  const leadIn: LeadIn = { leads: false, support: [] };
  const out: Duty[] = [];
  for (const part of parts(paragraph)) {
    const { rest, leads, support } = takeLeadIn(part);
    leadIn.leads ||= leads;
    leadIn.support.push(...support);
    const from = out.length;
    for (const piece of cutAtVerbs(rest).flatMap(shareBeneficiary)) {
      const text = tidy(piece);
      if (ROLE.test(text)) continue;
      const prev = out[out.length - 1];
      if (prev && deadlineOnly(text, deadlineWords)) {
        // "Thời gian: hoàn thành trước …" on its own closes every duty of the paragraph that has none.
        for (const d of out) if (d === prev || !deadlineWords?.(d.deadlineText)) d.deadlineText += `. ${text}`;
      } else if (prev && (CONTINUES.test(text) || !opensDuty(text))) {
        prev.text = `${prev.text}; ${lowerStart(text)}`;
        prev.deadlineText = `${prev.deadlineText}. ${text}`;
      } else if (words(text).length >= 2) out.push({ text, sentence: part, deadlineText: text });
    }
    shareDeadline(out.slice(from), deadlineWords);
  }
  return { duties: out, leadIn };
}

/**
 * "Chuẩn bị hội trường, trang trí khánh tiết …, hoàn thành trong ngày liền trước …": a deadline
 * that closes a sentence closes every duty the sentence was cut into.
 */
function shareDeadline(pieces: Duty[], deadlineWords: DeadlineWords | undefined): void {
  const last = pieces[pieces.length - 1];
  if (!last || pieces.length < 2 || !deadlineWords) return;
  const said = deadlineWords(last.deadlineText);
  if (said === undefined) return;
  for (const p of pieces.slice(0, -1)) if (deadlineWords(p.deadlineText) === undefined) p.deadlineText += `. ${said}`;
}

/** True when a piece carries on the duty before it: its deadline alone, its next step, or no verb of its own. */
export function carriesOn(text: string, deadlineWords?: DeadlineWords): boolean {
  const t = tidy(text);
  return deadlineOnly(t, deadlineWords) || CONTINUES.test(t) || !opensDuty(t);
}

/** A piece that only says when: its deadline's words and filler words take all but two words. */
function deadlineOnly(text: string, deadlineWords: DeadlineWords | undefined): boolean {
  const said = deadlineWords?.(text);
  if (said === undefined) return false;
  return words(text.replace(said, ' ').replace(DEADLINE_FILLER, ' ')).length <= 2;
}

/** "Sau Hội nghị, …", "Kết thúc Hội nghị, …", "Tại Hội nghị, …": when, before the duty's verb. */
const WHEN_FIRST = /^(?:sau|kết thúc|trước|tại|trong|ngay sau)\s[^,;]{1,50},\s*/iu;

/** True when a piece starts a duty of its own: a verb, after a "when" if it has one. */
function opensDuty(text: string): boolean {
  return startsWithVerb(text) || (WHEN_FIRST.test(text) && startsWithVerb(text.replace(WHEN_FIRST, '')));
}

/** True when the text opens with a verb that starts a duty. */
export function startsWithVerb(text: string): boolean {
  const lower = text.toLocaleLowerCase('vi');
  return VERBS.some((v) => lower.startsWith(`${v} `));
}

function lowerStart(s: string): string {
  const first = s.split(' ')[0] ?? '';
  return first.length > 1 && first === first.toLocaleUpperCase('vi')
    ? s
    : s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** "; " and sentence ends (". " before a capital), never inside parentheses. */
export function parts(paragraph: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  const text = clean(paragraph);
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c === '(') depth += 1;
    if (c === ')') depth = Math.max(0, depth - 1);
    const next = text.slice(i + 1, i + 3);
    const ends = depth === 0 && (c === ';' || (c === '.' && /^\s\p{Lu}/u.test(next)));
    if (ends) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += c;
  }
  const last = current
    .trim()
    .replace(/\s*\.\/?\.?$/u, '')
    .trim();
  if (last) out.push(last);
  return out;
}

/** Takes off "Chủ trì, phối hợp với X", "Phối hợp với X", "Chủ động phối hợp với X" before the verb. */
function takeLeadIn(part: string): { rest: string; leads: boolean; support: string[] } {
  // "Chủ trì, …" and "Chủ trì phối hợp …" are a lead-in; "Chủ trì Hội nghị" is a duty.
  const m = /^(chủ trì(?=\s*,|\s+phối hợp))?\s*,?\s*(?:chủ động\s+)?(?:phối hợp\s+(?:chặt chẽ\s+)?với\s+)?/iu.exec(
    part,
  );
  const leads = m?.[1] !== undefined;
  const hadWith = m !== null && /phối hợp/iu.test(m[0]);
  let rest = m ? part.slice(m[0].length) : part;
  const support: string[] = [];
  if (hadWith) {
    const at = firstVerbAt(rest, 1);
    if (at > 0) {
      support.push(
        ...rest
          .slice(0, at)
          .split(/\s*,\s*|\s+và\s+/u)
          .map(clean)
          .filter((s) => s.length > 0),
      );
      rest = rest.slice(at);
    }
  }
  return { rest, leads, support };
}

/** Index of the first verb of the list at or after word `fromWord`; -1 when none. */
function firstVerbAt(text: string, fromWord: number): number {
  const lower = text.toLocaleLowerCase('vi');
  let wordIndex = 0;
  for (let i = 0; i < lower.length; i += 1) {
    if (i > 0 && lower[i - 1] === ' ') wordIndex += 1;
    if (wordIndex < fromWord || (i > 0 && lower[i - 1] !== ' ')) continue;
    if (VERBS.some((v) => lower.startsWith(`${v} `, i) && !NOUNING.test(lower.slice(0, i).trimEnd()))) return i;
  }
  return -1;
}

/** Cuts before ", V" and " và V" (see the head comment). */
function cutAtVerbs(text: string): string[] {
  const re = /(,\s+|\s+và\s+)/gu;
  const out: string[] = [];
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const left = text.slice(start, m.index);
    const right = text.slice(m.index + m[0].length);
    const lowerRight = right.toLocaleLowerCase('vi');
    const verb = VERBS.find((v) => lowerRight.startsWith(`${v} `));
    if (verb === undefined || OWN_STEPS.has(verb)) continue;
    // "Xây dựng phương án và bố trí lực lượng … trước, trong và sau": the phases close both.
    if (PHASES.test(right) && words(left).length < SHORT_PIECE) continue;
    const isAnd = /và/u.test(m[0]);
    if (isAnd && NO_SPLIT_BEFORE.has(verb)) continue;
    const lowerLeft = left.toLocaleLowerCase('vi').trim();
    // "Theo dõi, kiểm tra, đôn đốc việc …": a list of verbs before one object is one duty.
    const leftEndsWithVerb = lowerLeft.split(/\s*,\s*/u).every((p) => VERBS.includes(p));
    const leftNouned = VERBS.some(
      (v) => lowerLeft.endsWith(` ${v}`) && NOUNING.test(lowerLeft.slice(0, -v.length).trimEnd()),
    );
    if (leftEndsWithVerb && !leftNouned) continue;
    if (words(left).length < (isAnd ? 3 : 4) || words(right).length < (isAnd ? 4 : 5)) continue;
    out.push(left);
    start = m.index + m[0].length;
  }
  out.push(text.slice(start));
  return out;
}

/**
 * "đón tiếp và bố trí chỗ ăn, nghỉ cho đại biểu …": a bare verb joined by "và" to a duty done
 * "cho X" is done to X too: "đón tiếp đại biểu …" and "bố trí chỗ ăn, nghỉ cho đại biểu …".
 */
function shareBeneficiary(piece: string): string[] {
  const m = /^(\p{L}+(?: \p{L}+)?) và (.+?\scho\s+(.+))$/iu.exec(clean(piece));
  if (!m?.[1] || !m[2] || !m[3]) return [piece];
  const first = m[1].toLocaleLowerCase('vi');
  const second = m[2].toLocaleLowerCase('vi');
  if (!PEOPLE_VERBS.has(first) || !VERBS.some((v) => second.startsWith(`${v} `))) return [piece];
  return [`${m[1]} ${m[3]}`, m[2]];
}

/** A duty as a title: capital first letter, no final punctuation. */
function tidy(s: string): string {
  const t = clean(s).replace(/[\s;,.:/]+$/u, '');
  return t.charAt(0).toLocaleUpperCase('vi') + t.slice(1);
}
