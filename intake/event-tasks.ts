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
import type { Outline } from './outline';
import { VERBS } from './sentences';
import { capitalise, clean, similarity, slug } from './text';
import type { FoundUnit, UnitBook } from './units';

// ---- section II: the event's own tasks ----

export function readEventTasks(
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
  // Unless a duty already sends the invitations ("ban hành giấy mời").
  const invites = all().some((t) => /giấy mời/iu.test(t.task.title));
  if (conf.invitationLater && conf.timeSource && !invites) {
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
