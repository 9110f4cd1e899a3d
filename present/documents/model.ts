/**
 * An administrative document as Nghị định 30/2020/NĐ-CP lays it out (Phụ lục I), before it is
 * written to any file format: the issuing body and the Quốc hiệu/Tiêu ngữ side by side, the
 * số/ký hiệu, the place and date, the document's type and its trích yếu, the body, the Nơi nhận
 * and the signature. The builders of each report fill this model from a conference's record;
 * ./docx writes it. Pure data, no I/O.
 */

/** One line of text, or several runs of it (bold, italic) when a line mixes them. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** A part of the body, in reading order. */
export type Block =
  /** A numbered part ("I. TÌNH HÌNH CHUNG"): bold, flush left. */
  | { kind: 'heading'; text: string }
  /** A paragraph of the body: justified, first line indented. */
  | { kind: 'paragraph'; runs: Run[] }
  /** A dash list ("- …"), one paragraph per item. */
  | { kind: 'list'; items: string[] }
  /** A ruled table: the header row is bold and repeated on each page; widths in percent. */
  | { kind: 'table'; header: string[]; rows: string[][]; widths: number[]; centered?: number[] };

/** Who signs: one signer (with the authority line, "TM. …" / "KT. …", when there is one), or two sides. */
export type Signature =
  { kind: 'single'; authority?: string; title: string; name: string } | { kind: 'two'; left: Signer; right: Signer };

export interface Signer {
  /** "ĐẠI DIỆN BÊN GIAO" */
  title: string;
  /** The body the signer speaks for, under the title. */
  body?: string;
  /** The person, or an empty string when nobody has confirmed yet. */
  name: string;
  /** What is written in place of the handwritten signature: "Đã xác nhận lúc …". */
  note?: string;
}

export interface AdminDocument {
  /** The issuing body: its parent body (upper line, regular) and itself (bold). */
  issuer: { parent?: string; body: string };
  /** "Số: …/BC-CTĐHVC" */
  number: string;
  /** "Tủa Chùa, ngày 30 tháng 3 năm 2023" */
  placeDate: string;
  /** The document's type as printed: "BÁO CÁO", "BIÊN BẢN". */
  type: string;
  /** Trích yếu: what the document is about, under its type. */
  summary: string;
  body: Block[];
  /** Nơi nhận, each as written ("Ban TĐKT tỉnh (B/c)", "Lưu: VT, NV"). */
  recipients: string[];
  signature: Signature;
  /** The file's title property (shown by readers, not printed). */
  title: string;
}

/** A paragraph of plain text. */
export function para(text: string): Block {
  return { kind: 'paragraph', runs: [{ text }] };
}
