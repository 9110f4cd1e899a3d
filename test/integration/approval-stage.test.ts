/**
 * On a real Temporal server: an approval task's approval stage with its own deadline
 * (`approvalDue`), shown by the child and by the conference once submitted, and a sign-off that
 * opens at the conference (`opensAt`), refused before.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { actOnTask, cancelConference, conferenceStatus, startConference } from '../../client/conference';
import { refusalDetails } from '../../domain/errors';
import { responsibilityWorkflowId } from '../../domain/ids';
import { responsibilityStatusQuery } from '../../domain/messages';
import { PlanSchema, type Plan } from '../../domain/plan/schema';
import { miniPlan, rehearsal } from '../helpers/mini-plan';
import { eventually } from '../helpers/temporal';
import { conferenceSuite } from '../helpers/suite';

const suite = conferenceSuite();

const org = { unitId: 'org', person: 'Nguyễn Thị Lan' };
const boss = { unitId: 'boss', person: 'Lường Tuấn Anh' };
const unitA = { unitId: 'a', person: 'Giàng A Páo' };

/** The mini plan with an approval stage on the estimate and the pledge signed at the conference. */
function plan(): Plan {
  const p = structuredClone(miniPlan(suite.hooks.url));
  for (const r of p.responsibilities) {
    for (const t of r.tasks) {
      if (t.kind === 'approval' && t.id === 'estimate') t.approvalDue = { type: 'conference', day: -2, time: '17:00' };
      if (t.kind === 'signoff' && t.id === 'pledge') t.opensAt = 'during';
    }
  }
  return PlanSchema.parse(p);
}

// Conference on 30/3/2023: the estimate is due 27/3 17:00, its approval 28/3 17:00 (Vietnam time).
const ESTIMATE_DUE = '2023-03-27T10:00:00.000Z';
const APPROVAL_DUE = '2023-03-28T10:00:00.000Z';

describe('approval stage and sign-off window', () => {
  it('moves the deadline in force to the approval stage once submitted, and refuses a sign before the conference', async () => {
    const id = suite.env.conferenceId();
    await startConference(suite.env.client, {
      conferenceId: id,
      plan: plan(),
      clock: rehearsal(3_600_000), // plan time stands at 14/3 08:00
      taskQueue: suite.env.taskQueue,
      date: '2023-03-30',
    });
    const child = suite.env.client.workflow.getHandle(responsibilityWorkflowId(id, 'summary'));
    const estimate = async () => (await child.query(responsibilityStatusQuery)).tasks.find((t) => t.id === 'estimate');
    expect((await estimate())?.due).toBe(ESTIMATE_DUE);

    const submitted = await actOnTask(suite.env.client, id, 'summary', {
      action: 'submit',
      taskId: 'estimate',
      actor: org,
    });
    expect(submitted).toMatchObject({ state: 'submitted', due: APPROVAL_DUE });
    await eventually(async () => {
      const status = await conferenceStatus(suite.env.client, id);
      const t = status.responsibilities.flatMap((r) => r.tasks).find((x) => x.id === 'estimate');
      return t?.state === 'submitted' && t.due === APPROVAL_DUE ? true : undefined;
    }, "the conference to show the approval stage's deadline");

    let refused: ReturnType<typeof refusalDetails>;
    try {
      await actOnTask(suite.env.client, id, 'ceremony', { action: 'sign', taskId: 'pledge', actor: unitA });
    } catch (err) {
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      refused = refusalDetails(err);
    }
    expect(refused).toMatchObject({ type: 'KehoachTaskBlocked', field: 'opens' });
    expect(refused?.vi).toContain('Chỉ được ký tại hội nghị');

    const approved = await actOnTask(suite.env.client, id, 'summary', {
      action: 'approve',
      taskId: 'estimate',
      actor: boss,
    });
    expect(approved).toMatchObject({ state: 'done', late: false });
    await cancelConference(suite.env.client, id, { reason: 'Kết thúc thử nghiệm', actor: org });
  });
});
