export * from './errors.js';
export * from './payload.js';
export * from './run-import.js';
export * from './retry.js';
export { parseImportSettings, type ImportSettings, type ImportSettingsInput } from './settings.js';
export { importUser, type WorkItem } from './user-import.js';
export { resolveUnresolved, lookup, type ImportContext } from './resolve.js';
