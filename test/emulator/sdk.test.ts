import {
  BadRequestException,
  GenericServerException,
  NotFoundException,
  RateLimitExceededException,
  UnauthorizedException,
} from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { call, caught, loadVectors, sdkFor } from './helpers.js';

/** One importable vector per WorkOS type, the cheapest of each to verify. */
const VECTOR_IDS = [
  'bcrypt-2b-ascii',
  'passlib-scrypt-ln12-r16-p2',
  'werkzeug-pbkdf2-sha512-210000',
  'argon2id-m4096-min',
  'ldap-ssha-4byte-salt',
  'firebase-generated-1char',
];

let emu: RunningEmulator;
let workos: ReturnType<typeof sdkFor>;

beforeAll(async () => {
  emu = await startEmulator({ limits: { scale: 10 } });
  workos = sdkFor(emu);
});
afterAll(() => emu.close());

describe('users through @workos-inc/node', () => {
  it('create → get → get by external id → update → delete, with parsed SDK objects', async () => {
    const created = await workos.userManagement.createUser({
      email: 'Ada@Example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailVerified: true,
      externalId: 'legacy/42 é',
      metadata: { plan: 'pro' },
    });
    expect(created).toMatchObject({
      object: 'user',
      email: 'Ada@Example.com',
      emailVerified: true,
      firstName: 'Ada',
      externalId: 'legacy/42 é',
      metadata: { plan: 'pro' },
      lastSignInAt: null,
    });
    expect(created.id).toMatch(/^user_[0-9A-HJKMNP-TV-Z]{26}$/);

    expect((await workos.userManagement.getUser(created.id)).email).toBe('Ada@Example.com');
    // The SDK does not encode path ids; an encoded one is decoded by the emulator.
    expect((await workos.userManagement.getUserByExternalId(encodeURIComponent('legacy/42 é'))).id).toBe(
      created.id,
    );

    const byEmail = await workos.userManagement.listUsers({ email: 'ada@example.COM' });
    expect(byEmail.data.map((u) => u.id)).toEqual([created.id]);

    const updated = await workos.userManagement.updateUser({
      userId: created.id,
      firstName: 'Augusta',
      metadata: { plan: null, team: 'math' } as never,
    });
    expect(updated).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace', metadata: { team: 'math' } });

    await workos.userManagement.deleteUser(created.id);
    const gone = await caught(workos.userManagement.getUser(created.id));
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.status).toBe(404);
  });

  it('answers each validation failure with its documented code and SDK exception class', async () => {
    const create = (o: Record<string, unknown>) => caught(workos.userManagement.createUser(o as never));
    const dup = await workos.userManagement.createUser({ email: 'dup@example.com' });

    const duplicate = await create({ email: 'DUP@example.com' });
    expect(duplicate).toBeInstanceOf(BadRequestException);
    expect(duplicate.code).toBe('user_creation_error');
    expect(duplicate.errors).toEqual([
      { code: 'email_not_available', message: 'This email is not available.' },
    ]);

    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { email: 'h1@example.com', passwordHash: 'not-a-hash', passwordHashType: 'bcrypt' },
        'invalid_password_hash',
      ],
      [
        // Valid syntax, but 100,000 iterations is outside WorkOS's pbkdf2-sha256 range.
        {
          email: 'h2@example.com',
          passwordHash: '$pbkdf2$i=100000,d=sha256$c2FsdHNhbHQ$' + 'A'.repeat(43),
          passwordHashType: 'pbkdf2',
        },
        'invalid_password_hash',
      ],
      [
        {
          email: 'h3@example.com',
          password: 'correct horse',
          passwordHash: '$2b$04$x',
          passwordHashType: 'bcrypt',
        },
        'password_and_password_hash_provided',
      ],
      [
        { email: 'h4@example.com', password: 'correct horse', passwordHashType: 'bcrypt' },
        'password_and_password_hash_type_provided',
      ],
      [{ email: 'h5@example.com', metadata: { ['k'.repeat(41)]: 'v' } }, 'invalid_metadata'],
      [{ email: 'h6@example.com', externalId: 'taken' }, 'external_id_already_used'],
    ];
    await workos.userManagement.createUser({ email: 'owner@example.com', externalId: 'taken' });
    for (const [options, code] of cases) {
      const err = await create(options);
      expect(err, code).toBeInstanceOf(GenericServerException);
      expect(err.status, code).toBe(400);
      expect((err.rawData as { code: string }).code).toBe(code);
      // Secrets stay secret: the error never echoes the hash it refused.
      if (typeof options.passwordHash === 'string' && options.passwordHash.length > 10)
        expect(JSON.stringify(err.rawData)).not.toContain(options.passwordHash);
    }

    const weak = await create({ email: 'weak@example.com', password: 'short' });
    expect(weak).toBeInstanceOf(BadRequestException);
    expect(weak.code).toBe('password_strength_error');

    const noEmail = await create({ firstName: 'x' });
    expect(noEmail.constructor.name).toBe('UnprocessableEntityException');
    expect(noEmail.code).toBe('invalid_request_parameters');

    const emailTaken = await caught(
      workos.userManagement.updateUser({ userId: dup.id, email: 'owner@EXAMPLE.com' }),
    );
    expect((emailTaken.rawData as { code: string }).code).toBe('email_not_available');
  });

  it('lists 250 users in pages of 100, forwards with after and back with before, in both orders', async () => {
    const seeded = await emu.control.seedUsers(
      Array.from({ length: 250 }, (_, i) => ({ email: `page${String(i).padStart(3, '0')}@list.test` })),
    );
    expect(seeded.errors).toEqual([]);
    const all = seeded.created.map((c) => c.id);
    const ourOnly = (ids: string[]) => ids.filter((id) => all.includes(id));

    for (const order of ['asc', 'desc'] as const) {
      const expected = order === 'asc' ? all : [...all].reverse();
      const pages: string[][] = [];
      let page = await workos.userManagement.listUsers({ limit: 100, order });
      pages.push(page.data.map((u) => u.id));
      while (page.listMetadata.after) {
        page = await workos.userManagement.listUsers({ limit: 100, order, after: page.listMetadata.after });
        pages.push(page.data.map((u) => u.id));
      }
      expect(ourOnly(pages.flat())).toEqual(expected);
      expect(pages.flat().length).toBe(new Set(pages.flat()).size);

      // Walk back from the last page: each `before` page is the one just preceding it.
      const back: string[][] = [pages[pages.length - 1]!];
      let cursor = page.listMetadata.before;
      while (cursor) {
        const prev = await workos.userManagement.listUsers({ limit: 100, order, before: cursor });
        back.unshift(prev.data.map((u) => u.id));
        cursor = prev.listMetadata.before;
      }
      expect(back).toEqual(pages);
    }

    const bad = await call(emu, 'GET', '/user_management/users?limit=101');
    expect(bad.status).toBe(422);
  });
});

