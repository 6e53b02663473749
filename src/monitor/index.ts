export * from './figures.js';
export * from './run-monitor.js';
