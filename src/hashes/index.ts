import type { HashClassification, HashInput, WorkosHashType } from './types.js';

export * from './types.js';

/** Classifies any input hash as importable-as-X or not-importable-because-Y. Pure, synchronous. */
export function classifyHash(_input: HashInput): HashClassification {
  throw new Error('classifyHash: not implemented yet');
}

/** Checks a password against a hash in WorkOS form. Constant-time comparison. */
export async function verifyPassword(
  _password: string,
  _workosHash: string,
  _type: WorkosHashType,
): Promise<boolean> {
  throw new Error('verifyPassword: not implemented yet');
}
