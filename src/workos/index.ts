export * from './clock.js';
export * from './pacer.js';
export * from './retry-policy.js';
export * from './classify.js';
export * from './client.js';
export * from './users.js';
export * from './webhooks.js';
