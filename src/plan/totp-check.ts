import type { MigrationUser } from '../model/user.js';
import { hexToBase32 } from '../totp/base32.js';
import { classifyTotp, type TotpVerdict } from '../totp/secret.js';

/** The user's authenticator factor as WorkOS would take it; undefined when the export has none. */
export function totpVerdictOf(user: MigrationUser): TotpVerdict | undefined {
  if (!user.totpSecret) return undefined;
  const format = (user.totpSecretFormat ?? 'base32').trim().toLowerCase();
  if (format !== 'base32' && format !== 'hex')
    return {
      importable: false,
      code: 'totp_malformed',
      reason: `totpSecretFormat "${user.totpSecretFormat}" is not base32 or hex`,
    };
  // django-otp and many TOTP tables keep the key as hex: WorkOS takes Base32 only.
  const secret = format === 'hex' ? hexToBase32(user.totpSecret) : user.totpSecret;
  if (secret === undefined)
    return {
      importable: false,
      code: 'totp_malformed',
      reason: 'the TOTP secret is not hex, as totpSecretFormat says',
    };
  return classifyTotp({
    secret,
    ...(user.totpAlgorithm ? { algorithm: user.totpAlgorithm } : {}),
    ...(user.totpDigits ? { digits: user.totpDigits } : {}),
    ...(user.totpPeriod ? { period: user.totpPeriod } : {}),
  });
}
