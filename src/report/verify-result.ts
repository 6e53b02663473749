// The shape `verify --json` prints; the verify module owns it.
export type { CheckResult, VerifyResult } from '../verify/types.js';
