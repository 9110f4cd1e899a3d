/**
 * Size limits that keep one action small in history (the whole payload is also capped). Apart
 * from `actions.ts` so the catalog of refusal reasons can quote them. Workflow-safe.
 */
export const LIMITS = {
  noteChars: 2000,
  reasonChars: 1000,
  personChars: 120,
  evidenceLinks: 10,
  urlChars: 2048,
  fields: 20,
  fieldChars: 2000,
  payloadBytes: 16_384,
} as const;
