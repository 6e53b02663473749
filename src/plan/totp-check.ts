import type { MigrationUser } from '../model/user.js';
import { classifyTotp, type TotpVerdict } from '../totp/secret.js';

/** The user's authenticator factor as WorkOS would take it; undefined when the export has none. */
export function totpVerdictOf(user: MigrationUser): TotpVerdict | undefined {
  if (!user.totpSecret) return undefined;
  return classifyTotp({
    secret: user.totpSecret,
    ...(user.totpAlgorithm ? { algorithm: user.totpAlgorithm } : {}),
    ...(user.totpDigits ? { digits: user.totpDigits } : {}),
    ...(user.totpPeriod ? { period: user.totpPeriod } : {}),
  });
}
