/**
 * The audit module's public face: callers (the CLI, the web service, tests) import from here and
 * need not know how reading, decoding and row building are split.
 */
export { buildAudit, auditRows } from './row-rules';
export type { AuditKind, AuditRow, AuditSource } from './row';
export {
  childWorkflowIds,
  conferenceIdOf,
  decodeWorkflow,
  type ConferenceChange,
  type ConferenceFacts,
  type EventRef,
  type NotificationFact,
  type OtherFacts,
  type ResponsibilityFacts,
  type TaskAttempt,
  type WorkflowFacts,
  type WorkflowHistory,
} from './decode';
export { fetchConferenceHistories, historyFromJson, readHistoryFiles } from './read';
