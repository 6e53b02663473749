import type { Hono } from 'hono';
import { ApiError, badRequest, notFound } from '../errors.js';
import { recordEvent } from '../events.js';
import { formatOrganization } from '../format.js';
import { newId } from '../ids.js';
import { listBody, paginate, parsePageQuery } from '../pagination.js';
import { nowIso, optionalString, readJsonObject } from '../request-body.js';
import type { StoredOrganization } from '../store.js';
import { EXTERNAL_ID_MAX_LENGTH, resolveMetadata } from '../user-writes.js';
import type { World } from '../world.js';

function parseDomains(body: Record<string, unknown>): StoredOrganization['domains'] {
  const out: StoredOrganization['domains'] = [];
  const data = body.domain_data ?? [];
  if (!Array.isArray(data)) throw new ApiError(422, { message: "'domain_data' must be an array." });
  for (const d of data as Array<Record<string, unknown>>) {
    if (typeof d?.domain !== 'string' || (d.state !== 'pending' && d.state !== 'verified'))
      throw new ApiError(422, {
        message: "Each 'domain_data' entry needs a 'domain' and a 'state' of pending or verified.",
      });
    out.push({ id: newId('org_domain'), domain: d.domain.toLowerCase(), state: d.state });
  }
  const legacy = body.domains ?? [];
  if (!Array.isArray(legacy)) throw new ApiError(422, { message: "'domains' must be an array of strings." });
  for (const d of legacy) {
    if (typeof d !== 'string') throw new ApiError(422, { message: "'domains' must be an array of strings." });
    out.push({ id: newId('org_domain'), domain: d.toLowerCase(), state: 'pending' });
  }
  return out;
}

export function register(app: Hono, world: World): void {
  const { store } = world;
  // createOrganization is the one SDK call that sends Idempotency-Key (docs/workos-contract.md#conventions): a retried
  // create with the same key returns the organization the first attempt made instead of failing.
  const idempotency = new Map<string, string>();

  app.post('/organizations', async (c) => {
    const key = c.req.header('idempotency-key');
    const earlier = key === undefined ? undefined : store.organizations.get(idempotency.get(key) ?? '');
    if (earlier) return c.json(formatOrganization(earlier), 201);
    const body = await readJsonObject(c);
    if (typeof body.name !== 'string' || body.name.trim() === '')
      throw new ApiError(422, { message: "'name' is required and must be a non-empty string." });
    const domains = parseDomains(body);
    const metadata = resolveMetadata(body.metadata, {}, false);
    let externalId: string | null | undefined;
    try {
      externalId = optionalString(body, 'external_id', EXTERNAL_ID_MAX_LENGTH);
    } catch (err) {
      throw new ApiError(422, { message: (err as Error).message });
    }
    if (externalId && [...store.organizations.values()].some((o) => o.external_id === externalId))
      throw badRequest(
        'external_id_already_used',
        'The external_id is already assigned to another organization.',
      );
    for (const o of store.organizations.values())
      for (const d of o.domains)
        if (domains.some((x) => x.domain === d.domain))
          throw new ApiError(409, {
            message: `The domain '${d.domain}' is already used by another organization.`,
          });
    const now = nowIso();
    const org: StoredOrganization = {
      id: newId('org'),
      name: body.name,
      domains,
      metadata,
      external_id: externalId ?? null,
      created_at: now,
      updated_at: now,
    };
    store.organizations.set(org.id, org);
    if (key !== undefined) idempotency.set(key, org.id);
    recordEvent(store, 'organization.created', formatOrganization(org));
    store.changed();
    return c.json(formatOrganization(org), 201);
  });

  app.get('/organizations', (c) => {
    const query = c.req.query();
    const page = parsePageQuery(query);
    const domains = (query.domains ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    const search = query.search?.toLowerCase();
    const orgs = [...store.organizations.values()].filter(
      (o) =>
        (!domains.length || o.domains.some((d) => domains.includes(d.domain))) &&
        (!search || o.name.toLowerCase().includes(search)),
    );
    return c.json(listBody(paginate(orgs, page), formatOrganization));
  });

  // Registered before /organizations/:id so `external_id` is never read as an organization id.
  app.get('/organizations/external_id/:external_id', (c) => {
    const externalId = c.req.param('external_id');
    const org = [...store.organizations.values()].find((o) => o.external_id === externalId);
    if (!org) throw notFound('Organization', externalId);
    return c.json(formatOrganization(org));
  });

  // Its memberships go with it, as in WorkOS; 200 without a body like every delete in the spec. The
  // spec gives this route no 404, so deleting one that is gone answers the same (unverified).
  app.delete('/organizations/:id', (c) => {
    const org = store.organizations.get(c.req.param('id'));
    if (!org) return c.body(null, 200);
    store.organizations.delete(org.id);
    for (const [id, m] of store.memberships) if (m.organization_id === org.id) store.memberships.delete(id);
    recordEvent(store, 'organization.deleted', formatOrganization(org));
    store.changed();
    return c.body(null, 200);
  });

  app.get('/organizations/:id', (c) => {
    const org = store.organizations.get(c.req.param('id'));
    if (!org) throw notFound('Organization', c.req.param('id'));
    return c.json(formatOrganization(org));
  });
}
