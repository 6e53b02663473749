import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { call, loadVectors } from './helpers.js';
import { SpecValidator } from './openapi.js';

/**
 * Every response the emulator gives in a scripted tour of its routes — successes and each
 * documented error — is validated against the response schema @workos/openapi-spec declares for
 * that route and status. Statuses the spec does not document (401, 404 on PUT user) are listed
 * explicitly so a new gap cannot slip in unnoticed.
 */
const UNDOCUMENTED_IN_SPEC = new Set(['PUT /user_management/users/{id} 404']);

/**
 * Deliberate departures, each explained in docs/workos-contract.md:
 * - the rate-limit 429 is `{code:'rate_limit_exceeded', message}`
 *   (docs/workos-contract.md#rate-limit-answer); the spec's 429 on these routes documents a
 *   different thing, the daily email quota (`daily_quota_exceeded`);
 * - create answers a taken external_id with `external_id_already_used`, a code the spec lists on
 *   update but not in create's 400 oneOf (docs/workos-contract.md#external_id_already_used-on-create).
 */
function deliberateDeparture(x: Exchange): boolean {
  const body = x.body as { code?: unknown; message?: unknown };
  if (x.status === 429)
    return (
      body.code === 'rate_limit_exceeded' &&
      typeof body.message === 'string' &&
      Object.keys(body).length === 2
    );
  return (
    x.method === 'POST' &&
    x.template === '/user_management/users' &&
    x.status === 400 &&
    body.code === 'external_id_already_used'
  );
}

interface Exchange {
  method: string;
  template: string;
  status: number;
  body: unknown;
}

let emu: RunningEmulator;
const spec = new SpecValidator();
const exchanges: Exchange[] = [];

let target: RunningEmulator;

async function hit(
  method: string,
  template: string,
  path: string,
  expected: number,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const res = await call(target, method, path, body, headers);
  expect(res.status, `${method} ${path} → ${JSON.stringify(res.body)}`).toBe(expected);
  expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  if (expected !== 204 && !(method === 'DELETE' && expected === 200))
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  exchanges.push({ method, template, status: res.status, body: res.body });
  return res.body as Record<string, unknown>;
}

beforeAll(async () => {
  emu = await startEmulator({ limits: { scale: 10 }, requireEmailVerification: false });
  target = emu;
});
afterAll(() => emu.close());

