/**
 * Document text → draft plan: the plan object `domain/plan/schema.ts` reads, with every value the
 * document does not state holding a proposal and a flag (path, reason in vi/en, clause,
 * sentence). The draft is then run through the plan's own validation (`validatePlan`), so what
 * is still wrong once the proposals are accepted is said with the plan's own paths and reasons.
 *
 * Where each part comes from: `outline.ts` (layout), `meta.ts` (header, signature), `conference.ts`
 * (section II), `units.ts` + `sentences.ts` + `kinds.ts` + `deadlines.ts` (section III's duties).
 * The tasks of the event itself come from II.1's items; the day before's programme and the
 * invitation ("có giấy mời sau") add the tasks the document implies, each flagged. Pure; no I/O.
 */
import type { DueRule, TaskKind } from '../domain/plan/schema';
import { validatePlan, type PlanIssue } from '../domain/plan/validate';
import { readConference, type ConferenceReading } from './conference';
import { readDeadline, type DeadlineReading, type OpenPart } from './deadlines';
import { localFlag, placeFlags, type Flag, type LocalFlag } from './flags';
import { approverMention, guessKind } from './kinds';
import { readMeta, type MetaReading } from './meta';
import { outline, type Block, type Outline } from './outline';
import { duties, VERBS, type Duty } from './sentences';
import { capitalise, clean, lowerFirst, similarity, slug } from './text';
import { looksLikeUnit, UnitBook, type FoundUnit } from './units';

/** Where a value comes from: its clause, its sentence and the line of the text the paragraph starts on. */
type Source = { clause: string; sentence: string; line?: number };

export interface DraftTask {
  id: string;
  kind: TaskKind;
  title: string;
  clause: string;
  assignees: string[];
  due: DueRule;
  organizerChoice?: boolean;
  approvers?: string[];
  signers?: string[];
  phases?: { phase: 'before' | 'during' | 'after'; label: string; due: DueRule }[];
  dependsOn?: string[];
  note?: string;
}

interface TaskBuild {
  task: DraftTask;
  source: Source;
  deadline: DeadlineReading;
  flags: LocalFlag[];
}

interface RespBuild {
  id: string;
  title: string;
  lead: string;
  support: string[];
  clause: string;
  tasks: TaskBuild[];
  flags: LocalFlag[];
  /** How many tasks the paragraph gave, before appraisals were merged into their tasks. */
  count: number;
}

/** What the importer found, for the summary and the score. */
export interface DraftResult {
  /** The draft, in the plan file's shape (before defaults). */
  plan: Record<string, unknown>;
  flags: Flag[];
  /** What the plan's own checks still refuse once every proposal is accepted. */
  issues: PlanIssue[];
  /** Each task's source sentence and how its deadline was read. */
  tasks: {
    id: string;
    clause: string;
    sentence: string;
    /** 1-based line of the document's text (`ImportResult.text`) where the task's paragraph starts. */
    line?: number;
    deadline: 'stated' | 'flagged';
    words?: string;
  }[];
  /** The kind of event ("Hội nghị tổng kết"), when the title says. */
  eventKind?: string;
}

const SESSION_TIME = '11:30';
const OFFICE_CLOSES = '17:00';
const UNIT_PREFIX =
  /^((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Phòng|Văn phòng|Trung tâm|Công an|Điện lực|Ban|Hội đồng|Sở|Đài|Các đồng chí|Công ty|Chi cục)\s[^:]{2,160}?)\s*:\s*(.+)$/u;

/** Reads a plan document's text into a draft. */
export function draftFromText(text: string): DraftResult {
  const doc = outline(text);
  const meta = readMeta(doc.header, doc.tail);
  const conf = readConference(doc.blocks, meta.title, meta.year);
  const book = new UnitBook();
  const startTime = conf.startTime?.time ?? '07:30';
  const sessionEnd = conf.length?.span === '4h' ? addTime(startTime, 4) : SESSION_TIME;
  const ctx = {
    year: meta.year,
    time: OFFICE_CLOSES,
    proposal: { type: 'conference', day: -3, time: OFFICE_CLOSES } as DueRule,
  };

  const resps: RespBuild[] = [];
  const ids = new Set<string>();
  readSectionIII(doc, book, resps, ids, ctx, sessionEnd);
  if (book.hostPlace === undefined && meta.place) book.hostPlace = meta.place;
  const organizer = resps.find((r) => !r.lead.startsWith('?'))?.lead ?? book.units[0]?.id ?? 'to-chuc';
  const orOrganizer = (ids: string[]): string[] => ids.map((a) => (a === '?' ? organizer : a));
  for (const r of resps) {
    if (r.lead === '?') r.lead = organizer;
    for (const { task } of r.tasks) {
      task.assignees = orOrganizer(task.assignees);
      if (task.approvers) task.approvers = orOrganizer(task.approvers);
      if (task.signers) task.signers = orOrganizer(task.signers);
    }
  }
  mergeAppraisals(resps);
  readEventTasks(doc, conf, book, resps, ids, organizer, sessionEnd);

  const result = assemble(meta, doc.legalBases, conf, book, resps, organizer, startTime);
  result.issues = checkDraft(result);
  return result;
}

