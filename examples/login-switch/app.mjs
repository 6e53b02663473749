// A small application whose login moves to WorkOS behind the login switch (the migration guide's
// Step 8). Run it against the emulator:
//   workos-migrator emulator --port 4100 &
//   LEGACY_USERS=users.json EMULATOR_URL=http://127.0.0.1:4100 node examples/login-switch/app.mjs
// Routes: POST /login, POST /signup, GET /me, POST /logout, PUT /admin/rollout {"percent": 50}.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';
import { URL } from 'node:url';
import Database from 'better-sqlite3';
import { WorkOS } from '@workos-inc/node';
import {
  checkLegacyPassword,
  createLoginSwitch,
  createTrickleMigrator,
  loginSwitchHandlers,
  workosLoginPath,
} from 'workos-migrator/trickle';

const env = process.env;
const INVALID = 'Invalid email or password.';
const key = (email) => email.trim().toLowerCase();

// The old system: its users (with the hashes WorkOS could not import) and its own sessions.
const legacyUsers = new Map(JSON.parse(readFileSync(env.LEGACY_USERS, 'utf8')).map((u) => [key(u.email), u]));
const legacySessions = new Map();
// The salt column and how the old code concatenated it, when its hashes are salted digests.
const credentialOf = (u) => ({
  hash: u.passwordHash,
  params: { ...(u.salt ? { salt: u.salt } : {}), ...(u.saltOrder ? { saltOrder: u.saltOrder } : {}) },
});

const legacy = {
  async login({ email, password }) {
    const u = legacyUsers.get(key(email));
    if (!u || !(await checkLegacyPassword(credentialOf(u), password)))
      return { ok: false, status: 401, message: INVALID };
    const token = randomBytes(24).toString('base64url');
    const user = { id: u.id, email: u.email };
    legacySessions.set(token, user);
    return { ok: true, token, user };
  },
  async session(token) {
    return legacySessions.get(token) ?? null;
  },
  async logout(token) {
    legacySessions.delete(token);
  },
};

// WorkOS, with the trickle migrator so users whose hash could not be imported keep their password.
const url = new URL(env.EMULATOR_URL ?? 'https://api.workos.com');
const workos = new WorkOS(env.WORKOS_API_KEY ?? 'sk_test_default', {
  apiHostname: url.hostname,
  port: Number(url.port) || undefined,
  https: url.protocol === 'https:',
});
const migrator = await createTrickleMigrator({
  workos,
  clientId: env.WORKOS_CLIENT_ID ?? 'client_test_default',
  // The application's own database; the example keeps it in memory unless APP_DB names a file.
  db: { kind: 'sqlite', client: new Database(env.APP_DB ?? ':memory:') },
  getLegacyCredential: async (email) => {
    const u = legacyUsers.get(key(email));
    return u ? credentialOf(u) : null;
  },
  // Keep the old hash until cutover is final: rolling back to 0 sends this user to it again.
  onMigrated: ({ email }) => console.log(`migrated at sign-in: ${email}`),
});
// Production enrolls trickleCandidates() from the migration machine once; the example enrolls its store.
await migrator.enroll([...legacyUsers.values()].map((u) => ({ email: u.email })));

const sw = createLoginSwitch({
  legacy,
  workos: workosLoginPath({ migrator, workos }),
  rollout: Number(env.ROLLOUT ?? 0),
  strategy: env.STRATEGY === 'B' ? 'B' : 'A',
});
const handlers = loginSwitchHandlers(sw);

/** The tiniest Express-style router: method + path → handler, with a parsed JSON body. */
const routes = {
  'POST /login': handlers.login,
  'POST /signup': handlers.signup,
  'GET /me': handlers.session,
  'POST /logout': handlers.logout,
  'PUT /admin/rollout': async (req, res) => {
    sw.setRollout(Number(req.body?.percent));
    res.statusCode = 204;
    res.end();
  },
};

const server = createServer(async (req, res) => {
  const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`];
  if (!route) {
    res.statusCode = 404;
    return res.end();
  }
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    req.body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    await route(req, res);
  } catch (err) {
    // Never the request body: it holds a password.
    console.error(`request failed: ${err?.name ?? 'error'}`);
    res.statusCode = err instanceof RangeError || err instanceof SyntaxError ? 400 : 500;
    res.end();
  }
});
server.listen(Number(env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
