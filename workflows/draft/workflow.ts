/**
 * A plan draft (the organizer's workspace): one workflow per draft, whose history is its edit log.
 * It keeps the draft plan, the values still flagged for review, the saved versions and which
 * version started which conference; each edit is an Update validated here (shape, path, size) and
 * answered with the counts. The plan's own checks run where the schema is (the web), on what the
 * Query returns. It waits for edits for as long as the draft is kept.
 */
import * as wf from '@temporalio/workflow';
import { planNowIso } from '../../domain/clock';
import {
  decides,
  DRAFT_LIMITS,
  DraftEditSchema,
  withValueAt,
  type DraftEdit,
  type DraftEditAnswer,
  type DraftInput,
  type DraftState,
} from '../../domain/drafts';
import { ErrorType, parseOrRefuse, refusal } from '../../domain/errors';
import { draftStateQuery, editDraftUpdate } from '../../domain/messages';

export async function planDraftWorkflow(input: DraftInput): Promise<void> {
  const now = (): string => planNowIso({ mode: 'real' }, Date.now());
  const state: DraftState = {
    draftId: input.draftId,
    source: input.source,
    text: input.text,
    plan: input.plan,
    flags: input.flags,
    sources: input.sources,
    ...(input.found ? { found: input.found } : {}),
    versions: [],
    edits: 0,
    createdBy: input.by,
    createdAt: now(),
    updatedAt: now(),
  };
  const answered = new Map<string, DraftEditAnswer>();
  const answer = (): DraftEditAnswer => ({
    edits: state.edits,
    versions: state.versions.length,
    openFlags: state.flags.length,
  });

  const flagged = (path: string): void => {
    if (!state.flags.some((f) => f.path === path))
      throw refusal(
        ErrorType.InvalidPayload,
        'path',
        `không có giá trị nào cần xem lại ở ${path}`,
        `nothing to review at ${path}`,
      );
  };
  // The same change on a copy: a path that leads nowhere is refused here, never thrown in the handler.
  const placed = (plan: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> => {
    try {
      return withValueAt(plan, path, value);
    } catch {
      throw refusal(ErrorType.InvalidPayload, 'path', `không có ${path} trong bản nháp`, `no ${path} in the draft`);
    }
  };

  const validate = (raw: unknown): DraftEdit => {
    const edit = parseOrRefuse(DraftEditSchema, raw);
    if (answered.has(edit.requestId)) return edit;
    if (edit.op === 'set') {
      if (JSON.stringify(edit.value ?? null).length > DRAFT_LIMITS.valueBytes)
        throw refusal(ErrorType.InvalidPayload, 'value', 'giá trị quá lớn', 'the value is too large');
      placed(state.plan, edit.path, edit.value);
    }
    if (edit.op === 'accept') flagged(edit.path);
    if (edit.op === 'decide') {
      edit.accept.forEach(flagged);
      for (const s of edit.set)
        if (JSON.stringify(s.value ?? null).length > DRAFT_LIMITS.valueBytes)
          throw refusal(ErrorType.InvalidPayload, s.path, 'giá trị quá lớn', 'the value is too large');
      let plan = state.plan;
      for (const s of edit.set) plan = placed(plan, s.path, s.value);
    }
    if (edit.op === 'save' && state.versions.length >= DRAFT_LIMITS.versions)
      throw refusal(
        ErrorType.InvalidPayload,
        'versions',
        'đã đủ số phiên bản tối đa',
        'the draft has its maximum of versions',
      );
    if (edit.op === 'started' && !state.versions.some((v) => v.version === edit.version))
      throw refusal(
        ErrorType.InvalidPayload,
        'version',
        `không có phiên bản ${edit.version}`,
        `no version ${edit.version}`,
      );
    return edit;
  };

  wf.setHandler(draftStateQuery, () => state);
  wf.setHandler(
    editDraftUpdate,
    (raw) => {
      const edit = validate(raw);
      const repeat = answered.get(edit.requestId);
      if (repeat) return repeat;
      switch (edit.op) {
        case 'set':
          state.plan = withValueAt(state.plan, edit.path, edit.value);
          state.flags = state.flags.filter((f) => !decides(edit.path, f.path));
          state.edits++;
          break;
        case 'accept':
          state.flags = state.flags.filter((f) => f.path !== edit.path);
          state.edits++;
          break;
        case 'decide':
          for (const s of edit.set) state.plan = withValueAt(state.plan, s.path, s.value);
          state.flags = state.flags.filter(
            (f) => !edit.accept.includes(f.path) && !edit.set.some((s) => decides(s.path, f.path)),
          );
          state.edits += edit.accept.length + edit.set.length;
          break;
        case 'save':
          state.versions.push({
            version: state.versions.length + 1,
            plan: state.plan,
            openFlags: state.flags.length,
            note: edit.note,
            by: edit.by,
            at: now(),
          });
          break;
        case 'started': {
          const v = state.versions.find((x) => x.version === edit.version);
          if (v) v.startedAs = edit.conferenceId;
          break;
        }
      }
      state.updatedAt = now();
      const a = answer();
      answered.set(edit.requestId, a);
      return a;
    },
    { validator: (raw) => void validate(raw) },
  );
  await wf.condition(() => false);
}