// ---- section III: who does what ----

function readSectionIII(
  doc: Outline,
  book: UnitBook,
  resps: RespBuild[],
  ids: Set<string>,
  ctx: { year: number | undefined; time: string; proposal: DueRule },
  sessionEnd: string,
): void {
  let current: FoundUnit[] = [];
  const section = implementationSection(doc);
  for (const b of doc.blocks.filter((x) => x.section === section || x.section.startsWith(`${section}.`))) {
    if (b.kind === 'roman' || /^Trên đây(?=\s|$)/u.test(b.text)) continue;
    let body: string | undefined;
    let units = current;
    if (b.kind === 'numbered') {
      const at = b.text.indexOf(': ');
      const head = at >= 0 ? b.text.slice(0, at) : b.text;
      // A topic heading ("3. Chế độ báo cáo") names no unit: its duties go to the organizer, flagged.
      units = looksLikeUnit(head) ? book.fromHeading(head, b.clause, b.text) : [];
      current = units;
      if (at >= 0) body = b.text.slice(at + 2);
    } else {
      const prefixed = UNIT_PREFIX.exec(b.text);
      if (prefixed?.[1] && prefixed[2]) {
        units = book.fromHeading(prefixed[1], b.clause, b.text);
        body = prefixed[2];
      } else body = b.text;
    }
    if (body === undefined) continue;
    const found = duties(body);
    if (found.duties.length === 0) continue;
    resps.push(responsibility(b, units, found, book, ids, ctx, sessionEnd));
  }
}

/** The section that gives out the work: "TỔ CHỨC THỰC HIỆN" (III in the seed, IV in many plans). */
function implementationSection(doc: Outline): string {
  const romans = doc.blocks.filter((b) => b.kind === 'roman');
  return (
    romans.find((b) => /TỔ CHỨC THỰC HIỆN|PHÂN CÔNG (?:NHIỆM VỤ|THỰC HIỆN)|TRÁCH NHIỆM/iu.test(b.text))?.number ?? 'III'
  );
}

