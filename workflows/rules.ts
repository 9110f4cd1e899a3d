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
import { CALENDAR_MEMO, CALENDAR_VERSION } from '../domain/calendar';
import { RULES_MEMO, SEALED_MESSAGES_BASELINE, SEEDED_BOARDS_BASELINE } from '../domain/run-rules';

/**
 * Each rule folded into a baseline, and the baseline that folded it: every rule decided by a
 * `patched()` marker up to 1 December 2026 is in baseline 8. A later baseline adds its rules
 * here with its own number; an entry is never changed.
 */
const FOLDED_AT = {
  'phase-windows': 8,
  'status-attributes-v2': 8,
  'approval-stage-and-signoff-window': 8,
  'replay-before-closed': 8,
  'nfc-payloads': 8,
  'unit-names-in-notices': 8,
  'stable-timers': 8,
  'living-plan': 8,
  'undelivered-mail': 8,
  'request-id-claims': 8,
  'plan-amendments': 8,
  'email-digest': 8,
  'identity-claims': 8,
  'sealed-messages': SEALED_MESSAGES_BASELINE,
} as const satisfies Record<string, number>;

export type Rule = keyof typeof FOLDED_AT;

/** The baseline this run started under (its memo), 0 for a run started before there was one. */
export function runRules(): number {
  const rules = wf.workflowInfo().memo?.[RULES_MEMO];
  return typeof rules === 'number' && Number.isInteger(rules) ? rules : 0;
}

/**
 * The holiday calendar version this run counts working days on (memo `kehoachCalendar`, written by
 * the client that started the conference and passed to its children): 1 for runs started before
 * the calendar had versions, which knew 2022–2025 only. Kept for the whole run, so replay counts
 * the days it counted (domain/calendar/index.ts).
 */
export function calendarVersion(): number {
  const version = wf.workflowInfo().memo?.[CALENDAR_MEMO];
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1;
}

/**
 * The calendar version this run counts on from now: `current`, or the newest version of this
 * worker's release (domain/calendar/versions.ts) when a release with a newer announcement first
 * runs the conference. Each version taken up is a `patched('calendar-v<N>')` marker, so replay takes
 * it up at the same workflow task and not before, whatever release replays it; a run on version 1
 * (the typed-in years, before the law was computed) keeps it. The caller recounts the deadlines.
 */
export function newerCalendar(current: number): number {
  let version = current;
  if (current < 2) return version;
  for (let next = current + 1; next <= CALENDAR_VERSION; next += 1) if (wf.patched(`calendar-v${next}`)) version = next;
  return version;
}

/** Whether this run started under baseline 8 or later: the children's first boards are built by the conference. */
export function underBaseline(): boolean {
  return runRules() >= SEEDED_BOARDS_BASELINE;
}

/** Whether `rule` is in force: at once under a baseline that folded it, else as `patched()` decides (and marks). */
export function ruleInForce(rule: Rule): boolean {
  return runRules() >= FOLDED_AT[rule] || wf.patched(rule);
}
