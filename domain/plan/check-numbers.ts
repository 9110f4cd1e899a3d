/**
 * Cross-checks of the numbers an author types by hand: a sign-off has signers, the tentative
 * window runs forwards, the delegate groups add up to the total.
 * Workflow-safe: no I/O, no Node built-ins.
 */
import { issue, type PlanIssue } from './issues';
import type { Plan } from './schema';
import type { TaskEntry } from './task-entries';

/** A sign-off without signers could never be signed. */
export function checkSignoffs(tasks: TaskEntry[], issues: PlanIssue[]): void {
  for (const { task, path } of tasks) {
    if (task.kind === 'signoff' && task.signers.length === 0) {
      issues.push(
        issue(
          `${path}.signers`,
          'Công việc ký kết cần ít nhất một đơn vị ký',
          'A sign-off needs at least one signer unit',
        ),
      );
    }
  }
}

/** The tentative window and the delegate total, as the plan's text states them. */
export function checkConference(plan: Plan, issues: PlanIssue[]): void {
  const { window, delegates = { total: 0, groups: [] as { count: number }[] } } = plan.conference;
  if (window.from > window.to) {
    issues.push(
      issue(
        'conference.window',
        `Khoảng thời gian dự kiến không hợp lệ: ngày bắt đầu ${window.from} sau ngày kết thúc ${window.to}`,
        `Tentative window is reversed: from ${window.from} is after to ${window.to}`,
      ),
    );
  }
  const sum = delegates.groups.reduce((s, g) => s + g.count, 0);
  if (sum !== delegates.total) {
    const parts = delegates.groups.map((g) => g.count).join(' + ');
    issues.push(
      issue(
        'conference.delegates.total',
        `Tổng số đại biểu ${delegates.total} không bằng tổng các nhóm (${parts} = ${sum})`,
        `Delegate total ${delegates.total} does not equal the sum of the groups (${parts} = ${sum})`,
      ),
    );
  }
}
