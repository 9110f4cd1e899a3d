/**
 * What the parts of the importer build and pass along: a task with its source sentence and the
 * flags on it, a responsibility with its tasks, the draft result; the times of day the draft
 * proposes; and the small helpers for ids, titles and times they share. Pure; no I/O.
 */
import type { DueRule, TaskKind } from '../domain/plan/schema';
import type { PlanIssue } from '../domain/plan/validate';
import type { DeadlineReading } from './deadlines';
import type { Flag, LocalFlag } from './flags';
import type { Outline } from './outline';
import { clean } from './text';

/** Where a value comes from: its clause, its sentence and the line of the text the paragraph starts on. */
export type Source = { clause: string; sentence: string; line?: number };

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

export interface TaskBuild {
  task: DraftTask;
  source: Source;
  deadline: DeadlineReading;
  flags: LocalFlag[];
  /** One member's copy of a duty given to several units. */
  member?: boolean;
  /** For the second and later copies: the first copy's id (the duty is counted once). */
  sameDutyAs?: string;
}

export interface RespBuild {
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
    /** A per-member copy of a duty: the first copy's id (its open values are asked once, there). */
    sameDutyAs?: string;
  }[];
  /** The kind of event ("Hội nghị tổng kết"), when the title says. */
  eventKind?: string;
  /** What the draft found and what is left: duties (a per-member duty once), tasks, values to decide. */
  counts?: { duties: number; tasks: number; toDecide: number };
}

/** The end of a half-day session when the document gives no start time. */
export const SESSION_TIME = '11:30';
/** The time of day of a deadline stated in days: the office's close. */
export const OFFICE_CLOSES = '17:00';

/** The section that gives out the work: "TỔ CHỨC THỰC HIỆN" (III in the seed, IV in many plans). */
export function implementationSection(doc: Outline): string {
  const romans = doc.blocks.filter((b) => b.kind === 'roman');
  return (
    romans.find((b) => /TỔ CHỨC THỰC HIỆN|PHÂN CÔNG (?:NHIỆM VỤ|THỰC HIỆN)|TRÁCH NHIỆM|NHIỆM VỤ CỦA/iu.test(b.text))
      ?.number ?? 'III'
  );
}

export function stripUndefined(o: DraftTask): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0 && v !== o.assignees)),
  );
}

export function unique(base: string, ids: Set<string>): string {
  let id = base
    .replace(/\.+$/u, '')
    .slice(0, 64)
    .replace(/[-.]+$/u, '');
  for (let n = 2; ids.has(id); n += 1) id = `${base.slice(0, 60)}-${n}`;
  ids.add(id);
  return id;
}

export function truncate(s: string): string {
  return s.length <= 500 ? s : `${s.slice(0, 497).trimEnd()}…`;
}

/** The title without the deadline's words ("… trước ngày 20/3/2023"). */
/** What a deadline's words leave behind: ", hoàn thành" before nothing or before "để …". */
const LEFT_OVER = /,?\s*(?:thời gian\s+)?hoàn thành(?:\s+trong)?\s*(?=$|[,;.]|\s*để\s)/u;

export function dropWords(text: string, words: string | undefined): string {
  if (words === undefined) return text;
  return clean(text.replace(words, ''))
    .replace(LEFT_OVER, '')
    .replace(/[\s,;]+$/u, '');
}

export function addTime(time: string, hours: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const total = Math.min(23 * 60 + 59, h * 60 + m + hours * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
