import type { Hono } from 'hono';
import { ApiError, badRequest, notFound, validationError } from '../errors.js';
import { recordEvent } from '../events.js';
import { formatMembership, formatMembershipEvent } from '../format.js';
import { newId } from '../ids.js';
import { listBody, paginate, parsePageQuery } from '../pagination.js';
import { nowIso, readJsonObject, requiredString } from '../request-body.js';
import type { StoredMembership } from '../store.js';
import type { World } from '../world.js';

const STATUSES = ['active', 'inactive', 'pending'] as const;

/** `member` when the environment has it, as WorkOS defaults; otherwise its first role. */
function defaultRole(roles: readonly string[]): string {
  return roles.includes('member') ? 'member' : (roles[0] ?? 'member');
}

/** The role slugs a create or update asks for (undefined: none given), each one the environment knows. */
function readRoles(body: Record<string, unknown>, known: readonly string[]): string[] | undefined {
  if (body.role_slug !== undefined && body.role_slugs !== undefined)
    throw validationError("Give either 'role_slug' or 'role_slugs', not both.");
  let roles: string[] | undefined;
  if (typeof body.role_slug === 'string') roles = [body.role_slug];
  else if (body.role_slug !== undefined) throw validationError("'role_slug' must be a string.");
  else if (body.role_slugs !== undefined) {
    if (
      !Array.isArray(body.role_slugs) ||
      !body.role_slugs.every((r) => typeof r === 'string') ||
      !body.role_slugs.length
    )
      throw validationError("'role_slugs' must be a non-empty array of strings.");
    if (body.role_slugs.length > 1)
      throw new ApiError(422, {
        code: 'multiple_roles_not_enabled',
        message: 'Multiple roles are not enabled.',
      });
    roles = body.role_slugs as string[];
  }
  const unknown = roles?.find((r) => !known.includes(r));
  if (unknown !== undefined)
    throw new ApiError(422, {
      code: 'invalid_role',
      message: `The role '${unknown}' does not exist in this environment.`,
      role_slug: unknown,
    });
  return roles;
}

export function register(app: Hono, world: World): void {
  const { store } = world;
  const format = (m: StoredMembership) =>
    formatMembership(m, store.users.get(m.user_id), store.organizations.get(m.organization_id));

  app.post('/user_management/organization_memberships', async (c) => {
    const body = await readJsonObject(c);
    const userId = requiredString(body, 'user_id');
    const organizationId = requiredString(body, 'organization_id');
    const roles = readRoles(body, world.config.roles) ?? [defaultRole(world.config.roles)];
    if (!store.users.has(userId)) throw notFound('User', userId);
    const org = store.organizations.get(organizationId);
    if (!org) throw notFound('Organization', organizationId);
    const existing = [...store.memberships.values()].find(
      (m) => m.user_id === userId && m.organization_id === organizationId,
    );
    const now = nowIso();
    let membership: StoredMembership;
    if (existing?.status === 'pending')
      throw badRequest(
        'cannot_reactivate_pending_organization_membership',
        'A pending membership cannot be reactivated; accept the invitation instead.',
      );
    if (existing?.status === 'active')
      throw validationError('The user is already an active member of this organization.');
    if (existing) {
      // An inactive membership is reactivated rather than duplicated (docs).
      membership = { ...existing, status: 'active', role_slugs: roles, updated_at: now };
    } else {
      membership = {
        id: newId('om'),
        user_id: userId,
        organization_id: organizationId,
        status: 'active',
        role_slugs: roles,
        created_at: now,
        updated_at: now,
      };
    }
    store.memberships.set(membership.id, membership);
    recordEvent(store, 'organization_membership.created', formatMembershipEvent(membership, org));
    store.changed();
    return c.json(format(membership), 201);
  });

  const byId = (id: string): StoredMembership => {
    const m = store.memberships.get(id);
    if (!m) throw notFound('Organization membership', id);
    return m;
  };

  app.get('/user_management/organization_memberships/:id', (c) => c.json(format(byId(c.req.param('id')))));

  app.put('/user_management/organization_memberships/:id', async (c) => {
    const existing = byId(c.req.param('id'));
    const roles = readRoles(await readJsonObject(c), world.config.roles) ?? existing.role_slugs;
    const m: StoredMembership = { ...existing, role_slugs: roles, updated_at: nowIso() };
    store.memberships.set(m.id, m);
    recordEvent(
      store,
      'organization_membership.updated',
      formatMembershipEvent(m, store.organizations.get(m.organization_id)),
    );
    store.changed();
    return c.json(format(m));
  });

  app.delete('/user_management/organization_memberships/:id', (c) => {
    const m = byId(c.req.param('id'));
    store.memberships.delete(m.id);
    recordEvent(
      store,
      'organization_membership.deleted',
      formatMembershipEvent(m, store.organizations.get(m.organization_id)),
    );
    store.changed();
    // 200 without a body, like every delete in the spec.
    return c.body(null, 200);
  });

  app.get('/user_management/organization_memberships', (c) => {
    const query = c.req.query();
    const page = parsePageQuery(query);
    if (!query.user_id && !query.organization_id)
      throw badRequest(
        'missing_user_id_or_organization_id',
        "Give 'user_id' or 'organization_id' (or both).",
      );
    const statuses = (query.statuses ?? 'active').split(',').filter(Boolean);
    const bad = statuses.find((s) => !(STATUSES as readonly string[]).includes(s));
    if (bad) throw badRequest('invalid_request_parameters', `Unknown membership status '${bad}'.`);
    const memberships = [...store.memberships.values()].filter(
      (m) =>
        (!query.user_id || m.user_id === query.user_id) &&
        (!query.organization_id || m.organization_id === query.organization_id) &&
        statuses.includes(m.status),
    );
    return c.json(listBody(paginate(memberships, page), format));
  });
}
