import { resolveAlgorithmName } from '../hashes/index.js';
import type { Problem } from '../model/user.js';

const warnings = new Map<string, string>();

/**
 * A warning for a declared algorithm name WorkOS would not accept as is ("blowfish" → bcrypt, or a name
 * nobody knows); the registry decides, the plan only turns its word into a problem a person can act on.
 */
export function checkAlgorithmName(name: string): Problem | undefined {
  // An export declares a handful of names a million times over: resolve each once.
  let warning = warnings.get(name);
  if (warning === undefined) {
    warning = resolveAlgorithmName(name).warning ?? '';
    if (warnings.size < 1000) warnings.set(name, warning);
  }
  if (!warning) return undefined;
  return {
    row: 0,
    field: 'passwordAlgorithm',
    code: 'algorithm_name',
    message: `${warning}: use one of bcrypt, scrypt, pbkdf2, argon2, ssha, firebase-scrypt`,
    severity: 'warning',
  };
}
