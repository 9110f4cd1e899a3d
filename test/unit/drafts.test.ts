/**
 * The paths a draft's edits use (`responsibilities[3].tasks[1].due`): read, written on a copy,
 * refused when they lead nowhere (the draft workflow refuses such an edit in its validator), and
 * which flags an edit decides.
 */
import { describe, expect, it } from 'vitest';
import { decides, valueAt, withValueAt } from '../../domain/drafts';

const plan = {
  id: 'p',
  responsibilities: [{ id: 'r', tasks: [{ id: 't', title: 'Cũ', due: { type: 'absolute', at: 'x' } }] }],
};

describe('draft paths', () => {
  it('reads and writes a value at a path on a copy, leaving the draft as it was', () => {
    expect(valueAt(plan, 'responsibilities[0].tasks[0].title')).toBe('Cũ');
    const next = withValueAt(plan, 'responsibilities[0].tasks[0].title', 'Mới');
    expect(valueAt(next, 'responsibilities[0].tasks[0].title')).toBe('Mới');
    expect(valueAt(plan, 'responsibilities[0].tasks[0].title')).toBe('Cũ');
    expect(
      valueAt(
        withValueAt(plan, 'responsibilities[0].tasks[0].organizerChoice', true),
        'responsibilities[0].tasks[0].organizerChoice',
      ),
    ).toBe(true);
  });

  it('refuses a path that leads nowhere, naming it', () => {
    expect(() => withValueAt(plan, 'responsibilities[0].tasks[9].title', 'x')).toThrow(
      /responsibilities\[0\]\.tasks\[9\]\.title: no such place/,
    );
    expect(() => withValueAt(plan, 'responsibilities[0].tasks[1]', {})).toThrow(/no such place/);
    expect(() => withValueAt(plan, 'id.deeper', 'x')).toThrow(/no such place/);
    expect(valueAt(plan, 'responsibilities[5].title')).toBeUndefined();
  });

  it('decides the flags at the edited path and inside it, not its neighbours', () => {
    expect(decides('responsibilities[0].tasks[0].due', 'responsibilities[0].tasks[0].due.at')).toBe(true);
    expect(decides('responsibilities[0].tasks[0].due', 'responsibilities[0].tasks[0].due')).toBe(true);
    expect(decides('responsibilities[0].tasks[0].due', 'responsibilities[0].tasks[0].dueNote')).toBe(false);
    expect(decides('responsibilities[0].tasks[1]', 'responsibilities[0].tasks[10].title')).toBe(false);
  });
});
