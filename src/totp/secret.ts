import { decodeBase32, encodeBase32 } from './base32.js';
import { WORKOS_TOTP } from './totp.js';

/** What an export says about one user's authenticator factor. */
export interface TotpSource {
  /** Base32, or an `otpauth://totp/…` URI carrying secret and parameters. */
  secret: string;
  algorithm?: string;
  digits?: string;
  period?: string;
}

export type TotpVerdict =
  | { importable: true; base32: string }
  | { importable: false; code: 'totp_malformed' | 'totp_unsupported'; reason: string };

/** Shorter than 80 bits is not a secret any authenticator generated (RFC 4226 asks for 128). */
const MIN_BYTES = 10;

function fromUri(text: string): TotpSource | undefined {
  if (!/^otpauth:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    if (url.host.toLowerCase() !== 'totp') return { secret: '' };
    const q = url.searchParams;
    const opt = (k: string) => q.get(k) ?? undefined;
    return {
      secret: q.get('secret') ?? '',
      ...(opt('algorithm') ? { algorithm: opt('algorithm') } : {}),
      ...(opt('digits') ? { digits: opt('digits') } : {}),
      ...(opt('period') ? { period: opt('period') } : {}),
    };
  } catch {
    return { secret: '' };
  }
}

/**
 * Whether WorkOS can take this factor as is. It accepts a secret only for SHA-1, 6 digits and
 * 30 s: any other parameter would make every code the user's app shows wrong, so such a user is
 * imported without the factor (and must enrol again) rather than with one that never works.
 * Reasons never quote the secret.
 */
export function classifyTotp(source: TotpSource): TotpVerdict {
  const uri = fromUri(source.secret.trim());
  const s: TotpSource = uri ? { ...uri, ...pick(source) } : source;
  const algorithm = (s.algorithm ?? 'SHA1').replace(/[-_\s]/g, '').toUpperCase();
  const digits = Number(s.digits ?? WORKOS_TOTP.digits);
  const period = Number(s.period ?? WORKOS_TOTP.periodSeconds);
  const unsupported: string[] = [];
  if (algorithm !== 'SHA1') unsupported.push(`algorithm ${s.algorithm}`);
  if (digits !== WORKOS_TOTP.digits) unsupported.push(`${s.digits} digits`);
  if (period !== WORKOS_TOTP.periodSeconds) unsupported.push(`a ${s.period} s period`);
  const key = decodeBase32(s.secret);
  if (!key)
    return {
      importable: false,
      code: 'totp_malformed',
      reason: 'the TOTP secret is not Base32 (letters A–Z and digits 2–7)',
    };
  if (key.length < MIN_BYTES)
    return {
      importable: false,
      code: 'totp_malformed',
      reason: `the TOTP secret holds ${key.length} bytes, fewer than the ${MIN_BYTES} an authenticator uses`,
    };
  if (unsupported.length)
    return {
      importable: false,
      code: 'totp_unsupported',
      reason: `WorkOS takes TOTP secrets for SHA-1, 6 digits, 30 s only; this one uses ${unsupported.join(', ')}`,
    };
  return { importable: true, base32: encodeBase32(key) };
}

function pick(source: TotpSource): Partial<TotpSource> {
  const out: Partial<TotpSource> = {};
  if (source.algorithm) out.algorithm = source.algorithm;
  if (source.digits) out.digits = source.digits;
  if (source.period) out.period = source.period;
  return out;
}