describe('authenticate through @workos-inc/node', () => {
  const vectors = loadVectors();

  it.each(VECTOR_IDS)(
    'imported %s hash: right password signs in, wrong one is invalid_credentials',
    async (id) => {
      const v = vectors.find((x) => x.id === id)!;
      expect(v.importable).toBe(true);
      const email = `${id}@hash.test`;
      const user = await workos.userManagement.createUser({
        email,
        passwordHash: v.workos_hash!,
        passwordHashType: v.workos_type as never,
      });

      const ok = await workos.userManagement.authenticateWithPassword({
        email,
        password: v.password,
        clientId: emu.clientId,
      });
      expect(ok.user.id).toBe(user.id);
      expect(ok.user.lastSignInAt).not.toBeNull();
      expect(ok.authenticationMethod).toBe('Password');
      expect(ok.accessToken.split('.')).toHaveLength(3);
      expect(ok.refreshToken.length).toBeGreaterThan(10);

      const wrong = await caught(
        workos.userManagement.authenticateWithPassword({
          email,
          password: `${v.password}x`,
          clientId: emu.clientId,
        }),
      );
      expect(wrong).toBeInstanceOf(GenericServerException);
      expect(wrong.status).toBe(400);
      expect((wrong.rawData as { code: string }).code).toBe('invalid_credentials');
    },
  );

  it('plaintext passwords are stored hashed and verified; unknown users are invalid_credentials', async () => {
    await workos.userManagement.createUser({ email: 'plain@auth.test', password: 'correct horse battery' });
    const ok = await workos.userManagement.authenticateWithPassword({
      email: 'PLAIN@auth.test',
      password: 'correct horse battery',
      clientId: emu.clientId,
    });
    expect(ok.user.email).toBe('plain@auth.test');
    const unknown = await caught(
      workos.userManagement.authenticateWithPassword({
        email: 'nobody@auth.test',
        password: 'x',
        clientId: emu.clientId,
      }),
    );
    expect((unknown.rawData as { code: string }).code).toBe('invalid_credentials');

    const events = await workos.events.listEvents({
      events: ['authentication.password_succeeded', 'authentication.password_failed', 'session.created'],
      limit: 100,
    });
    const kinds = events.data.filter(Boolean).map((e) => e.event);
    expect(kinds).toContain('authentication.password_succeeded');
    expect(kinds).toContain('authentication.password_failed');
    expect(kinds).toContain('session.created');
    // the comma-separated filter really filters
    expect(new Set(kinds)).toEqual(
      new Set(['authentication.password_succeeded', 'authentication.password_failed', 'session.created']),
    );
  });

  it('a wrong API key is 401 UnauthorizedException, on every route', async () => {
    const err = await caught(sdkFor(emu, 'sk_test_wrong').userManagement.listUsers());
    expect(err).toBeInstanceOf(UnauthorizedException);
    const auth = await caught(
      sdkFor(emu, 'sk_test_wrong').userManagement.authenticateWithPassword({
        email: 'plain@auth.test',
        password: 'correct horse battery',
        clientId: emu.clientId,
      }),
    );
    expect(auth).toBeInstanceOf(UnauthorizedException);
  });
});

