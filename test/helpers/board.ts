/**
 * A responsibility's board built from a plan without a server, as the unit tests of the board,
 * the approval stage and the amendments need it: one place that knows the shape of a child's input.
 */
import type { ResponsibilityInput } from '../../domain/messages';
import type { Plan, Responsibility } from '../../domain/plan/schema';
import type { BoardRules } from '../../workflows/responsibility/runtime';
import { TaskBoard } from '../../workflows/responsibility/board';

export function testBoard(opts: {
  plan: Plan;
  responsibility: Responsibility | string;
  conferenceDate: string | null;
  now: string;
  rules?: BoardRules;
  /** The session's hours, for phase and sign-off windows (absent in the earliest histories). */
  hours?: boolean;
}): TaskBoard {
  const { plan } = opts;
  const responsibility =
    typeof opts.responsibility === 'string'
      ? plan.responsibilities.find((r) => r.id === opts.responsibility)
      : opts.responsibility;
  if (!responsibility) throw new Error('no such responsibility in the plan');
  const input: ResponsibilityInput = {
    conferenceId: 'c1',
    parentWorkflowId: 'conference:c1',
    responsibility,
    units: plan.units,
    organizer: plan.organizer,
    conferenceDate: opts.conferenceDate,
    clock: { mode: 'real' },
    externalDone: {},
    ...(opts.hours === false ? {} : { conferenceHours: { startTime: '07:30', length: '4h' } }),
  };
  return opts.rules ? new TaskBoard(input, opts.now, opts.rules) : new TaskBoard(input, opts.now);
}
