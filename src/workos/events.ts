import type { Event, EventName } from '@workos-inc/node';
import { READ } from './limits.js';
import { pacedCall, type CallContext } from './paced-call.js';
import type { ApiFailure } from './classify.js';
import type { StoppedFailure } from './paced-call.js';

/**
 * Streams events of these types from `since` on, oldest first, through paced reads
 * (docs/workos-contract.md#events: `range_start` on the first page, then `after` alone). Events
 * the SDK cannot read arrive as undefined and are skipped. Resolves with the failure that stopped
 * the walk, or undefined when it reached the end.
 */
export async function readEventsSince(
  ctx: CallContext,
  types: readonly EventName[],
  since: Date,
  onEvent: (event: Event) => void,
): Promise<ApiFailure | StoppedFailure | undefined> {
  let after: string | undefined;
  for (;;) {
    const out = await pacedCall(ctx, { budgets: READ, retry: 'idempotent' }, () =>
      ctx.client.call((sdk) =>
        sdk.events.listEvents({
          events: [...types],
          limit: 100,
          order: 'asc',
          ...(after ? { after } : { rangeStart: since.toISOString() }),
        }),
      ),
    );
    if (!out.ok) return out.failure;
    for (const e of out.value.data) if (e) onEvent(e);
    after = out.value.listMetadata?.after ?? undefined;
    if (!after || out.value.data.length === 0) return undefined;
  }
}
