import {
  WORKOS_HASH_TYPES,
  type HashClassification,
  type HashInput,
  type WorkosHashType,
} from '../hashes/types.js';
import type { MigrationUser, Problem } from '../model/user.js';
import { sentExternalId } from '../model/external-id.js';
import { checkRecord } from './check-record.js';
import { KeyIndex, spellingTag, type KeyEntry } from './key-index.js';
import { isOauthUser, oauthUnverified, plusLookalike, withoutPlusTag } from './oauth-lookalikes.js';
import { LANES, type AssessReport, type Lane, type PlannedUser } from './types.js';

export interface PlannerOptions {
  noPasswords?: boolean;
  strict?: boolean;
  /** Lane `trickle` for hashes the registry can verify locally (a recipe) but WorkOS cannot import. */
  trickle?: boolean;
  /** The hash registry (classifyHash); injected so the decision tree stays a pure function of its inputs. */
  classify: (input: HashInput) => HashClassification;
  /** Warning for a declared algorithm name that is not WorkOS's own (resolveAlgorithmName), if any. */
  checkAlgorithmName?: (name: string) => Problem | undefined;
  /**
   * Keep only the first `perCode` problems of each code in `report.problems` and hand every problem
   * to `spill` as it is found (arrival order), so that a million-row export with many problems does
   * not hold them all. Without it, `report.problems` lists every problem.
   */
  problemSample?: { perCode: number; spill: (problem: Problem) => void };
}

/** What the report knows beyond the contract: reasons, providers and counts people act on. */
export interface AssessDetails {
  /** Records the source could not read (counted in `blocked`). */
  unreadable: number;
  /** Why hashes in the `reset` lane cannot be imported, per reason code (plus `no_password`). */
  resetReasons: Record<string, number>;
  /** Source formats of the hashes in the `trickle` lane, checked at first sign-in. */
  trickleFormats: Record<string, number>;
  /** Users per social provider among the `oauth` lane. */
  oauthProviders: Record<string, number>;
  /** Recognised source formats of importable hashes ("Django pbkdf2_sha256": 12). */
  sourceFormats: Record<string, number>;
  /**
   * Users the source already gives a WorkOS user id (a dual-write or earlier import wrote it): the
   * import links them by that id after checking it, and creates them only if WorkOS has no such user.
   */
  alreadyInWorkos: number;
  blocking: number;
  warnings: number;
  /** Problems per code: all of them, also when `report.problems` is only a sample. */
  problemCounts: Record<string, number>;
  /** The organizations side, when the source has any: organizations, memberships per role, TOTP users. */
  organizations?: {
    organizations: number;
    memberships: number;
    roles: Record<string, number>;
    totpUsers: number;
  };
}

export type FullAssessReport = AssessReport & AssessDetails;

const LANE_INDEX = new Map(LANES.map((lane, i) => [lane, i]));

/**
 * The decision tree over a stream of users. The only state that grows with the input is what duplicate
 * detection needs: first row per lower-cased email and per local id, as 64-bit hashes in typed arrays
 * (KeyIndex), plus the problems unless `problemSample` streams them out.
 */
export class Planner {
  readonly report: FullAssessReport = {
    total: 0,
    lanes: Object.fromEntries(LANES.map((l) => [l, 0])) as Record<Lane, number>,
    hashTypes: {},
    problems: [],
    revisions: [],
    unreadable: 0,
    resetReasons: {},
    trickleFormats: {},
    oauthProviders: {},
    sourceFormats: {},
    alreadyInWorkos: 0,
    blocking: 0,
    warnings: 0,
    problemCounts: {},
  };
  /** First row per lower-cased email; the tag hashes its original spelling, to tell exact from case duplicates. */
  private readonly emails = new KeyIndex();
  private readonly localIds = new KeyIndex();
  /** Emails with a +tag, by their address without it (payload 1 = an OAuth user): small, only tagged users. */
  private readonly plusTagged = new KeyIndex(1 << 8);
  private readonly revised = new Map<number, { lane: Lane; problems: Problem[] }>();

  constructor(private readonly options: PlannerOptions) {}

  /** A record the source could not read: reported, counted, and blocked. */
  unreadable(row: number, location: string, code: string, message: string): void {
    if (row > 0) {
      this.report.total += 1;
      this.report.unreadable += 1;
      this.report.lanes.blocked += 1;
    }
    this.addProblem({ row, location, field: 'record', code, message, severity: 'blocking' });
  }

