export { renderAssessReport, REPORT_PROBLEM_ROWS } from './assess-report.js';
export { renderImportReport } from './import-report.js';
export { renderVerifyReport, REPORT_OFFENDER_ROWS } from './verify-report.js';
export type { CheckResult, VerifyResult } from '../verify/types.js';
