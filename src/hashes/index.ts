export * from './types.js';
export { verifyPassword } from './verify.js';
export { parseWorkosHash, type ParsedWorkosHash } from './workos-form.js';
export { classifyHash, SCHEMES } from './registry.js';
export { resolveAlgorithmName, type ResolvedAlgorithm } from './algorithm-names.js';
export { checkWorkosLimits } from './limits.js';
export type { HashScheme, MatrixRow } from './scheme.js';
export {
  checkCredentials,
  type CredentialEntry,
  type CanaryReport,
  type CanaryUserResult,
  type CanaryFamilySummary,
  type CanaryOutcome,
} from './canary.js';
export { describeHash, type HashDescription } from './describe.js';
export { renderSupportMatrix, spliceMatrix, matrixRows } from './matrix.js';
export { checkWorkosHash, type WorkosHashCheck } from './validate.js';
export { isLegacyVerifiable, verifyLegacy, type LegacyRecipe } from './legacy/index.js';
