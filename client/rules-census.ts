/**
 * How many open conferences run under each rules baseline: what an operator reads before the
 * branches of an older baseline are deleted (docs/rules-baseline.md). A conference's baseline is
 * the memo `kehoachRules` the client wrote when it started it (domain/run-rules.ts); a conference
 * started before there was one has none, baseline 0, and still runs every `patched()` branch.
 *
 * The memo is not a search attribute, so the census lists the running conference workflows
 * (visibility) and reads each one's memo: one page of the list per 1,000 conferences or so, no
 * call to a workflow. Children inherit their parent's baseline and are not counted apart.
 */
import type { Client } from '@temporalio/client';
import { RULES_MEMO } from '../domain/run-rules';
import { ConferenceIdKey } from '../domain/search-attributes';
import { WORKFLOW_TYPE } from '../domain/workflow-types';

/** The open conferences of one baseline. */
export interface BaselineCensus {
  /** The baseline (memo `kehoachRules`); 0 for a conference started before there was one. */
  rules: number;
  open: number;
  /** Their ids, sorted. */
  conferences: string[];
}

/** The baseline a memo value names, read as the workflows read it (workflows/rules.ts `runRules`). */
export function baselineOf(memoValue: unknown): number {
  return typeof memoValue === 'number' && Number.isInteger(memoValue) ? memoValue : 0;
}

/** The running conferences, counted by the baseline they run under, oldest baseline first. */
export async function openConferencesByRules(client: Client): Promise<BaselineCensus[]> {
  const query = `WorkflowType = "${WORKFLOW_TYPE.conference}" AND ExecutionStatus = "Running"`;
  const byRules = new Map<number, string[]>();
  for await (const w of client.workflow.list({ query })) {
    const rules = baselineOf(w.memo?.[RULES_MEMO]);
    const id = w.typedSearchAttributes.get(ConferenceIdKey) ?? w.workflowId.replace(/^conference:/, '');
    byRules.set(rules, [...(byRules.get(rules) ?? []), id]);
  }
  return [...byRules.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rules, ids]) => ({ rules, open: ids.length, conferences: ids.sort() }));
}
