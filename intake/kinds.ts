/**
 * A task's kind guessed from its verbs, the plan's five kinds (`domain/task-kinds.ts`):
 * "trước, trong và sau" → phased; "ký kết" (not "chuẩn bị … ký kết") → signoff; "thẩm định",
 * "phê duyệt", "gửi … duyệt" → approval; "gửi", "nộp", "báo cáo về" → submission; else once.
 * And the units a task names for its approval: "gửi X thẩm định" (X approves), a speech "của X"
 * (the speaker approves what is written for them). Pure; no I/O.
 */
import type { TaskKind } from '../domain/plan/schema';
import { PHASES } from './deadlines';

const PREPARES = /^(chuẩn bị|xây dựng|soạn|dự thảo|lập)(?=\s|$)/iu;
/** Work about a signing that is not the signing: "tổng hợp danh sách … tham gia ký kết". */
const ABOUT_SIGNING = /(?:tổng hợp|danh sách|kết quả|báo cáo|văn bản|nội dung)[^;]*ký kết/iu;
const APPRAISES = /^(?:thẩm định|xét duyệt|phê duyệt)\s/iu;
/** "(trình …) phê duyệt", "gửi … thẩm định", "trình … thông qua", a speech for a leader; not "chương trình", "tổng duyệt". */
const APPROVAL =
  /thẩm định|phê duyệt|(?:^|(?<!tổng)\s)duyệt(?=\s|$)|phát biểu|(?<!chương )(?<!tờ )trình\s.+?\s(?:thông qua|ký ban hành|xét chọn|quyết định|cho ý kiến)/iu;
/** "theo dự toán được UBND tỉnh phê duyệt": someone else's approval, already given. */
const PASSIVE = /được\s+[^,;]*?(?:phê duyệt|thông qua|duyệt)/giu;

/** The kind, and the rule that chose it (for the summary and the flags). */
export function guessKind(text: string): { kind: TaskKind; rule: string } {
  if (PHASES.test(text)) return { kind: 'phased', rule: 'trước, trong và sau' };
  if (/ký kết/iu.test(text) && !PREPARES.test(text) && !ABOUT_SIGNING.test(text))
    return { kind: 'signoff', rule: 'ký kết' };
  // "Thẩm định hồ sơ …": the assignee appraises others' work; its own task is done once.
  if (APPRAISES.test(text) && !/(?<!chương )trình\s/iu.test(text))
    return { kind: 'once', rule: 'thẩm định (việc của đơn vị)' };
  if (APPROVAL.test(text.replace(PASSIVE, ' '))) return { kind: 'approval', rule: 'thẩm định / phê duyệt' };
  if (/(^|\s)(gửi|nộp)(\s|$)|báo cáo về/iu.test(text)) return { kind: 'submission', rule: 'gửi / nộp' };
  return { kind: 'once', rule: '' };
}

/** Who approves, as the sentence names it; undefined when it does not. */
export function approverMention(text: string): string | undefined {
  const sent = /gửi\s+(.+?)\s+(?:thẩm định|phê duyệt|duyệt|xem xét|cho ý kiến)/iu.exec(text);
  if (sent?.[1]) return sent[1];
  // "trình Chủ tịch UBND huyện phê duyệt": the office the leader heads approves.
  const put =
    /trình\s+(.+?)\s+(?:phê duyệt|ký ban hành|ban hành|thông qua|xét duyệt|xét chọn|quyết định|cho ý kiến|duyệt)/iu.exec(
      text,
    );
  if (put?.[1]) return put[1].replace(/^(?:Chủ tịch|Phó Chủ tịch|Giám đốc|Trưởng|Lãnh đạo|Thường trực)\s+/u, '');
  const speech = /phát biểu[^;]*?\s+của\s+(.+?)$/iu.exec(text);
  return speech?.[1];
}
