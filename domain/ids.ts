/**
 * Workflow ids come from business keys, never random: a conference is `conference:<id>` and each
 * of its responsibilities `conference:<id>:<responsibility>`. Starting the same conference twice
 * is refused by Temporal itself, and anyone can find a workflow from the plan alone.
 */
import { z } from 'zod';
import { REASON } from './reasons';

export const TASK_QUEUE = 'kehoach';

export const ConferenceIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, REASON.conferenceSlug.en)
  .max(80, REASON.conferenceIdLength.en);

export function conferenceWorkflowId(conferenceId: string): string {
  return `conference:${conferenceId}`;
}

export function responsibilityWorkflowId(conferenceId: string, responsibilityId: string): string {
  return `conference:${conferenceId}:${responsibilityId}`;
}

/** A plan draft of the organizer's workspace: `draft:<id>`. */
export function draftWorkflowId(draftId: string): string {
  return `draft:${draftId}`;
}

/** The refusal log of a conference: `refusals:<id>` (not `conference:…`: it carries no claims). */
export function refusalLogWorkflowId(conferenceId: string): string {
  return `refusals:${conferenceId}`;
}

/**
 * The archiving of a conference's record (`archive:<id>`): one per conference, so a second start
 * (the conference's own at close, an operator's `kehoach archive`) finds the first.
 */
export function archiveWorkflowId(conferenceId: string): string {
  return `archive:${conferenceId}`;
}
