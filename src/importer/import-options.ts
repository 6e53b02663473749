import type { PlanOptions } from '../plan/types.js';
import type { OrgImportOptions } from '../organizations/import-steps.js';
import type { PassProgress } from '../runner/progress.js';
import type { WorkosClient, WorkosTargetOptions } from '../workos/client.js';
import type { Pacer } from '../workos/pacer.js';
import type { DualWriteMapOptions } from './dual-write-map.js';
import type { PlanFunction } from './plan-into-journal.js';
import type { ImportSettingsInput } from './settings.js';
import type { streamSourceUsers } from './source-users.js';
import type { ImportWriteBackOptions } from './write-back-hook.js';

export interface ImportProgress extends PassProgress {
  phase: 'resolving' | 'importing' | 'organizations' | 'memberships' | 'factors';
}

export interface ImportOptions
  extends
    WorkosTargetOptions,
    ImportSettingsInput,
    ImportWriteBackOptions,
    Omit<DualWriteMapOptions, 'source'>,
    Pick<PlanOptions, 'preset' | 'params'>,
    OrgImportOptions {
  /** A file path or a database URL (with `query`). */
  source: string;
  format?: PlanOptions['format'];
  query?: string;
  /** Field-mapping file. */
  map?: string;
  noPasswords?: boolean;
  strict?: boolean;
  /** Lane `trickle` for verifiable, non-importable hashes (created without a password). */
  trickle?: boolean;
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
  /** Everything but the HTTP calls: payloads are validated against the OpenAPI spec. */
  dryRun?: boolean;
  /** Accept a different source than the journal's: start tracking it as a new source. */
  newRun?: boolean;
  /** Resume even though the source is read another way than before (mapping file, preset, lanes). */
  acceptMappingChange?: boolean;
  /** Disable enabled webhook endpoints for the run and re-enable exactly those afterwards. */
  pauseWebhooks?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Human notices (webhooks paused, strategy hints). Never contains secrets. */
  onNotice?: (message: string) => void;
  /** Overrides the client built from the target options. */
  client?: WorkosClient;
  /** Overrides the planner (the real one is planSource). */
  plan?: PlanFunction;
  /** Overrides the source re-reader of the send pass (the real one is streamSourceUsers). */
  streamUsers?: typeof streamSourceUsers;
  /** Recorded in the journal's run list. */
  command?: string;
}

/** Enough requests in flight to keep the pipe full at the allowed rate (250 ms assumed latency, ×2), capped. */
export function concurrencyFor(pacer: Pacer, cap: number): number {
  return Math.max(4, Math.min(cap, Math.ceil(pacer.ratePerSecond('writes') * 0.25 * 2)));
}
