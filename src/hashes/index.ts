export * from './types.js';
export { verifyPassword } from './verify.js';
export { parseWorkosHash, type ParsedWorkosHash } from './workos-form.js';

import type { HashClassification, HashInput } from './types.js';

/** Classifies any input hash as importable-as-X or not-importable-because-Y. Pure, synchronous. */
export function classifyHash(_input: HashInput): HashClassification {
  throw new Error('classifyHash: not implemented yet');
}