describe('contract: responses match @workos/openapi-spec', () => {
  it('tours every route with successes and documented errors', async () => {
    const U = '/user_management/users';
    const bcrypt = loadVectors().find((v) => v.id === 'bcrypt-2b-ascii')!;

    // users
    const user = await hit('POST', U, U, 201, {
      email: 'contract@example.com',
      first_name: 'Con',
      last_name: 'Tract',
      email_verified: false,
      external_id: 'ext-1',
      metadata: { a: 'b' },
      password_hash: bcrypt.workos_hash,
      password_hash_type: 'bcrypt',
    });
    const id = String(user.id);
    await hit('POST', U, U, 201, { email: 'second@example.com', password: 'a long password' });
    await hit('POST', U, U, 400, { email: 'CONTRACT@example.com' });
    await hit('POST', U, U, 400, {
      email: 'x1@example.com',
      password_hash: '$2b$nope',
      password_hash_type: 'bcrypt',
    });
    await hit('POST', U, U, 400, {
      email: 'x2@example.com',
      password: 'a long password',
      password_hash: bcrypt.workos_hash,
      password_hash_type: 'bcrypt',
    });
    await hit('POST', U, U, 400, {
      email: 'x3@example.com',
      password: 'a long password',
      password_hash_type: 'bcrypt',
    });
    await hit('POST', U, U, 400, { email: 'x4@example.com', metadata: { k: 'v'.repeat(601) } });
    await hit('POST', U, U, 400, { email: 'x5@example.com', external_id: 'ext-1' });
    await hit('POST', U, U, 400, { email: 'x6@example.com', password: 'short' });
    await hit('POST', U, U, 422, { first_name: 'no email' });
    await hit('POST', U, U, 422, { email: 'x7@example.com', password_hash: bcrypt.workos_hash });
    await hit('POST', U, U, 422, {
      email: 'x8@example.com',
      password_hash: bcrypt.workos_hash,
      password_hash_type: 'md5',
    });
    await hit('GET', U, U, 200);
    await hit('GET', U, `${U}?limit=1&order=asc`, 200);
    await hit('GET', U, `${U}?email=Contract@Example.com&order=normal`, 200);
    await hit('GET', U, `${U}?limit=0`, 422);
    await hit('GET', U, `${U}?order=random`, 422);
    await hit('GET', `${U}/{id}`, `${U}/${id}`, 200);
    await hit('GET', `${U}/{id}`, `${U}/user_missing`, 404);
    await hit('GET', `${U}/external_id/{external_id}`, `${U}/external_id/ext-1`, 200);
    await hit('GET', `${U}/external_id/{external_id}`, `${U}/external_id/nope`, 404);
    await hit('PUT', `${U}/{id}`, `${U}/${id}`, 200, { first_name: 'New', metadata: { a: null } });
    await hit('PUT', `${U}/{id}`, `${U}/${id}`, 200, {
      password_hash: bcrypt.workos_hash,
      password_hash_type: 'bcrypt',
    });
    await hit('PUT', `${U}/{id}`, `${U}/${id}`, 400, { email: 'second@example.com' });
    await hit('PUT', `${U}/{id}`, `${U}/${id}`, 400, { password_hash: 'bad', password_hash_type: 'argon2' });
    await hit('PUT', `${U}/{id}`, `${U}/${id}`, 422, { email_verified: 'yes' });
    await hit('PUT', `${U}/{id}`, `${U}/user_missing`, 404, { first_name: 'x' });
    await hit('GET', `${U}/{id}/identities`, `${U}/${id}/identities`, 200);
    await hit('GET', `${U}/{id}/identities`, `${U}/user_missing/identities`, 404);

    // authenticate
    const A = '/user_management/authenticate';
    const auth = { grant_type: 'password', client_id: emu.clientId, client_secret: emu.apiKey };
    await hit('POST', A, A, 200, { ...auth, email: 'contract@example.com', password: bcrypt.password });
    await hit('POST', A, A, 400, { ...auth, email: 'contract@example.com', password: 'wrong' });
    await hit('POST', A, A, 400, {
      ...auth,
      client_id: 'client_other',
      email: 'contract@example.com',
      password: 'x',
    });
    await hit('POST', A, A, 422, { ...auth, email: 'contract@example.com' });
    await hit('POST', A, A, 422, { ...auth, grant_type: 'refresh_token', refresh_token: 'x' });
    for (let i = 0; i < 10; i++)
      await hit('POST', A, A, 400, { ...auth, email: 'burst@example.com', password: 'x' });
    await hit('POST', A, A, 429, { ...auth, email: 'BURST@example.com', password: 'x' });
    const strict = await startEmulator({ limits: 'off', requireEmailVerification: true });
    try {
      target = strict;
      await hit('POST', U, U, 201, { email: 'pending@example.com', password: 'a long password' });
      await hit('POST', A, A, 403, {
        grant_type: 'password',
        client_id: strict.clientId,
        client_secret: strict.apiKey,
        email: 'pending@example.com',
        password: 'a long password',
      });
    } finally {
      target = emu;
      await strict.close();
    }

    // password reset
    const PR = '/user_management/password_reset';
    const reset = await hit('POST', PR, PR, 201, { email: 'contract@example.com' });
    await hit('POST', PR, PR, 404, { email: 'nobody@example.com' });
    await hit('POST', PR, PR, 201, { email: 'second@example.com' });
    await call(target, 'POST', '/_emulator/password_reset_not_allowed', { emails: ['second@example.com'] });
    await hit('POST', PR, PR, 403, { email: 'second@example.com' });
    await hit('POST', PR, PR, 422, {});
    await hit('GET', `${PR}/{id}`, `${PR}/${String(reset.id)}`, 200);
    await hit('GET', `${PR}/{id}`, `${PR}/password_reset_missing`, 404);
    await hit('POST', `${PR}/confirm`, `${PR}/confirm`, 400, {
      token: String(reset.password_reset_token),
      new_password: 'short',
    });
    await hit('POST', `${PR}/confirm`, `${PR}/confirm`, 200, {
      token: String(reset.password_reset_token),
      new_password: 'a new long password',
    });
    await hit('POST', `${PR}/confirm`, `${PR}/confirm`, 400, {
      token: 'bogus',
      new_password: 'a new long password',
    });
    await hit('POST', `${PR}/confirm`, `${PR}/confirm`, 422, { token: 'bogus' });
    await hit('POST', PR, PR, 201, { email: 'contract@example.com' });
    await hit('POST', PR, PR, 201, { email: 'contract@example.com' });
    await hit('POST', PR, PR, 429, { email: 'contract@example.com' });

    // email verification
    const second = (await call(emu, 'GET', `${U}?email=second@example.com`)).body as {
      data: Array<{ id: string }>;
    };
    const sid = second.data[0]!.id;
    const EVS = `${U}/{id}/email_verification/send`;
    const EVC = `${U}/{id}/email_verification/confirm`;
    await hit('POST', EVS, `${U}/${sid}/email_verification/send`, 200);
    await hit('POST', EVS, `${U}/user_missing/email_verification/send`, 404);
    await hit('POST', EVC, `${U}/${sid}/email_verification/confirm`, 400, { code: 'nope' });
    await hit('POST', EVC, `${U}/${sid}/email_verification/confirm`, 422, {});
    await hit('POST', EVC, `${U}/user_missing/email_verification/confirm`, 404, { code: '123456' });
    const evs = (await call(emu, 'GET', '/events?events=email_verification.created')).body as {
      data: Array<{ data: { id: string } }>;
    };
    const evId = evs.data[0]!.data.id;
    const verification = await hit(
      'GET',
      '/user_management/email_verification/{id}',
      `/user_management/email_verification/${evId}`,
      200,
    );
    await hit(
      'GET',
      '/user_management/email_verification/{id}',
      '/user_management/email_verification/email_verification_x',
      404,
    );
    await hit('POST', EVC, `${U}/${sid}/email_verification/confirm`, 200, { code: verification.code });
    await hit('POST', EVS, `${U}/${sid}/email_verification/send`, 400);
    const fresh = await hit('POST', U, U, 201, { email: 'fresh@example.com' });
    for (let i = 0; i < 3; i++)
      await hit('POST', EVS, `${U}/${String(fresh.id)}/email_verification/send`, 200);
    await hit('POST', EVS, `${U}/${String(fresh.id)}/email_verification/send`, 429);

    // magic auth
    const MA = '/user_management/magic_auth';
    const magic = await hit('POST', MA, MA, 201, { email: 'magic@example.com' });
    await hit('POST', MA, MA, 422, {});
    await hit('GET', `${MA}/{id}`, `${MA}/${String(magic.id)}`, 200);
    await hit('GET', `${MA}/{id}`, `${MA}/magic_auth_missing`, 404);
    await hit('POST', MA, MA, 201, { email: 'magic@example.com' });
    await hit('POST', MA, MA, 201, { email: 'magic@example.com' });
    await hit('POST', MA, MA, 429, { email: 'magic@example.com' });

    // OAuth sign-in gives identities to list
    await call(emu, 'POST', '/_emulator/oauth_sign_in', {
      provider: 'GoogleOAuth',
      email: 'contract@example.com',
    });
    const identities = await hit('GET', `${U}/{id}/identities`, `${U}/${id}/identities`, 200);
    expect(identities).toHaveLength(1);

    // organizations and memberships
    const org = await hit('POST', '/organizations', '/organizations', 201, {
      name: 'Acme',
      domain_data: [{ domain: 'acme.test', state: 'verified' }],
      external_id: 'org-ext',
      metadata: { tier: 'gold' },
    });
    await hit('POST', '/organizations', '/organizations', 400, { name: 'Dup', external_id: 'org-ext' });
    await hit('POST', '/organizations', '/organizations', 400, {
      name: 'Meta',
      metadata: { ['k'.repeat(41)]: 'v' },
    });
    await hit('POST', '/organizations', '/organizations', 409, {
      name: 'Other',
      domain_data: [{ domain: 'ACME.test', state: 'pending' }],
    });
    await hit('POST', '/organizations', '/organizations', 422, {});
    await hit('GET', '/organizations', '/organizations?domains=acme.test,x.test', 200);
    await hit('GET', '/organizations', '/organizations?limit=500', 422);
    await hit('GET', '/organizations/{id}', `/organizations/${String(org.id)}`, 200);
    await hit('GET', '/organizations/{id}', '/organizations/org_missing', 404);
    const OM = '/user_management/organization_memberships';
    await hit('POST', OM, OM, 201, { user_id: id, organization_id: org.id });
    await hit('POST', OM, OM, 404, { user_id: 'user_missing', organization_id: org.id });
    await hit('POST', OM, OM, 422, { user_id: id });
    await hit('POST', OM, OM, 422, {
      user_id: sid,
      organization_id: org.id,
      role_slug: 'admin',
      role_slugs: ['admin'],
    });
    await hit('GET', OM, `${OM}?organization_id=${String(org.id)}`, 200);
    await hit('GET', OM, `${OM}?user_id=${id}&statuses=active,inactive`, 200);
    await hit('GET', OM, OM, 400);
    await hit('POST', OM, OM, 422, { user_id: sid, organization_id: org.id, role_slug: 'no-such-role' });
    const om = await hit('POST', OM, OM, 201, { user_id: sid, organization_id: org.id, role_slug: 'admin' });
    const OMID = `${OM}/{id}`;
    await hit('GET', OMID, `${OM}/${String(om.id)}`, 200);
    await hit('GET', OMID, `${OM}/om_missing`, 404);
    await hit('PUT', OMID, `${OM}/${String(om.id)}`, 200, { role_slug: 'member' });
    await hit('PUT', OMID, `${OM}/${String(om.id)}`, 422, { role_slug: 'no-such-role' });
    await hit('PUT', OMID, `${OM}/om_missing`, 404, { role_slug: 'member' });
    await hit('DELETE', OMID, `${OM}/${String(om.id)}`, 200);
    await hit('DELETE', OMID, `${OM}/om_missing`, 404);
    const OX = '/organizations/external_id/{external_id}';
    await hit('GET', OX, '/organizations/external_id/org-ext', 200);
    await hit('GET', OX, '/organizations/external_id/nobody', 404);
    const doomed = await hit('POST', '/organizations', '/organizations', 201, { name: 'Doomed' });
    await hit('DELETE', '/organizations/{id}', `/organizations/${String(doomed.id)}`, 200);
    await hit('DELETE', '/organizations/{id}', `/organizations/${String(doomed.id)}`, 200);

    // authenticator factors, challenge and verify
    const AF = `${U}/{userlandUserId}/auth_factors`;
    const enrolled = await hit('POST', AF, `${U}/${id}/auth_factors`, 201, {
      type: 'totp',
      totp_secret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
    });
    await hit('POST', AF, `${U}/${id}/auth_factors`, 422, { type: 'totp', totp_secret: 'not base32!' });
    await hit('GET', AF, `${U}/${id}/auth_factors`, 200);
    await hit('GET', AF, `${U}/user_missing/auth_factors`, 422);
    const factorId = String((enrolled.authentication_factor as Record<string, unknown>).id);
    const CH = '/auth/factors/{id}/challenge';
    const challenge = await hit('POST', CH, `/auth/factors/${factorId}/challenge`, 201, {});
    await hit('POST', CH, '/auth/factors/auth_factor_missing/challenge', 404, {});
    await hit('POST', CH, `/auth/factors/${factorId}/challenge`, 422, '[]');
    const VF = '/auth/challenges/{id}/verify';
    const { totp } = await import('../../src/totp/totp.js');
    const { decodeBase32 } = await import('../../src/totp/base32.js');
    const code = totp(decodeBase32('JBSWY3DPEHPK3PXPJBSWY3DP') as Buffer, Date.now() / 1000);
    const verified = await hit('POST', VF, `/auth/challenges/${String(challenge.id)}/verify`, 201, { code });
    expect(verified.valid).toBe(true);
    await hit('POST', VF, `/auth/challenges/${String(challenge.id)}/verify`, 422, { code });
    await hit('POST', VF, '/auth/challenges/auth_challenge_missing/verify', 404, { code });
    await hit('GET', OM, `${OM}?user_id=${id}&limit=0`, 422);

    // webhook endpoints
    const W = '/webhook_endpoints';
    const we = await hit('POST', W, W, 201, {
      endpoint_url: 'https://hooks.example.com/workos',
      events: ['user.created'],
    });
    await hit('POST', W, W, 409, {
      endpoint_url: 'https://hooks.example.com/workos',
      events: ['user.created'],
    });
    await hit('POST', W, W, 422, { endpoint_url: 'http://insecure.example.com', events: ['user.created'] });
    await hit('POST', W, W, 422, { endpoint_url: 'https://ok.example.com', events: [] });
    await hit('GET', W, W, 200);
    await hit('PATCH', `${W}/{id}`, `${W}/${String(we.id)}`, 200, { status: 'disabled' });
    await hit('PATCH', `${W}/{id}`, `${W}/we_missing`, 404, { status: 'enabled' });
    await hit('PATCH', `${W}/{id}`, `${W}/${String(we.id)}`, 422, { status: 'paused' });
    await hit('DELETE', `${W}/{id}`, `${W}/${String(we.id)}`, 204);
    await hit('DELETE', `${W}/{id}`, `${W}/we_missing`, 404);

    // events
    await hit(
      'GET',
      '/events',
      '/events?events=user.created,authentication.password_succeeded,authentication.password_failed&limit=100',
      200,
    );
    await hit(
      'GET',
      '/events',
      `/events?events=session.created&range_start=${encodeURIComponent('2020-01-01T00:00:00Z')}&order=asc`,
      200,
    );
    await hit('GET', '/events', '/events?limit=1000', 422);
    await hit('GET', '/events', '/events?range_start=yesterday', 422);

    // delete last, so the user existed for everything above
    await hit('DELETE', `${U}/{id}`, `${U}/${id}`, 200);
    await hit('DELETE', `${U}/{id}`, `${U}/${id}`, 404);
  });

  it('every recorded response validates against its spec schema', () => {
    expect(exchanges.length).toBeGreaterThan(90);
    const failures: string[] = [];
    const checked = new Set<string>();
    for (const x of exchanges) {
      const key = `${x.method} ${x.template} ${x.status}`;
      const validate = spec.validator(x.method, x.template, x.status);
      if (validate === undefined) {
        if (!UNDOCUMENTED_IN_SPEC.has(key)) failures.push(`${key}: the spec documents no such response`);
        continue;
      }
      checked.add(key);
      if (deliberateDeparture(x)) continue;
      if (validate === null) {
        // The spec declares no JSON body (e.g. DELETE user 200, DELETE webhook 204).
        if (x.body !== null) failures.push(`${key}: the spec declares no body, the emulator sent one`);
        continue;
      }
      if (!validate(x.body))
        failures.push(
          `${key}: ${JSON.stringify(validate.errors?.slice(0, 3))} body=${JSON.stringify(x.body).slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
    expect(checked.size).toBeGreaterThan(60);
  });

  it('every documented status of the routes the emulator serves was exercised, except the ones it cannot produce', () => {
    // Statuses that belong to features the emulator does not model (quotas, disabled auth methods, …).
    const notModelled = new Set([
      'POST /user_management/users 404',
      'POST /user_management/authenticate 404',
      'POST /user_management/password_reset 403',
      'POST /user_management/password_reset/confirm 403',
      'POST /user_management/password_reset/confirm 404',
      'POST /user_management/magic_auth 400',
      'GET /user_management/organization_memberships 404',
      'POST /user_management/organization_memberships 400',
      'POST /auth/challenges/{id}/verify 400',
      'DELETE /organizations/{id} 202',
      'DELETE /organizations/{id} 403',
      'POST /webhook_endpoints/{id} 409',
      'PATCH /webhook_endpoints/{id} 409',
      'GET /events 400',
    ]);
    const seen = new Set(exchanges.map((x) => `${x.method} ${x.template} ${x.status}`));
    const templates = new Set(exchanges.map((x) => `${x.method} ${x.template}`));
    const missing: string[] = [];
    for (const t of templates) {
      const [method, template] = t.split(' ') as [string, string];
      const op = spec.operation(method, template) as { responses?: Record<string, unknown> } | undefined;
      for (const status of Object.keys(op?.responses ?? {})) {
        const key = `${t} ${status}`;
        if (!seen.has(key) && !notModelled.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});
