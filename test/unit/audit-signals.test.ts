/**
 * The rules of the row builder that no stored history exercises (the stored runs act through
 * Updates only): a Signal counts when the workflow's own task history records its request, a
 * repeat counts once, a refused Signal is shown with the workflow's notice, and a Signal not yet
 * processed or an Update whose effect is not in history shows nothing. Built from decoded facts.
 */
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../activities/types';
import { auditRows, type ResponsibilityFacts, type TaskAttempt } from '../../audit';
import type { Actor, TaskActionInput } from '../../domain/actions';
import type { TaskView } from '../../domain/views';

const congAn: Actor = { unitId: 'cong-an', person: 'Thào A Lử' };
const muongNhe: Actor = { unitId: 'muong-nhe', person: 'Giàng A Páo' };
const at = (eventId: number): { eventId: number; at: string } => ({
  eventId,
  at: new Date(Date.UTC(2023, 2, 20, 1, 0, eventId)).toISOString(),
});

const confirm = (requestId: string, actor: Actor): TaskActionInput => ({
  taskId: 'security.order',
  action: 'confirmPhase',
  phase: 'before',
  actor,
  requestId,
});

const signal = (eventId: number, args: TaskActionInput): TaskAttempt => ({
  event: at(eventId),
  args,
  source: 'signal',
});
const update = (eventId: number, args: TaskActionInput): TaskAttempt => ({
  event: at(eventId),
  args,
  source: 'update',
});

function refusedNotice(eventId: number): { event: { eventId: number; at: string }; notification: Notification } {
  return {
    event: at(eventId),
    notification: {
      key: `refused-${eventId}`,
      conferenceId: 'c',
      kind: 'refused',
      taskId: 'security.order',
      at: '2023-03-20T01:30:00.000Z',
      recipients: [{ id: 'muong-nhe', name: 'Mường Nhé', contacts: [] }],
      text: { vi: 'Yêu cầu bị từ chối: đơn vị không được giao', en: 'Request refused: this unit may not do this' },
    },
  };
}

function security(attempts: TaskAttempt[], notifications = [refusedNotice(20)]): ResponsibilityFacts {
  const view = {
    id: 'security.order',
    history: [
      { action: 'confirmPhase', actor: congAn, requestId: 'r1', at: '2023-03-20T01:00:00.000Z', late: false },
      { action: 'confirmPhase', actor: congAn, requestId: 'r5', at: '2023-03-20T02:00:00.000Z', late: true },
    ],
  } as Pick<TaskView, 'id' | 'history'> as TaskView;
  return {
    kind: 'responsibility',
    workflowId: 'conference:c:security',
    first: at(1),
    clock: { mode: 'real' },
    clauses: new Map([['security.order', 'III.1.5']]),
    input: undefined as never,
    taskViews: [view, view],
    attempts,
    notifications,
  };
}

describe('signals and updates in the audit', () => {
  it('shows an accepted Signal once, however often it was sent, with the timing the workflow recorded', () => {
    const rows = auditRows([security([signal(10, confirm('r1', congAn)), signal(11, confirm('r1', congAn))])]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'action',
      action: 'confirmPhase',
      unit: 'cong-an',
      person: 'Thào A Lử',
      clause: 'III.1.5',
      timing: 'onTime',
      requestId: 'r1',
      source: 'signal',
      eventId: 10,
      planAt: null, // on the real clock
      detail: 'phase before',
    });
  });

  it('shows a late action late', () => {
    const rows = auditRows([security([update(12, confirm('r5', congAn))])], [], 'vi');
    expect(rows).toMatchObject([{ timing: 'late', source: 'update', requestId: 'r5' }]);
    expect(rows[0]?.detail).toMatch(/^giai đoạn /);
  });

  it('shows a refused Signal with the notice the workflow sent after it, in the reader’s language', () => {
    const facts = security([signal(15, confirm('r2', muongNhe))]);
    expect(auditRows([facts], [], 'en')).toMatchObject([
      { kind: 'refused', unit: 'muong-nhe', requestId: 'r2', timing: null, eventId: 15, source: 'signal' },
    ]);
    expect(auditRows([facts], [], 'en')[0]?.detail).toBe('Request refused: this unit may not do this');
    expect(auditRows([facts], [], 'vi')[0]?.detail).toBe('Yêu cầu bị từ chối: đơn vị không được giao');
  });

  it('refuses another action under a request id already used, but not a repeat of the same one', () => {
    const rows = auditRows([
      security([
        signal(10, confirm('r1', congAn)),
        signal(12, confirm('r1', congAn)),
        signal(14, confirm('r1', muongNhe)),
      ]),
    ]);
    expect(rows.map((r) => [r.kind, r.unit, r.eventId])).toEqual([
      ['action', 'cong-an', 10],
      ['refused', 'muong-nhe', 14],
    ]);
  });

  it('shows nothing for a Signal not yet answered, nor for an Update whose effect is not in history', () => {
    const facts = security([signal(25, confirm('r3', muongNhe)), update(26, confirm('r4', congAn))]);
    expect(auditRows([facts])).toEqual([]);
  });

  it('matches each refusal notice to one Signal only', () => {
    const facts = security([signal(15, confirm('r2', muongNhe)), signal(16, confirm('r3', muongNhe))]);
    expect(auditRows([facts]).map((r) => r.requestId)).toEqual(['r2']);
  });
});
