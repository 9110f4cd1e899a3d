/**
 * One responsibility (nhiệm vụ) of a conference, run as a child workflow. It holds the tasks of
 * one lead unit, lets units act on them, reminds before deadlines and escalates at them, and
 * reports every change to the conference workflow. The rules live in ./board; this function
 * only binds them to Temporal's handlers, timers and activities.
 */
import * as wf from '@temporalio/workflow';
import type { Notification } from '../../activities/types';
import { planNowIso, realMsOf } from '../../domain/clock';
import { refusalDetails } from '../../domain/errors';
import {
  calendarAdoptedSignal,
  checkTaskActionQuery,
  dependencyDoneSignal,
  planAmendedSignal,
  responsibilityStatusQuery,
  scheduleChangedSignal,
  taskActionSignal,
  taskActionUpdate,
  tasksChangedSignal,
  type ResponsibilityInput,
  type ResponsibilityResult,
} from '../../domain/messages';
import type { TaskAction } from '../../domain/actions';
import { overdueText, refusedText, reminderText, timerSummary } from '../../domain/notices';
import { isLivingPlanAction } from '../../domain/task-kinds';
import type { TaskView } from '../../domain/views';
import { renderResponsibilityDetails } from '../details';
import { AlarmTimer } from '../alarm-timer';
import { deliver, notificationMaker, StatusAttributes, undeliveredOf } from '../outbox';
import { TaskBoard, type FiredAlarm } from './board';
import { calendarVersion, newerCalendar, ruleInForce, underBaseline } from '../rules';
import { CALENDAR_VERSION } from '../../domain/calendar';

