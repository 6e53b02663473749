export * from './guide.js';
export * from './who-needs-reset.js';
export * from './plan.js';
export * from './notice.js';
export * from './send.js';
export * from './status.js';
export * from './settle.js';
