/**
 * What a responsibility knows about its tasks at run time, as the board's parts read it: the
 * checks, the alarm planner and the view each take this read-only face of the board, so they can
 * live in files of their own while the board alone changes state.
 */
import type { Actor } from '../../domain/actions';
import type { ResponsibilityInput } from '../../domain/messages';
import type { LocalDate, Phase, Task } from '../../domain/plan/schema';
import type { ResolvedTaskSchedule } from '../../domain/schedule';
import type { Stewards } from '../../domain/task-kinds';
import type { ActionRecord, TaskState, UndeliveredMail } from '../../domain/views';

export interface TaskRuntime {
  spec: Task;
  state: TaskState;
  /** Who does the task now: the plan's assignees until the organizer reassigns it. */
  assignees: string[];
  /** The deadline in force after an extension or a return (UTC instant); the plan's rule otherwise. */
  dueOverride?: string;
  /** When it was first done: what its dependants counted from, kept when the work is returned. */
  firstDoneAt?: string;
  extensionRequest?: { until: string; reason: string; by: Actor; at: string };
  progress?: { note: string; percent?: number; by: Actor; at: string };
  withdrawnAt?: string;
  completedAt?: string;
  completedBy?: Actor;
  late?: boolean;
  signedBy: string[];
  confirmed: Partial<Record<Phase, { at: string; by: Actor }>>;
  history: ActionRecord[];
  /** Mails about the task that a server refused for good. */
  undelivered?: UndeliveredMail[];
}

/** Rules that came after the first conferences ran; their histories replay with the old ones. */
export interface BoardRules {
  phaseWindows: boolean;
  openUnitsSkipBlocked: boolean;
  /** An approval task's `approvalDue` is in force while submitted; a sign-off's `opensAt` is enforced. */
  approvalStageAndSignoffWindow: boolean;
  /** A repeated request gets its recorded answer even once the conference is cancelled (absent: earlier runs refused it). */
  replayBeforeClosed?: boolean;
  /** People's text in an action is taken in NFC (absent: earlier runs kept it as sent). */
  nfcPayloads?: boolean;
  /** Notices name the unit by its name in the plan (absent: earlier runs wrote its id). */
  unitNamesInNotices?: boolean;
  /** The holiday calendar version working days are counted on (absent: 1, as earlier runs counted). */
  calendar?: number;
}

export interface BoardFacts {
  readonly input: ResponsibilityInput;
  readonly rules: BoardRules;
  readonly conferenceDate: LocalDate | null;
  /** The organizer and the responsibility's lead: who steers the plan around a task. */
  readonly stewards: Stewards;
  /** Alarm keys already fired; a moved deadline makes new keys, so its alarms fire again. */
  readonly fired: ReadonlySet<string>;
  /** When each deadline became known (key: task|phase|due); reminders before that are skipped. */
  readonly deadlineSince: ReadonlyMap<string, string>;
  find(taskId: string): TaskRuntime | undefined;
  schedule(spec: Task): ResolvedTaskSchedule;
  completedAt(taskId: string): string | undefined;
  /** Whether the plan has this unit (a task may be reassigned to it). */
  knowsUnit(unitId: string): boolean;
}
