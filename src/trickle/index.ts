/**
 * `workos-migrator/trickle`: login-time migration and the login switch, for the application's own
 * processes. Loads no emulator, CLI or journal; database drivers are the application's own.
 */
export {
  createTrickleMigrator,
  DEFAULT_TRICKLE_INVALID_MESSAGE,
  type LoginAttempt,
  type NotEligibleReason,
  type TrickleLoginResult,
  type TrickleMigrator,
  type TrickleMigratorOptions,
} from './migrator.js';
export { DEFAULT_TRICKLE_TABLE, trickleTableSql, type TrickleDatabase, type TrickleStatus } from './store.js';
export type { TrickleWorkos } from './workos.js';
