/** Hashes already in WorkOS's pbkdf2/scrypt PHC form: validated and re-emitted canonically. */
import { checkPbkdf2 } from '../limits.js';
import { importable, notImportable, type HashScheme } from '../scheme.js';
import { canonicalPbkdf2, parseWorkosHash } from '../workos-form.js';
import { pbkdf2Result, scryptResult } from './kdf-results.js';

export const workosPhc: HashScheme = {
  id: 'workos-phc',
  detect: ({ hash }) => hash.startsWith('$pbkdf2$i=') || hash.startsWith('$scrypt$v=1$'),
  classify({ hash }) {
    if (hash.startsWith('$pbkdf2$')) {
      const source = 'pbkdf2 PHC (WorkOS form)';
      // Already in the form buildPbkdf2 writes and in range: sent as is, without a parse and a rebuild.
      // Out of range it takes the full path, which keeps what a login needs to check it locally.
      const canonical = canonicalPbkdf2(hash);
      if (canonical && !checkPbkdf2(canonical.digest, canonical.iterations))
        return importable('pbkdf2', hash, source);
      const parsed = parseWorkosHash(hash, 'pbkdf2');
      if ('error' in parsed) return notImportable('malformed', parsed.error, source);
      if (parsed.type !== 'pbkdf2') return notImportable('malformed', 'not pbkdf2', source);
      return pbkdf2Result(parsed, source);
    }
    const source = 'scrypt PHC (WorkOS form)';
    const parsed = parseWorkosHash(hash, 'scrypt');
    if ('error' in parsed) return notImportable('malformed', parsed.error, source);
    if (parsed.type !== 'scrypt') return notImportable('malformed', 'not scrypt', source);
    return scryptResult(parsed, source);
  },
  matrix: [
    {
      source: 'WorkOS pbkdf2 PHC',
      recognise: '`$pbkdf2$i=N,d=sha256|sha512$salt$hash`',
      result: 'pbkdf2',
      how: 'validated: sha256 600,000–1,000,000 or sha512 210,000–1,000,000 iterations',
    },
    {
      source: 'WorkOS scrypt PHC',
      recognise: '`$scrypt$v=1$n=…,r=…,p=…,kl=…$salt$hash`',
      result: 'scrypt',
      how: 'validated (N a power of two, kl = hash length)',
    },
  ],
};
