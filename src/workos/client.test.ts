import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact } from './classify.js';
import { createWorkosClient, resolveTarget } from './client.js';
import { createUser, findUserByEmail, findUserByExternalId } from './users.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let url = '';
const seen: Array<{ method?: string; url?: string; auth?: string; body: string }> = [];

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${status}`, ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const user = {
  object: 'user',
  id: 'user_01',
  email: 'a@x.io',
  email_verified: true,
  first_name: null,
  last_name: null,
  profile_picture_url: null,
  external_id: 'u/1',
  last_sign_in_at: null,
  metadata: {},
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

describe('resolveTarget', () => {
  it('uses the emulator default key only for the emulator, and flags live keys', () => {
    expect(resolveTarget({ emulatorUrl: 'http://127.0.0.1:1', env: {} })).toMatchObject({
      apiKey: 'sk_test_default',
      isEmulator: true,
      isLive: false,
    });
    expect(
      resolveTarget({ emulatorUrl: 'http://127.0.0.1:1', env: { WORKOS_API_KEY: 'sk_test_mine' } }).apiKey,
    ).toBe('sk_test_mine');
    expect(() => resolveTarget({ env: {} })).toThrow(/WORKOS_API_KEY/);
    expect(resolveTarget({ env: { WORKOS_API_KEY: 'sk_live_abc' } })).toMatchObject({
      isLive: true,
      baseUrl: 'https://api.workos.com',
    });
    expect(() => resolveTarget({ emulatorUrl: 'not a url', env: {} })).toThrow(/not a URL/);
  });
});

describe('createWorkosClient over real HTTP with the real SDK', () => {
  it('sends pbkdf2 hashes, and captures the request id the SDK drops', async () => {
    handler = (_req, res) => json(res, 201, user);
    const client = createWorkosClient({ emulatorUrl: url, env: {} });
    const result = await createUser(client, {
      email: 'a@x.io',
      passwordHash: '$pbkdf2$i=600000,d=sha256$c2FsdA$aGFzaA',
      passwordHashType: 'pbkdf2',
    });
    expect(result.ok && result.value.id).toBe('user_01');
    expect(result.info.requestId).toBe('req_201');
    const last = seen.at(-1);
    expect(last?.auth).toBe('Bearer sk_test_default');
    expect(JSON.parse(last?.body ?? '{}')).toMatchObject({ password_hash_type: 'pbkdf2', email: 'a@x.io' });
  });

  it('classifies duplicate email answered as 400 user_creation_error or as 409', async () => {
    const client = createWorkosClient({ emulatorUrl: url, env: {} });
    handler = (_req, res) =>
      json(res, 400, {
        code: 'user_creation_error',
        message: 'Could not create user.',
        errors: [{ code: 'email_not_available', message: 'This email is not available.' }],
      });
    const a = await createUser(client, { email: 'a@x.io' });
    expect(!a.ok && a.failure).toMatchObject({
      kind: 'duplicate_email',
      code: 'email_not_available',
      requestId: 'req_400',
    });
    handler = (_req, res) => json(res, 409, { code: 'user_already_exists', message: 'exists' });
    const b = await createUser(client, { email: 'a@x.io' });
    expect(!b.ok && b.failure.kind).toBe('duplicate_email');
  });

  it('classifies rejected data with its code and a hint', async () => {
    const client = createWorkosClient({ emulatorUrl: url, env: {} });
    handler = (_req, res) =>
      json(res, 400, { code: 'invalid_password_hash', message: 'Invalid password hash.' });
    const r = await createUser(client, { email: 'a@x.io' });
    expect(!r.ok && r.failure).toMatchObject({ kind: 'invalid', code: 'invalid_password_hash', status: 400 });
    expect(!r.ok && r.failure.message).toMatch(/algorithm name/);
    handler = (_req, res) =>
      json(res, 422, { code: 'invalid_request_parameters', message: 'email is invalid' });
    const v = await createUser(client, { email: 'nope' });
    expect(!v.ok && v.failure).toMatchObject({
      kind: 'invalid',
      code: 'invalid_request_parameters',
      status: 422,
    });
    handler = (_req, res) => json(res, 400, { code: 'external_id_already_used', message: 'taken' });
    const x = await createUser(client, { email: 'a@x.io', externalId: 'u1' });
    expect(!x.ok && x.failure.kind).toBe('external_id_taken');
    // Also when WorkOS nests it in user_creation_error's errors[] (409 or 400 alike).
    for (const status of [400, 409]) {
      handler = (_req, res) =>
        json(res, status, {
          code: 'user_creation_error',
          message: 'Could not create user.',
          errors: [{ code: 'external_id_already_used', message: 'External ID already in use.' }],
        });
      const nested = await createUser(client, { email: 'a@x.io', externalId: 'u1' });
      expect(!nested.ok && nested.failure).toMatchObject({
        kind: 'external_id_taken',
        code: 'external_id_already_used',
      });
    }
  });

  it('reads Retry-After on 429, and leaves it null when absent or not seconds', async () => {
    const client = createWorkosClient({ emulatorUrl: url, env: {} });
    handler = (_req, res) =>
      json(res, 429, { code: 'rate_limit_exceeded', message: 'slow down' }, { 'retry-after': '3' });
    const a = await createUser(client, { email: 'a@x.io' });
    expect(!a.ok && a.failure).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
    handler = (_req, res) =>
      json(res, 429, { message: 'slow down' }, { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' });
    const b = await createUser(client, { email: 'a@x.io' });
    expect(!b.ok && b.failure).toMatchObject({ kind: 'rate_limited', retryAfterMs: null });
  });

  it('tells a server error (retry) from a lost answer (unknown) and a 401 (stop)', async () => {
    const client = createWorkosClient({ emulatorUrl: url, env: {} });
    handler = (_req, res) => json(res, 503, { message: 'unavailable' });
    const a = await createUser(client, { email: 'a@x.io' });
    expect(!a.ok && a.failure).toMatchObject({ kind: 'transient', status: 503 });
    handler = (req) => req.socket.destroy();
    const b = await createUser(client, { email: 'a@x.io' });
    expect(!b.ok && b.failure.kind).toBe('lost');
    handler = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"object":"us');
      res.socket?.destroy();
    };
    const c = await createUser(client, { email: 'a@x.io' });
    expect(!c.ok && c.failure.kind).toBe('lost');
    handler = (_req, res) => json(res, 401, { message: 'Unauthorized' });
    const d = await createUser(client, { email: 'a@x.io' });
    expect(!d.ok && d.failure.kind).toBe('unauthorized');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = createWorkosClient({ emulatorUrl: `http://127.0.0.1:${closedPort}`, env: {} });
    const e = await createUser(refused, { email: 'a@x.io' });
    expect(!e.ok && e.failure.kind).toBe('unreachable');
  });

  it('encodes external ids in the path and maps 404 to "not there"', async () => {
    const client = createWorkosClient({ emulatorUrl: url, env: {} });
    handler = (_req, res) => json(res, 404, { message: "User not found: 'x'." });
    const missing = await findUserByExternalId(client, 'a/b?c#d%');
    expect(missing).toMatchObject({ ok: true, value: null });
    expect(seen.at(-1)?.url).toBe('/user_management/users/external_id/a%2Fb%3Fc%23d%25');
    handler = (_req, res) =>
      json(res, 200, { object: 'list', data: [user], list_metadata: { before: null, after: null } });
    const found = await findUserByEmail(client, 'A@x.io');
    expect(found.ok && found.value?.externalId).toBe('u/1');
    expect(seen.at(-1)?.url).toContain('email=A%40x.io');
  });
});

describe('redact', () => {
  it('removes every secret occurrence', () => {
    expect(
      redact('key sk_test_123 and $2b$10$abc twice $2b$10$abc', ['sk_test_123', '$2b$10$abc', undefined]),
    ).toBe('key [redacted] and [redacted] twice [redacted]');
  });
});
