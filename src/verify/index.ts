export * from './types.js';
export { assembleChecklist, CHECKS } from './checklist.js';
export { formatVerify } from './format.js';
export { runVerify, type VerifyOptions, type VerifyReport } from './run-verify.js';
export { runTestLogins, type TestCredential, type TestLoginResult } from './test-logins.js';
export { loginVerdict, type LoginVerdict } from './login-verdict.js';