export async function responsibilityWorkflow(input: ResponsibilityInput): Promise<ResponsibilityResult> {
  const { clock, conferenceId } = input;
  const now = (): string => planNowIso(clock, Date.now());
  // These rules came after the first conferences ran: replaying their histories must keep
  // what was decided then.
  const board = new TaskBoard(input, now(), {
    phaseWindows: ruleInForce('phase-windows'),
    // A blocked task awaits another task, not its unit.
    openUnitsSkipBlocked: ruleInForce('status-attributes-v2'),
    // An approval stage's own deadline (approvalDue) and a sign-off's opening (opensAt).
    approvalStageAndSignoffWindow: ruleInForce('approval-stage-and-signoff-window'),
    // A repeated request id is answered as the first time, before any "closed" refusal.
    replayBeforeClosed: ruleInForce('replay-before-closed'),
    // Names, notes, reasons and field values are kept in NFC, however they were typed.
    nfcPayloads: ruleInForce('nfc-payloads'),
    // The request for more time names the unit by its name, not its id.
    unitNamesInNotices: ruleInForce('unit-names-in-notices'),
    // Working days on the calendar the conference started with (a new announcement file does not move them).
    calendar: calendarVersion(),
  });
  const attributes = new StatusAttributes();
  // Under the rules baseline the conference built this first board from the same input and
  // started us with its search attributes (conference/children.ts): the first report and the
  // first upsert would tell nothing new. Before any handler is set: setting one runs the Updates
  // and Signals that came with the start, whose changes must be reported.
  if (underBaseline()) {
    board.drainChanges();
    attributes.startedWith(board.openUnits(), board.overdueCount(), board.view().status);
  }
  // One timer per alarm instant, kept while a unit acts (earlier runs restarted it on every wake).
  const stableTimers = ruleInForce('stable-timers');
  const alarmTimer = new AlarmTimer();
  const outbox: Notification[] = [];
  const units = new Map(input.units.map((u) => [u.id, u]));
  // A task may be moved to any unit of the plan: its notices reach that unit too.
  const reachable = new Map((input.planUnits ?? input.units).map((u) => [u.id, u]));
  const workflowId = wf.workflowInfo().workflowId;
  let refusals = 0;
  let flushedVersion = -1;

  wf.setHandler(responsibilityStatusQuery, () => board.view());
  // The validator's verdict without acting: a client asks before it claims the request id.
  wf.setHandler(checkTaskActionQuery, (raw) => {
    try {
      return { ok: true, repeat: board.validate(raw, now()).repeat !== undefined };
    } catch (err) {
      const refusal = refusalDetails(err);
      if (!refusal) throw err;
      return { ok: false, refusal };
    }
  });

  // Update: the unit waits for the answer (new state or refusal); the validator rejects bad
  // requests before they reach history, so a refusal costs nothing and changes nothing.
  wf.setHandler(
    taskActionUpdate,
    (raw) => {
      const { action, repeat } = board.validate(raw, now());
      return repeat ?? act(action);
    },
    { validator: (raw) => void board.validate(raw, now()) },
  );

  // Signal: for callers that cannot wait (integrations, `temporal workflow signal`). A signal is
  // in history whether valid or not, so a refused one is answered by a notification to the actor.
  wf.setHandler(taskActionSignal, (raw) => {
    try {
      const { action, repeat } = board.validate(raw, now());
      if (!repeat) act(action);
    } catch (err) {
      const details = refusalDetails(err);
      if (!details) throw err;
      const actorUnit = (raw as { actor?: { unitId?: unknown } } | undefined)?.actor?.unitId;
      const to = typeof actorUnit === 'string' && units.has(actorUnit) ? actorUnit : input.organizer;
      const rawTaskId = (raw as { taskId?: unknown } | undefined)?.taskId;
      const taskId = typeof rawTaskId === 'string' ? rawTaskId : '?';
      const rawRequestId = (raw as { requestId?: unknown } | undefined)?.requestId;
      wf.log.warn('Refused task action signal', { taskId, field: details.field, reason: details.en });
      outbox.push(
        notification(`refused-${++refusals}`, 'refused', [to], refusedText(taskId, details), {
          taskId,
          ...(typeof rawRequestId === 'string' ? { requestId: rawRequestId } : {}),
        }),
      );
    }
  });

  /** Applies an accepted action; a change to the plan is marked in history and told to the units concerned. */
  function act(action: TaskAction): TaskView {
    // Histories from before the living plan hold none of its actions; the marker dates the first one.
    if (isLivingPlanAction(action.action)) ruleInForce('living-plan');
    const view = board.apply(action, now());
    for (const n of board.drainNotices()) {
      outbox.push(notification(n.suffix, n.kind, n.to, n.text, { taskId: n.taskId, requestId: action.requestId }));
    }
    return view;
  }

  wf.setHandler(scheduleChangedSignal, ({ conferenceDate }) => board.setConferenceDate(conferenceDate, now()));
  // The conference took up a newer holiday calendar: working-day deadlines move with it. No
  // marker here: the signal itself is in history, so replay moves them at the same point.
  wf.setHandler(calendarAdoptedSignal, ({ calendar }) => board.setCalendar(calendar, now()));
  wf.setHandler(dependencyDoneSignal, ({ taskId, at }) => board.dependencyDone(taskId, at, now()));
  // The organizer amended the plan (checked by the conference): a task added here, or one changed.
  wf.setHandler(planAmendedSignal, (change) => {
    if (change.op === 'addTask') board.addTask(change.task, change.externalDone, now());
    else board.changeTask(change.taskId, change.patch, now());
  });

  const notification = notificationMaker({
    workflowId,
    conferenceId,
    now,
    recipients: (to) =>
      to.flatMap((id) => {
        const u = reachable.get(id);
        return u ? [{ id: u.id, name: u.name, contacts: u.contacts }] : [];
      }),
  });

  function alarmNotification(a: FiredAlarm): Notification {
    // A deadline counted on a year without its holiday announcement says so (it may move).
    const s = board.schedule(a.task);
    const years = (a.phase ? s.phases.find((p) => p.phase === a.phase)?.provisionalYears : s.provisionalYears) ?? [];
    const text = a.kind === 'due' ? overdueText(a.task, a.deadline, years) : reminderText(a.task, a.deadline, years);
    return notification(a.key, a.kind === 'due' ? 'overdue' : 'reminder', a.recipients, text, {
      taskId: a.taskId,
      ...(years.length > 0 ? { provisionalYears: years } : {}),
    });
  }

  /** Sends what changed to the parent, the search attributes and the Web UI, then the notifications. */
  async function flush(): Promise<void> {
    if (flushedVersion !== board.version) {
      flushedVersion = board.version;
      const changes = board.drainChanges();
      publishStatus();
      if (changes.length > 0) {
        try {
          await wf
            .getExternalWorkflowHandle(input.parentWorkflowId)
            .signal(tasksChangedSignal, { responsibilityId: input.responsibility.id, tasks: changes });
        } catch (err) {
          wf.log.warn('Could not report to the conference workflow', { error: String(err) });
        }
      }
    }
    while (outbox.length > 0) {
      const n = outbox.shift() as Notification;
      try {
        const report = await deliver(n);
        // A mail refused for good is shown at its task (a rule newer than the first conferences).
        if (report.undelivered?.length && n.taskId && ruleInForce('undelivered-mail'))
          board.mailUndelivered(n.taskId, undeliveredOf(n, report.undelivered));
      } catch (err) {
        wf.log.error('Notification failed after retries', { key: n.key, error: String(err) });
      }
    }
  }

  function publishStatus(): void {
    const view = board.view();
    attributes.publish(board.openUnits(), board.overdueCount(), view.status);
    wf.setCurrentDetails(renderResponsibilityDetails(view));
  }

  try {
    for (;;) {
      await flush();
      // Handlers may have changed the board while flush awaited: finish only once all is sent.
      if (board.allDone() && flushedVersion === board.version && outbox.length === 0) break;
      const next = board.pendingAlarms()[0];
      const changed = (): boolean => board.version !== flushedVersion || outbox.length > 0;
      if (stableTimers) {
        const task = next && board.find(next.taskId)?.spec;
        alarmTimer.set(
          next ? realMsOf(clock, next.at) : undefined,
          next && task ? timerSummary(next.kind, task, next.deadline) : '',
        );
        await wf.condition(() => changed() || alarmTimer.fired);
      } else if (next) {
        const waitMs = realMsOf(clock, next.at) - Date.now();
        const task = board.find(next.taskId)?.spec;
        if (waitMs > 0 && task) {
          await wf.condition(changed, waitMs, { summary: timerSummary(next.kind, task, next.deadline) });
        }
      } else {
        await wf.condition(changed);
      }
      // A worker of a release with a newer holiday calendar: its deadlines first, so that an alarm
      // of a deadline the announcement moved does not fire (the conference tells the units).
      if (board.calendar < CALENDAR_VERSION) board.setCalendar(newerCalendar(board.calendar), now());
      for (const alarm of board.fireDue(now())) outbox.push(alarmNotification(alarm));
    }
    await wf.condition(wf.allHandlersFinished);
    return { responsibilityId: input.responsibility.id, tasks: board.view().tasks };
  } catch (err) {
    if (wf.isCancellation(err)) {
      board.cancel();
      await wf.CancellationScope.nonCancellable(async () => {
        publishStatus();
        await wf.condition(wf.allHandlersFinished);
      });
    }
    throw err;
  }
}
