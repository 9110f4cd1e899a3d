/**
 * The draft's state and its rules, beside the thin workflow that registers the handlers
 * (workflow.ts): what an edit may do (shape, path, size, what is still open) and what it does.
 * Each refusal names the field and says why, in both languages; an edit sent twice (same request
 * id) is answered as the first time. Workflow-safe: pure, the clock passed in.
 */
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

export class DraftBook {
  readonly state: DraftState;
  private readonly answered = new Map<string, DraftEditAnswer>();

  constructor(
    input: DraftInput,
    private readonly now: () => string,
  ) {
    this.state = {
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
  }

  /** The edit, or a refusal naming what is wrong with it (run in the Update's validator and again in its handler). */
  validate(raw: unknown): DraftEdit {
    const edit = parseOrRefuse(DraftEditSchema, raw);
    if (this.answered.has(edit.requestId)) return edit;
    const { state } = this;
    switch (edit.op) {
      case 'set':
        if (JSON.stringify(edit.value ?? null).length > DRAFT_LIMITS.valueBytes)
          throw refusal(ErrorType.InvalidPayload, 'value', 'giá trị quá lớn', 'the value is too large');
        this.placed(state.plan, edit.path, edit.value);
        break;
      case 'accept':
        this.flagged(edit.path);
        break;
      case 'decide': {
        edit.accept.forEach((p) => this.flagged(p));
        let plan = state.plan;
        for (const s of edit.set) {
          if (JSON.stringify(s.value ?? null).length > DRAFT_LIMITS.valueBytes)
            throw refusal(ErrorType.InvalidPayload, s.path, 'giá trị quá lớn', 'the value is too large');
          plan = this.placed(plan, s.path, s.value);
        }
        break;
      }
      case 'save':
        if (state.versions.length >= DRAFT_LIMITS.versions)
          throw refusal(
            ErrorType.InvalidPayload,
            'versions',
            'đã đủ số phiên bản tối đa',
            'the draft has its maximum of versions',
          );
        break;
      case 'started':
        if (!state.versions.some((v) => v.version === edit.version))
          throw refusal(
            ErrorType.InvalidPayload,
            'version',
            `không có phiên bản ${edit.version}`,
            `no version ${edit.version}`,
          );
        break;
    }
    return edit;
  }

  /** Applies a validated edit and answers with the counts (the first answer again for a repeat). */
  apply(edit: DraftEdit): DraftEditAnswer {
    const repeat = this.answered.get(edit.requestId);
    if (repeat) return repeat;
    const { state } = this;
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
          at: this.now(),
        });
        break;
      case 'started': {
        const v = state.versions.find((x) => x.version === edit.version);
        if (v) v.startedAs = edit.conferenceId;
        break;
      }
    }
    state.updatedAt = this.now();
    const answer = { edits: state.edits, versions: state.versions.length, openFlags: state.flags.length };
    this.answered.set(edit.requestId, answer);
    return answer;
  }

  private flagged(path: string): void {
    if (!this.state.flags.some((f) => f.path === path))
      throw refusal(
        ErrorType.InvalidPayload,
        'path',
        `không có giá trị nào cần xem lại ở ${path}`,
        `nothing to review at ${path}`,
      );
  }

  /** The same change on a copy: a path that leads nowhere is refused here, never thrown in the handler. */
  private placed(plan: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    try {
      return withValueAt(plan, path, value);
    } catch {
      throw refusal(ErrorType.InvalidPayload, 'path', `không có ${path} trong bản nháp`, `no ${path} in the draft`);
    }
  }
}
