/**
 * The living plan's verbs on the command line: every living-plan action has a verb a clerk can
 * type, a date alone means 17:00 that day, and the board's notes show a pending request and the
 * latest progress note.
 */
import { deadlineSetInRun } from '../../domain/task-kinds';
import { describe, expect, it } from 'vitest';
import { parseUntil } from '../../cli/unit';
import { VERBS, verbOf } from '../../cli/verbs';
import { LIVING_PLAN_ACTIONS } from '../../domain/task-kinds';
import type { ActionName } from '../../domain/actions';
import type { TaskView } from '../../domain/views';
import { actionConfirmation, askedBefore, currentDue, livingNotes } from '../../present/tasks';
import { CliError } from '../../cli/output';

describe('living-plan verbs', () => {
  it('has a verb for every living-plan action, and one per decision on an extension', () => {
    const actions = new Set(Object.values(VERBS).map((v) => v.action));
    for (const action of Object.keys(LIVING_PLAN_ACTIONS) as ActionName[]) expect(actions, action).toContain(action);
    expect(VERBS['grant-extension']).toMatchObject({ action: 'decideExtension', decision: 'grant' });
    expect(VERBS['refuse-extension']).toMatchObject({ action: 'decideExtension', decision: 'refuse' });
    expect(verbOf('returnWork')).toBe('return');
    expect(verbOf('requestExtension')).toBe('ask-extension');
  });

  it('reads --until as Vietnam time, a date alone as 17:00, and refuses a day not in the calendar (exit 2)', () => {
    expect(parseUntil('2023-03-25')).toBe('2023-03-25T17:00');
    expect(parseUntil('2023-03-25T08:30')).toBe('2023-03-25T08:30');
    expect(parseUntil('2023-03-25 08:30')).toBe('2023-03-25T08:30');
    for (const bad of ['2023-02-30', '25/03/2023', '2023-03-25T25:00']) {
      let err: unknown;
      try {
        parseUntil(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(CliError);
      expect(err).toMatchObject({ field: 'until', exitCode: 2 });
    }
  });
});

describe('what the board and the inbox add for the living plan', () => {
  const actor = { unitId: 'nam-po', person: 'Giàng A Dình' };
  const task = {
    state: 'open',
    extensionRequest: {
      until: '2023-03-28T10:00:00.000Z',
      reason: 'Chờ số liệu',
      by: actor,
      at: '2023-03-19T03:00:00.000Z',
    },
    progress: { note: 'Đã xong phần số liệu', percent: 70, by: actor, at: '2023-03-19T02:00:00.000Z' },
  } as unknown as TaskView;

  it('shows the request not yet answered and the latest progress note, in the reader’s language', () => {
    expect(livingNotes(task, 'vi')).toEqual([
      'nam-po xin gia hạn đến 28/03/2023 17:00: Chờ số liệu',
      'tiến độ 70 % — Đã xong phần số liệu',
    ]);
    expect(livingNotes(task, 'en')).toEqual([
      'nam-po asks for more time until 28/03/2023 17:00: Chờ số liệu',
      'progress 70% — Đã xong phần số liệu',
    ]);
    expect(livingNotes({ ...task, state: 'withdrawn' }, 'vi')).toHaveLength(1); // no request on a closed task
    // The board names the unit (the plan's short name) when it knows it.
    expect(livingNotes(task, 'vi', (id) => (id === 'nam-po' ? 'Nậm Pồ' : id))[0]).toBe(
      'Nậm Pồ xin gia hạn đến 28/03/2023 17:00: Chờ số liệu',
    );
  });

  it('confirms an action by the task title, and says late only for late work', () => {
    const record = (action: ActionName, late: boolean) => ({ action, actor, requestId: `r-${action}`, at: '', late });
    const done = {
      ...task,
      id: 'districts.nam-po.report',
      title: 'Nậm Pồ gửi báo cáo tổng kết',
      titleEn: 'Nậm Pồ sends its summary report',
    } as unknown as TaskView;
    const id = 'districts.nam-po.report';
    expect(actionConfirmation({ ...done, history: [record('submit', true)] }, id, 'vi')).toBe(
      'Đã ghi nhận "nộp" cho công việc "Nậm Pồ gửi báo cáo tổng kết" — trễ hạn.',
    );
    expect(actionConfirmation({ ...done, history: [record('submit', false)] }, id, 'en')).toBe(
      'Recorded "submit" on "Nậm Pồ sends its summary report".',
    );
    // An extension after the deadline is the organizer's change to the plan, not late work.
    expect(actionConfirmation({ ...done, history: [record('extend', true)] }, id, 'vi')).toBe(
      'Đã ghi nhận "gia hạn" cho công việc "Nậm Pồ gửi báo cáo tổng kết".',
    );
    expect(actionConfirmation(undefined, id, 'vi')).toBe(`Đã ghi nhận thao tác cho công việc ${id}.`);
  });

  it('finds the date asked for when an answer is given', () => {
    const rec = (action: ActionName, until?: string) =>
      ({ action, actor, requestId: `r-${action}`, at: '', late: false, ...(until ? { until } : {}) }) as const;
    const history = [
      rec('requestExtension', 'A'),
      rec('decideExtension', 'A'),
      rec('requestExtension', 'B'),
      rec('decideExtension'),
    ];
    expect(askedBefore(history, 1)).toBe('A');
    expect(askedBefore(history, 3)).toBe('B');
    expect(askedBefore(history, 0)).toBeUndefined();
  });

  it('knows when a deadline was set while the plan runs (granted or direct extension, return), so the board keeps it', () => {
    const rec = (action: ActionName, extra: object) => ({
      action,
      actor,
      requestId: `r-${action}`,
      at: '',
      late: false,
      ...extra,
    });
    const asked = rec('requestExtension', { until: '2023-03-29T10:00:00.000Z' });
    const granted = rec('decideExtension', { decision: 'grant', until: '2023-03-28T10:00:00.000Z' });
    const refused = rec('decideExtension', { decision: 'refuse' });
    const returned = rec('returnWork', { until: '2023-03-26T10:00:00.000Z' });
    expect(deadlineSetInRun([])).toBe(false);
    expect(deadlineSetInRun([asked])).toBe(false); // asked, not granted
    expect(deadlineSetInRun([asked, refused])).toBe(false);
    expect(deadlineSetInRun([asked, granted])).toBe(true);
    expect(deadlineSetInRun([returned])).toBe(true);
    const view = { kind: 'submission', phases: [], due: '2023-03-28T10:00:00.000Z', history: [asked, granted] };
    expect(currentDue(view as unknown as TaskView)).toBe('2023-03-28T10:00:00.000Z');
  });
});
