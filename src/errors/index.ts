export { MigratorError, ERROR_KINDS, exitCodeFor, usageError, type ErrorKind } from './migrator-error.js';
