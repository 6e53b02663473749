import { AsyncLocalStorage } from 'node:async_hooks';
import { WorkOS } from '@workos-inc/node';
import { classifyFailure, type ApiFailure, type ExchangeInfo } from './classify.js';

/** The default key of our local emulator: harmless, so it may be used without WORKOS_API_KEY. */
export const EMULATOR_DEFAULT_KEY = 'sk_test_default';
/** The client id our local emulator accepts unless told otherwise (test logins need one). */
export const EMULATOR_DEFAULT_CLIENT_ID = 'client_test_default';

export interface WorkosTargetOptions {
  /** Falls back to WORKOS_API_KEY, then (emulator only) to the emulator's default key. */
  apiKey?: string;
  /** Base URL of a local emulator, e.g. http://127.0.0.1:4010. Absent: the real WorkOS API. */
  emulatorUrl?: string;
  /** Client timeout per request. */
  timeoutMs?: number;
  /** Replaces global fetch (tests, proxies). */
  fetch?: typeof fetch;
  env?: NodeJS.ProcessEnv;
}

export interface WorkosTarget {
  apiKey: string;
  baseUrl: string;
  isEmulator: boolean;
  /** A key that looks like production: the CLI asks before writing with it. */
  isLive: boolean;
}

export type CallResult<T> =
  { ok: true; value: T; info: ExchangeInfo } | { ok: false; failure: ApiFailure; info: ExchangeInfo };

/** The API edge: the official SDK, plus what it drops (request ids, raw Retry-After, answered or not). */
export interface WorkosClient {
  readonly sdk: WorkOS;
  readonly target: WorkosTarget;
  /** Runs one SDK call and never throws: failures come back classified. */
  call<T>(fn: (sdk: WorkOS) => Promise<T>): Promise<CallResult<T>>;
}

/** Decides where requests go and with which key, without sending anything. */
export function resolveTarget(options: WorkosTargetOptions): WorkosTarget {
  const env = options.env ?? process.env;
  const isEmulator = Boolean(options.emulatorUrl);
  const apiKey = options.apiKey || env.WORKOS_API_KEY || (isEmulator ? EMULATOR_DEFAULT_KEY : '');
  if (!apiKey) {
    throw new Error(
      'No WorkOS API key: set WORKOS_API_KEY, or pass --emulator URL to rehearse against the local emulator',
    );
  }
  let baseUrl = 'https://api.workos.com';
  if (options.emulatorUrl) {
    let url: URL;
    try {
      url = new URL(options.emulatorUrl);
    } catch {
      throw new Error(
        `--emulator "${options.emulatorUrl}" is not a URL; pass the address the emulator printed, e.g. http://127.0.0.1:4010`,
      );
    }
    baseUrl = url.origin;
  }
  return { apiKey, baseUrl, isEmulator, isLive: apiKey.startsWith('sk_live_') };
}

const exchange = new AsyncLocalStorage<ExchangeInfo>();

/**
 * The error codes of a failed answer, read from a copy of its body: SDK 8.13 drops `code` and
 * `errors[]` from a 409 (docs/workos-contract.md#sdk-errors), and `external_id_already_used` may sit
 * only there. Codes only: messages can echo what was sent.
 */
async function errorCodesOf(res: Response): Promise<string[] | undefined> {
  try {
    const body = (await res.clone().json()) as { code?: unknown; errors?: Array<{ code?: unknown }> };
    const codes = [body.code, ...(Array.isArray(body.errors) ? body.errors.map((e) => e?.code) : [])];
    return codes.filter((c): c is string => typeof c === 'string');
  } catch {
    return undefined;
  }
}

/**
 * Builds the SDK client. Its fetch is wrapped because SDK 8.13 reports `requestID` as "" on every
 * exception (docs/workos-contract.md#sdk-errors): each call runs in its own async context and the wrapper
 * writes the status, X-Request-ID and Retry-After of the exchange there.
 */
export function createWorkosClient(options: WorkosTargetOptions): WorkosClient {
  const target = resolveTarget(options);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const capturingFetch: typeof fetch = async (input, init) => {
    const info = exchange.getStore();
    const res = await baseFetch(input, init);
    if (info) {
      info.status = res.status;
      info.answered = true;
      info.requestId = res.headers.get('x-request-id') ?? undefined;
      info.retryAfter = res.headers.get('retry-after');
      if (res.status >= 400) info.errorCodes = await errorCodesOf(res);
    }
    return res;
  };
  const url = new URL(target.baseUrl);
  const sdk = new WorkOS(target.apiKey, {
    apiHostname: url.hostname,
    https: url.protocol === 'https:',
    port: url.port ? Number(url.port) : undefined,
    fetchFn: capturingFetch,
    timeout: options.timeoutMs ?? 30_000,
  });
  return {
    sdk,
    target,
    async call<T>(fn: (sdk: WorkOS) => Promise<T>): Promise<CallResult<T>> {
      const info: ExchangeInfo = {};
      try {
        const value = await exchange.run(info, () => fn(sdk));
        return { ok: true, value, info };
      } catch (err) {
        return { ok: false, failure: classifyFailure(err, info), info };
      }
    },
  };
}