function responsibility(
  b: Block,
  units: FoundUnit[],
  found: ReturnType<typeof duties>,
  book: UnitBook,
  ids: Set<string>,
  ctx: { year: number | undefined; time: string; proposal: DueRule },
  sessionEnd: string,
): RespBuild {
  const group = units.length > 1;
  const nobody = units.length === 0;
  const first = found.duties[0] as Duty;
  const id = unique(slug(first.text, 28), ids);
  const support = found.leadIn.support
    .map((m) => book.mention(m, b.clause, b.text)?.id)
    .filter((x): x is string => x !== undefined);
  const r: RespBuild = {
    id,
    title: truncate(found.duties.map((d) => d.text).join('; ')),
    lead: group || nobody ? '?' : (units[0] as FoundUnit).id,
    support: [...new Set([...(group ? units.map((u) => u.id) : []), ...support])],
    clause: b.clause,
    tasks: [],
    flags: [],
    count: 0,
  };
  if (group) {
    r.flags.push(
      localFlag(
        'lead',
        `Đoạn ${b.clause} giao việc cho nhiều đơn vị (${units.map((u) => u.shortName).join(', ')}) mà không nêu đơn vị chủ trì; đề xuất đơn vị tổ chức Kế hoạch chủ trì, các đơn vị này phối hợp`,
        `Clause ${b.clause} gives the work to several units (${units.map((u) => u.shortName).join(', ')}) without naming a lead; the plan's organizer is proposed as lead, these units as support`,
        { clause: b.clause, sentence: b.text },
      ),
    );
  }
  if (nobody) {
    r.flags.push(
      localFlag(
        'lead',
        `Đoạn ${b.clause} không nêu đơn vị thực hiện; đề xuất đơn vị tổ chức Kế hoạch`,
        `Clause ${b.clause} names no unit to do it; the plan's organizer is proposed`,
        { clause: b.clause, sentence: b.text },
      ),
    );
  }
  if (found.leadIn.support.some((m) => /^các\s+(đơn vị|cơ quan)/iu.test(m))) {
    r.flags.push(
      localFlag(
        'support',
        'Văn bản ghi "phối hợp với các đơn vị có liên quan" mà không nêu tên; bổ sung đơn vị phối hợp nếu cần',
        'The document says "with the units concerned" without naming them; add the supporting units if needed',
        { clause: b.clause, sentence: b.text },
      ),
    );
  }
  const statedIn = found.duties.map((d) => readDeadline(d.text, ctx)).find((d) => d.open.length === 0);
  for (const duty of expandSpeeches(found.duties)) {
    const deadline = readDeadline(duty.text, ctx);
    const source = { clause: b.clause, sentence: duty.sentence, line: b.line };
    const targets: (FoundUnit | undefined)[] = group ? units : [units[0]];
    for (const unit of targets) {
      const text = dropWords(duty.text, deadline.words);
      const title = group && unit ? `${unit.shortName} ${lowerFirst(text)}` : text;
      const tid = unique(`${id}.${group && unit ? `${unit.id}.` : ''}${slug(text, 24)}`, ids);
      const built = buildTask(tid, title, unit?.id ?? '?', duty, deadline, source, book, sessionEnd, statedIn);
      if (!unit) {
        built.flags.push(
          localFlag(
            'assignees',
            'Văn bản không nêu đơn vị thực hiện; đề xuất đơn vị tổ chức Kế hoạch',
            'The document does not say who does it; the organizer is proposed',
            source,
          ),
        );
      }
      r.tasks.push(built);
    }
  }
  r.count = r.tasks.length;
  return r;
}

/** "bài phát biểu khai mạc, bế mạc" → one task per speech. */
function expandSpeeches(list: Duty[]): Duty[] {
  return list.flatMap((d) => {
    const m = /^(.*phát biểu\s+)(khai mạc)\s*(?:,|và)\s*(bế mạc)(.*)$/iu.exec(d.text);
    if (!m) return [d];
    return [
      { ...d, text: `${m[1]}${m[2]}${m[4]}` },
      { ...d, text: `${m[1]}${m[3]}${m[4]}` },
    ];
  });
}

function buildTask(
  id: string,
  rawTitle: string,
  assignee: string,
  duty: Duty,
  deadline: DeadlineReading,
  source: Source,
  book: UnitBook,
  sessionEnd: string,
  statedElsewhere: DeadlineReading | undefined,
): TaskBuild {
  const { kind } = guessKind(duty.text);
  const flags: LocalFlag[] = [];
  const task: DraftTask = {
    id,
    kind,
    title: truncate(capitalise(rawTitle)),
    clause: source.clause,
    assignees: [assignee],
    due: deadline.rule,
  };
  if (kind === 'approval') {
    const mention = approverMention(duty.text);
    const approver = mention === undefined ? undefined : book.mention(mention, source.clause, source.sentence);
    task.approvers = [approver?.id ?? assignee];
    if (!approver) {
      flags.push(
        localFlag(
          'approvers',
          'Văn bản không nêu đơn vị thẩm định / phê duyệt; đề xuất tạm chính đơn vị thực hiện, cần chọn đơn vị phê duyệt',
          'The document does not name who appraises or approves; the assignee is proposed for now, choose the approver',
          source,
        ),
      );
    }
  }
  if (kind === 'signoff') {
    task.signers = [assignee];
    flags.push(
      localFlag(
        'signers',
        'Văn bản không nêu các đơn vị ký; cần chọn',
        'The document does not list who signs; choose them',
        source,
      ),
    );
  }
  if (kind === 'phased') {
    task.phases = [
      { phase: 'before', label: 'Trước Hội nghị', due: { type: 'conference', day: -1, time: OFFICE_CLOSES } },
      { phase: 'during', label: 'Trong Hội nghị', due: { type: 'conference', day: 0, time: sessionEnd } },
      { phase: 'after', label: 'Sau Hội nghị', due: { type: 'conference', day: 1, time: OFFICE_CLOSES } },
    ];
    task.due = { type: 'conference', day: 1, time: OFFICE_CLOSES };
    task.organizerChoice = true;
    flags.push(
      localFlag(
        'phases',
        'Văn bản nêu "trước, trong và sau" Hội nghị nhưng không nêu hạn từng giai đoạn; đề xuất: 17:00 ngày trước, cuối phiên họp, 17:00 ngày sau Hội nghị',
        'The document says "before, during and after" the conference without a deadline for each phase; proposed: 17:00 the day before, the end of the session, 17:00 the day after',
        source,
      ),
    );
    return { task, source, deadline: { rule: task.due, open: ['deadline'] }, flags };
  }
  if (deadline.open.length > 0) {
    task.organizerChoice = true;
    flags.push(dueFlag(deadline, source, statedElsewhere));
  }
  return { task, source, deadline, flags };
}

