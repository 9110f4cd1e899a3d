/**
 * The draft's rules (workflows/draft/book.ts), without a server: a duty's values decided in one
 * edit, all or nothing; a proposal kept only where a value is still open; an edit sent twice
 * answered as the first time; every refusal naming its field.
 */
import { describe, expect, it } from 'vitest';
import type { DraftEdit, DraftInput } from '../../domain/drafts';
import { DraftBook } from '../../workflows/draft/book';

const by = { unitId: 'noi-vu', person: 'Nguyễn Thị Lan' };
const due = (day: number) => ({ type: 'conference', day, time: '17:00' });
const input: DraftInput = {
  draftId: 'ke-hoach-abc123',
  source: 'ke-hoach.docx',
  text: '',
  plan: {
    organizer: 'noi-vu',
    responsibilities: [
      {
        tasks: [
          { id: 'a', due: due(-3) },
          { id: 'b', due: due(-3) },
        ],
      },
    ],
  },
  flags: [
    { path: 'organizer', reason: { vi: 'đề xuất', en: 'proposed' } },
    { path: 'responsibilities[0].tasks[0].due', reason: { vi: 'không nêu hạn', en: 'no deadline' } },
  ],
  sources: [
    { id: 'a', clause: 'III.2', sentence: 'Các xã gửi báo cáo' },
    { id: 'b', clause: 'III.2', sentence: 'Các xã gửi báo cáo', sameDutyAs: 'a' },
  ],
  found: { duties: 1, tasks: 2 },
  by,
};

let n = 0;
const edit = (e: Record<string, unknown>): DraftEdit => ({ ...e, by, requestId: `request-${++n}` }) as DraftEdit;
const refusalOf = (book: DraftBook, raw: unknown): unknown => {
  try {
    book.validate(raw);
  } catch (e) {
    return (e as { details?: unknown[] }).details?.[0];
  }
  return undefined;
};

describe('a draft decided duty by duty', () => {
  it('keeps what the importer found and decides a duty on every copy in one edit', () => {
    const book = new DraftBook(input, () => '2026-12-07T23:00:00.000Z');
    expect(book.state.found).toEqual({ duties: 1, tasks: 2 });
    const e = edit({
      op: 'decide',
      accept: ['organizer'],
      set: [
        { path: 'responsibilities[0].tasks[0].due', value: due(-5) },
        { path: 'responsibilities[0].tasks[1].due', value: due(-5) },
      ],
    });
    expect(book.apply(book.validate(e))).toEqual({ edits: 3, versions: 0, openFlags: 0 });
    const tasks = (book.state.plan.responsibilities as { tasks: { due: unknown }[] }[])[0]?.tasks;
    expect(tasks?.map((t) => t.due)).toEqual([due(-5), due(-5)]);
    // Sent again (a retried request): the same answer, nothing applied twice.
    expect(book.apply(book.validate(e))).toEqual({ edits: 3, versions: 0, openFlags: 0 });
  });

  it('refuses the whole decision when one of its values cannot be placed, naming it', () => {
    const book = new DraftBook(input, () => '2026-12-07T23:00:00.000Z');
    const e = edit({
      op: 'decide',
      accept: ['organizer'],
      set: [{ path: 'responsibilities[0].tasks[7].due', value: due(-1) }],
    });
    expect(refusalOf(book, e)).toMatchObject({ field: 'path', en: 'no responsibilities[0].tasks[7].due in the draft' });
    expect(book.state.flags).toHaveLength(2);
    const stale = edit({ op: 'decide', accept: ['conference.venue'], set: [] });
    expect(refusalOf(book, stale)).toMatchObject({ field: 'path', en: 'nothing to review at conference.venue' });
    expect(refusalOf(book, edit({ op: 'decide', accept: [], set: [] }))).toMatchObject({ field: 'accept' });
    const big = edit({
      op: 'decide',
      accept: [],
      set: [{ path: 'organizer', value: 'x'.repeat(30_000) }],
    });
    expect(refusalOf(book, big)).toMatchObject({ field: 'organizer', en: 'the value is too large' });
  });
});
