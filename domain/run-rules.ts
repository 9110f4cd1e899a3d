/**
 * The rules a conference's workflows run under, named in their memo when they start.
 *
 * Every rule that came after the first conferences sits behind a `patched()` marker, so that
 * their histories replay as they ran. A marker costs two events in every workflow that meets it
 * (the marker, and the SDK's upsert of `TemporalChangeVersion`): 14 in each responsibility at its
 * start, about half of what an idle seed conference cost. A run whose memo says
 * `RULES_BASELINE` or later has every one of those rules in force from its first event, with no
 * marker (workflows/rules.ts lists them); a run without it keeps asking `patched()`, as before.
 *
 * Pure constants (workflow-safe): the client that starts a conference writes the memo, the
 * conference passes it on to its children.
 */

/** The memo field naming the rules a conference and its children run under. */
export const RULES_MEMO = 'kehoachRules';

/**
 * The baseline cut on 1 December 2026: every `patched()` rule up to then (workflows/rules.ts)
 * is in force from the start. Raise it only with a new list there; never lower it.
 */
export const RULES_BASELINE = 8;