function dueFlag(deadline: DeadlineReading, source: Source, statedElsewhere: DeadlineReading | undefined): LocalFlag {
  const open = new Set<OpenPart>(deadline.open);
  const proposed = describeRule(deadline.rule);
  if (open.has('deadline')) {
    const elsewhere =
      statedElsewhere?.words !== undefined
        ? {
            vi: ` ("${statedElsewhere.words}" trong cùng đoạn gắn với phần việc khác)`,
            en: ` ("${statedElsewhere.words}" in the same paragraph closes another part)`,
          }
        : { vi: '', en: '' };
    return localFlag(
      'due',
      `Văn bản không nêu thời hạn${elsewhere.vi}; đề xuất ${proposed.vi}, cần quyết định`,
      `The document states no deadline${elsewhere.en}; proposed ${proposed.en}, to decide`,
      source,
    );
  }
  const missing = [...open].map(
    (p) =>
      ({
        time: ['giờ', 'time of day'],
        year: ['năm', 'year'],
        span: ['số ngày', 'number of days'],
        deadline: ['hạn', 'deadline'],
      })[p],
  );
  return localFlag(
    'due',
    `Văn bản ghi "${deadline.words ?? ''}" nhưng không nêu ${missing.map((m) => m[0]).join(', ')}; đề xuất ${proposed.vi}`,
    `The document says "${deadline.words ?? ''}" but not the ${missing.map((m) => m[1]).join(', ')}; proposed ${proposed.en}`,
    source,
  );
}

/** A due rule as a reader says it, for the flags. */
export function describeRule(rule: DueRule): { vi: string; en: string } {
  switch (rule.type) {
    case 'absolute': {
      const [d, t] = rule.at.split('T');
      const [y, m, day] = (d ?? '').split('-').map(Number);
      return { vi: `${t} ngày ${day}/${m}/${y}`, en: `${t} on ${d}` };
    }
    case 'conference': {
      const n = Math.abs(rule.day);
      const plural = n === 1 ? '' : 's';
      const wd = rule.workingDays
        ? { vi: ' ngày làm việc', en: ` working day${plural}` }
        : { vi: ' ngày', en: ` day${plural}` };
      if (rule.day === 0) return { vi: `${rule.time} ngày Hội nghị`, en: `${rule.time} on the conference day` };
      return rule.day < 0
        ? { vi: `${rule.time}, ${n}${wd.vi} trước Hội nghị`, en: `${rule.time}, ${n}${wd.en} before the conference` }
        : { vi: `${rule.time}, ${n}${wd.vi} sau Hội nghị`, en: `${rule.time}, ${n}${wd.en} after the conference` };
    }
    case 'afterConference':
      return { vi: `${rule.after} sau Hội nghị`, en: `${rule.after} after the conference` };
    case 'afterTask':
      return { vi: `${rule.after} sau khi xong "${rule.task}"`, en: `${rule.after} after "${rule.task}" is done` };
  }
}

/**
 * "Thẩm định dự toán" by the unit a task is sent to for appraisal ("gửi Phòng TC-KH thẩm định")
 * is that task's approval stage, not a task of its own: its clause joins the task.
 */
