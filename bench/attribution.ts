/**
 * Where the engine's extra time goes, measured without Temporal: the workflow code an Update
 * and a status Query run (the same modules the bundle holds), timed in this process. The
 * difference to the round trips above is Temporal's own work for the engine's extra commands
 * (the signal to the parent, the restarted timer) and the larger payloads.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { planNowIso, type Clock } from '../domain/clock';
import type { ResponsibilityInput } from '../domain/messages';
import type { Plan } from '../domain/plan/schema';
import { ConferenceState } from '../workflows/conference/state';
import { renderConferenceDetails, renderResponsibilityDetails } from '../workflows/details';
import { TaskBoard } from '../workflows/responsibility/board';
import { BENCH_DATE, benchClock, nextAction } from './driver';
import { round } from './stats';

export interface Attribution {
  /** Microseconds per task Update inside the workflow, by step. */
  updateMicros: {
    validator: number;
    handler: number;
    loopView: number;
    details: number;
    total: number;
  };
  updateRequestBytes: number;
  updateAnswerBytes: number;
  /** Bytes of the tasksChanged signal the child sends its parent per action. */
  parentSignalBytes: number;
  /** Microseconds per status Query inside the parent (state.status + details rendering). */
  statusQueryMicros: number;
  statusAnswerBytes: number;
  bareAnswerBytes: number;
}

function inputFor(plan: Plan, responsibilityId: string, clock: Clock): ResponsibilityInput {
  const r = plan.responsibilities.find((x) => x.id === responsibilityId);
  if (!r) throw new Error(`no responsibility ${responsibilityId}`);
  return {
    conferenceId: 'attribution',
    parentWorkflowId: 'conference:attribution',
    responsibility: r,
    units: plan.units,
    organizer: plan.organizer,
    conferenceDate: BENCH_DATE,
    clock,
    externalDone: {},
  };
}

export function attribution(plan: Plan, iterations = 2000): Attribution {
  const base = benchClock();
  const clock: Clock = base.mode === 'rehearsal' ? { ...base, realStart: new Date().toISOString() } : base;
  const now = (): string => planNowIso(clock, Date.now());
  // Every first action on every open task of the seed plan, in turn.
  const cases = plan.responsibilities.flatMap((r) => {
    const board = new TaskBoard(inputFor(plan, r.id, clock), now());
    return board
      .view()
      .tasks.map((t) => {
        const spec = r.tasks.find((s) => s.id === t.id);
        const request = spec && nextAction(spec, t);
        return request ? { responsibilityId: r.id, request } : undefined;
      })
      .filter((c) => c !== undefined);
  });
  if (cases.length === 0) throw new Error('no open task in the seed plan');
  const steps = { validator: 0, handler: 0, loopView: 0, details: 0 };
  let requestBytes = 0;
  let answerBytes = 0;
  let signalBytes = 0;
  for (let i = 0; i < iterations; i++) {
    const c = cases[i % cases.length] as (typeof cases)[number];
    const board = new TaskBoard(inputFor(plan, c.responsibilityId, clock), now());
    board.drainChanges();
    const raw = { ...c.request, requestId: randomUUID() };
    let t = performance.now();
    board.validate(raw, now()); // the Update validator
    steps.validator += performance.now() - t;
    t = performance.now();
    const { action } = board.validate(raw, now()); // the handler validates again, then applies
    const answer = board.apply(action, now());
    steps.handler += performance.now() - t;
    t = performance.now();
    const changes = board.drainChanges(); // the main loop's flush: changes for the parent, status
    const view = board.view();
    board.openUnits();
    board.overdueCount();
    board.pendingAlarms();
    steps.loopView += performance.now() - t;
    t = performance.now();
    renderResponsibilityDetails(view);
    steps.details += performance.now() - t;
    requestBytes += JSON.stringify(raw).length;
    answerBytes += JSON.stringify(answer).length;
    signalBytes += JSON.stringify({ responsibilityId: c.responsibilityId, tasks: changes }).length;
  }
  const us = (ms: number): number => round((ms * 1000) / iterations, 1);

  // A parent that has heard from every child, then answers status Queries.
  const state = new ConferenceState('attribution', plan, BENCH_DATE, clock);
  for (const r of plan.responsibilities) {
    const board = new TaskBoard(inputFor(plan, r.id, clock), now());
    state.tasksChanged(r.id, board.view().tasks);
  }
  let statusMs = 0;
  let statusBytes = 0;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const status = state.status(now());
    statusMs += performance.now() - t;
    statusBytes = JSON.stringify(status).length;
    if (i === 0) renderConferenceDetails(status);
  }
  return {
    updateMicros: {
      validator: us(steps.validator),
      handler: us(steps.handler),
      loopView: us(steps.loopView),
      details: us(steps.details),
      total: us(steps.validator + steps.handler + steps.loopView + steps.details),
    },
    updateRequestBytes: Math.round(requestBytes / iterations),
    updateAnswerBytes: Math.round(answerBytes / iterations),
    parentSignalBytes: Math.round(signalBytes / iterations),
    statusQueryMicros: us(statusMs),
    statusAnswerBytes: statusBytes,
    bareAnswerBytes: JSON.stringify({ updates: 1000, signals: 1000 }).length,
  };
}
