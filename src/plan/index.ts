export * from './types.js';
export { Planner, type AssessDetails, type FullAssessReport, type PlannerOptions } from './planner.js';
export { checkRecord } from './check-record.js';
export { formatAssessReport } from './format-report.js';
export { CredentialCollector, type CredentialCheck, type KnownCredential } from './credential-check.js';
export { formatCredentialCheck } from './format-credentials.js';
