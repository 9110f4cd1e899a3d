/**
 * The conference (hội nghị tổng kết), the parent workflow. It owns the conference date, starts
 * one child per responsibility, routes dependencies between them, reports progress to the
 * council at the plan's cadence, and finishes when every child has finished.
 */
import * as wf from '@temporalio/workflow';
import type { Notification } from '../../activities/types';
import { planNowIso, realMsOf, type Clock } from '../../domain/clock';
import {
  accessLinksQuery,
  amendPlanUpdate,
  calendarAdoptedSignal,
  calendarReleasedSignal,
  cancelConferenceUpdate,
  claimRequestIdUpdate,
  issueAccessLinkUpdate,
  revokeAccessLinkUpdate,
  conferenceStatusQuery,
  dependencyDoneSignal,
  planAmendedSignal,
  planInForceQuery,
  progressReportUpdate,
  scheduleChangedSignal,
  setConferenceDateUpdate,
  tasksChangedSignal,
  type ConferenceInput,
  type PlanAmended,
  type ConferenceResult,
} from '../../domain/messages';
import { ProgressReportRequestSchema, RequestClaimSchema } from '../../domain/actions';
import { parseOrRefuse } from '../../domain/errors';
import { calendarMovedText, cancelledText, dateChangedText, digestText } from '../../domain/notices';
import { CALENDAR_MEMO, CALENDAR_VERSION, yearsAnnouncedBetween } from '../../domain/calendar';
import { addSpan, formatShortLocal } from '../../domain/time';
import { AlarmTimer } from '../alarm-timer';
import { renderConferenceDetails } from '../details';
import { deliver, notificationMaker, renderProgressReport, StatusAttributes, undeliveredOf } from '../outbox';
import { digestHours, DIGEST_SOON_MS, nextDigestAt, unitsDigestedAt } from '../../domain/digest';
import { responsibilityInput, startArchive, startResponsibility, unitNames } from './children';
import { ConferenceState } from './state';
import { calendarVersion, newerCalendar, ruleInForce, underBaseline } from '../rules';

type Outgoing =
  | { kind: 'dependency'; to: string; taskId: string; at: string }
  | { kind: 'amendment'; to: string; change: PlanAmended }
  | { kind: 'schedule'; date: string; reason: string }
  | { kind: 'calendar'; calendar: number }
  | { kind: 'notification'; notification: Notification };

