/**
 * The event as section II states it: how long ("½ ngày"), when ("cuối tháng 3", "dự kiến ngày
 * 25/3/2023", "thời gian cụ thể có giấy mời sau"), where ("Địa điểm: …"), the day before
 * ("Thời gian đón tiếp đại biểu, giao lưu …: 01 ngày (trước ngày tổ chức Hội nghị)") and who
 * comes ("Dự kiến 180 đại biểu, trong đó …: 85 người; …: 95 người"). A window read from words
 * such as "cuối tháng" is the last third of the month (21 to the end; "đầu tháng" 1–10, "giữa
 * tháng" 11–20): the bounds are a reading and are flagged. Pure; no I/O.
 */
import type { Block } from './outline';
import { capitalise, clean } from './text';

export interface ConferenceReading {
  /** "Hội nghị tổng kết …", from the plan's title. */
  title?: string;
  /** The kind of event: "Hội nghị tổng kết". */
  kind?: string;
  length?: { span: string; words: string };
  venue?: { text: string; clause: string; sentence: string };
  date?: { date: string; tentative: boolean; words: string };
  window?: { from: string; to: string; text: string; words: string };
  /** "có giấy mời sau": the invitation will fix the date. */
  invitationLater: boolean;
  startTime?: { time: string; words: string };
  dayBefore?: { program: string[]; words: string };
  delegates?: { total: number; groups: { label: string; count: number }[]; words: string };
  /** Clause and sentence of the time paragraph, the place and the delegates, for flags. */
  timeSource?: { clause: string; sentence: string; line: number };
  delegateSource?: { clause: string; sentence: string };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const DAY_BEFORE_ACTS = /^(đón tiếp|giao lưu|thăm quan|tham quan|gặp mặt|tổ chức|khảo sát|dâng hương|viếng)/iu;

/** Reads the conference from the blocks of section II and the plan's title. */
export function readConference(
  blocks: readonly Block[],
  planTitle: string | undefined,
  year: number | undefined,
): ConferenceReading {
  const out: ConferenceReading = { invitationLater: false };
  if (planTitle) {
    const m = /((?:Hội nghị|Đại hội|Hội thi|Hội diễn|Liên hoan|Lễ)\s[^]*?)(?:\s+tại\s+[^]*)?$/u.exec(planTitle);
    if (m?.[1]) {
      out.title = clean(m[1]);
      const kind =
        /^((?:Hội nghị|Đại hội|Hội thi|Hội diễn|Liên hoan|Lễ)(?:\s+(?:tổng kết|sơ kết|triển khai|tập huấn|giao ban|biểu dương|Thi đua yêu nước))?)/u.exec(
          out.title,
        )?.[1];
      if (kind !== undefined) out.kind = kind;
    }
  }
  for (const b of blocks.filter((x) => x.clause.startsWith('II'))) {
    const text = b.text;
    if (/^Thời gian\s*:/iu.test(text)) readTime(text, b, year, out);
    const place = /^Địa điểm\s*:\s*(.+?)\.?$/iu.exec(text);
    if (place?.[1]) out.venue = { text: clean(place[1]), clause: b.clause, sentence: text };
    if (/^Thành phần/iu.test(text)) readDelegates(text, b, out);
  }
  return out;
}

function readTime(text: string, b: Block, year: number | undefined, out: ConferenceReading): void {
  out.timeSource = { clause: b.clause, sentence: text, line: b.line };
  const first = text.split(/\.\s+(?=\p{Lu})/u)[0] ?? text;
  const length = /(½|1\/2|nửa|một nửa)\s*ngày|(\d{1,2})\s*buổi|(\d{1,2})\s*ngày/iu.exec(first);
  if (length) {
    const span = length[1] ? '4h' : length[2] ? `${Number(length[2]) * 4}h` : `${Number(length[3])}d`;
    out.length = { span, words: length[0] };
  }
  const date = /(dự kiến\s+)?(?:(?:vào|tổ chức vào)\s+)?ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/iu.exec(first);
  if (date) {
    out.date = {
      date: `${date[4]}-${pad(Number(date[3]))}-${pad(Number(date[2]))}`,
      tentative: date[1] !== undefined || /dự kiến/iu.test(first),
      words: date[0],
    };
  }
  const part = /(đầu|giữa|cuối|trong)\s+tháng\s+(\d{1,2})(?:\s*(?:năm|\/)\s*(\d{4}))?/iu.exec(first);
  if (part && !date) {
    const y = part[3] ? Number(part[3]) : year;
    const month = Number(part[2]);
    if (y !== undefined && month >= 1 && month <= 12) {
      const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
      const thirds: Record<string, [number, number]> = {
        đầu: [1, 10],
        giữa: [11, 20],
        cuối: [21, last],
        trong: [1, last],
      };
      const [from, to] = thirds[(part[1] ?? 'trong').toLocaleLowerCase('vi')] ?? [1, last];
      const note = /\(([^()]*giấy mời[^()]*)\)/iu.exec(first)?.[1];
      out.window = {
        from: `${y}-${pad(month)}-${pad(from)}`,
        to: `${y}-${pad(month)}-${pad(to)}`,
        text: `${part[1]} tháng ${month} năm ${y}${note ? ` (${note})` : ''}`,
        words: part[0],
      };
    }
  }
  out.invitationLater = /giấy mời sau|giấy mời riêng|thông báo sau/iu.test(text);
  const start = /(?:từ|lúc|bắt đầu(?: từ)?|khai mạc(?: lúc)?)\s+(\d{1,2})\s*(?:giờ|h|:)\s*(\d{2})?/iu.exec(text);
  if (start) out.startTime = { time: `${pad(Number(start[1]))}:${pad(Number(start[2] ?? 0))}`, words: start[0] };
  const before =
    /(?:^|\.\s+)Thời gian\s+([^:.()]+?)\s*:\s*\d{1,2}\s*ngày\s*\(?\s*trước ngày (?:tổ chức |diễn ra )?Hội nghị\s*\)?/u.exec(
      text,
    );
  if (before?.[1]) {
    const program: string[] = [];
    for (const item of before[1].split(/\s*,\s*/u)) {
      const last = program.length - 1;
      if (program.length > 0 && !DAY_BEFORE_ACTS.test(item)) program[last] = `${program[last] ?? ''}, ${item}`;
      else program.push(item);
    }
    out.dayBefore = { program: program.map(capitalise), words: before[0].replace(/^\.\s+/u, '') };
  }
}

function readDelegates(text: string, b: Block, out: ConferenceReading): void {
  out.delegateSource = { clause: b.clause, sentence: text };
  const total = /(\d{1,5})\s*(?:đại biểu|người)/iu.exec(text);
  if (!total) return;
  const groups: { label: string; count: number }[] = [];
  const re = /(?:trong đó\s*|;\s*)([^:;()]+?)\s*:\s*(\d{1,5})\s*(?:người|đại biểu)/giu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    groups.push({ label: capitalise(clean(m[1] ?? '')), count: Number(m[2]) });
  }
  out.delegates = { total: Number(total[1]), groups, words: total[0] };
}
