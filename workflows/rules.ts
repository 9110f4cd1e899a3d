/**
 * Whether a rule newer than the first conferences is in force in this run (domain/run-rules.ts).
 *
 * A run started under the baseline (memo `kehoachRules` ≥ 8) has every rule listed here from its
 * first event, and writes no marker for them; any other run asks `patched()` as it always did,
 * so the histories recorded before (test/fixtures/histories/v1–v7) replay unchanged. A rule added
 * after the baseline is not listed: it is asked with `patched()` in every run, until a later
 * baseline lists it.
 */
import * as wf from '@temporalio/workflow';
import { RULES_BASELINE, RULES_MEMO } from '../domain/run-rules';

/** The `patched()` ids folded into baseline 8: every rule decided by a marker up to 1 December 2026. */
export type Rule =
  | 'phase-windows'
  | 'status-attributes-v2'
  | 'approval-stage-and-signoff-window'
  | 'replay-before-closed'
  | 'nfc-payloads'
  | 'unit-names-in-notices'
  | 'stable-timers'
  | 'living-plan'
  | 'undelivered-mail'
  | 'request-id-claims'
  | 'plan-amendments'
  | 'email-digest'
  | 'identity-claims';

/** The rules this run started under (its memo), 0 for a run started before there were any. */
export function runRules(): number {
  const rules = wf.workflowInfo().memo?.[RULES_MEMO];
  return typeof rules === 'number' && Number.isInteger(rules) ? rules : 0;
}

/** Whether this run started under baseline 8 or later: every rule listed here holds, with no marker. */
export function underBaseline(): boolean {
  return runRules() >= RULES_BASELINE;
}

/** Whether `rule` is in force: at once under the baseline, else as `patched()` decides (and marks). */
export function ruleInForce(rule: Rule): boolean {
  return underBaseline() || wf.patched(rule);
}
