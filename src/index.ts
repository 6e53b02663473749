/**
 * workos-migrator as a library: every CLI command is one of these functions.
 * `import { assess, runImport, startEmulator } from 'workos-migrator'`.
 */
export type { MigrationUser, Problem } from './model/user.js';
export * from './hashes/types.js';
export {
  verifyPassword,
  parseWorkosHash,
  classifyHash,
  resolveAlgorithmName,
  checkWorkosLimits,
  checkCredentials,
  describeHash,
  checkWorkosHash,
  type HashDescription,
  type WorkosHashCheck,
  type ParsedWorkosHash,
  type ResolvedAlgorithm,
  type CredentialEntry,
  type CanaryReport,
  type CanaryUserResult,
  type CanaryFamilySummary,
} from './hashes/index.js';
export {
  assess,
  planSource,
  mapSourceUsers,
  loadMapping,
  writePlanFile,
  type AssessOptions,
  type AssessResult,
  type MappedUser,
  type MapSourceOptions,
} from './assess/index.js';
export {
  formatAssessReport,
  formatCredentialCheck,
  CredentialCollector,
  type CredentialCheck,
  Planner,
  LANES,
  type AssessReport,
  type FullAssessReport,
  type Lane,
  type PlannedUser,
  type PlanOptions,
} from './plan/index.js';
export {
  readSource,
  detectFormat,
  SourceUnavailableError,
  readCredentialsFile,
  parseCredentialsCsv,
  type SourceItem,
  type SourceOptions,
} from './sources/index.js';
export { parseMapping, MappingError, type FieldMapping } from './model/field-mapping.js';
export { createRecordMapper } from './model/record-mapper.js';
export { validateUser, emailSyntaxProblem } from './model/validate-user.js';
export {
  runImport,
  retryFailed,
  buildCreateUserPayload,
  ImportUsageError,
  ImportAbortedError,
  type ImportOptions,
  type ImportSummary,
  type ImportProgress,
  type RetryOptions,
} from './importer/index.js';
export {
  isProvablyOurs,
  OWNERSHIP_METADATA_KEY,
  type FoundUser,
  type OwnershipEvidence,
} from './ownership/index.js';
export { MigratorError, exitCodeFor, ERROR_KINDS, type ErrorKind } from './errors/index.js';
export {
  openSession,
  runPass,
  type Session,
  type SessionOptions,
  type TargetSettings,
} from './runner/index.js';
export {
  Journal,
  fingerprintSource,
  setStrategy,
  getStatus,
  exportMapping,
  exportErrors,
  parseStrategy,
  needsAttention,
  appendMigrationLog,
  readMigrationLog,
  DEFAULT_STATE_FILE,
  USER_STATUSES,
  NEEDS_ATTENTION_STATUSES,
  STRATEGIES,
  type JournalRow,
  type UserStatus,
  type Strategy,
  type Origin,
  type StatusReport,
  type ExportOptions,
  type ExportFormat,
} from './journal/index.js';
export {
  createWorkosClient,
  resolveTarget,
  EMULATOR_DEFAULT_KEY,
  Pacer,
  parseBudget,
  parseRate,
  classifyFailure,
  pauseWebhooks,
  restoreWebhooks,
  pacedCall,
  preflight,
  KeyedPacer,
  CircuitBreaker,
  Stopper,
  DOCUMENTED_LIMITS as WORKOS_LIMITS,
  type CallContext,
  type CallOutcome,
  type WorkosClient,
  type WorkosTargetOptions,
  type ApiFailure,
  type Budget,
} from './workos/index.js';
export {
  startEmulator,
  parseLimitsFlag,
  effectiveLimits,
  DOCUMENTED_LIMITS,
  type EmulatorOptions,
  type EmulatorControl,
  type RunningEmulator,
  type LimitsOption,
  type EffectiveLimits,
  type FaultRuleInput,
  type FaultKind,
  type SeedResult,
} from './emulator/index.js';
export { runDemo, type DemoOptions, type DemoReport, type DemoLogin } from './rehearsal/demo.js';
export {
  runVerify,
  formatVerify,
  assembleChecklist,
  runTestLogins,
  loginVerdict,
  type VerifyOptions,
  type VerifyReport,
  type VerifyResult,
  type CheckResult,
  type CheckId,
  type CheckStatus,
  type Offender,
  type TestCredential,
  type TestLoginResult,
  type LoginVerdict,
} from './verify/index.js';
export {
  cutoverCheck,
  cutoverGate,
  setCutoverFlag,
  CUTOVER_FLAGS,
  type CutoverCheckOptions,
  type CutoverCheckReport,
  type CutoverFacts,
  type GateItem,
  type GateVerdict,
} from './cutover/index.js';
export {
  runMonitor,
  monitorFigures,
  formatMonitor,
  type MonitorOptions,
  type MonitorReport,
  type MonitorFigures,
  type MonitorEvent,
} from './monitor/index.js';
export {
  planResets,
  exportResetNotice,
  sendResets,
  getResetStatus,
  lazyResetCandidates,
  createLazyReset,
  noticeTemplate,
  CUTOVER_WARNING,
  RESET_LANES,
  type ResetPlan,
  type PlanResetsOptions,
  type ResetNotice,
  type ResetNoticeOptions,
  type SendResetsOptions,
  type SendResetsSummary,
  type ResetStatus,
  type LazyReset,
  type LazyResetOptions,
  type LazyResetResult,
  type LazyResetDatabase,
} from './resets/index.js';
export {
  markVerified,
  sendVerificationEmails,
  type CampaignSummary,
  type MarkVerifiedOptions,
  type SendVerificationOptions,
} from './verification/index.js';
export {
  checkOAuthLinks,
  testOAuthSignIn,
  findDuplicates,
  type OAuthCheckReport,
  type OAuthDuplicate,
  type OAuthTestOptions,
  type OAuthTestResult,
} from './oauth/index.js';
export {
  writeBackMapping,
  compileWriteBack,
  columnWriteBack,
  type WriteBackOptions,
  type WriteBackSummary,
  type MappingWriteBackResult,
} from './writeback/index.js';
export { isLegacyVerifiable, verifyLegacy } from './hashes/index.js';
export { createTrickleMigrator, type TrickleMigrator, type TrickleLoginResult } from './trickle/index.js';
export { trickleCandidates, type TrickleCandidate } from './trickle/rehearse/candidates.js';
export {
  trickleLogin,
  type TrickleLoginOptions,
  type TrickleLoginReport,
  type TrickleLoginWord,
} from './trickle/rehearse/try-login.js';
export {
  trickleStatus,
  type TrickleStatusOptions,
  type TrickleStatusReport,
} from './trickle/rehearse/status.js';
export { runUndo, selectRun, type UndoOptions, type UndoPlan, type UndoSummary } from './undo/index.js';
export {
  writeArchive,
  openArchive,
  type ArchiveOptions,
  type ArchiveSummary,
  type ArchivedUser,
  type OpenArchiveOptions,
  type OpenedArchive,
} from './archive/index.js';
export { renderAssessReport, renderImportReport, renderVerifyReport } from './report/index.js';
export { assessDocumentHead, type AssessDocument } from './assess/index.js';
export { exportMappingSql, type SqlDialect, type SqlMappingOptions } from './journal/index.js';
