import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkOS } from '@workos-inc/node';
import type { RunningEmulator } from '../../src/emulator/index.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export { loadHashVectors as loadVectors, type HashVector } from '../support/hash-vectors.js';

export function sdkFor(emu: RunningEmulator, apiKey = emu.apiKey): WorkOS {
  return new WorkOS(apiKey, {
    apiHostname: '127.0.0.1',
    port: emu.port,
    https: false,
    clientId: emu.clientId,
  });
}

/** Raw HTTP to the emulator, for routes the SDK lacks and for checking exact wire bodies. */
export async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${emu.apiKey}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Catches what a promise throws, so a test can assert on the exception class and fields. */
export async function caught(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}
