export * from './run-pass.js';
export * from './session.js';
export { BoundedQueue } from './async-queue.js';
export * from './progress.js';
export * from './rate-recorder.js';