describe('password reset, verification, magic auth, identities, organizations', () => {
  it('reset: create → get → confirm → sign in with the new password; token reuse is password_reset_error', async () => {
    const user = await workos.userManagement.createUser({
      email: 'reset@flow.test',
      password: 'old password 1',
    });
    const reset = await workos.userManagement.createPasswordReset({ email: 'Reset@flow.test' });
    expect(reset).toMatchObject({ userId: user.id, email: 'reset@flow.test' });
    expect(reset.passwordResetToken.length).toBeGreaterThan(10);
    expect(reset.passwordResetUrl).toContain(reset.passwordResetToken);
    expect((await workos.userManagement.getPasswordReset(reset.id)).id).toBe(reset.id);

    const confirmed = await workos.userManagement.resetPassword({
      token: reset.passwordResetToken,
      newPassword: 'new password 2',
    });
    expect(confirmed.user).toMatchObject({ id: user.id, emailVerified: true });
    const signedIn = await workos.userManagement.authenticateWithPassword({
      email: 'reset@flow.test',
      password: 'new password 2',
      clientId: emu.clientId,
    });
    expect(signedIn.user.id).toBe(user.id);

    const reuse = await caught(
      workos.userManagement.resetPassword({ token: reset.passwordResetToken, newPassword: 'x'.repeat(12) }),
    );
    expect(reuse).toBeInstanceOf(BadRequestException);
    expect(reuse.code).toBe('password_reset_error');

    const unknown = await caught(workos.userManagement.createPasswordReset({ email: 'nobody@flow.test' }));
    expect(unknown).toBeInstanceOf(NotFoundException);

    // 3 per 60 s per email: the 4th create is refused with an integer Retry-After.
    await workos.userManagement.createPasswordReset({ email: 'reset@flow.test' });
    await workos.userManagement.createPasswordReset({ email: 'reset@flow.test' });
    const limited = await caught(workos.userManagement.createPasswordReset({ email: 'RESET@flow.test' }));
    expect(limited).toBeInstanceOf(RateLimitExceededException);
    expect(limited.retryAfter).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(limited.retryAfter)).toBe(true);

    const legacy = await call(emu, 'POST', '/user_management/password_reset/send', {
      email: 'reset@flow.test',
    });
    expect(legacy.status).toBe(404);
  });

  it('email verification: send → code from the verification → confirm', async () => {
    const user = await workos.userManagement.createUser({ email: 'verify@flow.test' });
    const sent = await workos.userManagement.sendVerificationEmail({ userId: user.id });
    expect(sent.user.id).toBe(user.id);
    const created = (await call(emu, 'GET', '/events?events=email_verification.created&limit=100')).body as {
      data: Array<{ data: { id: string; user_id: string; code?: string } }>;
    };
    const ev = created.data.find((e) => e.data.user_id === user.id)!;
    expect(ev.data.code).toBeUndefined(); // the event never carries the code
    const verification = await workos.userManagement.getEmailVerification(ev.data.id);
    const wrong = await caught(
      workos.userManagement.verifyEmail({
        userId: user.id,
        code: '000000' === verification.code ? '111111' : '000000',
      }),
    );
    expect((wrong.rawData as { code: string }).code).toBe('email_verification_code_incorrect');
    const verified = await workos.userManagement.verifyEmail({ userId: user.id, code: verification.code });
    expect(verified.user.emailVerified).toBe(true);
    const again = await caught(workos.userManagement.sendVerificationEmail({ userId: user.id }));
    expect((again.rawData as { code: string }).code).toBe('email_already_verified');
  });

  it('magic auth for a new email signs the user up', async () => {
    const magic = await workos.userManagement.createMagicAuth({ email: 'magic@flow.test' });
    expect(magic.code).toMatch(/^\d{6}$/);
    expect((await workos.userManagement.getMagicAuth(magic.id)).userId).toBe(magic.userId);
    expect((await workos.userManagement.getUser(magic.userId)).email).toBe('magic@flow.test');
  });

  it('OAuth sign-in links by email case-insensitively, or creates a second account on a mismatch', async () => {
    const user = await workos.userManagement.createUser({ email: 'oauth@flow.test' });
    const linked = await call(emu, 'POST', '/_emulator/oauth_sign_in', {
      provider: 'GoogleOAuth',
      email: 'OAuth@flow.test',
    });
    expect(linked.body).toMatchObject({ created_user: false, user: { id: user.id } });
    expect(await workos.userManagement.getUserIdentities(user.id)).toEqual([
      { idpId: expect.any(String), type: 'OAuth', provider: 'GoogleOAuth' },
    ]);
    const other = await call(emu, 'POST', '/_emulator/oauth_sign_in', {
      provider: 'GithubOAuth',
      email: 'oauth+gh@flow.test',
      email_verified: true,
    });
    expect(other.body).toMatchObject({ created_user: true, user: { email_verified: true } });
    const oauthEvents = await workos.events.listEvents({ events: ['authentication.oauth_succeeded'] });
    expect(oauthEvents.data.length).toBe(2);
  });

  it('organizations and memberships', async () => {
    const org = await workos.organizations.createOrganization({
      name: 'Acme',
      domainData: [{ domain: 'acme.test', state: 'verified' as never }],
    });
    expect(org).toMatchObject({ object: 'organization', name: 'Acme' });
    // A retried create with the same Idempotency-Key returns the same organization, not a 409.
    const retried = await workos.organizations.createOrganization(
      { name: 'Acme Two', domainData: [{ domain: 'acme2.test', state: 'verified' as never }] },
      { idempotencyKey: 'org-create-1' },
    );
    const again = await workos.organizations.createOrganization(
      { name: 'Acme Two', domainData: [{ domain: 'acme2.test', state: 'verified' as never }] },
      { idempotencyKey: 'org-create-1' },
    );
    expect(again.id).toBe(retried.id);
    const listed = await workos.organizations.listOrganizations({ domains: ['acme.test', 'other.test'] });
    expect(listed.data.map((o) => o.id)).toEqual([org.id]);
    const user = await workos.userManagement.createUser({ email: 'member@acme.test' });
    const m = await workos.userManagement.createOrganizationMembership({
      organizationId: org.id,
      userId: user.id,
    });
    expect(m).toMatchObject({
      status: 'active',
      userId: user.id,
      organizationId: org.id,
      role: { slug: 'member' },
    });
    const ms = await workos.userManagement.listOrganizationMemberships({ organizationId: org.id });
    expect(ms.data.map((x) => x.id)).toEqual([m.id]);
    const missing = await caught(
      workos.userManagement.createOrganizationMembership({ organizationId: org.id, userId: 'user_nope' }),
    );
    expect(missing).toBeInstanceOf(NotFoundException);
  });
});

