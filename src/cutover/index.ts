export * from './gate.js';
export * from './cutover-check.js';
