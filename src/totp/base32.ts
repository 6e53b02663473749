/** RFC 4648 Base32, the alphabet authenticator apps and WorkOS's `totp_secret` use. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Decodes Base32 as people paste it: any case, spaces and dashes between groups, padding optional.
 * Undefined for anything else (a character outside the alphabet, a length no encoder produces).
 */
export function decodeBase32(text: string): Buffer | undefined {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (clean.length === 0 || [1, 3, 6].includes(clean.length % 8)) return undefined;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** Unpadded Base32, the form WorkOS's examples show (`JBSWY3DPEHPK3PXP`). */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A hex secret (django-otp's `key` column, many TOTP tables) as Base32; undefined when not hex. */
export function hexToBase32(hex: string): string | undefined {
  const clean = hex.trim();
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) return undefined;
  return encodeBase32(Buffer.from(clean, 'hex'));
}
