/**
 * Plan validation: shape (zod), NFC, then the semantic checks, with every problem reported at
 * once in Vietnamese and English.
 *
 * Workflow-safe (zod is pure JavaScript): the conference workflow may re-validate the plan it
 * was started with. File reading and line numbers live in `load.ts`.
 */
import { checkPlan } from './checks';
import type { PlanIssue } from './issues';
import { normalizeNfc } from './normalize';
import { PlanSchema, type Plan } from './schema';
import { fromZodIssues } from './zod-issues';

export type { PlanIssue } from './issues';

export type PlanValidation = { ok: true; plan: Plan } | { ok: false; issues: PlanIssue[] };

/**
 * Turns untrusted data (parsed YAML, a workflow argument) into a `Plan`, or lists everything
 * wrong with it. Strings are normalised to NFC first so that the same Vietnamese name typed two
 * ways is one name. Semantic checks run only when the shape is right, because they rely on it.
 */
export function validatePlan(input: unknown): PlanValidation {
  const parsed = PlanSchema.safeParse(normalizeNfc(input));
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  const issues = checkPlan(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, plan: parsed.data };
}
