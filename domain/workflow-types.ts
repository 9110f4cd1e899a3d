/**
 * The names Temporal knows the workflows by (the worker registers the functions exported by
 * workflows/index.ts under their own names). Whoever reads or lists workflows by type (the audit,
 * visibility queries) takes the name from here, so a renamed workflow is renamed in one place.
 * Readers that can see workflows/ check these against its exports at compile time.
 */
export const WORKFLOW_TYPE = {
  conference: 'conferenceWorkflow',
  responsibility: 'responsibilityWorkflow',
  draft: 'planDraftWorkflow',
  refusalLog: 'refusalLogWorkflow',
  archive: 'archiveWorkflow',
} as const;
