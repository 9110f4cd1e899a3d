/**
 * Workflow ids come from business keys, never random: a conference is `conference:<id>` and each
 * of its responsibilities `conference:<id>:<responsibility>`. Starting the same conference twice
 * is refused by Temporal itself, and anyone can find a workflow from the plan alone.
 */
import { z } from 'zod';

export const TASK_QUEUE = 'kehoach';

export const ConferenceIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "tua-chua-2022"')
  .max(80, 'must be at most 80 characters');

export function conferenceWorkflowId(conferenceId: string): string {
  return `conference:${conferenceId}`;
}

export function responsibilityWorkflowId(conferenceId: string, responsibilityId: string): string {
  return `conference:${conferenceId}:${responsibilityId}`;
}
