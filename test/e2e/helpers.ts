import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkOS, type User } from '@workos-inc/node';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { classifyHash } from '../../src/hashes/index.js';
import { Journal } from '../../src/journal/journal.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = join(repoRoot, 'dist', 'cli', 'main.js');

import type { HashVector } from '../support/hash-vectors.js';
export { loadHashVectors as loadVectors, type HashVector } from '../support/hash-vectors.js';

let workDir: string | undefined;
/** One scratch working directory for every CLI run of this test file. */
export function cliWorkDir(): string {
  workDir ??= tempDir();
  return workDir;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wm-e2e-'));
}

/** An emulator with a key unique to this test, so the secrets scan has something real to look for. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ apiKey: `sk_test_e2e_${randomBytes(12).toString('hex')}`, ...options });
}

export function sdkFor(emu: RunningEmulator): WorkOS {
  return new WorkOS(emu.apiKey, {
    apiHostname: '127.0.0.1',
    port: emu.port,
    https: false,
    clientId: emu.clientId,
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Everything every CLI run of this test file printed, for the secrets scan. */
export const allOutputs: string[] = [];
/** The journals (--state) and export files (--out) those runs were given, for the secrets scan. */
const journalsUsed = new Set<string>();
const exportsWritten = new Set<string>();

function rememberFiles(args: string[]): void {
  args.forEach((arg, i) => {
    const value = args[i + 1];
    if (value === undefined) return;
    if (arg === '--state') journalsUsed.add(value);
    if (arg === '--out') exportsWritten.add(value);
  });
}

