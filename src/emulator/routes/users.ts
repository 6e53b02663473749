import type { Hono } from 'hono';
import { notFound } from '../errors.js';
import { recordEvent } from '../events.js';
import { formatUser } from '../format.js';
import { listBody, paginate, parsePageQuery } from '../pagination.js';
import { readJsonObject } from '../request-body.js';
import { createUser, updateUser } from '../user-writes.js';
import type { World } from '../world.js';

export function register(app: Hono, world: World): void {
  const { store } = world;
  const userOr404 = (id: string) => {
    const user = store.users.get(id);
    if (!user) throw notFound('User', id);
    return user;
  };

  app.post('/user_management/users', async (c) => {
    const user = await createUser(world, await readJsonObject(c));
    return c.json(formatUser(user), 201);
  });

  app.get('/user_management/users', (c) => {
    const query = c.req.query();
    const page = parsePageQuery(query);
    let users = [...store.users.values()];
    if (query.email) {
      // Case-insensitively, like every lookup by email: WorkOS keeps one account per address.
      const match = store.userByEmail(query.email);
      users = match ? [match] : [];
    }
    const orgId = query.organization_id ?? query.organization;
    if (orgId) {
      const members = new Set(
        [...store.memberships.values()].filter((m) => m.organization_id === orgId).map((m) => m.user_id),
      );
      users = users.filter((u) => members.has(u.id));
    }
    return c.json(listBody(paginate(users, page), formatUser));
  });

  app.get('/user_management/users/external_id/:externalId', (c) => {
    // The SDK does not URL-encode the id; Hono hands us the decoded segment either way.
    const externalId = c.req.param('externalId');
    const user = store.userByExternalId(externalId);
    if (!user) throw notFound('User', externalId);
    return c.json(formatUser(user));
  });

  app.get('/user_management/users/:id', (c) => c.json(formatUser(userOr404(c.req.param('id')))));

  app.put('/user_management/users/:id', async (c) => {
    const user = userOr404(c.req.param('id'));
    const body = await readJsonObject(c);
    return c.json(formatUser(await updateUser(world, user, body)));
  });

  app.delete('/user_management/users/:id', (c) => {
    const user = userOr404(c.req.param('id'));
    store.deleteUser(user.id);
    recordEvent(store, 'user.deleted', formatUser(user));
    store.changed();
    // The spec answers 200 with no body (docs/workos-contract.md#delete-answers-200: WorkOS's own emulator's 204 is wrong).
    return c.body(null, 200);
  });

  app.get('/user_management/users/:id/identities', (c) => {
    const user = userOr404(c.req.param('id'));
    // A bare array, not a list envelope (docs/workos-contract.md#identities-are-a-bare-array).
    const identities = store.identities
      .filter((i) => i.user_id === user.id)
      .map((i) => ({ idp_id: i.idp_id, type: i.type, provider: i.provider }));
    return c.json(identities);
  });
}
