import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, hexToBase32 } from './base32.js';
import { classifyTotp } from './secret.js';
import { checkTotp, totp, type TotpAlgorithm } from './totp.js';

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's length.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  SHA1: Buffer.from('12345678901234567890'),
  SHA256: Buffer.from('12345678901234567890123456789012'),
  SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238 Appendix B)', () => {
  it.each(VECTORS)('at %i s', (t, sha1, sha256, sha512) => {
    expect(totp(SEEDS.SHA1, t, { algorithm: 'SHA1', digits: 8, periodSeconds: 30 })).toBe(sha1);
    expect(totp(SEEDS.SHA256, t, { algorithm: 'SHA256', digits: 8, periodSeconds: 30 })).toBe(sha256);
    expect(totp(SEEDS.SHA512, t, { algorithm: 'SHA512', digits: 8, periodSeconds: 30 })).toBe(sha512);
    // The 6-digit code is the 8-digit one's last six digits.
    expect(totp(SEEDS.SHA1, t)).toBe(sha1.slice(2));
  });

  it('accepts one step of drift either side and nothing further', () => {
    const t = 1111111111;
    const code = totp(SEEDS.SHA1, t);
    expect(checkTotp(SEEDS.SHA1, code, t + 30)).toBe(true);
    expect(checkTotp(SEEDS.SHA1, code, t - 30)).toBe(true);
    expect(checkTotp(SEEDS.SHA1, code, t + 90)).toBe(false);
    expect(checkTotp(SEEDS.SHA1, '12345', t)).toBe(false);
  });
});

describe('Base32 (RFC 4648 §10)', () => {
  it.each([
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%s ↔ %s', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
    expect(decodeBase32(encoded)?.toString()).toBe(plain);
    expect(
      decodeBase32(`${encoded.toLowerCase()}======`.slice(0, 8 * Math.ceil(encoded.length / 8)))?.toString(),
    ).toBe(plain);
  });

  it('refuses what no encoder produces', () => {
    expect(decodeBase32('JBSWY3DP!')).toBeUndefined();
    expect(decodeBase32('A')).toBeUndefined();
    expect(decodeBase32('')).toBeUndefined();
    expect(decodeBase32('JBSW 1DP')).toBeUndefined();
  });

  it('converts a django-otp hex key', () => {
    expect(hexToBase32('3132333435363738393031323334353637383930')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(hexToBase32('abc')).toBeUndefined();
    expect(hexToBase32('zz')).toBeUndefined();
  });
});

describe('classifyTotp', () => {
  const B32 = 'JBSWY3DPEHPK3PXPJBSWY3DP';
  it.each([
    [{ secret: B32 }, true, undefined],
    [{ secret: 'jbsw y3dp ehpk 3pxp jbsw y3dp' }, true, undefined],
    [{ secret: `otpauth://totp/App:a@b.c?secret=${B32}&issuer=App` }, true, undefined],
    [{ secret: `otpauth://totp/App:a@b.c?secret=${B32}&digits=8` }, false, 'totp_unsupported'],
    [{ secret: B32, algorithm: 'SHA256' }, false, 'totp_unsupported'],
    [{ secret: B32, period: '60' }, false, 'totp_unsupported'],
    [{ secret: 'not*base32' }, false, 'totp_malformed'],
    [{ secret: 'JBSWY3DP' }, false, 'totp_malformed'],
    [{ secret: `otpauth://hotp/x?secret=${B32}` }, false, 'totp_malformed'],
  ])('%o → importable %s', (source, importable, code) => {
    const v = classifyTotp(source);
    expect(v.importable).toBe(importable);
    if (!v.importable) {
      expect(v.code).toBe(code);
      expect(v.reason).not.toContain(B32);
    }
  });
});
