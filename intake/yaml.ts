/**
 * The draft as a YAML file: the plan in its usual shape, preceded by a `review:` list with one
 * entry per flagged value (path, reason in Vietnamese and English, clause, source sentence).
 * The plan format has no `review` field, so `kehoach plan check` refuses the file while entries
 * remain: deciding a value means setting it at its path and deleting its entry; once `review:` is
 * gone the file is a plan like any other.
 */
import { Document } from 'yaml';
import type { DraftResult } from './draft';

export function draftYaml(result: DraftResult, source: string): string {
  const review = result.flags.map((f) => ({
    path: f.path,
    reason: f.reason.vi,
    reasonEn: f.reason.en,
    ...(f.clause !== undefined ? { clause: f.clause } : {}),
    ...(f.sentence !== undefined ? { sentence: f.sentence } : {}),
  }));
  const doc = new Document({ review, ...result.plan }, { aliasDuplicateObjects: false });
  const c = result.counts;
  doc.commentBefore = [
    ` Bản nháp kế hoạch nhập từ "${source}" (kehoach plan import).`,
    ...(c
      ? [` Văn bản giao ${c.duties} nhiệm vụ (${c.tasks} việc theo dõi); còn ${c.toDecide} giá trị cần quyết định.`]
      : []),
    ' Mỗi mục trong review: là một giá trị văn bản không nêu; bản nháp ghi sẵn một đề xuất ở đường dẫn',
    ' (path) đó. Quyết định giá trị rồi xóa mục; khi đã xóa hết review:, chạy kehoach plan check.',
    ` Draft plan imported from "${source}".${c ? ` ${c.duties} duties (${c.tasks} tracked tasks), ${c.toDecide} values to decide.` : ''}`,
    ' Each review: entry is a value the document does not state;',
    ' the draft holds a proposal at its path. Decide it and delete the entry; once review: is gone,',
    ' run kehoach plan check.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
