/** Records that carry no usable hash: empty columns, Cognito exports, Django's unusable passwords. */
import { notImportable, type HashScheme } from '../scheme.js';

export const noHash: HashScheme = {
  id: 'no-hash',
  detect: ({ hash }) => hash === '' || /^![A-Za-z0-9]*$/.test(hash),
  classify: ({ hash }) =>
    hash === ''
      ? notImportable(
          'no_hash_exported',
          'the export has no password hash for this user (e.g. AWS Cognito never exports them)',
          'no hash',
        )
      : notImportable(
          'no_hash_exported',
          'Django marks users without a usable password with "!"',
          'Django unusable password',
        ),
  matrix: [
    {
      source: 'AWS Cognito, empty hash column',
      recognise: 'empty',
      result: 'no_hash_exported',
      how: 'users reset their password (or sign in another way)',
    },
    {
      source: 'Django unusable password',
      recognise: '`!…`',
      result: 'no_hash_exported',
      how: 'the user has no password',
    },
    {
      source: 'declared plaintext (`plain`, `cleartext`, `noop`)',
      recognise: 'declared algorithm',
      result: 'plaintext',
      how: 'send as `password`, not as a hash',
    },
  ],
};
