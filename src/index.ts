/**
 * workos-migrator as a library: every CLI command is one of these functions.
 * `import { assess, runImport, startEmulator } from 'workos-migrator'`.
 */
export type { MigrationUser, Problem } from './model/user.js';
export * from './hashes/types.js';
export { verifyPassword, parseWorkosHash, type ParsedWorkosHash } from './hashes/index.js';
