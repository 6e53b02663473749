import { describe, expect, it } from 'vitest';
import { decodeHeader, encodeHeader, HEADER_BYTES, newHeader, TAG_BYTES } from './format.js';

describe('archive header', () => {
  it('round-trips its parameters, salt and IV', () => {
    const h = newHeader({ N: 1024, r: 8, p: 1 });
    const back = decodeHeader(encodeHeader(h), HEADER_BYTES + TAG_BYTES, 'a.enc');
    expect(back).toEqual(h);
  });

  it.each([
    ['a cost that is not a power of two', { N: 1000, r: 8, p: 1 }],
    ['a cost that would take gigabytes', { N: 2 ** 24, r: 8, p: 1 }],
    ['a block size of 0', { N: 1024, r: 0, p: 1 }],
  ])('refuses %s before deriving anything', (_what, kdf) => {
    const b = encodeHeader(newHeader(kdf));
    expect(() => decodeHeader(b, 100, 'a.enc')).toThrow('key-derivation parameters out of range');
  });

  it('refuses another file and a truncated one', () => {
    expect(() => decodeHeader(Buffer.alloc(HEADER_BYTES), 100, 'x')).toThrow('no archive magic');
    expect(() => decodeHeader(encodeHeader(newHeader()), 20, 'x')).toThrow('too short');
  });
});
