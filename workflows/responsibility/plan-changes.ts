/**
 * How the living plan's actions change a task (checked before by ./checks): an extension asked,
 * granted or refused, a deadline set by the organizer, accepted work returned, a task moved to
 * other units or withdrawn, a progress note. Each returns what the history record adds (the old
 * and the new value) and whom to tell. Pure; the board applies it and the workflow sends.
 */
import type { NotificationKind } from '../../activities/types';
import type { TaskAction } from '../../domain/actions';
import {
  deadlineChangedText,
  extensionDecidedText,
  extensionRequestedText,
  reassignedText,
  returnedText,
  withdrawnText,
  type Bilingual,
} from '../../domain/notices';
import { localDateTimeToUtc } from '../../domain/time';
import type { ActionRecord } from '../../domain/views';
import type { BoardFacts, TaskRuntime } from './runtime';

/** A change to tell units about; the key suffix makes its notification idempotent. */
export interface BoardNotice {
  suffix: string;
  kind: NotificationKind;
  to: string[];
  text: Bilingual;
  taskId: string;
}

export interface PlanChange {
  record: Partial<ActionRecord>;
  notices: BoardNotice[];
}

export function applyPlanChange(board: BoardFacts, t: TaskRuntime, action: TaskAction, planNow: string): PlanChange {
  const spec = t.spec;
  const notice = (kind: NotificationKind, to: string[], text: Bilingual): BoardNotice => ({
    suffix: `${kind}-${action.requestId}`,
    kind,
    to: [...new Set(to)],
    text,
    taskId: spec.id,
  });
  switch (action.action) {
    case 'requestExtension': {
      const until = localDateTimeToUtc(action.until);
      t.extensionRequest = { until, reason: action.reason, by: action.actor, at: planNow };
      const unitId = action.actor.unitId;
      const named = board.rules.unitNamesInNotices
        ? (board.input.planUnits ?? board.input.units).find((u) => u.id === unitId)
        : undefined;
      const text = extensionRequestedText(spec, named ?? unitId, until, action.reason);
      return { record: { until }, notices: [notice('extensionRequested', [board.stewards.organizer], text)] };
    }
    case 'decideExtension': {
      const asked = t.extensionRequest;
      delete t.extensionRequest;
      const until =
        action.decision === 'grant' ? (action.until ? localDateTimeToUtc(action.until) : asked?.until) : undefined;
      if (until !== undefined) t.dueOverride = until;
      const text = extensionDecidedText(spec, until ?? null, action.reason);
      const to = [...t.assignees, ...(asked ? [asked.by.unitId] : [])];
      return {
        record: { decision: action.decision, ...(until !== undefined ? { until } : {}) },
        notices: [notice('extensionDecided', to, text)],
      };
    }
    case 'extend': {
      const until = localDateTimeToUtc(action.until);
      t.dueOverride = until;
      delete t.extensionRequest;
      return {
        record: { until },
        notices: [notice('deadlineChanged', t.assignees, deadlineChangedText(spec, until, action.reason))],
      };
    }
    case 'returnWork': {
      const until = localDateTimeToUtc(action.until);
      if (t.firstDoneAt === undefined && t.completedAt !== undefined) t.firstDoneAt = t.completedAt;
      t.state = 'open';
      t.dueOverride = until;
      t.signedBy = [];
      t.confirmed = {};
      delete t.completedAt;
      delete t.completedBy;
      delete t.late;
      return {
        record: { until },
        notices: [notice('returned', t.assignees, returnedText(spec, until, action.reason))],
      };
    }
    case 'reassign': {
      const before = t.assignees;
      t.assignees = [...action.assignees];
      return {
        record: { assignees: t.assignees, previousAssignees: before },
        notices: [
          notice(
            'reassigned',
            [...before, ...t.assignees, board.stewards.lead],
            reassignedText(spec, before, t.assignees, action.reason),
          ),
        ],
      };
    }
    case 'withdraw':
      t.state = 'withdrawn';
      t.withdrawnAt = planNow;
      delete t.extensionRequest;
      return {
        record: {},
        notices: [notice('withdrawn', [...t.assignees, board.stewards.lead], withdrawnText(spec, action.reason))],
      };
    case 'progressNote':
      t.progress = {
        note: action.note,
        ...(action.percent !== undefined ? { percent: action.percent } : {}),
        by: action.actor,
        at: planNow,
      };
      return { record: action.percent !== undefined ? { percent: action.percent } : {}, notices: [] };
    default:
      return { record: {}, notices: [] };
  }
}
