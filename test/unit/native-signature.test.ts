import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signTextNative } from '../../client/native-signature';
import { publicKeyOf, signText, verifyText } from '../../domain/signature';

describe("the callers' native Ed25519 signing", () => {
  it('gives the very signature the workflows verify, for any key and any text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ unit: 'binary' }), (seed, text) => {
        const secret = Buffer.from(seed).toString('hex');
        const native = signTextNative(text, secret);
        expect(native).toBe(signText(text, secret));
        expect(verifyText(text, native, publicKeyOf(secret))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('signs what was written: another text or another key does not verify', () => {
    const secret = 'a'.repeat(64);
    const signature = signTextNative('Giàng A Páo nộp báo cáo', secret);
    expect(verifyText('Giàng A Páo nộp báo cáo', signature, publicKeyOf(secret))).toBe(true);
    expect(verifyText('Giàng A Páo nộp báo cáo.', signature, publicKeyOf(secret))).toBe(false);
    expect(verifyText('Giàng A Páo nộp báo cáo', signature, publicKeyOf('b'.repeat(64)))).toBe(false);
  });

  it('refuses a key that is not 64 hex digits', () => {
    expect(() => signTextNative('x', 'not-a-key')).toThrow('64 hex digits');
  });
});
