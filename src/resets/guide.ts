/**
 * The WorkOS migration guide's words for Step 6 (users whose password hash cannot be imported
 * reset their password), in one place so every command says the same thing.
 */

/** Lanes whose users were created in WorkOS without a password. `trickle` is a later lane's name, taken if present. */
export const RESET_LANES = ['reset', 'trickle'] as const;

/** When the reset happens: in a batch during the import, or lazily on the first failed login. */
export const RESET_WHEN = ['import', 'lazy'] as const;
export type ResetWhen = (typeof RESET_WHEN)[number];

export const CUTOVER_WARNING =
  'Tell these users before cutover: their password could not be moved to WorkOS, so they must set a new one ' +
  '(a password reset email during the import, or on their first sign-in after cutover). An unannounced reset ' +
  'email looks like phishing and causes a high volume of password reset requests.';

/** Why a user is in a reset lane, in words a notice can carry. */
export const REASON_WORDS: Record<string, string> = {
  no_password: 'no password in the old system',
  unsalted_digest: 'old password storage WorkOS cannot import',
  parameters_out_of_range: 'old password storage WorkOS cannot import',
  peppered: 'old password storage WorkOS cannot import',
  legacy_buggy_variant: 'old password storage WorkOS cannot import',
  trickle: 'migrated without a password',
};

export function reasonWords(code: string): string {
  return REASON_WORDS[code] ?? 'old password storage WorkOS cannot import';
}

/** The plain-text message to send with `resets notice` (we send nothing ourselves). */
export function noticeTemplate(when: ResetWhen): string {
  return [
    'Subject: Action needed: set a new password for {{app_name}}',
    '',
    'Hello {{first_name}},',
    '',
    'On {{planned_date}} we are moving sign-in for {{app_name}} to a new system.',
    'Your current password cannot be moved, so you will need to set a new one.',
    when === 'import'
      ? 'You will receive an email with a link to set a new password around that date. It comes from {{sender}}; the link expires, so use it soon.'
      : 'After that date, sign in as usual: we will then email you a link to set a new password.',
    'If you sign in with Google, Microsoft or GitHub, nothing changes for you.',
    'We will never ask for your password by email.',
    '',
    '{{signature}}',
    '',
  ].join('\n');
}
