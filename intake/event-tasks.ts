/**
 * The event's own tasks, from section II: what the "Nội dung" items say happens at the conference
 * (scoring approved, awards, the flag handed over, the pledge signed), the day before's programme,
 * and the invitation the document says comes later ("thời gian cụ thể có giấy mời sau"). Each is
 * a task the document implies rather than assigns, so its assignee or time is flagged; an item a
 * section III duty already covers only adds its clause to that duty. Pure; no I/O.
 */
import type { DueRule } from '../domain/plan/schema';
import type { ConferenceReading } from './conference';
import {
  implementationSection,
  OFFICE_CLOSES,
  unique,
  type DraftTask,
  type RespBuild,
  type Source,
  type TaskBuild,
} from './draft-parts';
import { localFlag, type LocalFlag } from './flags';
import { guessKind } from './kinds';
import type { Block, Outline } from './outline';
import { VERBS } from './sentences';
import { capitalise, clean, similarity, slug } from './text';
import type { FoundUnit, UnitBook } from './units';

// ---- section II: the event's own tasks ----

/** A likeness of words at which an agenda item is the task a duty already gives. */
const SAME_TASK = 0.5;
/** A likeness at which a day-before activity is already a duty's task. */
const SAME_ACTIVITY = 0.4;
/** A likeness at which a duty prepares an agenda item ("Báo cáo tổng kết …"). */
const CITES = 0.2;

export function readEventTasks(
  doc: Outline,
  conf: ConferenceReading,
  book: UnitBook,
  resps: RespBuild[],
  ids: Set<string>,
  organizer: string,
  sessionEnd: string,
): void {
  const reader = new EventTasks(doc, book, resps, ids, organizer, sessionEnd);
  for (const item of reader.agenda()) reader.agendaItem(item);
  if (conf.dayBefore && conf.timeSource) reader.dayBefore(conf.dayBefore.program, conf.timeSource);
  if (conf.invitationLater && conf.timeSource) reader.invitation(conf.timeSource);
  reader.finish();
}

/** The event's tasks, added to the responsibilities the duties made (see the head comment). */
class EventTasks {
  private readonly session: RespBuild;
  private readonly extra: RespBuild[] = [];
  private readonly contentSection: string | undefined;

  constructor(
    private readonly doc: Outline,
    private readonly book: UnitBook,
    private readonly resps: RespBuild[],
    private readonly ids: Set<string>,
    private readonly organizer: string,
    private readonly sessionEnd: string,
  ) {
    const impl = implementationSection(doc);
    this.contentSection = doc.blocks.find(
      (b) =>
        b.kind === 'numbered' &&
        /^(?:Nội dung|Chương trình)(?:\s|,|$)/iu.test(b.text) &&
        b.section !== impl &&
        !b.section.startsWith(`${impl}.`),
    )?.section;
    this.session = {
      id: unique('hoi-nghi', ids),
      title: '',
      lead: organizer,
      support: [],
      clause: this.contentSection ?? 'II',
      tasks: [],
      flags: [],
      count: 0,
    };
  }

  private all(): TaskBuild[] {
    return this.resps.flatMap((r) => r.tasks);
  }

  /** The items of section II's "Nội dung" heading. */
  agenda(): Block[] {
    const section = this.contentSection;
    return section === undefined ? [] : this.doc.blocks.filter((b) => b.kind === 'item' && b.section === section);
  }

  /** An item the conference does: a task of its own, unless a duty already does or cites it. */
  agendaItem(item: Block): void {
    const text = clean(item.text).replace(/[.;]+$/u, '');
    const src = { clause: item.section, sentence: item.text, line: item.line };
    const best = bestMatch(text, this.all());
    if (!startsWithVerb(text)) {
      this.cite(text, item.section);
      return;
    }
    const prepares =
      best !== undefined && best.score >= SAME_TASK && /^(chuẩn bị|xây dựng|soạn)/iu.test(best.task.task.title);
    if (best && best.score >= SAME_TASK && !prepares) {
      addClause(best.task, item.section);
      return;
    }
    const kind = guessKind(text).kind;
    const task: DraftTask = {
      id: '',
      kind: kind === 'phased' ? 'once' : kind,
      title: capitalise(text),
      clause: item.section,
      assignees: [this.organizer],
      due: { type: 'conference', day: 0, time: this.sessionEnd },
      organizerChoice: true,
    };
    let home = this.handover(task, text, item.section) ?? this.session;
    if (task.kind === 'signoff' && home === this.session) task.assignees = task.signers = this.signers();
    if (task.kind === 'approval') task.approvers = [this.organizer];
    if (prepares && best) {
      home = this.resps.find((r) => r.tasks.includes(best.task)) ?? home;
      task.dependsOn = [best.task.task.id];
      if (task.kind !== 'signoff') task.assignees = best.task.task.assignees;
    }
    task.id = unique(`${home.id}.${slug(text, 24)}`, this.ids);
    const who = task.assignees.join(', ');
    const flag = implied(
      src,
      `Nội dung của Hội nghị, văn bản không giao cho đơn vị nào: đề xuất ${who}, hạn ${this.sessionEnd} ngày Hội nghị`,
      `Part of the conference itself, given to no unit: ${who} proposed, due ${this.sessionEnd} on the conference day`,
    );
    home.tasks.push({ task, source: src, deadline: { rule: task.due, open: ['time'] }, flags: [flag] });
  }

