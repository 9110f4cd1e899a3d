/**
 * The importer's one entry: document bytes → a draft plan with its flags, or a refusal. A text
 * that has neither the "KẾ HOẠCH" title nor sections I–III, or from which no duty can be read, is
 * not a plan and is refused; nothing is written in either case (writing is the caller's).
 */
import { draftFromText, type DraftResult } from './draft';
import { outline } from './outline';
import { readDocument, type DocumentFormat } from './read';
import { refuse } from './import-refusal';

export { ImportRefusal } from './import-refusal';
export type { DraftResult } from './draft';
export type { Flag } from './flags';

export interface ImportResult extends DraftResult {
  format: DocumentFormat;
  /** The document's text as read, so a reviewer can see each task's sentence in it. */
  text: string;
}

export async function importDocument(bytes: Uint8Array, name: string): Promise<ImportResult> {
  const { format, text } = await readDocument(bytes, name);
  const doc = outline(text);
  const sections = doc.blocks.filter((b) => b.kind === 'roman').length;
  const titled = doc.header.some((l) => /^KẾ HOẠCH\b/u.test(l)) || /\bKế hoạch\b/u.test(doc.header.join(' '));
  if (!titled || sections < 2) {
    throw refuse(
      'not-a-plan',
      `Tệp "${name}" không phải là một kế hoạch: không có tiêu đề "KẾ HOẠCH" và các mục I, II, III`,
      `File "${name}" is not a plan (kế hoạch): it has no "KẾ HOẠCH" title and no sections I, II, III`,
    );
  }
  const draft = draftFromText(text);
  if ((draft.plan.responsibilities as unknown[]).length === 0) {
    throw refuse(
      'not-a-plan',
      `Tệp "${name}" không giao việc cho đơn vị nào (không có mục "Tổ chức thực hiện" với các đơn vị được đánh số)`,
      `File "${name}" gives no work to any unit (no "Tổ chức thực hiện" section with numbered units)`,
    );
  }
  return { ...draft, format, text };
}
