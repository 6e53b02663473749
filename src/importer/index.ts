export * from './errors.js';
export * from './payload.js';
export * from './ownership.js';
export * from './run-import.js';
export * from './journal-reports.js';
export * from './retry.js';
export { importUser, resolveUnresolved } from './user-import.js';
