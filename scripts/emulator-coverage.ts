/**
 * Generates the emulator section of README.md: how to run it, and a table of the spec's
 * user-management, events, webhook-endpoint and organization routes against the routes the
 * emulator serves. Run `npx tsx scripts/emulator-coverage.ts` to rewrite the section, or with
 * `--check` to fail when it is stale (test/emulator/coverage.test.ts does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createApp } from '../src/emulator/app.js';
import { Store } from '../src/emulator/store.js';
import { World } from '../src/emulator/world.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SPEC_FILE = join(root, 'node_modules', '@workos', 'openapi-spec', 'open-api-spec.yaml');
export const README_FILE = join(root, 'README.md');
const START = '<!-- emulator-coverage:start -->';
const END = '<!-- emulator-coverage:end -->';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The part of the spec this emulator is meant to cover. */
function inScope(path: string): boolean {
  return (
    path.startsWith('/user_management/') ||
    path === '/events' ||
    path.startsWith('/webhook_endpoints') ||
    path === '/organizations' ||
    path === '/organizations/{id}' ||
    path === '/organizations/external_id/{external_id}' ||
    path === '/auth/factors/{id}/challenge' ||
    path === '/auth/challenges/{id}/verify'
  );
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z_]+/g, '{}');

let cachedSpecOperations: Array<{ method: string; path: string }> | undefined;

export function specOperations(): Array<{ method: string; path: string }> {
  cachedSpecOperations ??= readSpecOperations();
  return cachedSpecOperations;
}

function readSpecOperations(): Array<{ method: string; path: string }> {
  const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const out: Array<{ method: string; path: string }> = [];
  for (const [path, item] of Object.entries(spec.paths))
    if (inScope(path))
      for (const m of Object.keys(item)) if (METHODS.includes(m)) out.push({ method: m.toUpperCase(), path });
  return out.sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      METHODS.indexOf(a.method.toLowerCase()) - METHODS.indexOf(b.method.toLowerCase()),
  );
}

export function emulatorRoutes(): Array<{ method: string; path: string }> {
  const world = new World(
    {
      apiKey: 'k',
      clientId: 'c',
      limits: 'off',
      duplicateEmail: 'contract',
      requireEmailVerification: false,
      oauthEmailMatch: 'case-insensitive',
      roles: ['member', 'admin'],
    },
    new Store(),
  );
  return createApp(world)
    .routes.filter((r) => r.method !== 'ALL' && !r.path.startsWith('/_emulator') && r.path !== '/health')
    .map((r) => ({ method: r.method, path: r.path }));
}

