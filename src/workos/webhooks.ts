import { pacedCall, type CallContext } from './paced-call.js';

interface WebhookEndpointWire {
  id: string;
  endpoint_url: string;
  status: 'enabled' | 'disabled';
}

interface ListWire {
  data: WebhookEndpointWire[];
  list_metadata?: { after?: string | null };
}

/**
 * Where paused endpoint ids live until they are re-enabled: the journal, so a run that crashes
 * with the application's webhooks off leaves a record the next command acts on.
 */
export interface PausedWebhookStore {
  pausedWebhooks(): string[];
  recordPausedWebhook(endpointId: string, runId: number | null): void;
  clearPausedWebhook(endpointId: string): void;
}

export interface RestoreResult {
  restored: string[];
  failed: Array<{ id: string; message: string }>;
}

// Webhook endpoints are not User Management: only the per-IP budget applies to them.
const GENERAL = ['general'] as const;

function setStatus(ctx: CallContext, id: string, status: 'enabled' | 'disabled') {
  return pacedCall(ctx, { budgets: GENERAL, retry: 'idempotent' }, () =>
    ctx.client.call((sdk) => sdk.patch(`/webhook_endpoints/${encodeURIComponent(id)}`, { status })),
  );
}

/**
 * Re-enables every endpoint the store says a run disabled, retrying through 429s and 5xx; each
 * one leaves the store only once WorkOS confirmed it. Safe to call any number of times.
 */
export async function restoreWebhooks(ctx: CallContext, store: PausedWebhookStore): Promise<RestoreResult> {
  const result: RestoreResult = { restored: [], failed: [] };
  for (const id of store.pausedWebhooks()) {
    const res = await setStatus(ctx, id, 'enabled');
    if (res.ok) {
      store.clearPausedWebhook(id);
      result.restored.push(id);
    } else if (res.failure.kind === 'not_found') {
      // Deleted meanwhile: nothing left to re-enable.
      store.clearPausedWebhook(id);
    } else {
      result.failed.push({ id, message: `${res.failure.kind}: ${res.failure.message}` });
    }
  }
  return result;
}

/**
 * Disables every enabled webhook endpoint for the duration of a bulk import, as WorkOS advises,
 * recording each id before it is disabled. SDK 8.13 has no webhook-endpoints client, so this uses
 * its raw get/patch (same auth, same fetch). Only ids are kept: list responses carry full signing
 * secrets, which must never be printed or stored.
 */
export async function pauseWebhooks(
  ctx: CallContext,
  store: PausedWebhookStore,
  runId: number | null,
): Promise<string[]> {
  const enabled: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await pacedCall(ctx, { budgets: GENERAL, retry: 'idempotent' }, () =>
      ctx.client.call((sdk) =>
        sdk.get<ListWire>('/webhook_endpoints', {
          query: { limit: 100, order: 'asc', ...(after ? { after } : {}) },
        }),
      ),
    );
    if (!res.ok)
      throw new Error(`could not list webhook endpoints (${res.failure.kind}: ${res.failure.message})`);
    for (const e of res.value.data.data) if (e.status === 'enabled') enabled.push(e.id);
    after = res.value.data.list_metadata?.after ?? undefined;
    if (!after) break;
  }
  const paused: string[] = [];
  for (const id of enabled) {
    store.recordPausedWebhook(id, runId);
    const res = await setStatus(ctx, id, 'disabled');
    if (!res.ok) {
      const again = await restoreWebhooks(ctx, store);
      throw new Error(
        `could not disable webhook endpoint ${id} (${res.failure.kind}: ${res.failure.message}); ` +
          (again.failed.length === 0
            ? 'the ones already disabled were re-enabled'
            : `re-enable ${again.failed.map((f) => f.id).join(', ')} in the WorkOS dashboard`),
      );
    }
    paused.push(id);
  }
  return paused;
}
