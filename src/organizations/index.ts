export * from './org-planner.js';
export * from './plan-source.js';
export * from './import-steps.js';
export * from './verify-check.js';
export { verifyOrganizations } from './verify.js';
export { undoOrganizations, runUndoOrganizations, type UndoOrganizationsResult } from './undo.js';
