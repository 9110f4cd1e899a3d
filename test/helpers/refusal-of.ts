/**
 * How a test reads a refusal: the type, field and reasons the engine gave, from a call that
 * throws (a board's validator) or a promise that rejects (an Update, or a client check).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { expect } from 'vitest';
import { refusalDetails, type RefusalDetails } from '../../domain/errors';

/** The refusal a synchronous call throws, or undefined when it does not refuse. */
export function refusalOf(fn: () => unknown): RefusalDetails | undefined {
  try {
    fn();
  } catch (err) {
    return refusalDetails(err);
  }
  return undefined;
}

/**
 * The refusal a call rejects with; fails the test when it is accepted or fails otherwise.
 * `update`: the refusal must come back as a refused Temporal Update (the workflow's validator).
 */
export async function refusalOfCall(p: Promise<unknown>, opts: { update?: boolean } = {}): Promise<RefusalDetails> {
  try {
    await p;
  } catch (err) {
    if (opts.update) expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const details = refusalDetails(err);
    if (!details) throw err;
    return details;
  }
  throw new Error('expected a refusal');
}
