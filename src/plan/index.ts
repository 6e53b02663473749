export * from './types.js';
export { Planner, type AssessDetails, type FullAssessReport, type PlannerOptions } from './planner.js';
export { planSource, loadMapping, type PlanSourceOptions } from './plan-source.js';
export { formatAssessReport } from './format-report.js';
export { writePlanFile } from './plan-file.js';
export { assess, type AssessOptions, type AssessResult } from './assess.js';
export { CredentialCollector, type CredentialCheck, type KnownCredential } from './credential-check.js';
export { formatCredentialCheck } from './format-credentials.js';
