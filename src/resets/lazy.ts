/**
 * `workos-migrator/resets`: what an application imports into its login handler. Only the lazy
 * reset and its table, so a web process does not load the migration's journal, SDK session or CLI.
 */
export {
  createLazyReset,
  DEFAULT_INVALID_MESSAGE,
  DEFAULT_RESET_MESSAGE,
  type LazyReset,
  type LazyResetOptions,
  type LazyResetResult,
  type LazyResetWorkos,
} from './lazy-reset.js';
export { DEFAULT_LAZY_RESET_TABLE, type LazyResetDatabase, type SqlValue } from './lazy-store.js';