describe('environment switches', () => {
  it('duplicateEmail: 409 answers like WorkOS’s own emulator (ConflictException)', async () => {
    const other = await startEmulator({ duplicateEmail: '409', limits: 'off' });
    try {
      const sdk = sdkFor(other);
      await sdk.userManagement.createUser({ email: 'same@example.com' });
      const err = await caught(sdk.userManagement.createUser({ email: 'Same@example.com' }));
      expect(err.constructor.name).toBe('ConflictException');
      expect(err.status).toBe(409);
    } finally {
      await other.close();
    }
  });

  it('requireEmailVerification: right password on an unverified email is 403 email_verification_required', async () => {
    const other = await startEmulator({ requireEmailVerification: true, limits: 'off' });
    try {
      const sdk = sdkFor(other);
      await sdk.userManagement.createUser({
        email: 'unverified@example.com',
        password: 'correct horse battery',
      });
      const err = await caught(
        sdk.userManagement.authenticateWithPassword({
          email: 'unverified@example.com',
          password: 'correct horse battery',
          clientId: other.clientId,
        }),
      );
      expect(err).toBeInstanceOf(GenericServerException);
      expect(err.status).toBe(403);
      expect(err.rawData).toMatchObject({
        code: 'email_verification_required',
        email: 'unverified@example.com',
      });
    } finally {
      await other.close();
    }
  });
});