export function coverageSection(): string {
  const spec = specOperations();
  const served = new Set(emulatorRoutes().map((r) => `${r.method} ${shape(r.path)}`));
  const specKeys = new Set(spec.map((o) => `${o.method} ${shape(o.path)}`));
  const rows = spec.map(
    (o) => `| ${o.method} | \`${o.path}\` | ${served.has(`${o.method} ${shape(o.path)}`) ? 'yes' : '—'} |`,
  );
  const implemented = spec.filter((o) => served.has(`${o.method} ${shape(o.path)}`)).length;
  const extra = emulatorRoutes().filter((r) => !specKeys.has(`${r.method} ${shape(r.path)}`));

  return `${START}
## Local WorkOS emulator

\`workos-migrator emulator\` runs a local WorkOS (User Management, events, webhook endpoints,
organizations) so a whole migration can be rehearsed offline. It speaks the WorkOS wire format and
is checked against \`@workos/openapi-spec\` in \`test/emulator/contract.test.ts\`.

\`\`\`sh
workos-migrator emulator --port 4100 --limits documented --seed users.json --persist state.json
# prints: base URL http://127.0.0.1:4100, API key sk_test_default, client id client_test_default
\`\`\`

| flag | meaning |
|---|---|
| \`--port N\` | port to listen on (default 4100; \`0\` picks a free one) |
| \`--limits documented\\|off\\|xN\` | rate limits as WorkOS documents them (default), none, or every window divided by N (\`x10\`: 500 writes per 1 s) |
| \`--seed FILE\` | JSON array of users (wire snake_case or SDK camelCase, with \`password\` or \`password_hash\` + \`password_hash_type\`) created at start |
| \`--persist FILE\` | keep state in FILE across restarts (written shortly after each change and on exit; holds hashes, mode 600) |
| \`--api-key K\`, \`--client-id C\` | credentials to accept (defaults \`sk_test_default\`, \`client_test_default\`); any other key gets 401 |
| \`--duplicate-email contract\\|409\` | duplicate email as the contract says (400 \`user_creation_error\`/\`email_not_available\`, default) or 409 as WorkOS's own emulator does |
| \`--require-email-verification\` | password sign-in of an unverified email answers 403 \`email_verification_required\` |

Point the SDK at it: \`new WorkOS(apiKey, { apiHostname: '127.0.0.1', port, https: false, clientId })\`.
In tests: \`const emu = await startEmulator({ limits: { scale: 10 } })\` (free port), then \`emu.url\`,
\`emu.control\`, \`await emu.close()\`.

**Rate limits** are sliding-window logs of accepted requests: 6,000/60 s per client IP; per environment
1,000 reads (GET) and 500 writes (every other method, authenticate included) per 10 s under
\`/user_management/\`; authenticate 10/60 s per email; password reset and magic auth 3/60 s per email;
email-verification send 3/60 s per user; organization deletes 50/60 s per API key. Emails are
compared case-insensitively. A refused request
costs no budget and gets 429 \`{"code":"rate_limit_exceeded","message":…}\` with \`Retry-After\` in whole
seconds (time until the window admits another request, rounded up, at least 1).

**Control API** (no API key; the emulator listens on 127.0.0.1 only):
\`GET /health\`; \`POST /_emulator/users\` \`{users:[…]}\` seeds users (no limits, same validation);
\`POST /_emulator/reset\` (optionally \`{limits}\`); \`GET /_emulator/counters\` (requests per route, 429s sent,
accepted writes, \`max_writes_in_window\` = the most accepted writes in any window of the write limit's
length, effective limits); \`POST /_emulator/faults\` \`{method?, path, kind, status?, latencyMs?, jitterMs?,
retryAfter?, probability? | count?}\` with \`kind\` one of \`5xx\`, \`latency\`, \`reset\` (socket destroyed before the
handler), \`commit_then_drop\` (handler commits, then the socket is destroyed without a response), \`rate_limit\` (the
limiter's 429 with \`Retry-After: retryAfter\`, default 1, consuming no window), \`path\` with \`*\` for one
segment and \`**\` for the rest; \`GET\`/\`DELETE /_emulator/faults\`, \`DELETE /_emulator/faults/:id\`;
\`POST /_emulator/oauth_sign_in\` \`{provider, email, email_verified?, idp_id?}\` links the identity to the user with
that email (case-insensitively) or creates a new user.

### Route coverage (generated by \`npx tsx scripts/emulator-coverage.ts\`; do not edit by hand)

${implemented} of ${spec.length} spec routes in scope are emulated${extra.length ? `; emulator routes not in the spec: ${extra.map((r) => `\`${r.method} ${r.path}\``).join(', ')}` : ''}.

| method | path | emulated |
|---|---|---|
${rows.join('\n')}
${END}`;
}

export function replaceSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no ${START} … ${END} markers; add them where the section belongs.`);
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}

function main(): number {
  const readme = readFileSync(README_FILE, 'utf8');
  const next = replaceSection(readme, coverageSection());
  if (process.argv.includes('--check')) {
    if (next === readme) return 0;
    process.stderr.write(
      'README.md emulator section is stale: run `npx tsx scripts/emulator-coverage.ts`.\n',
    );
    return 1;
  }
  if (next !== readme) writeFileSync(README_FILE, next);
  process.stdout.write('README.md emulator section is up to date.\n');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
