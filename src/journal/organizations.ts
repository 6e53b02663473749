import type Database from 'better-sqlite3';
import type { SentState } from './journal.js';
import type { Origin, UserStatus } from './statuses.js';

/**
 * The organizations and memberships of a migration (their own tables in the journal), in the users' status
 * vocabulary: `pending` to create, `in_flight` marked durably before the create leaves, `unknown`
 * when its answer was lost, `created`/`linked` once WorkOS has it, `blocked` when the export
 * itself is wrong (a domain two organizations claim, a role the environment lacks).
 */
export type OrgTable = 'organizations' | 'memberships';

export interface OrgRow extends SentState {
  name: string;
  domains: string[];
  firstRow: number | null;
}

export interface MembershipRow extends SentState {
  userKey: string;
  orgKey: string;
  role: string | null;
  row: number | null;
  /** Joined from the user's and the organization's rows. */
  email: string;
  localId: string | null;
  userStatus: UserStatus;
  userWorkosId: string | null;
  orgStatus: UserStatus | null;
  orgWorkosId: string | null;
  orgName: string | null;
}

export interface PlannedOrg {
  key: string;
  name: string;
  domains: readonly string[];
  firstRow: number;
  status: 'pending' | 'blocked';
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface PlannedMembership {
  userKey: string;
  orgKey: string;
  role: string | null;
  row: number;
  status: 'pending' | 'blocked';
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface OrgResult {
  key: string;
  status: UserStatus;
  workosId?: string | null;
  origin?: Origin | null;
  attempts?: number;
  errorCode?: string | null;
  errorMessage?: string | null;
  requestId?: string | null;
}

/** A membership's journal key: the user's row key and the organization's, which cannot contain NUL. */
export const membershipKey = (userKey: string, orgKey: string): string => `${userKey}\u0000${orgKey}`;

const camel = (r: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );

const toOrg = (r: Record<string, unknown>): OrgRow => {
  const c = camel(r) as unknown as OrgRow & { domains: string };
  return { ...c, domains: JSON.parse(c.domains) as string[] };
};

const MEMBERSHIP_SELECT = `SELECT m.*, u.email AS email, u.local_id AS local_id, u.status AS user_status,
    u.workos_id AS user_workos_id, o.status AS org_status, o.workos_id AS org_workos_id, o.name AS org_name
  FROM memberships m
  JOIN users u ON u.source_id = m.source_id AND u.key = m.user_key
  LEFT JOIN organizations o ON o.source_id = m.source_id AND o.key = m.org_key`;

/** Rows that planning may still change: nothing was sent for them yet (failed ones wait for `retry`, as users do). */
const REFRESHABLE = `('pending', 'blocked')`;

export class OrgRecords {
  constructor(private readonly db: Database.Database) {}

  /** Plans organizations in one transaction; one already sent keeps its state. */
  planOrganizations(sourceId: number, runId: number, rows: readonly PlannedOrg[]): void {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `INSERT INTO organizations (source_id, key, name, domains, first_row, status, error_code, error_message, seen_run, updated_at)
       VALUES (@sourceId, @key, @name, @domains, @firstRow, @status, @errorCode, @errorMessage, @runId, @t)
       ON CONFLICT(source_id, key) DO UPDATE SET seen_run = excluded.seen_run, updated_at = excluded.updated_at,
         name = excluded.name, domains = excluded.domains, first_row = excluded.first_row,
         status = excluded.status, error_code = excluded.error_code, error_message = excluded.error_message
       WHERE organizations.status IN ${REFRESHABLE}`,
    );
    this.db.transaction(() => {
      for (const r of rows)
        stmt.run({
          sourceId,
          runId,
          t,
          key: r.key,
          name: r.name,
          domains: JSON.stringify(r.domains),
          firstRow: r.firstRow,
          status: r.status,
          errorCode: r.errorCode ?? null,
          errorMessage: r.errorMessage ?? null,
        });
    })();
  }

  planMemberships(sourceId: number, runId: number, rows: readonly PlannedMembership[]): void {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `INSERT INTO memberships (source_id, key, user_key, org_key, role, row, status, error_code, error_message, seen_run, updated_at)
       VALUES (@sourceId, @key, @userKey, @orgKey, @role, @row, @status, @errorCode, @errorMessage, @runId, @t)
       ON CONFLICT(source_id, key) DO UPDATE SET seen_run = excluded.seen_run, updated_at = excluded.updated_at,
         role = excluded.role, row = excluded.row, status = excluded.status,
         error_code = excluded.error_code, error_message = excluded.error_message
       WHERE memberships.status IN ${REFRESHABLE}`,
    );
    this.db.transaction(() => {
      for (const r of rows)
        stmt.run({
          sourceId,
          runId,
          t,
          key: membershipKey(r.userKey, r.orgKey),
          userKey: r.userKey,
          orgKey: r.orgKey,
          role: r.role,
          row: r.row,
          status: r.status,
          errorCode: r.errorCode ?? null,
          errorMessage: r.errorMessage ?? null,
        });
    })();
  }

  /** Organizations with these statuses, a page at a time (the caller writes between pages). */
  *organizations(
    sourceId: number,
    statuses?: readonly UserStatus[],
    pageSize = 500,
  ): IterableIterator<OrgRow> {
    yield* this.paged('SELECT * FROM organizations', sourceId, statuses, pageSize, toOrg);
  }

  *memberships(
    sourceId: number,
    statuses?: readonly UserStatus[],
    pageSize = 500,
  ): IterableIterator<MembershipRow> {
    yield* this.paged(
      MEMBERSHIP_SELECT,
      sourceId,
      statuses,
      pageSize,
      (r) => camel(r) as unknown as MembershipRow,
      'm.',
    );
  }

