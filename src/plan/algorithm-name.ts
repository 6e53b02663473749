import type { Problem } from '../model/user.js';

/**
 * Seam to the hash registry's resolveAlgorithmName: a warning for a declared name WorkOS would not accept
 * as is ("blowfish" → bcrypt). Until the registry exports it, declared names are left to classifyHash.
 */
export function checkAlgorithmName(_name: string): Problem | undefined {
  return undefined;
}