  /** An agenda item that is no act ("Báo cáo tổng kết …", "Tham luận …"): the tasks that prepare it cite it. */
  private cite(text: string, clause: string): void {
    const head = text.toLocaleLowerCase('vi').split(' ').slice(0, 2).join(' ');
    for (const t of this.all()) {
      if (t.task.title.toLocaleLowerCase('vi').includes(head) && similarity(text, t.task.title) >= CITES)
        addClause(t, clause);
    }
  }

  /** The rotating flag passes from this year's head to next year's: a sign-off by both. */
  private handover(task: DraftTask, text: string, clause: string): RespBuild | undefined {
    const heads = [...this.book.heads.entries()].sort((a, b) => a[0] - b[0]);
    if (!/cờ luân lưu/iu.test(text) || heads.length < 2) return undefined;
    const from = (heads[heads.length - 2] as [number, FoundUnit])[1];
    const to = (heads[heads.length - 1] as [number, FoundUnit])[1];
    task.kind = 'signoff';
    task.assignees = [from.id, to.id];
    task.signers = [from.id, to.id];
    const home: RespBuild = {
      id: unique(slug(`co-luan-luu-${from.id}`, 28), this.ids),
      title: task.title,
      lead: from.id,
      support: [to.id],
      clause,
      tasks: [],
      flags: [],
      count: 0,
    };
    this.extra.push(home);
    return home;
  }

  /** Who signs a pledge the document gives to no unit: the cluster heads and the member districts. */
  private signers(): string[] {
    const heads = [...this.book.heads.values()].map((u) => u.id);
    const districts = this.book.units.filter((u) => u.kind === 'district').map((u) => u.id);
    const members = [...new Set([...heads, ...districts])];
    return members.length > 0 ? members : [this.organizer];
  }

  /** The day before: what its programme lists and no task covers yet. */
  dayBefore(program: string[], src: Source): void {
    for (const act of program) {
      const best = bestMatch(act, this.all());
      if (best && best.score >= SAME_ACTIVITY) continue;
      const task: DraftTask = {
        id: unique(`${this.session.id}.${slug(act, 24)}`, this.ids),
        kind: 'once',
        title: `${act} (ngày trước Hội nghị)`,
        clause: src.clause,
        assignees: [this.organizer],
        due: { type: 'conference', day: -1, time: OFFICE_CLOSES },
        organizerChoice: true,
      };
      const flag = implied(
        src,
        `Hoạt động của ngày trước Hội nghị, văn bản không giao cho đơn vị nào: đề xuất đơn vị tổ chức, hạn ${OFFICE_CLOSES} ngày trước Hội nghị`,
        `The day before's programme, given to no unit: the organizer proposed, due ${OFFICE_CLOSES} the day before`,
      );
      this.session.tasks.push({ task, source: src, deadline: { rule: task.due, open: ['time'] }, flags: [flag] });
    }
  }

  /** "thời gian cụ thể có giấy mời sau": someone sends the invitation, unless a duty already does. */
  invitation(src: Source): void {
    if (this.all().some((t) => /giấy mời/iu.test(t.task.title))) return;
    const due: DueRule = { type: 'conference', day: -7, time: OFFICE_CLOSES };
    const task: DraftTask = {
      id: unique(`${this.session.id}.giay-moi`, this.ids),
      kind: 'once',
      title: 'Phát hành giấy mời đại biểu dự Hội nghị (thời gian cụ thể)',
      clause: src.clause,
      assignees: [this.organizer],
      due,
      organizerChoice: true,
    };
    const flag = implied(
      src,
      'Văn bản ghi "thời gian cụ thể có giấy mời sau": đề xuất thêm việc phát hành giấy mời do đơn vị tổ chức gửi, hạn 17:00, 7 ngày trước Hội nghị; xóa nếu không cần theo dõi',
      'The document says "the exact time comes with the invitation": a task for the organizer to send it is proposed, due 17:00, 7 days before the conference; delete it if not wanted',
    );
    this.session.tasks.unshift({ task, source: src, deadline: { rule: due, open: ['deadline'] }, flags: [flag] });
  }

  finish(): void {
    if (this.session.tasks.length > 0) {
      this.session.title = 'Tổ chức Hội nghị: các nội dung tại Hội nghị và công việc chung';
      this.session.clause = [...new Set(this.session.tasks.map((t) => t.task.clause))].join(', ');
      this.resps.push(this.session);
    }
    this.resps.push(...this.extra);
  }
}

/** The one question of a task the document implies: is it wanted, by whom, by when. */
function implied(src: Source, vi: string, en: string): LocalFlag {
  return localFlag('', vi, en, src);
}

function startsWithVerb(text: string): boolean {
  const lower = text.toLocaleLowerCase('vi');
  return VERBS.some((v) => lower.startsWith(`${v} `));
}

function bestMatch(text: string, tasks: TaskBuild[]): { task: TaskBuild; score: number } | undefined {
  let best: { task: TaskBuild; score: number } | undefined;
  for (const t of tasks) {
    const score = similarity(text, t.task.title);
    if (!best || score > best.score) best = { task: t, score };
  }
  return best;
}

function addClause(t: TaskBuild, clause: string): void {
  if (!t.task.clause.split(', ').includes(clause)) t.task.clause = `${t.task.clause}, ${clause}`;
}
