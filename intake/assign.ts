/**
 * Section III ("Tổ chức thực hiện"): who does what. A numbered heading or an item's prefix names
 * the unit ("1.1. Phòng Nội vụ huyện", "- UBND huyện Mường Chà (…): …", "2. Các xã trong Cụm
 * (A, B, C)"); the paragraphs under it hold its duties, cut by `sentences.ts`. A heading that
 * names several units gives each member its own copy of every duty (per-member duties: each
 * district sends its own report), with the organizer as the responsibility's lead. Duty tables
 * ("TT | Nội dung | Đơn vị chủ trì | …", in the section or in an appendix) are read by
 * `table-duties.ts`. Each duty becomes a task by `task-build.ts`. Pure; no I/O.
 */
import { readDeadline } from './deadlines';
import { implementationSection, truncate, unique, type RespBuild } from './draft-parts';
import type { Block, Outline } from './outline';
import { carriesOn, duties, VERBS, type Duty } from './sentences';
import { dutyTasks, type TaskContext } from './task-build';
import { readTables } from './table-duties';
import { slug } from './text';
import { looksLikeUnit, type FoundUnit } from './units';

/** "Phòng …: duty", "- UBND huyện X (…): duty": a unit (`looksLikeUnit`) before a colon, then its duty. */
const UNIT_PREFIX = /^([^:;]{3,160}?)\s*:\s*(.+)$/u;

/** Reads every duty of the implementation section and of the appendix into responsibilities. */
export function readAssignments(doc: Outline, ctx: TaskContext): RespBuild[] {
  const section = implementationSection(doc);
  const inSection = doc.blocks.filter((x) => x.section === section || x.section.startsWith(`${section}.`));
  const resps = readProse(inSection, ctx);
  resps.push(...readTables([...inSection, ...doc.appendix], ctx));
  return resps;
}

function readProse(all: Block[], ctx: TaskContext): RespBuild[] {
  const resps: RespBuild[] = [];
  let current: FoundUnit[] = [];
  for (const b of joinContinuations(all, ctx)) {
    if (b.kind === 'roman' || b.kind === 'row' || /^Trên đây(?=\s|$)/u.test(b.text)) continue;
    // "- Phòng Văn hóa - Xã hội xã:" with its duties in "+" items below: a heading in an item.
    const heading = /^(.+?)\s*:\s*$/u.exec(b.text)?.[1];
    if (b.kind !== 'numbered' && heading !== undefined && looksLikeUnit(heading)) {
      current = ctx.book.fromHeading(heading, b.clause, b.text);
      continue;
    }
    const read = unitsAndBody(b, current, ctx);
    // A paragraph straight under the section that names no unit gives no work: "Nhiệm vụ cụ thể
    // … theo Phụ lục kèm theo", "Quá trình thực hiện có vướng mắc, báo cáo về …".
    if (b.kind === 'text' && read.units.length === 0 && !b.section.includes('.')) continue;
    if (b.kind === 'numbered') current = read.units;
    if (read.body === undefined) continue;
    const found = duties(read.body, (t) => readDeadline(t, ctx.deadline).words);
    if (found.duties.length === 0) continue;
    resps.push(responsibility(b, read.units, found, ctx));
  }
  return resps;
}

/**
 * A PDF breaks lines where the page does, so "… trình Chủ tịch UBND huyện phê duyệt." at a line's
 * end and "Hoàn thành trước ngày tổ chức Hội nghị 05 ngày." on the next read as two paragraphs.
 * A paragraph with no marker that only carries on the one before (its deadline, its next step)
 * joins it.
 */
function joinContinuations(blocks: Block[], ctx: TaskContext): Block[] {
  const out: Block[] = [];
  const words = (t: string): string | undefined => readDeadline(t, ctx.deadline).words;
  for (const b of blocks) {
    const prev = out[out.length - 1];
    const joins =
      prev !== undefined &&
      b.kind === 'text' &&
      (prev.kind === 'item' || prev.kind === 'text') &&
      prev.section === b.section &&
      !looksLikeUnit(UNIT_PREFIX.exec(b.text)?.[1] ?? '') &&
      subjectFirst(b.text) === undefined &&
      carriesOn(b.text, words);
    if (joins) out[out.length - 1] = { ...prev, text: `${prev.text} ${b.text}` };
    else out.push(b);
  }
  return out;
}