  /**
   * Touches the index slots the next users will look up (KeyIndex.touch): call with a batch of users
   * about to be planned, in order. Changes nothing; planning a user without it gives the same answer.
   */
  prefetch(users: readonly MigrationUser[]): number {
    const emails: string[] = [];
    const ids: string[] = [];
    for (const user of users) {
      if (user.email !== '') emails.push(user.email.toLowerCase());
      const sentId = sentExternalId(user);
      if (sentId !== undefined) ids.push(sentId);
    }
    return this.emails.touch(emails) + this.localIds.touch(ids);
  }

  /** Checks the record on its own (checkRecord), then plans it. */
  plan(user: MigrationUser, mappingProblems: Problem[]): PlannedUser {
    return this.planChecked(user, checkRecord(user, mappingProblems, this.options.checkAlgorithmName));
  }

  /** Plans a user whose own problems checkRecord already listed: adds duplicates and picks the lane. */
  planChecked(user: MigrationUser, problems: Problem[]): PlannedUser {
    this.report.total += 1;
    const emailKey = user.email.toLowerCase();
    const fresh = this.checkDuplicates(user, emailKey, problems);
    if (user.email !== '') this.checkOauthLookalikes(user, emailKey, problems);

    const hash = user.passwordHash
      ? this.options.classify({
          hash: user.passwordHash,
          algorithm: user.passwordAlgorithm,
          params: user.hashParams,
        })
      : undefined;
    // A string of a known format that cannot be read is a damaged export (a line break, a cut-off
    // column), not a choice to reset: it is named on its row, and blocks until the column is fixed.
    if (hash && !hash.importable && hash.reason === 'malformed') {
      problems.push(
        problem(
          user,
          'passwordHash',
          'malformed_hash',
          `passwordHash at ${user.location} is not importable (malformed ${hash.sourceFormat ?? 'hash'}: ${hash.detail}): fix the export's hash column, or empty it to send this user to reset`,
        ),
      );
    }
    const lane = this.decide(user, hash, problems);
    const planned: PlannedUser = hash ? { user, lane, hash, problems } : { user, lane, problems };
    this.count(planned);
    const packed = pack(lane, lane === 'import-hash' && hash?.importable ? hash.type : undefined);
    if (fresh.email) this.emails.set(emailKey, user.row, packed, spellingTag(user.email));
    const sentId = sentExternalId(user);
    if (fresh.localId && sentId !== undefined) this.localIds.set(sentId, user.row, packed);
    for (const p of problems) this.addProblem(p);
    return planned;
  }

  finish(): FullAssessReport {
    this.report.revisions = [...this.revised].map(([row, r]) => ({
      row,
      lane: r.lane,
      problems: r.problems,
    }));
    this.report.problems.sort((a, b) => a.row - b.row);
    return this.report;
  }

  private decide(user: MigrationUser, hash: HashClassification | undefined, problems: Problem[]): Lane {
    const blocks = problems.some((p) => p.severity === 'blocking' || this.options.strict);
    if (blocks) return 'blocked';
    if (this.options.noPasswords) return 'passwordless';
    if (hash?.importable) return 'import-hash';
    if (hash) return this.options.trickle && hash.legacy ? 'trickle' : 'reset';
    return user.oauthProvider ? 'oauth' : 'reset';
  }

  private count({ user, lane, hash }: PlannedUser): void {
    const r = this.report;
    r.lanes[lane] += 1;
    if (user.workosUserId && lane !== 'blocked') r.alreadyInWorkos += 1;
    if (lane === 'import-hash' && hash?.importable) {
      r.hashTypes[hash.type] = (r.hashTypes[hash.type] ?? 0) + 1;
      r.sourceFormats[hash.sourceFormat] = (r.sourceFormats[hash.sourceFormat] ?? 0) + 1;
    } else if (lane === 'trickle' && hash && !hash.importable) {
      const format = hash.sourceFormat ?? 'unknown';
      r.trickleFormats[format] = (r.trickleFormats[format] ?? 0) + 1;
    } else if (lane === 'reset') {
      const reason = hash && !hash.importable ? hash.reason : 'no_password';
      r.resetReasons[reason] = (r.resetReasons[reason] ?? 0) + 1;
    } else if (lane === 'oauth' && user.oauthProvider) {
      r.oauthProviders[user.oauthProvider] = (r.oauthProviders[user.oauthProvider] ?? 0) + 1;
    }
  }

