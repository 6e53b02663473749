export * from './mark-verified.js';
export * from './send-verification.js';
