/**
 * Document text → draft plan: the plan object `domain/plan/schema.ts` reads, with every value the
 * document does not state holding a proposal and a flag (path, reason in vi/en, clause,
 * sentence). The draft is then run through the plan's own validation (`validatePlan`), so what
 * is still wrong once the proposals are accepted is said with the plan's own paths and reasons.
 *
 * Where each part comes from: `outline.ts` (layout), `meta.ts` (header, signature), `conference.ts`
 * (section II), `assign.ts` (section III's duties in prose) and `table-duties.ts` (duty tables),
 * each duty made into tasks by `task-build.ts` with `sentences.ts`, `kinds.ts`, `deadlines.ts` and
 * `units.ts`; `links.ts` (deadlines that run from another duty, appraisals), `event-tasks.ts` (the
 * event's own tasks from section II) and `assemble.ts` (the plan object). Pure; no I/O.
 */
import { assemble, checkDraft } from './assemble';
import { readAssignments } from './assign';
import { readConference } from './conference';
import { addTime, OFFICE_CLOSES, SESSION_TIME, type DraftResult, type RespBuild } from './draft-parts';
import { readEventTasks } from './event-tasks';
import { linkAfterTasks, mergeAppraisals } from './links';
import { readMeta } from './meta';
import { outline, type Outline } from './outline';
import type { TaskContext } from './task-build';
import { capitalise, clean } from './text';
import { UnitBook } from './units';

export { checkDraft } from './assemble';
export { describeRule } from './due-flags';
export type { DraftResult, DraftTask } from './draft-parts';

/** Reads a plan document's text into a draft. */
export function draftFromText(text: string): DraftResult {
  const doc = outline(text);
  const meta = readMeta(doc.header, doc.tail);
  const conf = readConference(doc.blocks, meta.title, meta.year);
  const book = new UnitBook();
  readPlaces(book, doc);
  book.members = readMembers(doc);
  const startTime = conf.startTime?.time ?? '07:30';
  const sessionEnd = conf.length?.span === '4h' ? addTime(startTime, 4) : SESSION_TIME;
  const ids = new Set<string>();
  const ctx: TaskContext = {
    book,
    ids,
    sessionEnd,
    deadline: {
      year: meta.year,
      month: Number(/tháng\s+(\d{1,2})/u.exec(meta.dateText ?? '')?.[1] ?? '') || undefined,
      time: OFFICE_CLOSES,
      proposal: { type: 'conference', day: -3, time: OFFICE_CLOSES },
      sessionEnd,
    },
  };
  const resps = readAssignments(doc, ctx);
  if (book.hostPlace === undefined && meta.place) book.hostPlace = meta.place;
  const organizer = resps.find((r) => !r.lead.startsWith('?'))?.lead ?? book.units[0]?.id ?? 'to-chuc';
  giveToOrganizer(resps, organizer);
  linkAfterTasks(resps);
  mergeAppraisals(resps);
  readEventTasks(doc, conf, book, resps, ids, organizer, sessionEnd);

  const result = assemble(meta, doc.legalBases, conf, book, resps, organizer, startTime);
  result.issues = checkDraft(result);
  return result;
}

/** What no unit was named for goes to the organizer ("?" until the organizer is known). */
function giveToOrganizer(resps: RespBuild[], organizer: string): void {
  const orOrganizer = (ids: string[]): string[] => ids.map((a) => (a === '?' ? organizer : a));
  for (const r of resps) {
    if (r.lead === '?') r.lead = organizer;
    for (const { task } of r.tasks) {
      task.assignees = orOrganizer(task.assignees);
      if (task.approvers) task.approvers = orOrganizer(task.approvers);
      if (task.signers) task.signers = orOrganizer(task.signers);
    }
  }
}

const LEVELS = 'TỈNH|HUYỆN|XÃ|PHƯỜNG|THỊ XÃ|THỊ TRẤN|QUẬN|THÀNH PHỐ';
const ISSUER_AREA = new RegExp(
  `(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\\s+(${LEVELS})\\s+(\\p{Lu}[\\p{Lu} ]*?)(?=\\s+(?:UBND|ỦY BAN|UỶ BAN|CỤM|KHỐI|HỘI ĐỒNG|PHÒNG|BAN|SỞ)(?=\\s|$)|\\s*$|\\s+\\P{Lu})`,
  'gu',
);

/**
 * The places of the issuing bodies in the header ("UBND TỈNH ĐIỆN BIÊN", "UBND XÃ SÍN CHẢI"), so
 * that "Phòng Văn hóa - Xã hội xã" in the plan reads as the commune's office and "Công an tỉnh"
 * as the province's, whatever level the plan is issued at.
 */
function readPlaces(book: UnitBook, doc: Outline): void {
  const motto = doc.header.findIndex((l) => /^CỘNG H[OÒ]A|^Số\s*:|^KẾ HOẠCH/u.test(l));
  const issuer = clean(doc.header.slice(0, motto < 0 ? doc.header.length : motto).join(' '));
  for (const m of issuer.matchAll(ISSUER_AREA)) {
    const level = (m[1] ?? '').toLocaleLowerCase('vi');
    const place = (m[2] ?? '')
      .split(' ')
      .map((w) => capitalise(w.toLocaleLowerCase('vi')))
      .join(' ');
    book.places.set(level, place);
  }
}

/** "Cụm thi đua số 3 gồm 05 xã: Sín Chải, Mường Toong, …": the members "các xã trong Cụm" means. */
function readMembers(doc: Outline): UnitBook['members'] {
  const text = [...doc.preamble, ...doc.blocks.map((b) => b.text)].join('\n');
  const m = /(?:gồm|bao gồm)\s+(?:\d{1,3}\s+)?(xã|phường|huyện|đơn vị)\s*:\s*([^.;\n]+)/iu.exec(text);
  if (!m?.[2]) return undefined;
  const names = m[2]
    .split(/\s*,\s*|\s+và\s+/u)
    .map(clean)
    .filter((n) => n.length > 1);
  return names.length > 1 ? { level: (m[1] ?? 'xã').toLocaleLowerCase('vi'), names } : undefined;
}
