/**
 * The task-kind table: whose move it is and what each unit may do, for every kind and state.
 * The inbox, the CLI's next verb, the search attribute of open units and the board's refusals all
 * follow from it, so a wrong row here shows up as a wrong inbox or a wrong refusal.
 */
import { describe, expect, it } from 'vitest';
import {
  actionsOfKind,
  actionsOpenTo,
  awaitedUnits,
  awaits,
  ownerUnits,
  type TaskFacts,
} from '../../domain/task-kinds';

const task = (over: Partial<TaskFacts>): TaskFacts => ({
  kind: 'once',
  state: 'open',
  assignees: ['noi-vu'],
  deciders: [],
  signedBy: [],
  ...over,
});

describe('task kinds', () => {
  it('offers each kind its own actions, in the order the forms show them', () => {
    expect(actionsOfKind('once')).toEqual(['complete']);
    expect(actionsOfKind('submission')).toEqual(['submit']);
    expect(actionsOfKind('approval')).toEqual(['submit', 'approve', 'sendBack']);
    expect(actionsOfKind('signoff')).toEqual(['sign']);
    expect(actionsOfKind('phased')).toEqual(['confirmPhase', 'reportIncident']);
  });

  it('waits on the assignee of an approval until it is submitted, then on the approvers, and again after a send-back', () => {
    const estimate = task({ kind: 'approval', assignees: ['noi-vu'], deciders: ['tc-kh'] });
    expect(awaitedUnits(estimate)).toEqual(['noi-vu']);
    expect(actionsOpenTo(estimate, 'noi-vu')).toEqual(['submit']);
    expect(actionsOpenTo(estimate, 'tc-kh')).toEqual([]);
    const submitted = { ...estimate, state: 'submitted' as const };
    expect(awaitedUnits(submitted)).toEqual(['tc-kh']);
    expect(actionsOpenTo(submitted, 'tc-kh')).toEqual(['approve', 'sendBack']);
    expect(actionsOpenTo(submitted, 'noi-vu')).toEqual([]);
    expect(awaits({ ...estimate, state: 'sentBack' }, 'noi-vu')).toBe(true);
  });

  it('waits on each signer until it has signed, and never on one that signed', () => {
    const pledge = task({ kind: 'signoff', assignees: ['muong-cha'], deciders: ['muong-cha', 'nam-po', 'tua-chua'] });
    const signed = { ...pledge, signedBy: ['nam-po'] };
    expect(awaitedUnits(signed)).toEqual(['muong-cha', 'tua-chua']);
    expect(actionsOpenTo(signed, 'nam-po')).toEqual([]);
    expect(actionsOpenTo(signed, 'tua-chua')).toEqual(['sign']);
    expect(awaits(signed, 'nam-po')).toBe(false);
  });

  it('lets the assignee of a phased duty confirm a phase or report an incident', () => {
    const security = task({ kind: 'phased', assignees: ['cong-an'] });
    expect(actionsOpenTo(security, 'cong-an')).toEqual(['confirmPhase', 'reportIncident']);
    expect(actionsOpenTo(security, 'dien-luc')).toEqual([]);
  });

  it('puts a blocked task in nobody inbox but names the units that will be next', () => {
    const blocked = task({ kind: 'submission', state: 'blocked', assignees: ['muong-nhe'] });
    expect(awaits(blocked, 'muong-nhe')).toBe(false);
    expect(actionsOpenTo(blocked, 'muong-nhe')).toEqual([]);
    expect(awaitedUnits(blocked)).toEqual(['muong-nhe']);
  });

  it('awaits nobody on a closed task and shows its assignees as the owners', () => {
    for (const state of ['done', 'cancelled'] as const) {
      const closed = task({ kind: 'approval', state, assignees: ['noi-vu'], deciders: ['tc-kh'] });
      expect(awaitedUnits(closed)).toEqual([]);
      expect(ownerUnits(closed)).toEqual(['noi-vu']);
      expect(actionsOpenTo(closed, 'noi-vu')).toEqual([]);
    }
  });
});
