import { describe, expect, it } from 'vitest';
import { IssueLinkSchema } from '../../domain/actions';
import { ClockSchema } from '../../domain/clock-schema';
import { IsoInstantSchema } from '../../domain/plan/primitives';

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }): string[] =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('instants given from outside (link expiry, rehearsal clock)', () => {
  it('accepts what toISOString writes, with or without seconds and fraction', () => {
    for (const s of [new Date().toISOString(), '2023-03-20T01:00:00Z', '2023-03-20T01:00Z', '2023-03-20T01:00:00.5Z'])
      expect(IsoInstantSchema.safeParse(s).success, s).toBe(true);
  });

  it('refuses local times, offsets, impossible days and other text, saying why', () => {
    expect(messages(IsoInstantSchema.safeParse('2023-03-20T08:00'))).toEqual([
      ': must be an ISO instant such as 2023-03-20T01:00:00Z',
    ]);
    expect(IsoInstantSchema.safeParse('2023-03-20T08:00:00+07:00').success).toBe(false);
    expect(messages(IsoInstantSchema.safeParse('2023-02-30T01:00:00Z'))).toEqual([': is not a real instant']);
    expect(messages(IsoInstantSchema.safeParse('2023-03-20T25:00:00Z'))).toEqual([': is not a real instant']);
    expect(IsoInstantSchema.safeParse('ngày 20 tháng 3 năm 2023').success).toBe(false);
  });

  it('names the field of a link whose expiry is not an instant', () => {
    const link = {
      linkId: 'abcdefgh12',
      unitId: 'noi-vu',
      role: 'unit',
      tokenHash: 'a'.repeat(64),
      expiresAt: '2023-03-31',
      actor: { unitId: 'noi-vu', person: 'Lò Văn A' },
      requestId: 'req-00000001',
    };
    expect(messages(IssueLinkSchema.safeParse(link))).toEqual([
      'expiresAt: must be an ISO instant such as 2023-03-20T01:00:00Z',
    ]);
    expect(IssueLinkSchema.safeParse({ ...link, expiresAt: '2023-03-31T10:00:00.000Z' }).success).toBe(true);
  });

  it('checks a rehearsal clock: a real start instant and a pace within bounds', () => {
    expect(
      ClockSchema.safeParse({ mode: 'rehearsal', planStart: '2023-03-11T01:00:00.000Z', msPerPlanDay: 2000 }).success,
    ).toBe(true);
    expect(messages(ClockSchema.safeParse({ mode: 'rehearsal', planStart: '11/3/2023', msPerPlanDay: 2000 }))).toEqual([
      'planStart: must be an ISO instant such as 2023-03-20T01:00:00Z',
    ]);
    expect(
      ClockSchema.safeParse({ mode: 'rehearsal', planStart: '2023-03-11T01:00:00Z', msPerPlanDay: 10 }).success,
    ).toBe(false);
  });
});
