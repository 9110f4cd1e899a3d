/**
 * Carries a signal from one of Kehoach's workflows to another (a responsibility's changes to its
 * conference, the conference's dependencies, dates and amendments to a responsibility), run as a
 * local activity in the sender's workflow task. Sent this way, a signal costs the sender one
 * marker instead of the two events of `SignalExternalWorkflowExecution` and the extra workflow
 * task its acknowledgement brings, and it is in the receiver's history before the sender's task
 * ends: a unit's Update answers only once the conference has the change, so a board read right
 * after shows it.
 *
 * Delivery is at least once: a sender's task that fails after the signal went sends it again on
 * retry. Every receiver applies these signals idempotently (a task's newest view, a dependency
 * done once, the same date, an amendment already applied). A receiver that has closed is not an
 * error: the answer says so and the sender goes on, as it did with a signal to a closed workflow.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { RelayedSignal } from './types';

export async function relaySignal(signal: RelayedSignal): Promise<{ delivered: boolean }> {
  try {
    await Context.current()
      .client.workflow.getHandle(signal.workflowId)
      .signal(signal.name, ...signal.args);
    return { delivered: true };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { delivered: false };
    throw err;
  }
}
