import { describe, expect, it } from 'vitest';
import { fitRefusalEntry, parseRefusalEntry, type RefusalLogEntry } from '../../domain/refusals';

const entry: RefusalLogEntry = {
  time: '2026-11-30T22:00:00.000Z',
  conferenceId: 'tua-chua-2022',
  taskId: 'districts.muong-nhe.report',
  action: 'complete',
  unit: 'muong-nhe',
  person: 'Lò Văn A',
  requestId: 'r-0001',
  field: 'person',
  reason: 'must be at most 120 characters',
  reasonVi: 'tối đa 120 ký tự',
  type: 'KehoachInvalidPayload',
  via: 'web',
};

describe('a refused attempt written to the refusal log', () => {
  it('keeps an ordinary attempt as it is', () => {
    expect(fitRefusalEntry(entry)).toEqual(entry);
    expect(parseRefusalEntry(fitRefusalEntry(entry))).toEqual(entry);
  });

  it('is recorded, cut to the log’s limits, when the caller sent too much or nothing', () => {
    const excess = {
      ...entry,
      action: '',
      person: `Lò ${'x'.repeat(1000)}`,
      taskId: 't'.repeat(500),
      requestId: 42 as unknown as string,
    };
    // Before: the log workflow dropped such an entry as malformed, and the attempt was lost.
    expect(parseRefusalEntry(excess)).toBeUndefined();
    const fitted = parseRefusalEntry(fitRefusalEntry(excess));
    expect(fitted).toMatchObject({ action: '—', requestId: '42', unit: 'muong-nhe', field: 'person' });
    expect(fitted?.person).toHaveLength(400);
    expect(fitted?.person?.endsWith('…')).toBe(true);
    expect(fitted?.person?.startsWith('Lò xxx')).toBe(true);
    expect(fitted?.taskId).toHaveLength(200);
  });
});
