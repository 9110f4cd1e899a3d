/**
 * The document's header and signature (Nghị định 30/2020, Phụ lục I): issuing body and the body
 * above it, the number (số, ký hiệu), the place and date line, "KẾ HOẠCH" and the title; after
 * "Nơi nhận" the recipients; then the signature block (TM., the title in capitals, the name).
 * A number or day left blank for the office to fill in when it issues the plan is written "…",
 * as the seed writes it. Pure; no I/O.
 */
import { stripEnd } from './outline';
import { clean, isCaps, lowerFirst, sentenceCase } from './text';

export interface MetaReading {
  number?: string;
  /** True when the number's own digits are left blank ("Số:   /KH-…"). */
  numberBlank: boolean;
  title?: string;
  issuer?: string;
  place?: string;
  dateText?: string;
  year?: number;
  signer?: { name: string; title: string };
  recipients: string[];
  /** The line read for each part, for the flags' source. */
  lines: { number?: string; title?: string; issuer?: string; signer?: string };
}

const MOTTO =
  /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc/gu;
const NUMBER = /Số\s*:\s*(\S*\/\S+)?/u;
const PLACE_DATE = /(?:^|\s)([\p{Lu}][\p{L} .'-]*?)\s*,\s*ngày\s*(.*năm\s*\d{4}.*)$/u;
const DATE_PARTS = /^(\d{1,2})?\s*(?:…|\.+)?\s*tháng\s*(\d{1,2})?\s*(?:…|\.+)?\s*năm\s*(\d{4})/u;

/** Reads the header lines (before "Căn cứ") and the tail lines (from "Nơi nhận"). */
export function readMeta(header: readonly string[], tail: readonly string[]): MetaReading {
  const lines = header.map((l) => clean(l.replace(MOTTO, ' '))).filter((l) => l.length > 0);
  const out: MetaReading = { numberBlank: false, recipients: [], lines: {} };
  const numberAt = lines.findIndex((l) => /^Số\s*:/u.test(l));
  const planAt = lines.findIndex((l) => /^KẾ HOẠCH$/u.test(l));

  const issuerLines = lines.slice(0, numberAt >= 0 ? numberAt : planAt >= 0 ? planAt : 0).filter(isCaps);
  if (issuerLines.length > 0) {
    const [above, ...own] = issuerLines;
    const body = own.length > 0 ? sentenceCase(own.join(' ')) : sentenceCase(above ?? '');
    out.issuer = own.length > 0 ? `${body} (${sentenceCase(above ?? '')})` : body;
    out.lines.issuer = issuerLines.join(' / ');
  }

  const numberLine = numberAt >= 0 ? lines[numberAt] : undefined;
  const number = numberLine === undefined ? null : NUMBER.exec(numberLine);
  if (numberLine !== undefined) {
    out.lines.number = numberLine;
    const raw = clean(number?.[1] ?? '');
    if (raw) {
      out.numberBlank = raw.startsWith('/');
      out.number = out.numberBlank ? `…${raw}` : raw;
    }
  }
  // The place and date share the number's line in a PDF; in a .docx's header table they are the
  // right-hand cell, a line of their own.
  const dateLine = lines.find((l) => PLACE_DATE.test(l.replace(/^Số\s*:\s*\S*\/\S+/u, '')));
  const placeDate = dateLine === undefined ? null : PLACE_DATE.exec(dateLine.replace(/^Số\s*:\s*\S*\/\S+/u, ''));
  if (placeDate) {
    if (placeDate[1]) out.place = clean(placeDate[1]);
    const date = DATE_PARTS.exec(clean(placeDate[2] ?? ''));
    if (date) {
      out.dateText = `ngày ${date[1] ?? '…'} tháng ${date[2] ?? '…'} năm ${date[3] ?? ''}`;
      out.year = Number(date[3]);
    }
  }

  if (planAt >= 0) {
    const subtitle = lines.slice(planAt + 1).join(' ');
    if (subtitle) {
      out.title = `Kế hoạch ${lowerFirst(subtitle)}`;
      out.lines.title = `KẾ HOẠCH ${subtitle}`;
    }
  }

  readTail(tail, out);
  return out;
}

/** Recipients ("- Ban TĐKT tỉnh;", a line may wrap) and the signature block. */
function readTail(tail: readonly string[], out: MetaReading): void {
  let i = 1;
  for (; i < tail.length; i += 1) {
    const line = tail[i] ?? '';
    if (/^[-–•+]/u.test(line)) {
      out.recipients.push(line.replace(/^[-–•+]\s*/u, ''));
    } else if (isCaps(line) || /^(TM|KT|TL|TUQ|Q)\.\s/u.test(line)) {
      break;
    } else if (out.recipients.length > 0) {
      out.recipients[out.recipients.length - 1] += ` ${line}`;
    }
  }
  out.recipients = out.recipients.map(recipient).filter((r) => r.length > 0);
  const block = tail.slice(i);
  const nameAt = findLastIndex(block, (l) => !isCaps(l) && /^\p{Lu}\p{Ll}*(\s\p{Lu}\p{Ll}*){1,5}$/u.test(l));
  if (nameAt > 0) {
    const titleLine = block
      .slice(0, nameAt)
      .filter((l) => isCaps(l) && !/^(TM|KT|TL|TUQ|Q)\.\s/u.test(l))
      .pop();
    const name = block[nameAt] ?? '';
    if (titleLine) {
      out.signer = { name, title: sentenceCase(titleLine) };
      out.lines.signer = `${titleLine} / ${name}`;
    }
  }
}

/** "TT. Huyện ủy; (B/c)" → "TT. Huyện ủy (B/c)"; a final "." dropped. */
function recipient(line: string): string {
  const note = /\((B\/c|để b\/c|báo cáo|t\/h|thực hiện)\)/iu.exec(line);
  const text = stripEnd(clean(line.replace(/\([^()]*\)/gu, ' ')));
  return note ? `${text} (${note[1] ?? ''})` : text;
}

function findLastIndex<T>(list: readonly T[], test: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i -= 1) if (test(list[i] as T)) return i;
  return -1;
}