  private *paged<T extends { key: string }>(
    select: string,
    sourceId: number,
    statuses: readonly UserStatus[] | undefined,
    pageSize: number,
    map: (r: Record<string, unknown>) => T,
    alias = '',
  ): IterableIterator<T> {
    const filter = statuses ? ` AND ${alias}status IN (${statuses.map(() => '?').join(', ')})` : '';
    const stmt = this.db.prepare<unknown[], Record<string, unknown>>(
      `${select} WHERE ${alias}source_id = ?${filter} AND ${alias}key > ? ORDER BY ${alias}key LIMIT ?`,
    );
    let after = '';
    for (;;) {
      const page = stmt.all(sourceId, ...(statuses ?? []), after, pageSize).map(map);
      yield* page;
      if (page.length < pageSize) return;
      after = (page.at(-1) as T).key;
    }
  }

  /** One organization's memberships, every status. */
  membershipsOf(sourceId: number, orgKey: string): MembershipRow[] {
    return this.db
      .prepare<[number, string], Record<string, unknown>>(
        `${MEMBERSHIP_SELECT} WHERE m.source_id = ? AND m.org_key = ? ORDER BY m.key`,
      )
      .all(sourceId, orgKey)
      .map((r) => camel(r) as unknown as MembershipRow);
  }

  getOrganization(sourceId: number, key: string): OrgRow | undefined {
    const r = this.db
      .prepare<[number, string], Record<string, unknown>>(
        'SELECT * FROM organizations WHERE source_id = ? AND key = ?',
      )
      .get(sourceId, key);
    return r && toOrg(r);
  }

  countByStatus(table: OrgTable, sourceId: number): Partial<Record<UserStatus, number>> {
    const out: Partial<Record<UserStatus, number>> = {};
    for (const r of this.db
      .prepare<[number], { status: string; n: number }>(
        `SELECT status, COUNT(*) AS n FROM ${table} WHERE source_id = ? GROUP BY status`,
      )
      .all(sourceId))
      out[r.status as UserStatus] = r.n;
    return out;
  }

  /** Memberships per role (all statuses), for reports. */
  countByRole(sourceId: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db
      .prepare<[number], { role: string | null; n: number }>(
        'SELECT role, COUNT(*) AS n FROM memberships WHERE source_id = ? GROUP BY role',
      )
      .all(sourceId))
      out[r.role ?? '(default)'] = r.n;
    return out;
  }

  /** Durably marks rows in flight, in one transaction, before any of their requests leaves. */
  markInFlight(table: OrgTable, sourceId: number, runId: number, keys: readonly string[]): void {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `UPDATE ${table} SET status = 'in_flight', run_id = ?, updated_at = ? WHERE source_id = ? AND key = ?`,
    );
    this.db.transaction(() => {
      for (const key of keys) stmt.run(runId, t, sourceId, key);
    })();
  }

  recordResults(table: OrgTable, sourceId: number, results: readonly OrgResult[]): void {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `UPDATE ${table} SET status = @status, workos_id = COALESCE(@workosId, workos_id),
         origin = COALESCE(@origin, origin), attempts = attempts + @attempts,
         error_code = @errorCode, error_message = @errorMessage,
         request_id = COALESCE(@requestId, request_id), updated_at = @t
       WHERE source_id = @sourceId AND key = @key`,
    );
    this.db.transaction(() => {
      for (const r of results)
        stmt.run({
          sourceId,
          t,
          key: r.key,
          status: r.status,
          workosId: r.workosId ?? null,
          origin: r.origin ?? null,
          attempts: r.attempts ?? 0,
          errorCode: r.errorCode ?? null,
          errorMessage: r.errorMessage ?? null,
          requestId: r.requestId ?? null,
        });
    })();
  }

  /**
   * Memberships of users the planner blocked can never be created: blocked with them, so the
   * migration's counts do not wait for them forever. Returns how many.
   */
  blockMembershipsOfBlockedUsers(sourceId: number): number {
    return this.db
      .prepare(
        `UPDATE memberships SET status = 'blocked', error_code = 'user_blocked',
           error_message = 'the user is blocked by a data problem (see assess); fix it and import again', updated_at = ?
         WHERE source_id = ? AND status = 'pending' AND user_key IN (SELECT key FROM users WHERE source_id = ? AND lane = 'blocked')`,
      )
      .run(new Date().toISOString(), sourceId, sourceId).changes;
  }

  /** After an undo deleted them in WorkOS: back to `pending`, without the WorkOS id, so a new import recreates them. */
  markUndone(table: OrgTable, sourceId: number, keys: readonly string[]): void {
    const stmt = this.db.prepare(
      `UPDATE ${table} SET status = 'pending', workos_id = NULL, origin = NULL, error_code = 'undone',
         error_message = 'deleted from WorkOS by undo', updated_at = ? WHERE source_id = ? AND key = ?`,
    );
    const t = new Date().toISOString();
    this.db.transaction(() => {
      for (const key of keys) stmt.run(t, sourceId, key);
    })();
  }

  /** Puts rows of these statuses back to `pending` (retry); returns how many. */
  resetToPending(table: OrgTable, sourceId: number, statuses: readonly UserStatus[]): number {
    if (!statuses.length) return 0;
    return this.db
      .prepare(
        `UPDATE ${table} SET status = 'pending', error_code = NULL, error_message = NULL, updated_at = ?
         WHERE source_id = ? AND status IN (${statuses.map(() => '?').join(', ')})`,
      )
      .run(new Date().toISOString(), sourceId, ...statuses).changes;
  }
}
