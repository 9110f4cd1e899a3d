/**
 * A task as units, organizers and auditors see it (domain/views TaskView), built from the
 * board's runtime record and the deadlines resolved now. Pure.
 */
import { decidersOf } from '../../domain/task-kinds';
import type { PhaseView, TaskView } from '../../domain/views';
import { isOverdue } from './alarms';
import type { BoardFacts, TaskRuntime } from './runtime';

export function taskView(board: BoardFacts, t: TaskRuntime): TaskView {
  const spec = t.spec;
  const s = board.schedule(spec);
  const phases: PhaseView[] =
    spec.kind === 'phased'
      ? s.phases.map((p) => {
          const c = t.confirmed[p.phase];
          return {
            phase: p.phase,
            label: p.label,
            due: p.due,
            ...(p.provisionalYears ? { provisionalYears: p.provisionalYears } : {}),
            ...(c ? { confirmedAt: c.at, confirmedBy: c.by } : {}),
          };
        })
      : [];
  return {
    id: spec.id,
    responsibilityId: board.input.responsibility.id,
    title: spec.title,
    ...(spec.titleEn !== undefined ? { titleEn: spec.titleEn } : {}),
    kind: spec.kind,
    clause: spec.clause,
    assignees: t.assignees,
    deciders: [...decidersOf(spec)],
    dependsOn: spec.dependsOn,
    state: t.state,
    due: s.due,
    waitingFor: s.waitingFor,
    ...(s.provisionalYears ? { provisionalYears: s.provisionalYears } : {}),
    organizerChoice: spec.organizerChoice,
    overdue: isOverdue(board, t),
    ...(t.late !== undefined ? { late: t.late } : {}),
    ...(t.completedAt !== undefined ? { completedAt: t.completedAt } : {}),
    ...(t.completedBy !== undefined ? { completedBy: t.completedBy } : {}),
    signedBy: [...t.signedBy],
    phases,
    history: [...t.history],
    ...(t.extensionRequest ? { extensionRequest: t.extensionRequest } : {}),
    ...(t.progress ? { progress: t.progress } : {}),
    ...(t.withdrawnAt !== undefined ? { withdrawnAt: t.withdrawnAt } : {}),
    ...(t.undelivered ? { undelivered: [...t.undelivered] } : {}),
  };
}
