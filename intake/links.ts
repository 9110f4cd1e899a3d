/**
 * Links between duties that only the whole draft can make:
 *
 * - "trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ": the deadline runs from another
 *   duty, the one that sends what is received: among the other tasks, the best match for the
 *   received thing and this duty's own words, a task that sends (gửi, nộp, trình) preferred;
 * - "Thẩm định dự toán" by the unit an estimate is sent to ("gửi Phòng TC-KH thẩm định") is that
 *   task's approval stage, not a task of its own, unless it states its own deadline: its clause
 *   joins the task. Pure; no I/O.
 */
import { truncate, type RespBuild, type TaskBuild } from './draft-parts';
import { similarity } from './text';

/** The least likeness of words for a task to be the one a deadline runs from. */
const AFTER_TASK_MATCH = 0.15;
/** What sending counts for when choosing that task. */
const SENDS_BONUS = 0.2;
const SENDS = /(?:^|\s)(?:gửi|nộp|trình)(?=\s)/iu;
/** What a copy of a per-member duty counts for when what is received comes from many ("báo cáo của các đơn vị"). */
const MEMBERS_BONUS = 0.3;
const FROM_MANY = /(?:^|\s)(?:các|những)\s/iu;

/** Writes `afterTask` for every deadline that runs from another duty, when that duty is found. */
export function linkAfterTasks(resps: RespBuild[]): void {
  const all = resps.flatMap((r) => r.tasks);
  for (const t of all) {
    const after = t.deadline.after;
    if (after === undefined) continue;
    const from = bestSender(t, after.object, all);
    if (!from) continue;
    t.task.due = { type: 'afterTask', task: from.task.id, after: after.span };
    delete t.task.organizerChoice;
    t.deadline = { ...t.deadline, rule: t.task.due, open: [] };
    t.flags = t.flags.filter((f) => f.field !== 'due');
  }
}

function bestSender(self: TaskBuild, object: string, all: TaskBuild[]): TaskBuild | undefined {
  const words = `${object} ${self.task.title}`;
  const many = FROM_MANY.test(object);
  let best: { t: TaskBuild; score: number } | undefined;
  for (const t of all) {
    if (t === self || t.deadline.after !== undefined) continue;
    const score =
      similarity(words, t.task.title) +
      (SENDS.test(t.task.title) ? SENDS_BONUS : 0) +
      (many && t.member === true ? MEMBERS_BONUS : 0);
    if (score >= AFTER_TASK_MATCH && (!best || score > best.score)) best = { t, score };
  }
  return best?.t;
}

/** Merges an appraisal without a deadline of its own into the task it appraises. */
export function mergeAppraisals(resps: RespBuild[]): void {
  const all = resps.flatMap((r) => r.tasks);
  for (const r of resps) {
    r.tasks = r.tasks.filter((t) => {
      const m = /^(thẩm định|phê duyệt)\s+(.+)$/iu.exec(t.task.title);
      if (!m?.[2] || t.task.organizerChoice !== true) return true;
      const object = m[2].toLocaleLowerCase('vi');
      const target = all.find(
        (o) =>
          o !== t &&
          o.task.kind === 'approval' &&
          o.task.approvers?.includes(t.task.assignees[0] ?? '') === true &&
          o.task.title.toLocaleLowerCase('vi').includes(object),
      );
      if (!target) return true;
      target.task.clause = `${target.task.clause}, ${t.task.clause}`;
      return false;
    });
  }
  for (const r of resps) {
    if (r.tasks.length < r.count) r.title = truncate(r.tasks.map((t) => t.task.title).join('; '));
  }
  const empty = resps.filter((r) => r.tasks.length === 0);
  for (const e of empty) resps.splice(resps.indexOf(e), 1);
}
