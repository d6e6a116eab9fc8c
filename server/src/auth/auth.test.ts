import { describe, expect, it } from 'vitest';
import { maskMobile } from './otp.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { constantTimeEqual, randomOtpCode, randomReference, randomSecret, sha256Bytes } from './tokens.ts';

describe('auth primitives', () => {
  it('hashes passwords with argon2id and verifies only the right one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'Correct horse battery')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
  it('makes 120-bit base32 secrets and 6-digit codes', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => randomSecret()));
    expect(secrets.size).toBe(1000);
    for (const s of secrets) expect(s).toMatch(/^[a-z2-7]{24}$/);
    for (let i = 0; i < 200; i++) expect(randomOtpCode()).toMatch(/^\d{6}$/);
    expect(randomReference('ADM', 6)).toMatch(/^ADM-[2-9A-HJ-NP-Z]{6}$/);
  });
  it('compares digests in constant time and by length', () => {
    expect(constantTimeEqual(sha256Bytes('a'), sha256Bytes('a'))).toBe(true);
    expect(constantTimeEqual(sha256Bytes('a'), sha256Bytes('b'))).toBe(false);
    expect(constantTimeEqual(sha256Bytes('a'), new Uint8Array(3))).toBe(false);
  });
  it('masks mobiles to the country code and last four digits', () => {
    expect(maskMobile('+201001234567')).toBe('+20••••••4567');
  });
});
