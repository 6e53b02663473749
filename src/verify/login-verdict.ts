import type { ApiFailure } from '../workos/classify.js';

/**
 * What one test login proves about an imported password. `accepted` includes the pending steps that
 * WorkOS only reaches after the credential check passed (docs/workos-contract.md#authenticate), so an unverified
 * email or an MFA prompt does not read as a broken hash.
 */
export type LoginVerdict = 'accepted' | 'rejected' | 'policy' | 'error';

const PASSED_CREDENTIAL_CHECK = new Set([
  'email_verification_required',
  'mfa_enrollment',
  'mfa_challenge',
  'organization_selection_required',
]);

/** Blocks that say nothing about whether the password was right. */
const POLICY_BLOCKS = new Set(['email_password_auth_disabled', 'authentication_method_not_allowed']);

export function loginVerdict(failure: ApiFailure | null): LoginVerdict {
  if (!failure) return 'accepted';
  const code = 'code' in failure ? failure.code : '';
  if (PASSED_CREDENTIAL_CHECK.has(code)) return 'accepted';
  if (code === 'invalid_credentials' || code === 'invalid_grant') return 'rejected';
  if (POLICY_BLOCKS.has(code) || code.startsWith('radar_')) return 'policy';
  return 'error';
}
