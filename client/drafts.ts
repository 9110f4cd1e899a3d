/**
 * The organizer's plan drafts (domain/drafts.ts), each a workflow whose history is its edit log:
 * start one from an imported document or from a conference's plan, read it, edit it, list them.
 */
import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { DraftEdit, DraftEditAnswer, DraftInput, DraftState } from '../domain/drafts';
import { draftWorkflowId, TASK_QUEUE } from '../domain/ids';
import { draftStateQuery, editDraftUpdate } from '../domain/messages';
import { WORKFLOW_TYPE } from '../domain/workflow-types';
import type * as workflows from '../workflows/index';

export async function startDraft(client: Client, input: DraftInput, taskQueue = TASK_QUEUE): Promise<void> {
  await client.workflow.start<typeof workflows.planDraftWorkflow>(WORKFLOW_TYPE.draft, {
    taskQueue,
    workflowId: draftWorkflowId(input.draftId),
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [input],
    staticSummary: `Bản nháp kế hoạch: ${input.source}`,
  });
}

export function draftState(client: Client, draftId: string): Promise<DraftState> {
  return client.workflow.getHandle(draftWorkflowId(draftId)).query(draftStateQuery);
}

export function editDraft(client: Client, draftId: string, edit: DraftEdit): Promise<DraftEditAnswer> {
  return client.workflow.getHandle(draftWorkflowId(draftId)).executeUpdate(editDraftUpdate, { args: [edit] });
}

/** The drafts kept, newest first. */
export async function listDrafts(client: Client): Promise<{ draftId: string; startedAt: string }[]> {
  const out: { draftId: string; startedAt: string }[] = [];
  for await (const w of client.workflow.list({
    query: `WorkflowType = "${WORKFLOW_TYPE.draft}" AND ExecutionStatus = "Running"`,
  }))
    out.push({ draftId: w.workflowId.replace(/^draft:/, ''), startedAt: w.startTime.toISOString() });
  return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
