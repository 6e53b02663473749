import { runPass } from '../runner/run-pass.js';
import { READ } from './limits.js';
import { pacedCall, type CallContext } from './paced-call.js';
import { findUserById, listUsersPage, type WorkosUser } from './users.js';

/** How a read that failed for good becomes the caller's error (its words say what was not done). */
export type ReadFailure = (message: string) => Error;

/**
 * One paced read per id, `workers` at a time (enough to keep the pipe full at the read rate, or
 * the read time is bound by latency instead of the limit); ids WorkOS does not have are absent.
 */
export async function readUsersById(
  calls: CallContext,
  ids: Iterable<string>,
  fail: ReadFailure,
  workers = 8,
): Promise<Map<string, WorkosUser>> {
  const found = new Map<string, WorkosUser>();
  await runPass<string, void>({
    workers,
    stop: calls.stop,
    feed: async (push) => {
      for (const id of ids) if (!(await push(id))) return;
    },
    handle: async (id) => {
      const r = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
        findUserById(calls.client, id),
      );
      if (!r.ok) throw fail(r.failure.message);
      if (r.value) found.set(r.value.id, r.value);
    },
    record: () => undefined,
  });
  return found;
}

/** Every WorkOS user, a page of 100 at a time, each page a paced read. */
export async function readAllUsers(calls: CallContext, fail: ReadFailure): Promise<Map<string, WorkosUser>> {
  const found = new Map<string, WorkosUser>();
  let after: string | undefined;
  do {
    const cursor = after;
    const r = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
      listUsersPage(calls.client, cursor),
    );
    if (!r.ok) throw fail(r.failure.message);
    for (const u of r.value.data) found.set(u.id, u);
    after = r.value.after ?? undefined;
  } while (after);
  return found;
}
