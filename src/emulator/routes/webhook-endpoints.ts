import type { Hono } from 'hono';
import { ApiError, withErrors } from '../errors.js';
import { formatWebhookEndpoint } from '../format.js';
import { newId, randomToken } from '../ids.js';
import { listBody, paginate, parsePageQuery } from '../pagination.js';
import { nowIso, readJsonObject } from '../request-body.js';
import type { StoredWebhookEndpoint } from '../store.js';
import type { World } from '../world.js';

const EVENT_NAME = /^[a-z_]+(\.[a-z_]+)+$/;

function invalid(code: string, message: string) {
  return withErrors('invalid_request_parameters', 'Validation failed.', [{ code, message }], 422);
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string')
    throw invalid('invalid_url', "'endpoint_url' is required and must be an HTTPS URL.");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(422, { code: 'invalid_url', message: `'endpoint_url' is not a valid URL.` });
  }
  if (url.protocol !== 'https:')
    throw new ApiError(422, { code: 'invalid_url', message: "'endpoint_url' must use HTTPS." });
  return value;
}

function checkEvents(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((e) => typeof e === 'string' && EVENT_NAME.test(e))
  )
    throw invalid(
      'invalid_events',
      "'events' must be a non-empty array of event names such as 'user.created'.",
    );
  return value as string[];
}

export function register(app: Hono, world: World): void {
  const { store } = world;
  const duplicate = (url: string, selfId?: string) => {
    for (const w of store.webhookEndpoints.values())
      if (w.endpoint_url === url && w.id !== selfId)
        throw new ApiError(409, {
          code: 'duplicate_endpoint',
          message: 'An endpoint with this URL already exists.',
        });
  };
  const endpointOr404 = (id: string) => {
    const w = store.webhookEndpoints.get(id);
    if (!w)
      throw new ApiError(404, { code: 'entity_not_found', message: `Webhook endpoint not found: '${id}'.` });
    return w;
  };

  app.get('/webhook_endpoints', (c) => {
    const page = parsePageQuery(c.req.query());
    return c.json(listBody(paginate([...store.webhookEndpoints.values()], page), formatWebhookEndpoint));
  });

  app.post('/webhook_endpoints', async (c) => {
    const body = await readJsonObject(c);
    const endpointUrl = checkUrl(body.endpoint_url);
    const events = checkEvents(body.events);
    duplicate(endpointUrl);
    const now = nowIso();
    const endpoint: StoredWebhookEndpoint = {
      object: 'webhook_endpoint',
      id: newId('we'),
      endpoint_url: endpointUrl,
      secret: `whsec_${randomToken(24)}`,
      status: 'enabled',
      events,
      created_at: now,
      updated_at: now,
    };
    store.webhookEndpoints.set(endpoint.id, endpoint);
    store.changed();
    return c.json(formatWebhookEndpoint(endpoint), 201);
  });

  app.patch('/webhook_endpoints/:id', async (c) => {
    const endpoint = endpointOr404(c.req.param('id'));
    const body = await readJsonObject(c);
    const next = { ...endpoint };
    if (body.endpoint_url !== undefined) {
      next.endpoint_url = checkUrl(body.endpoint_url);
      duplicate(next.endpoint_url, endpoint.id);
    }
    if (body.status !== undefined) {
      if (body.status !== 'enabled' && body.status !== 'disabled')
        throw invalid('invalid_status', "'status' must be 'enabled' or 'disabled'.");
      next.status = body.status;
    }
    if (body.events !== undefined) next.events = checkEvents(body.events);
    next.updated_at = nowIso();
    store.webhookEndpoints.set(next.id, next);
    store.changed();
    return c.json(formatWebhookEndpoint(next));
  });

  app.delete('/webhook_endpoints/:id', (c) => {
    const endpoint = endpointOr404(c.req.param('id'));
    store.webhookEndpoints.delete(endpoint.id);
    store.changed();
    return c.body(null, 204);
  });
}
