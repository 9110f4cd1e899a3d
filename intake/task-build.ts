/**
 * One duty → its tasks: one task, or one per member when the duty is given to several units
 * (each district sends its own report); a sign-off given to several units is one task they all
 * sign. The task's kind comes from its verbs (`kinds.ts`), its deadline from the duty's deadline
 * text (`deadlines.ts`), its approver from "gửi X thẩm định" / "trình X phê duyệt". Only what the
 * document leaves open is flagged, once: the deadline (or the phases' deadlines), an approver it
 * does not name, a unit it does not name. Pure; no I/O.
 */
import type { DueRule, TaskKind } from '../domain/plan/schema';
import { PHASES, readDeadline, type DeadlineContext, type DeadlineReading } from './deadlines';
import { dueFlag } from './due-flags';
import { dropWords, OFFICE_CLOSES, truncate, unique, type DraftTask, type Source, type TaskBuild } from './draft-parts';
import { localFlag, type LocalFlag } from './flags';
import { approverMention, guessKind } from './kinds';
import type { Duty } from './sentences';
import { capitalise, lowerFirst, slug } from './text';
import type { FoundUnit, UnitBook } from './units';

export interface TaskContext {
  book: UnitBook;
  ids: Set<string>;
  deadline: DeadlineContext;
  sessionEnd: string;
}

/** The tasks of one duty, for the units it is given to (none: the organizer's, flagged). */
export function dutyTasks(
  respId: string,
  duty: Duty,
  units: FoundUnit[],
  source: Source,
  ctx: TaskContext,
): TaskBuild[] {
  const out: TaskBuild[] = [];
  for (const one of expandSpeeches(duty)) {
    const deadline = readDeadline(one.deadlineText, ctx.deadline);
    const text = dropWords(one.text, deadline.words);
    // A table's time cell "Trước, trong và sau Hội nghị" makes the duty phased.
    const kind = PHASES.test(one.deadlineText) ? 'phased' : guessKind(one.text).kind;
    const together = units.length > 1 && kind === 'signoff';
    const targets: (FoundUnit | undefined)[] = units.length === 0 ? [undefined] : together ? [units[0]] : units;
    for (const unit of targets) {
      const copy = units.length > 1 && !together && unit !== undefined;
      const title = copy ? `${unit.shortName} ${lowerFirst(text)}` : text;
      const id = unique(`${respId}.${copy ? `${unit.id}.` : ''}${slug(text, 24)}`, ctx.ids);
      const built = buildTask({ id, title, assignee: unit?.id ?? '?', kind }, one, deadline, source, ctx);
      if (together) built.task.assignees = built.task.signers = units.map((u) => u.id);
      if (!unit) built.flags.push(organizerProposed(source));
      if (copy) built.member = true;
      out.push(built);
    }
  }
  return oneQuestionPerDuty(out, units.length);
}

/**
 * Per-member copies of one duty share its open values: the question is asked once, on the first
 * copy, and its answer is the proposal every copy already holds.
 */
function oneQuestionPerDuty(tasks: TaskBuild[], members: number): TaskBuild[] {
  if (tasks.length < 2 || members < 2) return tasks;
  const [first, ...rest] = tasks as [TaskBuild, ...TaskBuild[]];
  for (const t of rest) {
    t.flags = t.flags.filter((f) => !SHARED.has(f.field));
    t.sameDutyAs = first.task.id;
  }
  for (const f of first.flags) {
    if (!SHARED.has(f.field)) continue;
    f.vi = `${f.vi} (chung cho ${tasks.length} đơn vị cùng làm việc này)`;
    f.en = `${f.en} (the same for the ${tasks.length} units given this duty)`;
  }
  return tasks;
}

/** Flags a duty's copies share. */
const SHARED = new Set(['due', 'phases', 'approvers']);

function organizerProposed(source: Source): LocalFlag {
  return localFlag(
    'assignees',
    'Văn bản không nêu đơn vị thực hiện; đề xuất đơn vị tổ chức Kế hoạch',
    'The document does not say who does it; the organizer is proposed',
    source,
  );
}

/** "bài phát biểu khai mạc, bế mạc" → one task per speech. */
function expandSpeeches(d: Duty): Duty[] {
  const m = /^(.*phát biểu\s+)(khai mạc)\s*(?:,|và)\s*(bế mạc)(.*)$/iu.exec(d.text);
  if (!m) return [d];
  return [
    { ...d, text: `${m[1]}${m[2]}${m[4]}` },
    { ...d, text: `${m[1]}${m[3]}${m[4]}` },
  ];
}

function buildTask(
  head: { id: string; title: string; assignee: string; kind: TaskKind },
  duty: Duty,
  deadline: DeadlineReading,
  source: Source,
  ctx: TaskContext,
): TaskBuild {
  const { kind } = head;
  const task: DraftTask = {
    id: head.id,
    kind,
    title: truncate(capitalise(head.title)),
    clause: source.clause,
    assignees: [head.assignee],
    due: deadline.rule,
  };
  const assignee = head.assignee;
  const flags: LocalFlag[] = [];
  if (kind === 'approval') approvalOf(task, duty, source, ctx.book, flags);
  if (kind === 'signoff') task.signers = [assignee];
  if (kind === 'phased') return phased(task, source, ctx.sessionEnd);
  if (deadline.open.length > 0) {
    task.organizerChoice = true;
    flags.push(dueFlag(deadline, source, undefined));
  }
  return { task, source, deadline, flags };
}

/** The approver the sentence names ("gửi X thẩm định", "trình X phê duyệt"), else the assignee, flagged. */
function approvalOf(task: DraftTask, duty: Duty, source: Source, book: UnitBook, flags: LocalFlag[]): void {
  const assignee = task.assignees[0] ?? '?';
  const mention = approverMention(duty.text);
  const approver = mention === undefined ? undefined : book.mention(mention, source.clause, source.sentence);
  task.approvers = [approver?.id ?? assignee];
  if (approver) return;
  flags.push(
    localFlag(
      'approvers',
      'Văn bản không nêu đơn vị thẩm định / phê duyệt; đề xuất tạm chính đơn vị thực hiện, cần chọn đơn vị phê duyệt',
      'The document does not name who appraises or approves; the assignee is proposed for now, choose the approver',
      source,
    ),
  );
}

/** The default phases a clerk would pick: the day before, the session's end, the day after. */
function phased(task: DraftTask, source: Source, sessionEnd: string): TaskBuild {
  const after: DueRule = { type: 'conference', day: 1, time: OFFICE_CLOSES };
  task.phases = [
    { phase: 'before', label: 'Trước Hội nghị', due: { type: 'conference', day: -1, time: OFFICE_CLOSES } },
    { phase: 'during', label: 'Trong Hội nghị', due: { type: 'conference', day: 0, time: sessionEnd } },
    { phase: 'after', label: 'Sau Hội nghị', due: after },
  ];
  task.due = after;
  task.organizerChoice = true;
  const flag = localFlag(
    'phases',
    'Văn bản nêu "trước, trong và sau" Hội nghị nhưng không nêu hạn từng giai đoạn; đề xuất: 17:00 ngày trước, cuối phiên họp, 17:00 ngày sau Hội nghị',
    'The document says "before, during and after" the conference without a deadline for each phase; proposed: 17:00 the day before, the end of the session, 17:00 the day after',
    source,
  );
  return { task, source, deadline: { rule: after, open: ['deadline'] }, flags: [flag] };
}
