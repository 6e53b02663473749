export * from './statuses.js';
export * from './journal.js';
export * from './fingerprint.js';
export * from './identity.js';
export * from './migration-log.js';
export * from './reports.js';
export { JournalWriter } from './journal-writer.js';
export { SCHEMA_VERSION } from './schema.js';
export * from './actions.js';