export function startCli(
  args: string[],
  emu: RunningEmulator,
  options: { input?: string } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  rememberFiles(args);
  const child = spawn(process.execPath, [cliPath, ...args], {
    // Commands such as `strategy set` write migration.log into the working directory: never the repository's.
    cwd: cliWorkDir(),
    env: { ...process.env, WORKOS_API_KEY: emu.apiKey, FORCE_COLOR: '0' },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      allOutputs.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs the built CLI against the emulator (WORKOS_API_KEY = the emulator's key). */
export function runCli(
  args: string[],
  emu: RunningEmulator,
  options: { input?: string } = {},
): Promise<CliResult> {
  return startCli(args, emu, options).done;
}

export interface SourceUser {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
  passwordHash?: string;
  passwordAlgorithm?: string;
  /** The user's salt column (salted hex digests, Firebase exports). */
  salt?: string;
  oauthProvider?: string;
  workosUserId?: string;
  metadata?: Record<string, string>;
}

/** A source user holding a hash vector as its old system stored it (with its salt column). */
export function hashVectorUser(v: HashVector, i: number): SourceUser {
  const salt = v.source_extra?.salt;
  return {
    id: `vec-${i}`,
    email: `vec${i}@example.com`,
    passwordHash: v.source_hash ?? '',
    ...(v.workos_type === 'firebase-scrypt' ? { passwordAlgorithm: 'firebase-scrypt' } : {}),
    ...(typeof salt === 'string' ? { salt } : {}),
  };
}

export function writeSource(dir: string, users: SourceUser[], name = 'users.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(users));
  return path;
}

/** Every user in the emulator, read through the public API page by page. */
export async function listAllUsers(emu: RunningEmulator): Promise<User[]> {
  const sdk = sdkFor(emu);
  const out: User[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await sdk.userManagement.listUsers({ limit: 100, order: 'asc', after });
    out.push(...page.data);
    after = page.listMetadata.after ?? undefined;
    if (!after) return out;
  }
}

export interface MappingRow {
  local_id: string;
  email: string;
  workos_user_id: string;
  status: string;
  row: number;
}

export async function exportMappingJson(
  emu: RunningEmulator,
  state: string,
  dir: string,
): Promise<MappingRow[]> {
  const out = join(dir, `mapping-${Date.now()}.json`);
  const r = await runCli(['mapping', 'export', '--state', state, '--format', 'json', '--out', out], emu);
  if (r.code !== 0) throw new Error(`mapping export failed: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as MappingRow[];
}

/** Asserts the mapping is exactly the emulator's state: same users, same ids, nothing extra. */
export function mappingMismatches(mapping: MappingRow[], users: User[]): string[] {
  const problems: string[] = [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const seen = new Set<string>();
  for (const m of mapping) {
    const u = byId.get(m.workos_user_id);
    if (!u) problems.push(`row ${m.row}: ${m.workos_user_id} not in WorkOS`);
    else if (u.email !== m.email.toLowerCase() && u.email !== m.email)
      problems.push(`row ${m.row}: email ${m.email} vs ${u.email}`);
    if (seen.has(m.workos_user_id)) problems.push(`row ${m.row}: ${m.workos_user_id} mapped twice`);
    seen.add(m.workos_user_id);
  }
  for (const u of users)
    if (!seen.has(u.id)) problems.push(`WorkOS user ${u.id} (${u.email}) missing from the mapping`);
  return problems;
}

/** The emulator's secrets: its API key and every webhook endpoint's signing secret. Call before close. */
export async function emulatorSecrets(emu: RunningEmulator): Promise<string[]> {
  const secrets = [emu.apiKey];
  let after: string | undefined;
  do {
    const res = await fetch(
      `${emu.url}/webhook_endpoints?limit=100&order=asc${after ? `&after=${after}` : ''}`,
      {
        headers: { authorization: `Bearer ${emu.apiKey}` },
      },
    );
    const page = (await res.json()) as {
      data: Array<{ secret: string }>;
      list_metadata: { after: string | null };
    };
    secrets.push(...page.data.map((e) => e.secret));
    after = page.list_metadata.after ?? undefined;
  } while (after);
  return secrets;
}

/**
 * A source's secrets: every hash as exported and as converted for WorkOS, every salt, and the
 * hash parameters of its map (the Firebase signer key and salt separator).
 */
export function sourceSecrets(users: SourceUser[], hashParams: Record<string, string> = {}): string[] {
  const secrets: string[] = [];
  for (const u of users) {
    if (u.salt) secrets.push(u.salt);
    if (!u.passwordHash) continue;
    secrets.push(u.passwordHash);
    const converted = classifyHash({
      hash: u.passwordHash,
      ...(u.passwordAlgorithm ? { algorithm: u.passwordAlgorithm } : {}),
      params: { ...hashParams, ...(u.salt ? { salt: u.salt } : {}) },
    });
    if (converted.importable) secrets.push(converted.workosHash);
  }
  if (hashParams.firebaseSignerKey) secrets.push(hashParams.firebaseSignerKey);
  if (hashParams.firebaseSaltSeparator) secrets.push(hashParams.firebaseSaltSeparator);
  return secrets;
}

function journalText(path: string): string[] {
  if (!existsSync(path)) return [];
  const j = Journal.open(path);
  try {
    return j.dumpText();
  } finally {
    j.close();
  }
}

/** Short secrets (a Firebase salt separator such as `Bw==`) count only as a whole token, not inside a word. */
function contains(text: string, secret: string): boolean {
  if (secret.length >= 8) return text.includes(secret);
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9+/=_-])${escaped}($|[^A-Za-z0-9+/=_-])`).test(text);
}

/**
 * The one secrets scan: where any of `secrets` appears in what this test file's CLI runs left
 * behind: everything they printed, every export they wrote (--out) and every text column of every
 * journal they used (--state). Returns "secret… in where" lines, [] when clean, and how much it read
 * so a test can tell a clean scan from an empty one.
 */
export function scanForSecrets(secrets: string[]): { leaks: string[]; scanned: Record<string, number> } {
  const places: Array<[string, string]> = allOutputs.map((text, i) => [`CLI output ${i + 1}`, text]);
  for (const path of exportsWritten)
    if (existsSync(path)) places.push([`export ${path}`, readFileSync(path, 'utf8')]);
  for (const path of journalsUsed)
    journalText(path).forEach((text, i) => places.push([`journal ${path} text ${i + 1}`, text]));
  const leaks: string[] = [];
  for (const secret of new Set(secrets.filter((s) => s.length > 0)))
    for (const [where, text] of places)
      if (contains(text, secret))
        leaks.push(`${secret.slice(0, Math.min(6, secret.length >> 1))}… in ${where}`);
  return {
    leaks,
    scanned: {
      outputs: allOutputs.length,
      exports: [...exportsWritten].filter((p) => existsSync(p)).length,
      journals: [...journalsUsed].filter((p) => existsSync(p)).length,
    },
  };
}

/**
 * A stand-in for answers the emulator never gives but the live API may (e.g. rejecting a hash
 * layout the docs leave unverified): forwards everything to the emulator, except create-user
 * bodies that `reject` answers for.
 */
export async function startRejectingProxy(
  emu: RunningEmulator,
  reject: (body: Record<string, unknown>) => { status: number; body: unknown } | undefined,
): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      void (async () => {
        if (req.method === 'POST' && req.url === '/user_management/users') {
          const answer = reject(JSON.parse(raw.toString() || '{}') as Record<string, unknown>);
          if (answer) {
            res.writeHead(answer.status, { 'content-type': 'application/json', 'x-request-id': 'req_proxy' });
            res.end(JSON.stringify(answer.body));
            return;
          }
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const upstream = await fetch(`${emu.url}${req.url ?? '/'}`, {
          method: req.method,
          headers,
          body: raw.length ? raw : undefined,
        });
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
        });
        res.writeHead(upstream.status, out);
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Pacing flags for the emulator's limits scaled ×10 (500 writes per second). */
export const SCALED_LIMIT_FLAGS = [
  '--write-limit',
  '500/1s',
  '--read-limit',
  '1000/1s',
  '--general-limit',
  '6000/6s',
];

/** `import` flags that pace against the emulator's limits scaled ×10. */
export function scaledImportArgs(
  source: string,
  state: string,
  emu: RunningEmulator,
  ...extra: string[]
): string[] {
  return ['import', source, '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS, ...extra];
}

/** Records the guide's strategy A, then imports the source at the scaled limits: the CLI's answer. */
export async function importAsStrategyA(
  emu: RunningEmulator,
  source: string,
  state: string,
  ...extra: string[]
): Promise<CliResult> {
  const strategy = await runCli(['strategy', 'set', 'A', '--state', state], emu);
  if (strategy.code !== 0) throw new Error(`strategy set failed: ${strategy.stderr}`);
  return runCli(scaledImportArgs(source, state, emu, ...extra), emu);
}
