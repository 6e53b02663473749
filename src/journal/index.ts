export * from './statuses.js';
export * from './journal.js';
export * from './fingerprint.js';
