import { createHmac } from 'node:crypto';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpParams {
  algorithm: TotpAlgorithm;
  digits: number;
  periodSeconds: number;
}

/** The only parameters WorkOS accepts for an imported secret (its enrol endpoint says so). */
export const WORKOS_TOTP: TotpParams = { algorithm: 'SHA1', digits: 6, periodSeconds: 30 };

/** RFC 4226 HOTP: dynamic truncation of HMAC(key, counter) to `digits` decimal digits. */
export function hotp(
  key: Uint8Array,
  counter: number,
  digits = 6,
  algorithm: TotpAlgorithm = 'SHA1',
): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), key).update(msg).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP at `unixSeconds`. */
export function totp(key: Uint8Array, unixSeconds: number, params: TotpParams = WORKOS_TOTP): string {
  return hotp(key, Math.floor(unixSeconds / params.periodSeconds), params.digits, params.algorithm);
}

/**
 * Whether `code` is valid now, one step either side: an authenticator's clock drifts and a code
 * typed at the end of its window arrives in the next one (RFC 6238 §5.2 recommends this slack).
 */
export function checkTotp(key: Uint8Array, code: string, unixSeconds: number, params = WORKOS_TOTP): boolean {
  if (!/^\d+$/.test(code) || code.length !== params.digits) return false;
  return [-1, 0, 1].some((d) => totp(key, unixSeconds + d * params.periodSeconds, params) === code);
}
