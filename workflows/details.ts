/**
 * Markdown shown as "current details" in the Temporal Web UI, so an operator reads a workflow
 * like the plan: each task, its owner, its deadline and its state. Workflow-safe.
 */
import { formatShortLocal } from '../domain/time';
import type { ConferenceStatus, ResponsibilityView, TaskView } from '../domain/views';

const STATE_VI: Record<TaskView['state'], string> = {
  blocked: 'chờ việc trước',
  open: 'đang làm',
  submitted: 'chờ duyệt',
  sentBack: 'trả lại',
  done: 'hoàn thành',
  cancelled: 'đã hủy',
  withdrawn: 'đã rút',
};

function stateOf(t: TaskView): string {
  const base = STATE_VI[t.state];
  if (t.state === 'done') return t.late ? `${base} (muộn)` : base;
  return t.overdue ? `**quá hạn** · ${base}` : base;
}

function dueOf(t: TaskView): string {
  if (t.due) return formatShortLocal(t.due);
  return t.waitingFor === 'date' ? 'chờ giấy mời' : 'chờ việc trước';
}

export function renderResponsibilityDetails(view: ResponsibilityView): string {
  const rows = view.tasks.map(
    (t) => `| ${t.title} | ${t.assignees.join(', ')} | ${dueOf(t)} | ${stateOf(t)} | ${t.completedBy?.person ?? ''} |`,
  );
  return [
    `**${view.title}** — chủ trì: ${view.lead} — ${view.clause}`,
    '',
    '| Công việc | Đơn vị | Hạn | Trạng thái | Người thực hiện |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function renderConferenceDetails(status: ConferenceStatus): string {
  const c = status.counts;
  const date = status.date ? `ngày ${status.date}` : `chưa có giấy mời (${status.window.text})`;
  const rows = status.responsibilities.map((r) => {
    const done = r.tasks.filter((t) => t.state === 'done').length;
    const overdue = r.tasks.filter((t) => t.overdue && t.state !== 'done').length;
    return `| ${r.title} | ${r.lead} | ${done}/${r.tasks.length} | ${overdue || ''} |`;
  });
  return [
    `**${status.title}** — ${date}`,
    '',
    `Hoàn thành ${c.done}/${c.total} · quá hạn ${c.overdue} · muộn ${c.late} · chờ ${c.blocked}`,
    '',
    '| Nhiệm vụ | Chủ trì | Xong | Quá hạn |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
