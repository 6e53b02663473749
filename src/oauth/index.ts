export * from './duplicates.js';
export * from './check.js';
export * from './test-sign-in.js';
