/** Byte-string codecs shared by the scheme modules. Pure. */

const B64_STD = /^[A-Za-z0-9+/]*={0,2}$/;
const B64_URL = /^[A-Za-z0-9_-]*={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Standard base64 without padding ("B64" in the PHC spec and WorkOS's docs). */
export function toB64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/** Standard base64 with padding. */
export function toBase64Padded(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Strict base64 decode (standard alphabet, padding optional). Returns undefined on any character
 * outside the alphabet, because Node's decoder silently skips them and would hide a corrupt export.
 */
export function fromBase64(text: string): Buffer | undefined {
  return base64Length(text) === undefined ? undefined : Buffer.from(text, 'base64');
}

/** How many bytes fromBase64 would return, or undefined where it returns undefined; nothing decoded. */
export function base64Length(text: string): number | undefined {
  if (!B64_STD.test(text)) return undefined;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end -= 1; // '='
  const tail = end % 4;
  if (tail === 1) return undefined;
  return ((end - tail) / 4) * 3 + (tail === 0 ? 0 : tail - 1);
}

const B64_UNPADDED = /^[A-Za-z0-9+/]*$/;

/** What fromBase64 would accept, without a '=' anywhere (PHC's B64), and without decoding it. */
export function isUnpaddedBase64(text: string): boolean {
  return text.length % 4 !== 1 && B64_UNPADDED.test(text);
}

/**
 * Unpadded standard base64 that decodes and re-encodes to itself: the bits a last character carries
 * beyond the bytes are zero (Node's decoder ignores them, so "AB" and "AA" are both one zero byte).
 */
export function isCanonicalBase64(text: string): boolean {
  if (!isUnpaddedBase64(text)) return false;
  const extra = text.length % 4;
  if (extra === 0) return true;
  const last = B64_VALUE.indexOf(text[text.length - 1]!);
  return (last & (extra === 2 ? 0x0f : 0x03)) === 0;
}
const B64_VALUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Accepts standard or URL-safe base64 (Firebase exports use either). */
export function fromAnyBase64(text: string): Buffer | undefined {
  if (B64_STD.test(text)) return fromBase64(text);
  if (B64_URL.test(text)) return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
  return undefined;
}

/** URL-safe → standard alphabet, padding kept as given. */
export function normaliseBase64(text: string): string {
  return text.replace(/-/g, '+').replace(/_/g, '/');
}

/** passlib's "adapted base64": '.' instead of '+', no padding. */
export function fromAb64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9./]*$/.test(text)) return undefined;
  return fromBase64(text.replace(/\./g, '+'));
}

export function fromHex(text: string): Buffer | undefined {
  if (!HEX.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** "1,000,000" — numbers in details read the way people write them. */
export function formatCount(n: number): string {
  // ICU's toLocaleString costs microseconds, and a export with out-of-range hashes asks a million times.
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}