  /** Flags duplicates; says which keys this user is the first to hold (indexed once its lane is known). */
  private checkDuplicates(
    user: MigrationUser,
    key: string,
    problems: Problem[],
  ): { email: boolean; localId: boolean } {
    const fresh = { email: false, localId: false };
    if (user.email !== '') {
      const first = this.emails.get(key);
      if (first === undefined) {
        fresh.email = true;
      } else {
        const firstRow = first.row;
        const exact = first.tag === spellingTag(user.email);
        const code = exact ? 'duplicate_email' : 'duplicate_email_case';
        const why = exact
          ? 'WorkOS allows one user per email'
          : 'WorkOS matches sign-ins by email case-insensitively, so these would be one account';
        problems.push(
          problem(user, 'email', code, `same email as row ${firstRow} (${why}): merge or remove one`),
        );
        this.reviseFirst(this.emails, key, first, {
          row: firstRow,
          location: `row ${firstRow}`,
          field: 'email',
          code,
          message: `same email as row ${user.row} (${why}): merge or remove one`,
          severity: 'blocking',
        });
      }
    }
    // The id sent as external_id must be unique: an explicit external id column, else the local id.
    const sentId = sentExternalId(user);
    if (sentId !== undefined) {
      const first = this.localIds.get(sentId);
      if (first === undefined) {
        fresh.localId = true;
      } else {
        const firstRow = first.row;
        const message = (other: number) =>
          `${user.externalId ? 'external id' : 'local id'} "${sentId}" is also used by row ${other}: it becomes external_id, which must be unique`;
        problems.push(problem(user, 'localId', 'duplicate_local_id', message(firstRow)));
        this.reviseFirst(this.localIds, sentId, first, {
          row: firstRow,
          location: `row ${firstRow}`,
          field: 'localId',
          code: 'duplicate_local_id',
          message: message(user.row),
          severity: 'blocking',
        });
      }
    }
    return fresh;
  }

  /** OAuth users one +tag away from another user, and OAuth users imported unverified: warnings. */
  private checkOauthLookalikes(user: MigrationUser, emailKey: string, problems: Problem[]): void {
    const unverified = oauthUnverified(user);
    if (unverified) problems.push(unverified);
    const oauth = isOauthUser(user);
    const stripped = withoutPlusTag(emailKey);
    const earlier: Array<{ row: number; oauth: boolean }> = [];
    const base = stripped ? this.emails.get(stripped) : undefined;
    if (base) earlier.push({ row: base.row, oauth: unpackLane(base.payload) === 'oauth' });
    const tagged = this.plusTagged.get(stripped ?? emailKey);
    if (tagged) earlier.push({ row: tagged.row, oauth: tagged.payload === 1 });
    if (stripped) this.plusTagged.set(stripped, user.row, oauth ? 1 : 0);
    const other = earlier.find((e) => e.row !== user.row && (oauth || e.oauth));
    if (other) problems.push(plusLookalike(user, other.row, other.oauth));
  }

  /** The earlier row of a duplicate pair was already planned: move it to `blocked` and say so in revisions. */
  private reviseFirst(index: KeyIndex, key: string, first: KeyEntry, p: Problem): void {
    const row = first.row;
    const lane = unpackLane(first.payload);
    const existing = this.revised.get(row);
    if (existing) existing.problems.push(p);
    else this.revised.set(row, { lane: 'blocked', problems: [p] });
    this.addProblem(p);
    index.set(key, row, pack('blocked'), first.tag);
    // Counted once: the same row may be found again through its other key (email and local id).
    if (lane === 'blocked' || existing) return;
    const r = this.report;
    r.lanes[lane] -= 1;
    r.lanes.blocked += 1;
    const type = unpackType(first.payload);
    if (lane === 'import-hash' && type) r.hashTypes[type] = (r.hashTypes[type] ?? 1) - 1;
  }

  /** Counts a problem (and samples or spills it); public for problems found outside the user stream. */
  addProblem(p: Problem): void {
    const r = this.report;
    const seen = r.problemCounts[p.code] ?? 0;
    r.problemCounts[p.code] = seen + 1;
    const sample = this.options.problemSample;
    if (!sample || seen < sample.perCode) r.problems.push(p);
    sample?.spill(p);
    if (p.severity === 'blocking') r.blocking += 1;
    else r.warnings += 1;
  }
}

function problem(user: MigrationUser, field: string, code: string, message: string): Problem {
  return { row: user.row, location: user.location, field, code, message, severity: 'blocking' };
}

// Lane and hash type packed in the index's payload byte.
function pack(lane: Lane, type?: WorkosHashType): number {
  const typeIndex = type === undefined ? 7 : WORKOS_HASH_TYPES.indexOf(type);
  return LANE_INDEX.get(lane)! * 8 + typeIndex;
}
function unpackLane(packed: number): Lane {
  return LANES[Math.floor(packed / 8) % 8]!;
}
function unpackType(packed: number): WorkosHashType | undefined {
  return WORKOS_HASH_TYPES[packed % 8];
}