function mergeAppraisals(resps: RespBuild[]): void {
  const all = resps.flatMap((r) => r.tasks);
  for (const r of resps) {
    r.tasks = r.tasks.filter((t) => {
      const m = /^(thẩm định|phê duyệt)\s+(.+)$/iu.exec(t.task.title);
      if (!m?.[2]) return true;
      const object = m[2];
      const target = all.find(
        (o) =>
          o !== t &&
          o.task.kind === 'approval' &&
          o.task.approvers?.includes(t.task.assignees[0] ?? '') === true &&
          o.task.title.toLocaleLowerCase('vi').includes(object.toLocaleLowerCase('vi')),
      );
      if (!target) return true;
      target.task.clause = `${target.task.clause}, ${t.task.clause}`;
      return false;
    });
  }
  for (const r of resps) {
    if (r.tasks.length < r.count) r.title = truncate(r.tasks.map((t) => t.task.title).join('; '));
  }
  const empty = resps.filter((r) => r.tasks.length === 0);
  for (const e of empty) resps.splice(resps.indexOf(e), 1);
}

// ---- section II: the event's own tasks ----

function readEventTasks(
  doc: Outline,
  conf: ConferenceReading,
  book: UnitBook,
  resps: RespBuild[],
  ids: Set<string>,
  organizer: string,
  sessionEnd: string,
): void {
  const all = (): TaskBuild[] => resps.flatMap((r) => r.tasks);
  const impl = implementationSection(doc);
  const contentHeading = doc.blocks.find(
    (b) =>
      b.kind === 'numbered' &&
      /^(?:Nội dung|Chương trình)(?:\s|,|$)/iu.test(b.text) &&
      b.section !== impl &&
      !b.section.startsWith(`${impl}.`),
  );
  const items = contentHeading
    ? doc.blocks.filter((b) => b.kind === 'item' && b.section === contentHeading.section)
    : [];
  const session: RespBuild = {
    id: unique('hoi-nghi', ids),
    title: '',
    lead: organizer,
    support: [],
    clause: contentHeading?.section ?? 'II',
    tasks: [],
    flags: [],
    count: 0,
  };
  const extra: RespBuild[] = [];
  const organizerFlag = (src: Source): LocalFlag =>
    localFlag(
      'assignees',
      'Văn bản không nêu đơn vị thực hiện; đề xuất đơn vị tổ chức Kế hoạch',
      'The document does not say who does it; the organizer is proposed',
      src,
    );
  const onDay = (day: number, src: Source, what: string): LocalFlag =>
    localFlag(
      'due',
      `${what}; văn bản không nêu giờ, đề xuất ${day === 0 ? sessionEnd : OFFICE_CLOSES} ${day === 0 ? 'ngày Hội nghị (cuối phiên họp)' : 'ngày trước Hội nghị'}`,
      `${what === 'Nội dung của Hội nghị' ? 'Part of the conference itself' : 'The day before the conference'}; no time given, proposed ${day === 0 ? `${sessionEnd} on the conference day (end of the session)` : `${OFFICE_CLOSES} the day before`}`,
      src,
    );

  for (const item of items) {
    const text = clean(item.text).replace(/[.;]+$/u, '');
    const src = { clause: item.section, sentence: item.text, line: item.line };
    const acts = startsWithVerb(text);
    const best = bestMatch(text, all());
    if (!acts) {
      // An agenda item ("Báo cáo tổng kết …", "Tham luận …"): the tasks that prepare it cite it.
      const head = text.toLocaleLowerCase('vi').split(' ').slice(0, 2).join(' ');
      for (const t of all()) {
        if (t.task.title.toLocaleLowerCase('vi').includes(head) && similarity(text, t.task.title) >= 0.2)
          addClause(t, item.section);
      }
      continue;
    }
    const prepares =
      best !== undefined && best.score >= 0.5 && /^(chuẩn bị|xây dựng|soạn)/iu.test(best.task.task.title);
    if (best && best.score >= 0.5 && !prepares) {
      addClause(best.task, item.section);
      continue;
    }
    const { kind } = guessKind(text);
    const task: DraftTask = {
      id: '',
      kind: kind === 'phased' ? 'once' : kind,
      title: capitalise(text),
      clause: item.section,
      assignees: [organizer],
      due: { type: 'conference', day: 0, time: sessionEnd },
      organizerChoice: true,
    };
    const flags: LocalFlag[] = [onDay(0, src, 'Nội dung của Hội nghị')];
    let home = session;
    const cur = [...book.heads.entries()].sort((a, b) => a[0] - b[0]);
    if (/cờ luân lưu/iu.test(text) && cur.length >= 2) {
      const from = (cur[cur.length - 2] as [number, FoundUnit])[1];
      const to = (cur[cur.length - 1] as [number, FoundUnit])[1];
      task.kind = 'signoff';
      task.assignees = [from.id, to.id];
      task.signers = [from.id, to.id];
      home = {
        id: unique(slug(`co-luan-luu-${from.id}`, 28), ids),
        title: task.title,
        lead: from.id,
        support: [to.id],
        clause: item.section,
        tasks: [],
        flags: [],
        count: 0,
      };
      extra.push(home);
    } else if (task.kind === 'signoff') {
      const members = [
        ...new Set([...cur.map(([, u]) => u.id), ...book.units.filter((u) => u.kind === 'district').map((u) => u.id)]),
      ];
      task.assignees = members.length > 0 ? members : [organizer];
      task.signers = task.assignees;
      flags.push(
        localFlag(
          'signers',
          'Văn bản không nêu từng đơn vị ký; đề xuất các huyện trong Cụm',
          "The document does not list each signer; the cluster's districts are proposed",
          src,
        ),
      );
    } else flags.push(organizerFlag(src));
    if (task.kind === 'approval') {
      task.approvers = [organizer];
      flags.push(
        localFlag(
          'approvers',
          'Văn bản không nêu đơn vị phê duyệt; cần chọn',
          'The document does not name the approver; choose it',
          src,
        ),
      );
    }
    if (prepares && best) {
      home = resps.find((r) => r.tasks.includes(best.task)) ?? home;
      task.dependsOn = [best.task.task.id];
      task.assignees = task.kind === 'signoff' ? task.assignees : best.task.task.assignees;
    }
    task.id = unique(`${home.id}.${slug(text, 24)}`, ids);
    home.tasks.push({ task, source: src, deadline: { rule: task.due, open: ['time'] }, flags });
  }

  // The day before: what its programme lists and no task covers yet.
  if (conf.dayBefore && conf.timeSource) {
    const src = conf.timeSource;
    for (const act of conf.dayBefore.program) {
      const best = bestMatch(act, all());
      if (best && best.score >= 0.4) continue;
      const task: DraftTask = {
        id: unique(`${session.id}.${slug(act, 24)}`, ids),
        kind: 'once',
        title: `${act} (ngày trước Hội nghị)`,
        clause: src.clause,
        assignees: [organizer],
        due: { type: 'conference', day: -1, time: OFFICE_CLOSES },
        organizerChoice: true,
      };
      session.tasks.push({
        task,
        source: src,
        deadline: { rule: task.due, open: ['time'] },
        flags: [onDay(-1, src, 'Hoạt động của ngày trước Hội nghị'), organizerFlag(src)],
      });
    }
  }

  // "thời gian cụ thể có giấy mời sau": someone sends the invitation that fixes the date.
  if (conf.invitationLater && conf.timeSource) {
    const src = conf.timeSource;
    const due: DueRule = { type: 'conference', day: -7, time: OFFICE_CLOSES };
    const task: DraftTask = {
      id: unique(`${session.id}.giay-moi`, ids),
      kind: 'once',
      title: 'Phát hành giấy mời đại biểu dự Hội nghị (thời gian cụ thể)',
      clause: src.clause,
      assignees: [organizer],
      due,
      organizerChoice: true,
    };
    session.tasks.unshift({
      task,
      source: src,
      deadline: { rule: due, open: ['deadline'] },
      flags: [
        localFlag(
          '',
          'Văn bản ghi "thời gian cụ thể có giấy mời sau": đề xuất thêm việc phát hành giấy mời; xóa nếu không cần theo dõi',
          'The document says "the exact time comes with the invitation": a task to send the invitation is proposed; delete it if not wanted',
          src,
        ),
        organizerFlag(src),
        localFlag(
          'due',
          'Văn bản không nêu hạn gửi giấy mời; đề xuất 17:00, 7 ngày trước Hội nghị',
          'No deadline for the invitation; proposed 17:00, 7 days before the conference',
          src,
        ),
      ],
    });
  }
  if (session.tasks.length > 0) {
    session.title = 'Tổ chức Hội nghị: các nội dung tại Hội nghị và công việc chung';
    session.clause = [...new Set(session.tasks.map((t) => t.task.clause))].join(', ');
    resps.push(session);
  }
  resps.push(...extra);
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

// ---- assembly ----

function assemble(
  meta: MetaReading,
  legalBases: string[],
  conf: ConferenceReading,
  book: UnitBook,
  resps: RespBuild[],
  organizer: string,
  startTime: string,
): DraftResult {
  const flags: Flag[] = [];
  const top: LocalFlag[] = [];
  const headerSrc = (line: string | undefined): Source | undefined =>
    line ? { clause: 'đầu văn bản', sentence: line } : undefined;
  const year = meta.year ?? 0;
  const eventWords = slug(conf.kind ?? conf.title ?? 'ke-hoach', 30);
  const id = slug(`${eventWords}-${/năm (\d{4})/u.exec(conf.title ?? '')?.[1] ?? year}`, 60);
  top.push(
    localFlag(
      'id',
      `Mã kế hoạch do trình nhập đặt từ tên Hội nghị ("${id}"); có thể đổi`,
      `The plan id is made from the conference's name ("${id}"); change it if you like`,
    ),
  );

  const metaOut: Record<string, unknown> = {
    number: meta.number ?? '',
    title: meta.title ?? '',
    issuer: meta.issuer ?? '',
    signer: meta.signer ?? { name: '', title: '' },
    place: meta.place ?? '',
    dateText: meta.dateText ?? '',
    legalBases,
    ...(meta.recipients.length > 0 ? { recipients: meta.recipients } : {}),
  };
  if (meta.numberBlank)
    top.push(
      localFlag(
        'meta.number',
        'Số văn bản còn để trống (điền khi ban hành)',
        'The document number is left blank (filled in when issued)',
        headerSrc(meta.lines.number),
      ),
    );
  const missingMeta: [string, unknown, string, string][] = [
    ['meta.number', meta.number, 'số, ký hiệu', 'number'],
    ['meta.title', meta.title, 'tên loại và trích yếu ("KẾ HOẠCH …")', 'title ("KẾ HOẠCH …")'],
    ['meta.issuer', meta.issuer, 'cơ quan ban hành', 'issuing body'],
    ['meta.place', meta.place, 'địa danh', 'place'],
    ['meta.dateText', meta.dateText, 'ngày tháng năm ban hành', 'date of issue'],
    ['meta.signer', meta.signer, 'người ký (chức vụ, họ tên)', 'signer (title, name)'],
  ];
  for (const [path, value, vi, en] of missingMeta) {
    if (value === undefined)
      top.push(
        localFlag(path, `Không tìm thấy ${vi} trong văn bản; cần điền`, `No ${en} found in the document; fill it in`),
      );
  }

  top.push(
    localFlag(
      'organizer',
      `Văn bản không ghi đơn vị tổ chức Kế hoạch; đề xuất đơn vị đầu tiên được giao việc ở mục III ("${book.units.find((u) => u.id === organizer)?.name ?? organizer}")`,
      `The document does not name the plan's organizer; the first unit given work in section III is proposed ("${book.units.find((u) => u.id === organizer)?.name ?? organizer}")`,
    ),
  );

  const conference: Record<string, unknown> = {
    title: conf.title ?? meta.title ?? '',
    venue: conf.venue?.text ?? '',
    length: conf.length?.span ?? '4h',
    startTime,
  };
  const ts = conf.timeSource;
  if (!conf.title)
    top.push(
      localFlag(
        'conference.title',
        'Không đọc được tên Hội nghị từ trích yếu; cần điền',
        'Could not read the conference name from the title; fill it in',
      ),
    );
  if (!conf.venue)
    top.push(
      localFlag('conference.venue', 'Văn bản không nêu địa điểm; cần điền', 'The document states no venue; fill it in'),
    );
  if (!conf.length)
    top.push(
      localFlag(
        'conference.length',
        'Văn bản không nêu thời lượng; đề xuất ½ ngày (4h)',
        'The document states no length; half a day (4h) is proposed',
        ts,
      ),
    );
  if (!conf.startTime)
    top.push(
      localFlag(
        'conference.startTime',
        'Văn bản không nêu giờ khai mạc; đề xuất 07:30 (giấy mời sẽ ấn định)',
        'The document states no start time; 07:30 is proposed (the invitation will fix it)',
        ts,
      ),
    );
  if (conf.date && !conf.date.tentative) conference.date = conf.date.date;
  if (conf.date?.tentative) {
    conference.window = { from: conf.date.date, to: conf.date.date, text: conf.date.words };
    top.push(
      localFlag(
        'conference.window',
        `Văn bản ghi "${conf.date.words}" (dự kiến): ngày chưa chính thức, giấy mời sẽ ấn định`,
        `The document says "${conf.date.words}" (tentative): the invitation will fix the date`,
        ts,
      ),
    );
  } else if (conf.window) {
    conference.window = { from: conf.window.from, to: conf.window.to, text: conf.window.text };
    top.push(
      localFlag(
        'conference.window',
        `Văn bản ghi "${conf.window.words}"; khoảng ngày ${conf.window.from} – ${conf.window.to} là cách đọc của trình nhập (đầu: 1–10, giữa: 11–20, cuối: 21 – hết tháng), cần xác nhận`,
        `The document says "${conf.window.words}"; the days ${conf.window.from} to ${conf.window.to} are the importer's reading (early: 1–10, mid: 11–20, late: 21 to the end), confirm them`,
        ts,
      ),
    );
  } else if (!conf.date) {
    top.push(
      localFlag(
        'conference.window',
        'Văn bản không nêu thời gian tổ chức; cần điền ngày hoặc khoảng ngày dự kiến',
        'The document states no date; give the date or a tentative window',
        ts,
      ),
    );
  }
  if (conf.dayBefore) conference.dayBefore = { program: conf.dayBefore.program };
  if (conf.delegates) {
    conference.delegates = {
      total: conf.delegates.total,
      groups:
        conf.delegates.groups.length > 0 ? conf.delegates.groups : [{ label: 'Đại biểu', count: conf.delegates.total }],
    };
  }

  const units = book.units.map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, kind: u.kind }));
  book.units.forEach((u, i) => {
    if (!u.kindRead)
      flags.push(
        ...placeFlags(`units[${i}]`, [
          localFlag(
            'kind',
            `Không đoán được loại đơn vị từ tên "${u.name}"; đề xuất agency`,
            `No rule knows the kind of "${u.name}"; agency is proposed`,
            { clause: u.clause, sentence: u.sentence },
          ),
        ]),
      );
  });

  const responsibilities = resps.map((r, ri) => {
    flags.push(...placeFlags(`responsibilities[${ri}]`, r.flags));
    return {
      id: r.id,
      title: r.title,
      lead: r.lead,
      ...(r.support.length > 0 ? { support: r.support.filter((s) => s !== r.lead) } : {}),
      clause: r.clause,
      tasks: r.tasks.map((t, ti) => {
        flags.push(...placeFlags(`responsibilities[${ri}].tasks[${ti}]`, t.flags));
        return stripUndefined(t.task);
      }),
    };
  });

  const plan: Record<string, unknown> = {
    version: 1,
    id,
    meta: metaOut,
    organizer,
    conference,
    units,
    responsibilities,
  };
  const result: DraftResult = {
    plan,
    flags: [...placeFlags('', top), ...flags],
    issues: [],
    tasks: resps.flatMap((r) =>
      r.tasks.map((t) => ({
        id: t.task.id,
        clause: t.task.clause,
        sentence: t.source.sentence,
        ...(t.source.line !== undefined ? { line: t.source.line } : {}),
        deadline: t.deadline.open.length === 0 ? ('stated' as const) : ('flagged' as const),
        ...(t.deadline.words !== undefined ? { words: t.deadline.words } : {}),
      })),
    ),
    ...(conf.kind !== undefined ? { eventKind: conf.kind } : {}),
  };
  return result;
}

/** Runs the plan's own validation on a draft (every proposal accepted). */
export function checkDraft(result: DraftResult): PlanIssue[] {
  const v = validatePlan(result.plan);
  return v.ok ? [] : v.issues;
}

function stripUndefined(o: DraftTask): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0 && v !== o.assignees)),
  );
}

function unique(base: string, ids: Set<string>): string {
  let id = base
    .replace(/\.+$/u, '')
    .slice(0, 64)
    .replace(/[-.]+$/u, '');
  for (let n = 2; ids.has(id); n += 1) id = `${base.slice(0, 60)}-${n}`;
  ids.add(id);
  return id;
}

function truncate(s: string): string {
  return s.length <= 500 ? s : `${s.slice(0, 497).trimEnd()}…`;
}

/** The title without the deadline's words ("… trước ngày 20/3/2023"). */
function dropWords(text: string, words: string | undefined): string {
  return words === undefined ? text : clean(text.replace(words, '')).replace(/[\s,;]+$/u, '');
}

function addTime(time: string, hours: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const total = Math.min(23 * 60 + 59, h * 60 + m + hours * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
