export * from './format.js';
export * from './write-archive.js';
export * from './open-archive.js';
