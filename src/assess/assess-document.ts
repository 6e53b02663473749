import type { Problem } from '../model/user.js';
import type { CredentialCheck } from '../plan/credential-check.js';
import type { FullAssessReport } from '../plan/planner.js';
import type { AssessResult } from './assess.js';

/** What `assess --json` prints, and what `assess --report` renders: one object, two forms. */
export type AssessDocument = Omit<FullAssessReport, 'revisions' | 'problems'> & {
  source: string;
  credentials?: CredentialCheck;
  exitCode: 0 | 1;
  /** Every problem in row order (`--json`); the report shows the first ones and every count. */
  problems: Problem[];
};

/** The document without its problems, which are streamed after it (they can be millions). */
export function assessDocumentHead(source: string, result: AssessResult): Omit<AssessDocument, 'problems'> {
  const { revisions: _revisions, problems: _sample, ...publicReport } = result.report;
  return {
    source,
    ...publicReport,
    ...(result.credentials && { credentials: result.credentials }),
    exitCode: result.exitCode,
  };
}