export async function conferenceWorkflow(input: ConferenceInput): Promise<ConferenceResult> {
  const { plan, conferenceId } = input;
  const clock: Clock =
    input.clock.mode === 'rehearsal' && input.clock.realStart === undefined
      ? { ...input.clock, realStart: new Date(Date.now()).toISOString() }
      : input.clock;
  const now = (): string => planNowIso(clock, Date.now());
  const state = new ConferenceState(conferenceId, plan, input.date ?? plan.conference.date ?? null, clock);
  // Conferences started before 'status-attributes-v2' keep their first rules on replay: they
  // counted units of blocked tasks as awaited, and republished status only with outgoing work.
  const statusV2 = ruleInForce('status-attributes-v2');
  state.skipBlocked = statusV2;
  // Names and reasons in the organizer's commands are kept in NFC, however they were typed.
  state.nfc = ruleInForce('nfc-payloads');
  // Working days on the calendar this conference started with (domain/calendar/index.ts).
  state.calendar = calendarVersion();
  let publishedVersion = 0;
  // One timer per progress report, kept while children report (earlier runs restarted it).
  const stableTimers = ruleInForce('stable-timers');
  const reportTimer = new AlarmTimer();
  const workflowId = wf.workflowInfo().workflowId;
  const outbox: Outgoing[] = [];
  const everyone = plan.units.map((u) => u.id);

  wf.setHandler(conferenceStatusQuery, () => state.status(now()));
  wf.setHandler(planInForceQuery, () => state.plan);

  // Update, not Signal: the caller must know whether the request id is its own before it acts.
  // Request ids are unique per conference; Temporal keeps each claim's answer under its Update id
  // (the request id), so a second claim of an id gets the first one's task and nothing is stored
  // here. The marker dates the first claim in history.
  wf.setHandler(
    claimRequestIdUpdate,
    (raw) => {
      ruleInForce('request-id-claims');
      return parseOrRefuse(RequestClaimSchema, raw);
    },
    { validator: (raw) => void parseOrRefuse(RequestClaimSchema, raw) },
  );

  // Update: the organizer must know at once whether the date was taken (format, authority, past).
  wf.setHandler(
    setConferenceDateUpdate,
    (raw) => {
      const input = state.validateSetDate(raw, now());
      const { change, isNew } = state.setDate(input, now());
      if (isNew) {
        outbox.push({ kind: 'schedule', date: change.to, reason: change.reason });
        outbox.push({
          kind: 'notification',
          notification: notification(
            `date-${state.dateChanges.length}`,
            'dateChanged',
            everyone,
            dateChangedText(change.to, change.reason),
          ),
        });
      }
      return change;
    },
    { validator: (raw) => void state.validateSetDate(raw, now()) },
  );

  // Update: the organizer learns the cancellation was accepted; children are cancelled after.
  wf.setHandler(
    cancelConferenceUpdate,
    (raw) => {
      const input = state.validateCancel(raw);
      state.cancel(input, now());
      return { cancelled: true as const, reason: state.cancellation?.reason ?? input.reason };
    },
    { validator: (raw) => void state.validateCancel(raw) },
  );

  // Access links for the web: the conference keeps their hashes, so issuing and revoking are in
  // history (who, when) and survive any web server restart. Updates, to answer with the link.
  wf.setHandler(accessLinksQuery, () => state.links);
  wf.setHandler(issueAccessLinkUpdate, (raw) => state.issueLink(state.validateIssueLink(raw), now()), {
    validator: (raw) => void state.validateIssueLink(raw),
  });
  wf.setHandler(revokeAccessLinkUpdate, (raw) => state.revokeLink(state.validateRevokeLink(raw), now()), {
    validator: (raw) => void state.validateRevokeLink(raw),
  });

  // Update: the organizer amends the running plan and learns at once the new plan version, or
  // the path and the reason the plan's rules refuse it. Histories from before carry no
  // amendment; the marker dates the first one.
  wf.setHandler(
    amendPlanUpdate,
    (raw) => {
      const checked = state.validateAmend(raw);
      if (!checked.repeat) ruleInForce('plan-amendments');
      const { answer, tell } = state.amend(checked, now());
      if (tell) outbox.push({ kind: 'amendment', to: tell.to, change: tell.change });
      return answer;
    },
    { validator: (raw) => void state.validateAmend(raw) },
  );

  wf.setHandler(
    progressReportUpdate,
    async () => renderProgressReport({ status: state.status(now()), unitNames: unitNames(plan) }),
    // A validator of its own (an empty object) and the seal check (workflows/interceptors.ts), which
    // runs as a validator: the SDK runs validation only for an Update that has one.
    { validator: (request) => void parseOrRefuse(ProgressReportRequestSchema, request) },
  );

  // Signal, not Update: whoever deploys a release only wakes the conference; nothing is answered.
  let calendarReleased = false;
  wf.setHandler(calendarReleasedSignal, () => {
    calendarReleased = true;
  });

  wf.setHandler(tasksChangedSignal, ({ responsibilityId, tasks }) => {
    for (const r of state.tasksChanged(responsibilityId, tasks)) outbox.push({ kind: 'dependency', ...r });
  });

  const notification = notificationMaker({
    workflowId,
    conferenceId,
    now,
    recipients: (to) =>
      plan.units.filter((u) => to.includes(u.id)).map((u) => ({ id: u.id, name: u.name, contacts: u.contacts })),
  });

  // Children are started in their own scope so that a cancellation reaches them all at once.
  const childScope = new wf.CancellationScope();
  const seeded = underBaseline() ? { planNow: now() } : undefined;
  const children = await childScope.run(() =>
    Promise.all(
      plan.responsibilities.map((r) =>
        startResponsibility(responsibilityInput(r, state.date, clock, conferenceId, workflowId, plan), seeded),
      ),
    ),
  );
  for (const { id, initial } of children) if (initial) state.seed(id, initial);
  const settled = children.map(({ id, handle }) =>
    handle.result().then(
      () => state.childFinished(id, 'completed'),
      (err: unknown) => {
        state.childFinished(id, wf.isCancellation(err) ? 'cancelled' : 'running');
        if (!wf.isCancellation(err))
          wf.log.error('Responsibility failed', { responsibilityId: id, error: String(err) });
      },
    ),
  );
  const allSettled = (): boolean => children.every(({ id }) => !state.isRunning(id));

  /** Sends dependency and date signals to the children that still run, then notifications. */
  async function flush(): Promise<void> {
    while (outbox.length > 0) {
      const out = outbox.shift() as Outgoing;
      try {
        if (out.kind === 'notification') {
          const report = await deliver(out.notification);
          // A mail refused for good is shown on the board (a rule newer than the first conferences).
          if (report.undelivered?.length && ruleInForce('undelivered-mail'))
            state.mailUndelivered(undeliveredOf(out.notification, report.undelivered));
        } else if (out.kind === 'amendment') {
          if (state.isRunning(out.to)) await childHandle(out.to).signal(planAmendedSignal, out.change);
        } else if (out.kind === 'calendar') {
          await Promise.all(
            children
              .filter(({ id }) => state.isRunning(id))
              .map(({ handle }) => handle.signal(calendarAdoptedSignal, { calendar: out.calendar })),
          );
        } else if (out.kind === 'dependency') {
          if (state.isRunning(out.to))
            await childHandle(out.to).signal(dependencyDoneSignal, { taskId: out.taskId, at: out.at });
        } else {
          await Promise.all(
            children
              .filter(({ id }) => state.isRunning(id))
              .map(({ handle }) =>
                handle.signal(scheduleChangedSignal, { conferenceDate: out.date, reason: out.reason }),
              ),
          );
        }
      } catch (err) {
        wf.log.warn('Could not deliver', { kind: out.kind, error: String(err) });
      }
    }
    publishStatus();
  }

  function childHandle(id: string): (typeof children)[number]['handle'] {
    const found = children.find((c) => c.id === id);
    if (!found) throw new Error(`no child ${id}`);
    return found.handle;
  }

  const attributes = new StatusAttributes();
  function publishStatus(): void {
    publishedVersion = state.version;
    const status = state.status(now());
    attributes.publish(state.openUnits(), status.counts.overdue, status.status);
    wf.setCurrentDetails(renderConferenceDetails(status));
  }

  const every = plan.conference.progressReportEvery;
  let nextReport = every ? addSpan(now(), every) : undefined;
  let cancelling = false;
  // Daily digests for the units that asked for one (newer than the first conferences: their
  // plans could not ask, so the marker is written only where a unit does).
  const digests = digestHours(plan);
  const digestOn = digests.length > 0 && ruleInForce('email-digest');
  const digestTimer = new AlarmTimer();
  let nextDigest = digestOn
    ? nextDigestAt(
        digests.map((d) => d.at),
        now(),
      )
    : undefined;

  /**
   * A worker of a release with a newer holiday calendar runs this conference (workflows/rules.ts,
   * `newerCalendar`): working days are counted on it from now; the children are told, and so is
   * every unit whose deadline moved, with the old and the new deadline (the audit reads both).
   */
  function takeUpNewerCalendar(): void {
    calendarReleased = false;
    if (cancelling || state.closed || state.calendar >= CALENDAR_VERSION) return;
    const from = state.calendar;
    const version = newerCalendar(from);
    if (version === from) return;
    const moves = state.takeUpCalendar(version);
    wf.upsertMemo({ [CALENDAR_MEMO]: version });
    outbox.push({ kind: 'calendar', calendar: version });
    const years = yearsAnnouncedBetween(from, version);
    for (const m of moves) {
      const provisional = m.provisionalYears ? { provisionalYears: m.provisionalYears } : {};
      outbox.push({
        kind: 'notification',
        notification: notification(
          `calendar-v${version}-${m.taskId}`,
          'calendarChanged',
          m.units,
          calendarMovedText({ id: m.taskId, title: m.title, titleEn: m.titleEn }, m, years, m.provisionalYears),
          { taskId: m.taskId, deadline: { from: m.from, to: m.to }, ...provisional },
        ),
      });
    }
  }

  try {
    for (;;) {
      takeUpNewerCalendar();
      await flush();
      if (allSettled()) break;
      if (state.cancellation && !cancelling) {
        cancelling = true;
        childScope.cancel();
        outbox.push({
          kind: 'notification',
          notification: notification('cancelled', 'cancelled', everyone, cancelledText(state.cancellation.reason)),
        });
        continue;
      }
      const wake = (): boolean =>
        outbox.length > 0 ||
        calendarReleased ||
        allSettled() ||
        (state.cancellation !== undefined && !cancelling) ||
        (statusV2 && state.version !== publishedVersion);
      if (stableTimers) {
        const due = nextReport !== undefined && !cancelling ? nextReport : undefined;
        reportTimer.set(
          due === undefined ? undefined : realMsOf(clock, due),
          due ? `Báo cáo tiến độ — ${formatShortLocal(due)}` : '',
        );
        if (digestOn) {
          const at = nextDigest !== undefined && !cancelling ? nextDigest : undefined;
          digestTimer.set(
            at === undefined ? undefined : realMsOf(clock, at),
            at ? `Thư tổng hợp — ${formatShortLocal(at)}` : '',
          );
        }
        await wf.condition(() => wake() || reportTimer.fired || digestTimer.fired);
        if (due !== undefined && reportTimer.fired) {
          await sendProgressReport(due);
          nextReport = addSpan(due, every as string);
        }
        if (nextDigest !== undefined && digestTimer.fired) {
          queueDigests(nextDigest);
          nextDigest = nextDigestAt(
            digests.map((d) => d.at),
            nextDigest,
          );
        }
      } else if (nextReport !== undefined && !cancelling) {
        const waitMs = realMsOf(clock, nextReport) - Date.now();
        const woke =
          waitMs > 0 &&
          (await wf.condition(wake, waitMs, { summary: `Báo cáo tiến độ — ${formatShortLocal(nextReport)}` }));
        if (!woke) {
          await sendProgressReport(nextReport);
          nextReport = addSpan(nextReport, every as string);
        }
      } else {
        await wf.condition(wake);
      }
    }
    await Promise.all(settled);
    await wf.condition(wf.allHandlersFinished);
    publishStatus();
    await startArchive(conferenceId);
    return state.result();
  } catch (err) {
    if (!wf.isCancellation(err)) throw err;
    // Cancelled through Temporal itself (`temporal workflow cancel`): the children follow
    // through the scope; wait for them so the conference ends with nothing left running.
    await wf.CancellationScope.nonCancellable(async () => {
      await Promise.all(settled);
      publishStatus();
      await startArchive(conferenceId);
    });
    throw err;
  }

  /** One digest per unit whose hour it is: its open tasks overdue or due soon; none when there are none. */
  function queueDigests(at: string): void {
    const tasks = state.status(now()).responsibilities.flatMap((r) => r.tasks);
    for (const unitId of unitsDigestedAt(digests, at)) {
      const unit = plan.units.find((u) => u.id === unitId);
      const open = tasks.filter(
        (t) => t.assignees.includes(unitId) && t.state !== 'done' && t.state !== 'cancelled' && t.state !== 'withdrawn',
      );
      const text = unit && digestText(unit.name, at, open, DIGEST_SOON_MS);
      if (text)
        outbox.push({
          kind: 'notification',
          notification: notification(`digest-${unitId}-${at}`, 'digest', [unitId], text),
        });
    }
  }

  async function sendProgressReport(at: string): Promise<void> {
    const to = plan.conference.progressReportTo ?? plan.organizer;
    try {
      const text = await renderProgressReport({ status: state.status(now()), unitNames: unitNames(plan) });
      outbox.push({
        kind: 'notification',
        // eslint-disable-next-line no-restricted-syntax -- the notification kind, not the update's name
        notification: notification(`progress-${at}`, 'progressReport', [to, plan.organizer], text),
      });
    } catch (err) {
      wf.log.error('Progress report failed', { error: String(err) });
    }
  }
}