/** The units a block speaks of (its heading's, its prefix's, or the heading above's) and its duty text. */
function unitsAndBody(
  b: Block,
  current: FoundUnit[],
  ctx: TaskContext,
): { units: FoundUnit[]; body: string | undefined } {
  if (b.kind === 'numbered') {
    const at = b.text.indexOf(': ');
    const head = at >= 0 ? b.text.slice(0, at) : b.text;
    const subject = at < 0 ? subjectFirst(b.text) : undefined;
    if (subject) return { units: ctx.book.fromHeading(subject.unit, b.clause, b.text), body: subject.body };
    // A topic heading ("3. Chế độ báo cáo") names no unit: its duties go to the organizer, flagged.
    const units = looksLikeUnit(head) ? ctx.book.fromHeading(head, b.clause, b.text) : [];
    return { units, body: at >= 0 ? b.text.slice(at + 2) : undefined };
  }
  const prefixed = UNIT_PREFIX.exec(b.text);
  if (prefixed?.[1] && prefixed[2] && looksLikeUnit(prefixed[1])) {
    return { units: ctx.book.fromHeading(prefixed[1], b.clause, b.text), body: prefixed[2] };
  }
  const subject = subjectFirst(b.text);
  if (subject) return { units: ctx.book.fromHeading(subject.unit, b.clause, b.text), body: subject.body };
  return { units: current, body: b.text };
}

/** Words before a unit's name that give it the work: "Giao", "Đề nghị", "Yêu cầu". */
const GIVES = /^(?:giao(?:\s+cho)?|đề nghị|yêu cầu|phân công)\s+/iu;
/** Words after a unit's name that say it has the duty ("có trách nhiệm …"), beside the verbs. */
const DUTY_WORDS = ['có trách nhiệm', 'chịu trách nhiệm', 'là cơ quan', 'là đơn vị', ...VERBS];
/** How a unit's name ends: its level (and place), a capitalised word or an acronym. */
const NAME_END = /(?:\s(?:xã|huyện|tỉnh|phường|thị trấn|thành phố|thôn|bản|tổ dân phố)|\s\p{Lu}[\p{L}&.-]*)$/u;

/**
 * "Giao Phòng Kinh tế xã chủ trì, phối hợp …", "Công an xã bảo đảm …", "Đề nghị Ủy ban MTTQ xã
 * phối hợp …": the unit is the sentence's subject, before its first verb. The name ends where a
 * unit's name does (its level, its place, a capital): "Trung tâm Dịch vụ tổng hợp xã bảo đảm" is
 * not cut at "tổng hợp".
 */
export function subjectFirst(text: string): { unit: string; body: string } | undefined {
  const rest = text.replace(GIVES, '');
  if (!looksLikeUnit(rest)) return undefined;
  const lower = rest.toLocaleLowerCase('vi');
  let words = 0;
  for (let i = 1; i < rest.length; i += 1) {
    if (rest[i - 1] !== ' ') continue;
    words += 1;
    const name = rest.slice(0, i).trim().replace(/,$/u, '');
    if (words < 2 || !NAME_END.test(` ${name}`)) continue;
    if (DUTY_WORDS.some((v) => lower.startsWith(`${v} `, i) || lower.startsWith(`${v},`, i)))
      return { unit: name, body: rest.slice(i).replace(/^(?:có|chịu) trách nhiệm\s+/iu, '') };
  }
  return undefined;
}

function responsibility(b: Block, units: FoundUnit[], found: ReturnType<typeof duties>, ctx: TaskContext): RespBuild {
  const first = found.duties[0] as Duty;
  const id = unique(slug(first.text, 28), ctx.ids);
  const support = found.leadIn.support
    .map((m) => ctx.book.mention(m, b.clause, b.text)?.id)
    .filter((x): x is string => x !== undefined);
  const r: RespBuild = {
    id,
    title: truncate(found.duties.map((d) => d.text).join('; ')),
    lead: units.length === 1 ? (units[0] as FoundUnit).id : '?',
    support: [...new Set([...(units.length > 1 ? units.map((u) => u.id) : []), ...support])],
    clause: b.clause,
    tasks: [],
    flags: [],
    count: 0,
  };
  for (const duty of found.duties) {
    const source = { clause: b.clause, sentence: duty.sentence, line: b.line };
    r.tasks.push(...dutyTasks(id, duty, units, source, ctx));
  }
  r.count = r.tasks.length;
  return r;
}
