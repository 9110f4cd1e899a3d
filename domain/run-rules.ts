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
 * The baseline a conference starts under today, written in its memo by the client that starts it.
 * Baseline 8 (1 December 2026) folded every `patched()` rule up to then (workflows/rules.ts);
 * baseline 9 (7 December 2026) folds sealed messages. Raise it only with a new entry there;
 * never lower it.
 */
export const RULES_BASELINE = 9;

/** The first baseline whose children's first boards are built by the conference (not reported). */
export const SEEDED_BOARDS_BASELINE = 8;

/** The baseline that has sealed messages (domain/seal.ts) from a run's first event, with no marker. */
export const SEALED_MESSAGES_BASELINE = 9;
