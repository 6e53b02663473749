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
export {
  createLoginSwitch,
  rolloutBucket,
  SIGNUPS_CLOSED,
  type Credentials,
  type LoginPath,
  type LoginPathName,
  type LoginSwitch,
  type LoginSwitchOptions,
  type PathResult,
  type Rollout,
  type SessionUser,
  type SignupInput,
  type SwitchResult,
} from './switch.js';
export { workosLoginPath, type SessionStore, type WorkosLoginPathOptions } from './workos-path.js';
export { loginSwitchHandlers, type LoginSwitchHandlers } from './http-handlers.js';
export { checkLegacyPassword } from './legacy-check.js';
