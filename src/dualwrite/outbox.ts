import { randomUUID } from 'node:crypto';
import { MigratorError } from '../errors/index.js';
import type { ChangeOp, ChangePayload, ChangeSecret, OutboxChange } from './changes.js';
import type { OutboxDb, Queryable } from './database.js';
import { outboxDdl, type OutboxTables } from './tables.js';

export type RowState = 'pending' | 'done' | 'failed';

/** One mirrored change as the outbox keeps it. */
export interface OutboxRow {
  id: number;
  localId: string;
  op: ChangeOp;
  payload: ChangePayload;
  secret?: ChangeSecret;
  state: RowState;
  /** Claims so far, this one included: a create claimed more than once may have been sent. */
  attempts: number;
  availableAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  errorCode: string | null;
  error: string | null;
  workosId: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

interface RawRow {
  id: number | string;
  local_id: string;
  op: string;
  payload: string;
  secret: string | null;
  state: string;
  attempts: number | string;
  available_at: number | string;
  lease_owner: string | null;
  lease_until: number | string | null;
  error_code: string | null;
  error: string | null;
  workos_id: string | null;
  created_at: number | string;
  delivered_at: number | string | null;
}

// pg returns BIGINT as a string (it may exceed 2^53); ids and epoch milliseconds never do.
const num = (v: number | string): number => Number(v);
const numOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toRow(r: RawRow): OutboxRow {
  return {
    id: num(r.id),
    localId: String(r.local_id),
    op: r.op as ChangeOp,
    payload: JSON.parse(r.payload) as ChangePayload,
    ...(r.secret ? { secret: JSON.parse(r.secret) as ChangeSecret } : {}),
    state: r.state as RowState,
    attempts: num(r.attempts),
    availableAt: num(r.available_at),
    leaseOwner: r.lease_owner,
    leaseUntil: numOrNull(r.lease_until),
    errorCode: r.error_code,
    error: r.error,
    workosId: r.workos_id,
    createdAt: num(r.created_at),
    deliveredAt: numOrNull(r.delivered_at),
  };
}

/** The error code of a change that waits for its user to exist in WorkOS (created by the import). */
export const WAITING_FOR_USER = 'waiting_for_user';

/** The INSERT of one change: the same statement on the outbox's connection and on the application's transaction. */
export function insertStatement(
  tables: OutboxTables,
  change: OutboxChange,
  now: number,
): [string, unknown[]] {
  return [
    `INSERT INTO ${tables.outbox} (local_id, op, payload, secret, state, attempts, available_at, created_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
    [
      change.localId,
      change.op,
      JSON.stringify(change.payload),
      change.secret ? JSON.stringify(change.secret) : null,
      now,
      now,
    ],
  ];
}

export interface MapEntry {
  localId: string;
  workosId: string;
  origin: string;
}

/** What `status` reports. Counts over the whole outbox; failures with their reasons. */
export interface OutboxCounts {
  pending: number;
  waiting: number;
  retrying: number;
  inDelivery: number;
  delivered: number;
  failed: number;
  oldestPendingAt: number | null;
  mapped: number;
  failures: Array<{ id: number; localId: string; op: ChangeOp; code: string | null; reason: string | null }>;
  waitingUsers: Array<{ localId: string; op: ChangeOp; since: number }>;
}

/**
 * The outbox table and the user map in the application's database: every statement the worker,
 * `status` and the import run on them. Claims are leases, so a worker killed mid-delivery only
 * delays its rows until the lease runs out.
 */
export class Outbox {
  constructor(
    readonly db: OutboxDb,
    readonly tables: OutboxTables,
  ) {}

  /** Creates the tables (idempotent) and the outbox's ownership marker; returns the DDL run. */
  async init(): Promise<string[]> {
    const ddl = outboxDdl(this.db.dialect, this.tables);
    for (const statement of ddl) await this.db.run(statement);
    await this.marker();
    return ddl;
  }

  /** Refuses, with what to do, when `dualwrite init` has not been run on this database. */
  async check(): Promise<void> {
    try {
      await this.db.all(`SELECT id FROM ${this.tables.outbox} WHERE 1 = 0`);
      await this.db.all(`SELECT local_id FROM ${this.tables.map} WHERE 1 = 0`);
    } catch (err) {
      throw new MigratorError(
        'usage',
        `${this.db.where} has no ${this.tables.outbox} / ${this.tables.map} tables (${(err as Error).message}); create them first: workos-migrator dualwrite init ${this.db.where}`,
        { cause: err },
      );
    }
  }

  /**
   * The outbox's id, minted once: every create carries it as the ownership marker, so a create
   * whose answer was lost is recognised as ours by lookup (ownership.ts) and never made twice.
   */
  async marker(): Promise<string> {
    const read = async (): Promise<string | undefined> =>
      (
        await this.db.all<{ value: string }>(`SELECT value FROM ${this.tables.meta} WHERE name = 'outbox_id'`)
      )[0]?.value;
    const found = await read();
    if (found) return found;
    const ignore =
      this.db.dialect === 'mysql'
        ? 'INSERT IGNORE'
        : this.db.dialect === 'sqlite'
          ? 'INSERT OR IGNORE'
          : 'INSERT';
    const tail = this.db.dialect === 'postgres' ? ' ON CONFLICT (name) DO NOTHING' : '';
    await this.db.run(`${ignore} INTO ${this.tables.meta} (name, value) VALUES ('outbox_id', ?)${tail}`, [
      `outbox:${randomUUID()}`,
    ]);
    return (await read()) as string;
  }

  async insert(change: OutboxChange, now = Date.now()): Promise<void> {
    const [sql, params] = insertStatement(this.tables, change, now);
    await this.db.run(sql, params);
  }

  /**
   * Rows that are next for their user: nothing older of the same user is still pending. A failed
   * row does not hold the user's later changes back: it was refused as it is, and freezing the
   * user's sync behind it would lose every later change (status lists it for a person).
   */
  private headCondition(alias: string): string {
    return `NOT EXISTS (SELECT 1 FROM ${this.tables.outbox} p WHERE p.local_id = ${alias}.local_id AND p.id < ${alias}.id AND p.state = 'pending')`;
  }

  /**
   * Claims up to `limit` deliverable rows for `owner` until `leaseUntil`, oldest first, at most one
   * per user (the next one of a user becomes deliverable only once this one is done). The claim
   * counts an attempt durably before anything is sent.
   */
  async claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<OutboxRow[]> {
    const t = this.tables.outbox;
    const free = (a: string): string =>
      `${a}state = 'pending' AND ${a}available_at <= ? AND (${a}lease_until IS NULL OR ${a}lease_until < ?)`;
    if (this.db.dialect === 'sqlite') {
      // One writer at a time in SQLite: a single UPDATE … RETURNING is the atomic claim.
      const rows = await this.db.all<RawRow>(
        `UPDATE ${t} SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
         WHERE id IN (SELECT o.id FROM ${t} o WHERE ${free('o.')} AND ${this.headCondition('o')} ORDER BY o.id LIMIT ?)
         RETURNING *`,
        [owner, leaseUntil, now, now, limit],
      );
      return rows.map(toRow).sort((a, b) => a.id - b.id);
    }
    // Which rows are heads is read without locks (a row stays its user's head until delivered, and
    // newer rows only queue behind it), then only those are locked, skipping any another worker
    // holds. Locking inside the NOT EXISTS instead would let SKIP LOCKED hide an older row.
    const heads = await this.db.all<{ id: number | string }>(
      `SELECT o.id FROM ${t} o WHERE ${free('o.')} AND ${this.headCondition('o')} ORDER BY o.id LIMIT ?`,
      [now, now, limit],
    );
    if (heads.length === 0) return [];
    const ids = heads.map((h) => num(h.id));
    const marks = ids.map(() => '?').join(', ');
    return this.db.transaction(async (q) => {
      const locked = await q.all<{ id: number | string }>(
        `SELECT id FROM ${t} WHERE id IN (${marks}) AND ${free('')} ORDER BY id FOR UPDATE SKIP LOCKED`,
        [...ids, now, now],
      );
      if (locked.length === 0) return [];
      const got = locked.map((l) => num(l.id));
      const m = got.map(() => '?').join(', ');
      await q.run(
        `UPDATE ${t} SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id IN (${m})`,
        [owner, leaseUntil, ...got],
      );
      return (await q.all<RawRow>(`SELECT * FROM ${t} WHERE id IN (${m}) ORDER BY id`, got)).map(toRow);
    });
  }

  /** Extends the lease of rows still being delivered, so no other worker takes them meanwhile. */
  async renew(ids: readonly number[], owner: string, leaseUntil: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.run(
      `UPDATE ${this.tables.outbox} SET lease_until = ? WHERE lease_owner = ? AND state = 'pending' AND id IN (${ids.map(() => '?').join(', ')})`,
      [leaseUntil, owner, ...ids],
    );
  }

  /**
   * Delivered: the row is done and its secret deleted, and the user map updated, in one
   * transaction, so a crash leaves either the old state (delivered again: no change) or the new.
   */
  async complete(
    row: OutboxRow,
    now: number,
    result: { workosId?: string; map?: 'upsert' | 'delete' },
  ): Promise<void> {
    await this.db.transaction(async (q) => {
      if (result.map === 'upsert' && result.workosId)
        await this.upsertMapOn(q, row.localId, result.workosId, 'dual-write', now);
      if (result.map === 'delete')
        await q.run(`DELETE FROM ${this.tables.map} WHERE local_id = ?`, [row.localId]);
      await q.run(
        `UPDATE ${this.tables.outbox} SET state = 'done', secret = NULL, lease_owner = NULL, lease_until = NULL,
           error_code = NULL, error = NULL, workos_id = ?, delivered_at = ?
         WHERE id = ? AND state <> 'done'`,
        [result.workosId ?? null, now, row.id],
      );
    });
  }

  /** Not delivered this time: back in the queue at `availableAt`, with the reason. */
  async release(row: OutboxRow, availableAt: number, code: string, message: string): Promise<void> {
    await this.db.run(
      `UPDATE ${this.tables.outbox} SET lease_owner = NULL, lease_until = NULL, available_at = ?, error_code = ?, error = ?
       WHERE id = ? AND state = 'pending'`,
      [Math.round(availableAt), code, message.slice(0, 2000), row.id],
    );
  }

  /**
   * Cannot be delivered as it is (WorkOS rejected the data, or a stranger owns the email). The
   * secret goes too: a password that will never be applied must not stay in the table.
   */
  async fail(row: OutboxRow, code: string, message: string): Promise<void> {
    await this.db.run(
      `UPDATE ${this.tables.outbox} SET state = 'failed', secret = NULL, lease_owner = NULL, lease_until = NULL, error_code = ?, error = ?
       WHERE id = ? AND state = 'pending'`,
      [code, message.slice(0, 2000), row.id],
    );
  }

  /** Puts failed rows back in the queue (after the data or WorkOS was fixed); returns how many. */
  async retryFailed(now = Date.now()): Promise<number> {
    return this.db.run(
      `UPDATE ${this.tables.outbox} SET state = 'pending', available_at = ?, error_code = NULL, error = NULL WHERE state = 'failed'`,
      [now],
    );
  }

  /** Changes that waited for their user may be deliverable now (the import may have created it). */
  async recheckWaiting(now = Date.now()): Promise<void> {
    await this.db.run(
      `UPDATE ${this.tables.outbox} SET available_at = ? WHERE state = 'pending' AND error_code = ?`,
      [now, WAITING_FOR_USER],
    );
  }

  /**
   * When a row may next be deliverable (a backoff or another worker's lease ends), ignoring rows
   * that wait for their user (and the rows queued behind those); null when nothing is left.
   */
  async nextDue(): Promise<number | null> {
    const rows = await this.db.all<{ available_at: number | string; lease_until: number | string | null }>(
      `SELECT o.available_at, o.lease_until FROM ${this.tables.outbox} o
       WHERE o.state = 'pending' AND (o.error_code IS NULL OR o.error_code <> ?) AND ${this.headCondition('o')}
       ORDER BY o.available_at LIMIT 200`,
      [WAITING_FOR_USER],
    );
    if (rows.length === 0) return null;
    return Math.min(...rows.map((r) => Math.max(num(r.available_at), numOrNull(r.lease_until) ?? 0)));
  }

  async mappedId(localId: string): Promise<string | undefined> {
    const r = await this.db.all<{ workos_id: string }>(
      `SELECT workos_id FROM ${this.tables.map} WHERE local_id = ?`,
      [localId],
    );
    return r[0]?.workos_id;
  }

  private async upsertMapOn(
    q: Queryable,
    localId: string,
    workosId: string,
    origin: string,
    now: number,
  ): Promise<number> {
    const d = this.db.dialect;
    const head = d === 'mysql' ? 'INSERT IGNORE' : d === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT';
    const tail = d === 'postgres' ? ' ON CONFLICT DO NOTHING' : '';
    return q.run(
      `${head} INTO ${this.tables.map} (local_id, workos_id, origin, created_at) VALUES (?, ?, ?, ?)${tail}`,
      [localId, workosId, origin, now],
    );
  }

  /** Records ids the import created or linked, keeping any the outbox already stored; returns how many were new. */
  async recordMapped(entries: readonly MapEntry[], now = Date.now()): Promise<number> {
    let added = 0;
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      added += await this.db.transaction(async (q) => {
        let n = 0;
        for (const e of chunk) n += await this.upsertMapOn(q, e.localId, e.workosId, e.origin, now);
        return n;
      });
    }
    return added;
  }

  /** The whole map, local id → WorkOS id (read once per import or reconcile). */
  async readMap(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const r of await this.db.all<{ local_id: string; workos_id: string }>(
      `SELECT local_id, workos_id FROM ${this.tables.map}`,
    ))
      out.set(String(r.local_id), r.workos_id);
    return out;
  }

  /** Local ids with changes not delivered yet (reconcile says their drift may still be in transit). */
  async undeliveredUsers(): Promise<Set<string>> {
    const rows = await this.db.all<{ local_id: string }>(
      `SELECT DISTINCT local_id FROM ${this.tables.outbox} WHERE state <> 'done'`,
    );
    return new Set(rows.map((r) => String(r.local_id)));
  }

  /**
   * Deletes delivered changes older than `before` (their secrets went at delivery), a batch per
   * statement so a large outbox never holds one long lock against the application's writes.
   * Undelivered and refused changes are never touched; the user map keeps every WorkOS id.
   */
  async prune(before: number, options: { batch?: number; dryRun?: boolean } = {}): Promise<number> {
    const t = this.tables.outbox;
    const old = `state = 'done' AND delivered_at < ?`;
    if (options.dryRun) {
      const [r] = await this.db.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${t} WHERE ${old}`, [
        before,
      ]);
      return num(r?.n ?? 0);
    }
    let deleted = 0;
    for (;;) {
      const ids = (
        await this.db.all<{ id: number | string }>(`SELECT id FROM ${t} WHERE ${old} ORDER BY id LIMIT ?`, [
          before,
          options.batch ?? 1000,
        ])
      ).map((r) => num(r.id));
      if (ids.length === 0) return deleted;
      deleted += await this.db.run(
        `DELETE FROM ${t} WHERE ${old} AND id IN (${ids.map(() => '?').join(', ')})`,
        [before, ...ids],
      );
    }
  }

  async counts(now = Date.now()): Promise<OutboxCounts> {
    const t = this.tables.outbox;
    const byState = await this.db.all<{
      state: string;
      code: string | null;
      leased: number | string | null;
      n: number | string;
      oldest: number | string | null;
    }>(
      `SELECT state, error_code AS code, SUM(CASE WHEN lease_until IS NOT NULL AND lease_until >= ? THEN 1 ELSE 0 END) AS leased,
         COUNT(*) AS n, MIN(created_at) AS oldest
       FROM ${t} WHERE state <> 'done' GROUP BY state, error_code`,
      [now],
    );
    const delivered = await this.db.all<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM ${t} WHERE state = 'done'`,
    );
    const c: OutboxCounts = {
      pending: 0,
      waiting: 0,
      retrying: 0,
      inDelivery: 0,
      delivered: 0,
      failed: 0,
      oldestPendingAt: null,
      mapped: 0,
      failures: [],
      waitingUsers: [],
    };
    c.delivered = num(delivered[0]?.n ?? 0);
    for (const r of byState) {
      const n = num(r.n);
      if (r.state === 'failed') c.failed += n;
      else {
        c.pending += n;
        c.inDelivery += num(r.leased ?? 0);
        if (r.code === WAITING_FOR_USER) c.waiting += n;
        else if (r.code !== null) c.retrying += n;
        if (r.oldest !== null) c.oldestPendingAt = Math.min(c.oldestPendingAt ?? Infinity, num(r.oldest));
      }
    }
    c.failures = (
      await this.db.all<{
        id: number | string;
        local_id: string;
        op: string;
        error_code: string | null;
        error: string | null;
      }>(`SELECT id, local_id, op, error_code, error FROM ${t} WHERE state = 'failed' ORDER BY id LIMIT 100`)
    ).map((r) => ({
      id: num(r.id),
      localId: String(r.local_id),
      op: r.op as ChangeOp,
      code: r.error_code,
      reason: r.error,
    }));
    c.waitingUsers = (
      await this.db.all<{ local_id: string; op: string; created_at: number | string }>(
        `SELECT local_id, op, created_at FROM ${t} WHERE state = 'pending' AND error_code = ? ORDER BY id LIMIT 100`,
        [WAITING_FOR_USER],
      )
    ).map((r) => ({ localId: String(r.local_id), op: r.op as ChangeOp, since: num(r.created_at) }));
    c.mapped = num(
      (await this.db.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${this.tables.map}`))[0]?.n ?? 0,
    );
    return c;
  }
}
