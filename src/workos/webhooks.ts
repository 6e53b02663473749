import type { WorkosClient } from './client.js';

interface WebhookEndpointWire {
  id: string;
  endpoint_url: string;
  status: 'enabled' | 'disabled';
}

interface ListWire {
  data: WebhookEndpointWire[];
  list_metadata?: { after?: string | null };
}

export interface PausedWebhooks {
  /** Ids of the endpoints this run disabled; only these are re-enabled. */
  readonly endpointIds: readonly string[];
  /** Re-enables exactly the endpoints that were disabled; safe to call more than once. */
  restore(): Promise<{ restored: string[]; failed: Array<{ id: string; message: string }> }>;
}

/**
 * Disables every enabled webhook endpoint for the duration of a bulk import, as WorkOS advises.
 * SDK 8.13 has no webhook-endpoints client, so this uses its raw get/patch (same auth, same fetch).
 * Only ids and URLs are kept: list responses carry full signing secrets, which must never be printed.
 */
export async function pauseWebhooks(client: WorkosClient): Promise<PausedWebhooks> {
  const enabled: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await client.call((sdk) =>
      sdk.get<ListWire>('/webhook_endpoints', {
        query: { limit: 100, order: 'asc', ...(after ? { after } : {}) },
      }),
    );
    if (!res.ok)
      throw new Error(`could not list webhook endpoints (${res.failure.kind}: ${res.failure.message})`);
    for (const e of res.value.data.data) if (e.status === 'enabled') enabled.push(e.id);
    after = res.value.data.list_metadata?.after ?? undefined;
    if (!after) break;
  }
  const disabled: string[] = [];
  const restoreNow = async (): Promise<{
    restored: string[];
    failed: Array<{ id: string; message: string }>;
  }> => {
    const restored: string[] = [];
    const failed: Array<{ id: string; message: string }> = [];
    while (disabled.length > 0) {
      const id = disabled[0] as string;
      const res = await client.call((sdk) =>
        sdk.patch(`/webhook_endpoints/${encodeURIComponent(id)}`, { status: 'enabled' }),
      );
      disabled.shift();
      if (res.ok) restored.push(id);
      else failed.push({ id, message: `${res.failure.kind}: ${res.failure.message}` });
    }
    return { restored, failed };
  };
  for (const id of enabled) {
    const res = await client.call((sdk) =>
      sdk.patch(`/webhook_endpoints/${encodeURIComponent(id)}`, { status: 'disabled' }),
    );
    if (!res.ok) {
      await restoreNow();
      throw new Error(
        `could not disable webhook endpoint ${id} (${res.failure.kind}: ${res.failure.message}); the ones already disabled were re-enabled`,
      );
    }
    disabled.push(id);
  }
  return { endpointIds: [...disabled], restore: restoreNow };
}
