/**
 * Request ids belong to the conference, not to one responsibility, and a repeated request gets
 * its first answer even once its responsibility has closed. Both rest on Temporal's own
 * de-duplication of Updates by id, which holds for the life of a workflow and after it closes:
 *
 * - First the responsibility is asked (a Query: nothing written) whether it would take the
 *   action: a request it would refuse is not claimed, and its validator refuses it as before,
 *   so bad input leaves no trace anywhere.
 * - Then the request id is claimed for its task on the conference workflow under the
 *   Update id `request-claim:<request id>`. The first claim is the answer to every later one, so
 *   the same id sent for a task of another responsibility is refused here, with no list of ids
 *   kept in the workflow's state (history holds the claim: one small Update per action).
 * - The action goes to the responsibility under an Update id made of the request id and a hash
 *   of the payload: the same request again is answered by Temporal with the recorded result,
 *   also when the workflow has finished (the action closed its last task); another payload
 *   under the same request id gets a new Update id, reaches the validator and is refused there.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { RequestClaim, TaskActionInput } from '../domain/actions';
import { ErrorType, refusal } from '../domain/errors';
import { conferenceWorkflowId, responsibilityWorkflowId } from '../domain/ids';
import { checkTaskActionQuery, claimRequestIdUpdate } from '../domain/messages';
import { fingerprint } from '../workflows/responsibility/records';

/** The Update id of a claim: the request id alone, so every claim of one id meets the first. */
export function claimUpdateId(requestId: string): string {
  return `request-claim:${requestId}`;
}

/** The Update id of an action: its request id and what it asks, so only the same request meets the first. */
export function actionUpdateId(action: TaskActionInput): string {
  const digest = createHash('sha256').update(fingerprint(action)).digest('hex').slice(0, 32);
  return `action:${action.requestId}:${digest}`;
}

/** Claims `requestId` for `taskId` in the conference; refuses an id the conference already gave another task. */
export async function claimRequestId(client: Client, conferenceId: string, claim: RequestClaim): Promise<void> {
  const first = await client.workflow
    .getHandle(conferenceWorkflowId(conferenceId))
    .executeUpdate(claimRequestIdUpdate, { args: [claim], updateId: claimUpdateId(claim.requestId) });
  if (first.taskId !== claim.taskId) {
    throw refusal(
      ErrorType.DuplicateRequest,
      'requestId',
      `Mã yêu cầu "${claim.requestId}" đã được dùng cho công việc "${first.taskId}" của hội nghị này; mỗi yêu cầu cần một mã mới.`,
      `Request id "${claim.requestId}" was already used for task "${first.taskId}" of this conference; each request needs a new id.`,
    );
  }
}

/**
 * Whether the responsibility would take the action now (or answer it as a repeat). Only then is
 * the request id claimed; a refused action goes on unclaimed, so the workflow's validator gives
 * its refusal and nothing is written anywhere. A responsibility that cannot be asked (gone, or a
 * worker without the query) is treated as willing: the Update then answers.
 */
export async function wouldTake(
  client: Client,
  conferenceId: string,
  responsibilityId: string,
  action: TaskActionInput,
): Promise<boolean> {
  try {
    const check = await client.workflow
      .getHandle(responsibilityWorkflowId(conferenceId, responsibilityId))
      .query(checkTaskActionQuery, action);
    return check.ok;
  } catch {
    return true;
  }
}
