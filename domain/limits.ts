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
  /**
   * An HTTP request body (JSON or form) the web reads at most: a few times the largest payload
   * (forms spend bytes on percent-encoding), refused with 413 before the rest is read.
   */
  requestBodyBytes: 65_536,
} as const;
