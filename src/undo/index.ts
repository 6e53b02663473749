export * from './undo.js';
export * from './select-run.js';
