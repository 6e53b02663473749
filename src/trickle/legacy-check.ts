import { classifyHash } from '../hashes/registry.js';
import { verifyLegacy } from '../hashes/legacy/index.js';
import { verifyPassword } from '../hashes/verify.js';
import type { HashInput } from '../hashes/types.js';

/**
 * Checks a password against any old hash this tool reads, importable or not (constant-time,
 * never throws): for an application's legacy login path while the switch still sends users there.
 */
export function checkLegacyPassword(credential: HashInput, password: string): Promise<boolean> {
  const c = classifyHash(credential);
  return c.importable ? verifyPassword(password, c.workosHash, c.type) : verifyLegacy(c, password);
}
