import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Length, fromBase64, isCanonicalBase64, toB64 } from './encoding.js';
import { classifyArgon2Phc } from './schemes/argon2.js';
import { pbkdf2Result } from './schemes/kdf-results.js';
import { workosPhc } from './schemes/workos-phc.js';
import { checkArgon2 } from './limits.js';
import { notImportable, importable } from './scheme.js';
import { buildArgon2, canonicalArgon2, canonicalPbkdf2, parseWorkosHash } from './workos-form.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64text = fc.string({ unit: fc.constantFrom(...B64), minLength: 0, maxLength: 12 });
const number = fc.oneof(
  fc.constantFrom('0', '00', '01', '600000', '210000', '1000000', '65536', '3', '4', '19', '9'.repeat(16)),
  fc.nat({ max: 2_000_000 }).map(String),
);
const input = { params: {}, classifyInner: () => notImportable('malformed', 'unused') };

/** The conversion without the shortcut: parse, range check, build. */
function slowPbkdf2(hash: string) {
  const parsed = parseWorkosHash(hash, 'pbkdf2');
  if ('error' in parsed || parsed.type !== 'pbkdf2') return undefined;
  return pbkdf2Result(parsed, 'pbkdf2 PHC (WorkOS form)');
}
function slowArgon2(hash: string) {
  const parsed = parseWorkosHash(hash, 'argon2');
  if ('error' in parsed || parsed.type !== 'argon2') return undefined;
  const format = `argon2 PHC (${parsed.variant})`;
  const limit = checkArgon2(parsed.variant, parsed.version, parsed.m, parsed.t, parsed.p);
  if (limit) return notImportable(limit.reason, limit.detail, format);
  return importable('argon2', buildArgon2(parsed), format);
}

describe('PHC strings already in WorkOS form are classified as a full parse and rebuild would', () => {
  it('isCanonicalBase64 is exactly "decodes and re-encodes to itself"', () => {
    fc.assert(
      fc.property(b64text, (text) => {
        const roundTrip = text.length % 4 !== 1 && toB64(Buffer.from(text, 'base64')) === text;
        expect(isCanonicalBase64(text)).toBe(roundTrip);
      }),
      { numRuns: 3000 },
    );
  });

  it('pbkdf2: the shortcut gives the same result, and only for strings the builder writes unchanged', () => {
    fc.assert(
      fc.property(number, fc.constantFrom('sha256', 'sha512', 'sha1'), b64text, b64text, (i, d, salt, h) => {
        const hash = `$pbkdf2$i=${i},d=${d}$${salt}$${h}`;
        const slow = slowPbkdf2(hash);
        if (canonicalPbkdf2(hash)) expect(slow?.importable ? slow.workosHash : hash).toBe(hash);
        if (slow) expect(workosPhc.classify({ ...input, hash })).toEqual(slow);
      }),
      { numRuns: 3000 },
    );
  });

  it('argon2: the same, with parameters in any order and any version', () => {
    const order = fc.constantFrom(['m', 't', 'p'], ['m', 'p', 't'], ['t', 'm', 'p']);
    fc.assert(
      fc.property(
        fc.constantFrom('argon2id', 'argon2i', 'argon2d'),
        fc.constantFrom('v=19$', 'v=16$', ''),
        order,
        fc.tuple(number, number, number),
        b64text,
        b64text,
        (variant, version, keys, values, salt, h) => {
          const params = keys.map((k, n) => `${k}=${values[n]}`).join(',');
          const hash = `$${variant}$${version}${params}$${salt}$${h}`;
          const slow = slowArgon2(hash);
          if (canonicalArgon2(hash)) expect(slow?.importable ? slow.workosHash : hash).toBe(hash);
          // In range the shortcut answers; out of range the full path does (with what a login needs).
          if (slow?.importable && !/[$,]p=\d+,t=/.test(hash)) expect(classifyArgon2Phc(hash)).toEqual(slow);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('base64Length', () => {
  it('is the length of what fromBase64 decodes, and undefined exactly where fromBase64 refuses', () => {
    const text = fc.string({ unit: fc.constantFrom(...B64, '=', '-', '_', ' '), maxLength: 16 });
    fc.assert(
      fc.property(text, (t) => {
        // The decoder as it was written before base64Length: a regex, the padding cut, Buffer.from.
        const refused = !/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.replace(/=+$/, '').length % 4 === 1;
        const expected = refused ? undefined : Buffer.from(t, 'base64').length;
        expect(base64Length(t)).toBe(expected);
        expect(fromBase64(t)?.length).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
