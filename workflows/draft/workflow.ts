/**
 * A plan draft (the organizer's workspace): one workflow per draft, whose history is its edit log.
 * It keeps the draft plan, the values still flagged for review, the saved versions and which
 * version started which conference (the state and its rules: book.ts); each edit is an Update,
 * because the workspace shows the refusal or the new counts at once. The plan's own checks run
 * where the schema is (the web), on what the Query returns. It waits for edits for as long as the
 * draft is kept.
 */
import * as wf from '@temporalio/workflow';
import { planNowIso } from '../../domain/clock';
import type { DraftInput } from '../../domain/drafts';
import { draftStateQuery, editDraftUpdate } from '../../domain/messages';
import { DraftBook } from './book';

export async function planDraftWorkflow(input: DraftInput): Promise<void> {
  const book = new DraftBook(input, () => planNowIso({ mode: 'real' }, Date.now()));
  wf.setHandler(draftStateQuery, () => book.state);
  wf.setHandler(editDraftUpdate, (raw) => book.apply(book.validate(raw)), {
    validator: (raw) => void book.validate(raw),
  });
  await wf.condition(() => false);
}
