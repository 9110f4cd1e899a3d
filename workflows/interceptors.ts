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
 * - The workflows' own signals to each other (tasksChanged, scheduleChanged, dependencyDone,
 *   planAmended) carry no claim: they are proven by their seal instead, like every message.
 *
 * Before any claim, every message must be sealed by Kehoach for this workflow (domain/seal.ts,
 * docs/sealed-messages.md) and not be one already delivered (same seal id):
 * - a start that is not is refused at once (the run fails with the refusal);
 * - an Update that is not is rejected by its validator (nothing in history);
 * - a Signal that is not is dropped before its handler, and the audit shows it refused.
 * Runs from before sealing have no `sealed-messages` marker: they replay as they ran. A sealed
 * start writes the marker in its first task, so the audit and replay know the rule from there;
 * a run started before sealing writes it with the first unsealed message it refuses.
 */
import * as wf from '@temporalio/workflow';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CLAIM_HEADER, CLAIM_KEY_MEMO, claimDemand, conferenceOfWorkflowId, verifyClaim } from '../domain/claims';
import { CALENDAR_MEMO } from '../domain/calendar';
import { RULES_MEMO } from '../domain/run-rules';
import { ErrorType, refusal } from '../domain/errors';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import type { Activities } from '../activities/types';
import { SEAL_RULE, sealOf, unsealedArgument, unsealedRefusal, type SealFinding } from '../domain/seal';
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

const trustCheck = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
});

function untrustedKey(key: string | undefined) {
  const shown = key ? `${key.slice(0, 16)}…` : undefined;
  return refusal(
    ErrorType.InvalidClaim,
    'memo.kehoachClaimKey',
    `Hội nghị được khởi tạo bằng khóa ký ${shown ?? '(không có)'}, khóa mà hệ thống không tin cậy: không khởi tạo. ` +
      'Thêm khóa công khai vào KEHOACH_TRUSTED_CLAIM_KEYS của worker nếu đó là khóa của đơn vị.',
    `The conference was started with claim key ${shown ?? '(none)'}, which this deployment does not trust: not started. ` +
      "Add the public key to the worker's KEHOACH_TRUSTED_CLAIM_KEYS if it is the office's own.",
  );
}

/**
 * The seal check of one workflow run (an instance per run: the ids it has seen are the run's own,
 * rebuilt the same way on replay).
 */
class SealCheck implements wf.WorkflowInboundCallsInterceptor {
  private readonly seen = new Set<string>();

  /** Why this message may not act (unsealed, or a seal already delivered), or undefined. */
  private problem(
    args: readonly unknown[],
    primitives: 'refuse' | 'pass' = 'refuse',
  ): SealFinding | 'replayed' | undefined {
    const unsealed = unsealedArgument(args, primitives);
    if (unsealed) return unsealed;
    return args.some((a) => this.seen.has(sealOf(a).id!)) ? 'replayed' : undefined;
  }

  private remember(args: readonly unknown[]): void {
    for (const a of args) {
      const id = sealOf(a).id;
      if (id) this.seen.add(id);
    }
  }

  async execute(
    input: wf.WorkflowExecuteInput,
    next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const unsealed = unsealedArgument(input.args);
    if (!unsealed) {
      // The rule is in force from this run's first task; a conference also asks its worker
      // whether the deployment trusts the key it was started with (its children inherit the key).
      if (ruleInForce(SEAL_RULE) && wf.workflowInfo().workflowType === WORKFLOW_TYPE.conference) {
        const key = claimKey();
        if (!key || !(await trustCheck.trustsClaimKey(key))) throw untrustedKey(key);
      }
      return next(input);
    }
    // Not sealed: a run from before sealing replays as it ran; a new one is refused.
    if (ruleInForce(SEAL_RULE)) throw unsealedRefusal(wf.workflowInfo().workflowType, unsealed);
    return next(input);
  }

  validateUpdate(input: wf.UpdateInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    // Validators run only when an Update arrives, never on replay: no rule to ask.
    const problem = this.problem(input.args, 'pass');
    if (problem) throw unsealedRefusal(input.name, problem);
    next(input);
  }

  handleUpdate(
    input: wf.UpdateInput,
    next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    this.remember(input.args);
    return next(input);
  }

  handleSignal(
    input: wf.SignalInput,
    next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleSignal'>,
  ): Promise<void> {
    const problem = this.problem(input.args);
    if (problem && ruleInForce(SEAL_RULE)) {
      const reason = problem === 'replayed' ? 'replayed' : problem.state;
      wf.log.warn('Refused signal: Kehoach did not seal it for this workflow', { signal: input.signalName, reason });
      return Promise.resolve();
    }
    this.remember(input.args);
    return next(input);
  }
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
  inbound: [new SealCheck(), new ClaimCheck()],
  outbound: [new MemoToChildren()],
});
