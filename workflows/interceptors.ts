/**
 * The workflows check who acts themselves: every Update and Signal that acts on a conference
 * must carry a claim (domain/claims.ts) signed with the key the conference was started with
 * (memo `kehoachClaimKey`), for this conference, not expired by workflow time, and saying the
 * same unit, person, request id and task as its payload. Registered on the worker through
 * `interceptors.workflowModules` (and bundled with `workflowInterceptorModules`).
 *
 * - Updates: checked in the validator path, so a refused Update leaves nothing in history.
 * - Signals: a Signal is in history whatever it carries; one with a bad claim is dropped before
 *   its handler (nothing changes) and the audit, which checks the same claim, shows it refused.
 * - Conferences started before claims have no key in their memo: they keep their first rules
 *   (no check), so their histories replay as they ran. The first claimed action of a conference
 *   with a key writes the marker `identity-claims` (see `handleUpdate`/`handleSignal`), unless it
 *   runs under the rules baseline (workflows/rules.ts), which has the rule from its start.
 * - Children get the key and the rules from their parent (`startChildWorkflowExecution` adds them to their memo).
 * - Known gap: the workflows' own signals to each other (tasksChanged, scheduleChanged,
 *   dependencyDone, planAmended) carry no claim; a caller that reaches Temporal could send them.
 */
import * as wf from '@temporalio/workflow';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CLAIM_HEADER, CLAIM_KEY_MEMO, claimDemand, conferenceOfWorkflowId, verifyClaim } from '../domain/claims';
import { CALENDAR_MEMO } from '../domain/calendar';
import { RULES_MEMO } from '../domain/run-rules';
import { ruleInForce, runRules } from './rules';

/** The key this workflow verifies claims with; none for workflows started before claims. */
function claimKey(): string | undefined {
  const key = wf.workflowInfo().memo?.[CLAIM_KEY_MEMO];
  return typeof key === 'string' ? key : undefined;
}

function headerClaim(headers: Record<string, Payload>): unknown {
  const p = headers[CLAIM_HEADER];
  if (!p) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(p);
  } catch {
    return { malformed: true };
  }
}

/** Throws the refusal of a message whose claim does not hold; returns whether one was checked. */
function check(name: string, args: readonly unknown[], headers: Record<string, Payload>): boolean {
  const key = claimKey();
  if (!key) return false;
  const demand = claimDemand(name, args);
  if (!demand) return false;
  const info = wf.workflowInfo();
  verifyClaim(headerClaim(headers), key, {
    conferenceId: conferenceOfWorkflowId(info.workflowId) ?? '?',
    nowMs: Date.now(),
    demand,
  });
  return true;
}

class ClaimCheck implements wf.WorkflowInboundCallsInterceptor {
  validateUpdate(input: wf.UpdateInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    check(input.name, input.args, input.headers);
    next(input);
  }

  // Not `async`: an extra await would move the Update's completion among the workflow's commands.
  handleUpdate(
    input: wf.UpdateInput,
    next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    // Accepted, so its claim held (validators do not run on replay): the marker dates the first one
    // (a run under the rules baseline has the rule from its start and writes none).
    if (claimKey() && claimDemand(input.name, input.args)) ruleInForce('identity-claims');
    return next(input);
  }

  handleSignal(
    input: wf.SignalInput,
    next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleSignal'>,
  ): Promise<void> {
    if (claimKey() && claimDemand(input.signalName, input.args) && ruleInForce('identity-claims')) {
      try {
        check(input.signalName, input.args, input.headers);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        wf.log.warn('Refused signal: its claim does not hold', { signal: input.signalName, reason });
        return Promise.resolve();
      }
    }
    return next(input);
  }
}

/**
 * A child verifies with its parent's key and runs under its parent's rules (domain/run-rules.ts).
 * A parent started before either passes on nothing, so its children start as they did then.
 */
class MemoToChildren implements wf.WorkflowOutboundCallsInterceptor {
  startChildWorkflowExecution(
    input: wf.StartChildWorkflowExecutionInput,
    next: wf.Next<wf.WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    const key = claimKey();
    const rules = runRules();
    const calendar = wf.workflowInfo().memo?.[CALENDAR_MEMO];
    if (!key && rules === 0 && calendar === undefined) return next(input);
    const memo = {
      ...input.options.memo,
      ...(key ? { [CLAIM_KEY_MEMO]: key } : {}),
      ...(rules > 0 ? { [RULES_MEMO]: rules } : {}),
      ...(calendar !== undefined ? { [CALENDAR_MEMO]: calendar } : {}),
    };
    return next({ ...input, options: { ...input.options, memo } });
  }
}

export const interceptors: wf.WorkflowInterceptorsFactory = () => ({
  inbound: [new ClaimCheck()],
  outbound: [new MemoToChildren()],
});
