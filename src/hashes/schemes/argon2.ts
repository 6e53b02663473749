/** argon2 PHC strings (PHP, passlib, node `argon2`, Go, Symfony, Supabase, WorkOS itself). */
import { checkArgon2 } from '../limits.js';
import { withLegacy, type LegacyRecipe } from '../legacy/recipe.js';
import { importable, notImportable, type HashScheme } from '../scheme.js';
import { buildArgon2, canonicalArgon2, parseWorkosHash, type ParsedWorkosHash } from '../workos-form.js';

type ParsedArgon2 = Extract<ParsedWorkosHash, { type: 'argon2' }>;
import type { HashClassification } from '../types.js';

function argon2Recipe({ variant, version, m, t, p, salt, hash }: ParsedArgon2): LegacyRecipe {
  return { kind: 'argon2', variant, version, m, t, p, salt, hash };
}

export function classifyArgon2Phc(hash: string, source = 'argon2 PHC'): HashClassification {
  // Already in the form buildArgon2 writes (v=19, m,t,p) and in range: sent as is, without a parse and
  // a rebuild. Out of range it takes the full path, which keeps what a login needs to check it locally.
  const canonical = canonicalArgon2(hash);
  if (canonical && !checkArgon2(canonical.variant, 19, canonical.m, canonical.t, canonical.p))
    return importable('argon2', hash, `${source} (${canonical.variant})`);
  const parsed = parseWorkosHash(hash, 'argon2');
  const variant = /^\$(argon2(?:id|i|d))\$/.exec(hash)?.[1];
  const format = variant ? `${source} (${variant})` : source;
  if ('error' in parsed) return notImportable('malformed', parsed.error, format);
  if (parsed.type !== 'argon2') return notImportable('malformed', 'not argon2', format);
  const limit = checkArgon2(parsed.variant, parsed.version, parsed.m, parsed.t, parsed.p);
  // hash-wasm computes argon2 1.3 only; older versions stay unverifiable.
  if (limit)
    return withLegacy(
      notImportable(limit.reason, limit.detail, format),
      parsed.version === 19 ? argon2Recipe(parsed) : undefined,
    );
  const workosHash = buildArgon2(parsed);
  const notes = /[$,]p=\d+,t=/.test(hash) ? ['parameters re-emitted in m,t,p order'] : [];
  return importable('argon2', workosHash, format, notes);
}

export const argon2: HashScheme = {
  id: 'argon2',
  detect: ({ hash }) => hash.startsWith('$argon2'),
  classify: ({ hash }) => classifyArgon2Phc(hash),
  matrix: [
    {
      source: 'argon2 PHC `$argon2id$`/`$argon2i$`/`$argon2d$` (PHP, passlib, Symfony, Go, Supabase)',
      recognise: 'prefix',
      result: 'argon2',
      how: 'v=19, m 4,096–262,144 KiB, t 1–5 (argon2i t ≥ 3), p 1–8; parameters re-emitted in m,t,p order (node `argon2` writes m,p,t); otherwise `parameters_out_of_range`',
    },
  ],
};
