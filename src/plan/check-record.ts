import type { MigrationUser, Problem } from '../model/user.js';
import { validateUser } from '../model/validate-user.js';
import { normaliseOauthProvider } from './oauth-provider.js';
import { totpVerdictOf } from './totp-check.js';

/**
 * Everything decided about one record on its own, before duplicates: the mapping's problems first,
 * then validateUser's (which trims the email in place), the declared algorithm name, and the social
 * provider's canonical name. The planning pass and the import's send passes both get their users
 * through here (assess/mapSourceUsers), so what is sent is exactly what was planned.
 */
export function checkRecord(
  user: MigrationUser,
  mappingProblems: readonly Problem[],
  checkAlgorithmName?: (name: string) => Problem | undefined,
): Problem[] {
  const problems = validateUser(user);
  if (mappingProblems.length > 0) problems.unshift(...mappingProblems);
  if (user.passwordAlgorithm && checkAlgorithmName) {
    const p = checkAlgorithmName(user.passwordAlgorithm);
    if (p) problems.push({ ...p, row: user.row, location: user.location });
  }
  if (user.oauthProvider) user.oauthProvider = normaliseOauthProvider(user.oauthProvider);
  const totp = totpVerdictOf(user);
  if (totp && !totp.importable)
    problems.push({
      row: user.row,
      location: user.location,
      field: 'totpSecret',
      code: totp.code,
      message: `${totp.reason}: the user is imported without the authenticator factor and must enrol again after cutover`,
      severity: 'warning',
    });
  return problems;
}
