/**
 * The claim of who acts (domain/claims.ts), as the workflows and the audit check it: each way a
 * claim fails is refused with the field `claim` and its reason in both languages; the checks read
 * the payload's own words (NFC, trimmed) and leave malformed payloads to the payload's schema.
 */
import { describe, expect, it } from 'vitest';
import { claimFor, linkSigner, operatorSigner } from '../../client/claims';
import { claimDemand, verifyClaim, type SignedClaim } from '../../domain/claims';
import { refusalDetails } from '../../domain/errors';
import { newSecretKey, publicKeyOf, keyFingerprint } from '../../domain/signature';

const secretKey = newSecretKey();
const publicKey = publicKeyOf(secretKey);
const key = { secretKey, publicKey, fingerprint: keyFingerprint(publicKey), source: 'test' };
const wf = 'conference:tua-chua-2022:districts';
const now = Date.parse('2026-11-30T08:00:00Z');
const payload = {
  taskId: 'districts.muong-cha.report',
  action: 'submit',
  actor: { unitId: 'muong-cha', person: 'Lò Văn Puôn' },
  requestId: 'mc-report-0001',
};

function refusal(raw: unknown, args: unknown[] = [payload], name = 'taskAction', at = now) {
  try {
    verifyClaim(raw, publicKey, { conferenceId: 'tua-chua-2022', nowMs: at, demand: claimDemand(name, args) ?? {} });
  } catch (err) {
    return refusalDetails(err);
  }
  return undefined;
}

describe('claims of who acts', () => {
  it('accepts an operator claim for what the payload says, and a link claim for its own unit', () => {
    expect(refusal(claimFor(operatorSigner(key), wf, 'taskAction', [payload], now))).toBeUndefined();
    const mc = linkSigner(key, { linkId: 'link-mc', unitId: 'muong-cha', role: 'unit' });
    expect(refusal(claimFor(mc, wf, 'taskAction', [payload], now))).toBeUndefined();
    // The person as another keyboard composed it (NFD) is the same person.
    const nfd = { ...payload, actor: { unitId: 'muong-cha', person: 'Lò Văn Puôn'.normalize('NFD') } };
    expect(refusal(claimFor(mc, wf, 'taskAction', [payload], now), [nfd])).toBeUndefined();
  });

  it('refuses each way a claim can fail, naming the field claim, in Vietnamese and English', () => {
    const op = operatorSigner(key);
    const signed = claimFor(op, wf, 'taskAction', [payload], now) as SignedClaim;
    const cases: [unknown, RegExp][] = [
      [undefined, /^No claim of who acts/],
      [{ claim: {}, signature: 'x' }, /^The claim is malformed/],
      [{ ...signed, claim: { ...signed.claim, unitId: 'muong-nhe' } }, /does not match the deployment's key/],
      [
        claimFor(operatorSigner({ ...key, secretKey: newSecretKey() }), wf, 'taskAction', [payload], now),
        /does not match/,
      ],
      [claimFor(op, wf, 'taskAction', [payload], now - 10 * 60_000), /^The claim expired at /],
      [claimFor(op, 'conference:other:districts', 'taskAction', [payload], now), /is for conference "other"/],
      [
        claimFor(linkSigner(key, { linkId: 'l', unitId: 'muong-nhe', role: 'unit' }), wf, 'taskAction', [payload], now),
        /is for unit "muong-nhe", not "muong-cha"/,
      ],
      [
        claimFor(op, wf, 'taskAction', [{ ...payload, requestId: 'another-0001' }], now),
        /is for request "another-0001"/,
      ],
      [
        claimFor(op, wf, 'taskAction', [{ ...payload, taskId: 'districts.muong-cha.delegates' }], now),
        /is for task "districts.muong-cha.delegates"/,
      ],
    ];
    for (const [raw, en] of cases) {
      const r = refusal(raw);
      expect(r?.field).toBe('claim');
      expect(r?.type).toBe('KehoachInvalidClaim');
      expect(r?.en).toMatch(en);
      expect(r?.vi).toMatch(/chứng thực/i);
    }
  });

  it("needs the organizer's or an operator's claim for the organizer's commands and task actions", () => {
    const unit = linkSigner(key, { linkId: 'l', unitId: 'noi-vu', role: 'unit' });
    const organizer = linkSigner(key, { linkId: 'o', unitId: 'noi-vu', role: 'organizer' });
    const setDate = [
      { date: '2023-03-28', reason: 'Giấy mời', actor: { unitId: 'noi-vu', person: 'Lan' }, requestId: 'date-0001' },
    ];
    const cwf = 'conference:tua-chua-2022';
    expect(refusal(claimFor(unit, cwf, 'setConferenceDate', setDate, now), setDate, 'setConferenceDate')?.en).toMatch(
      /needs the organizer's or an operator's claim/,
    );
    expect(
      refusal(claimFor(organizer, cwf, 'setConferenceDate', setDate, now), setDate, 'setConferenceDate'),
    ).toBeUndefined();
    const extend = [{ ...payload, action: 'extend', actor: { unitId: 'noi-vu', person: 'Lan' } }];
    expect(refusal(claimFor(unit, wf, 'taskAction', extend, now), extend)?.en).toMatch(/needs the organizer's/);
    // returnWork is the lead's too: a unit's link may claim it.
    const giveBack = [{ ...payload, action: 'returnWork', actor: { unitId: 'noi-vu', person: 'Lan' } }];
    expect(refusal(claimFor(unit, wf, 'taskAction', giveBack, now), giveBack)).toBeUndefined();
  });

  it("asks nothing of queries and of the workflows' own signals, and leaves bad payloads to their schema", () => {
    expect(claimDemand('tasksChanged', [{}])).toBeUndefined();
    expect(claimDemand('dependencyDone', [{}])).toBeUndefined();
    expect(claimDemand('conferenceStatus', [])).toBeUndefined();
    // A payload whose actor is not an object: nothing to compare, the action's schema refuses it.
    expect(claimDemand('taskAction', [{ taskId: 3, actor: 'x' }])).toEqual({
      unitId: undefined,
      person: undefined,
      requestId: undefined,
      taskId: undefined,
    });
  });
});
