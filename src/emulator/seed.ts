import { readFileSync } from 'node:fs';
import { ApiError } from './errors.js';
import { createUser } from './user-writes.js';
import type { World } from './world.js';

const CAMEL_TO_WIRE: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  emailVerified: 'email_verified',
  externalId: 'external_id',
  passwordHash: 'password_hash',
  passwordHashType: 'password_hash_type',
};

/** Seed users may be written in the wire's snake_case or the SDK's camelCase. */
function toWire(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[CAMEL_TO_WIRE[k] ?? k] = v;
  return out;
}

export interface SeedResult {
  created: Array<{ index: number; id: string; email: string }>;
  errors: Array<{ index: number; email: string | null; status: number; code: string; message: string }>;
}

/**
 * Creates users exactly as POST /user_management/users would (same validation, same events), but
 * outside the rate limits. A bad entry is reported with its index and the rest go on.
 */
export async function seedUsers(world: World, users: unknown): Promise<SeedResult> {
  if (!Array.isArray(users))
    throw new Error("Seed data must be a JSON array of users, or an object with a 'users' array.");
  const result: SeedResult = { created: [], errors: [] };
  for (const [index, raw] of users.entries()) {
    const body = raw && typeof raw === 'object' ? toWire(raw as Record<string, unknown>) : {};
    try {
      const user = await createUser(world, body);
      result.created.push({ index, id: user.id, email: user.email });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result.errors.push({
        index,
        email: typeof body.email === 'string' ? body.email : null,
        status: err.status,
        code: String(err.body.code ?? 'invalid'),
        message: err.message,
      });
    }
  }
  return result;
}

export async function seedFromFile(world: World, file: string): Promise<SeedResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `Cannot read seed file ${file}: ${(err as Error).message}. It must be a JSON array of users.`,
      { cause: err },
    );
  }
  const users = Array.isArray(parsed) ? parsed : (parsed as { users?: unknown })?.users;
  const result = await seedUsers(world, users);
  for (const e of result.errors)
    process.stderr.write(
      `seed ${file}: user #${e.index} (${e.email ?? 'no email'}) skipped: ${e.code}: ${e.message}\n`,
    );
  return result;
}
