/** What the custom fetch saw of the last HTTP exchange of a call (the SDK drops most of it). */
export interface ExchangeInfo {
  status?: number;
  requestId?: string;
  retryAfter?: string | null;
  /** True once response headers arrived: the server answered, whatever happened after. */
  answered?: boolean;
  /** `code` and `errors[].code` of a failed answer's body, which the SDK does not always keep. */
  errorCodes?: string[];
}

/**
 * Every way a WorkOS call can fail, as a small closed set the importer decides on. `lost` means
 * the request may have been applied but its answer never arrived, so the outcome is unknown.
 */
export type ApiFailure =
  | { kind: 'rate_limited'; retryAfterMs: number | null; status: 429; requestId?: string; message: string }
  | { kind: 'duplicate_email'; status: number; requestId?: string; code: string; message: string }
  | { kind: 'external_id_taken'; status: number; requestId?: string; code: string; message: string }
  | { kind: 'invalid'; status: number; requestId?: string; code: string; message: string }
  | { kind: 'not_found'; status: 404; requestId?: string; message: string }
  | { kind: 'unauthorized'; status: number; requestId?: string; code: string; message: string }
  | { kind: 'transient'; status?: number; requestId?: string; code: string; message: string }
  /** The connection was never made (refused, no such host): the request was certainly not applied. */
  | { kind: 'unreachable'; requestId?: string; code: string; message: string }
  | { kind: 'lost'; status?: number; requestId?: string; code: string; message: string };

interface SdkErrorShape {
  name?: string;
  status?: number;
  code?: string;
  message?: string;
  errors?: Array<{ code?: string; message?: string }>;
  rawData?: { code?: string; message?: string; errors?: Array<{ code?: string }> };
  retryAfter?: number | null;
  cause?: unknown;
}

const DUPLICATE_EMAIL_CODES = new Set(['email_not_available', 'user_already_exists', 'email_already_exists']);

/** Friendly next steps for the codes the API uses to reject data. */
const HINTS: Record<string, string> = {
  invalid_password_hash:
    'WorkOS rejected the password hash: check the algorithm name and parameters in the export (workos-migrator assess shows how each hash was read), fix it, then run workos-migrator retry',
  password_and_password_hash_provided: 'send either a password or a password hash, not both',
  password_and_password_hash_type_provided:
    'a password hash needs its hash type, and a plain password must not have one',
  invalid_metadata:
    'metadata must have at most 10 keys (docs; the spec allows 50), ASCII keys of at most 40 characters, string values of at most 600; fix the mapping, then retry',
  invalid_request_parameters:
    'check the email address and the field values of this row, fix the export, then retry',
  invalid_email: 'the email address is not valid for WorkOS; fix it in the export, then retry',
  password_strength_error: 'the password does not meet the environment password policy',
};

export function hintFor(code: string): string | undefined {
  return HINTS[code];
}

function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  UND_ERR_SOCKET: 'the connection closed',
  timeout: 'no answer before the client timeout',
};

/** A network error code in words for people ("connection refused"), the code itself when unknown. */
export function describeNetworkCode(code: string): string {
  return NETWORK_WORDS[code] ?? code;
}

/** Connection errors that prove the request never reached the server. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Turns an SDK exception (docs/workos-contract.md#sdk-errors) plus what our fetch saw into an ApiFailure.
 * Works by shape, not class: the SDK does not export every exception class (ConflictException).
 */
export function classifyFailure(err: unknown, info: ExchangeInfo = {}): ApiFailure {
  const e = (err ?? {}) as SdkErrorShape;
  const requestId = info.requestId || undefined;
  const status = info.status ?? e.status;
  const message = typeof e.message === 'string' ? e.message : String(err);

  if (!info.answered && (e.status === undefined || e.name === 'Error' || e.name === 'TypeError')) {
    const code = networkCode(err) ?? 'network_error';
    if (e.name === 'OauthException' && e.status === 408) {
      return { kind: 'lost', code: 'timeout', message: 'no answer before the client timeout', requestId };
    }
    if (NOT_SENT.has(code))
      return {
        kind: 'unreachable',
        code,
        message: `could not connect (${describeNetworkCode(code)})`,
        requestId,
      };
    return { kind: 'lost', code, message: `connection lost before the answer arrived (${code})`, requestId };
  }
  if (e.name === 'OauthException' && e.status === 408) {
    return { kind: 'lost', code: 'timeout', message: 'no answer before the client timeout', requestId };
  }
  if (info.status !== undefined && info.status >= 200 && info.status < 300) {
    // The server said yes, then the body never made it: the change was applied, its answer lost.
    return {
      kind: 'lost',
      status: info.status,
      code: 'truncated_response',
      message: 'the answer was cut off after a success status',
      requestId,
    };
  }

  if (status === 429 || e.name === 'RateLimitExceededException') {
    const header = info.retryAfter;
    const fromHeader =
      header !== undefined && header !== null && /^\d+(\.\d+)?$/.test(header.trim())
        ? Number(header) * 1000
        : null;
    const fromSdk =
      typeof e.retryAfter === 'number' && Number.isFinite(e.retryAfter) ? e.retryAfter * 1000 : null;
    return {
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: fromSdk ?? fromHeader,
      requestId,
      message: 'rate limited',
    };
  }

  const code = e.code ?? e.rawData?.code ?? '';
  const detailCodes = [
    ...[...(e.errors ?? []), ...(e.rawData?.errors ?? [])].map((x) => x.code ?? ''),
    ...(info.errorCodes ?? []),
  ];

  // WorkOS reports it alone, or inside user_creation_error's errors[] (docs/workos-contract.md#external_id_already_used-on-create).
  if (code === 'external_id_already_used' || detailCodes.includes('external_id_already_used')) {
    return {
      kind: 'external_id_taken',
      status: status ?? 400,
      code: 'external_id_already_used',
      message,
      requestId,
    };
  }
  if (
    status === 409 ||
    e.name === 'ConflictException' ||
    DUPLICATE_EMAIL_CODES.has(code) ||
    detailCodes.some((c) => DUPLICATE_EMAIL_CODES.has(c))
  ) {
    return {
      kind: 'duplicate_email',
      status: status ?? 409,
      code: detailCodes.find((c) => DUPLICATE_EMAIL_CODES.has(c)) ?? (code || 'conflict'),
      message,
      requestId,
    };
  }
  if (status === 404) return { kind: 'not_found', status: 404, message, requestId };
  // A 403 that refuses this request (a reset for this user), not the key: the run goes on.
  if (status === 403 && REQUEST_REFUSALS.has(code))
    return { kind: 'invalid', status, code, message, requestId };
  if (status === 401 || status === 403) {
    return {
      kind: 'unauthorized',
      status,
      code: code || (status === 401 ? 'unauthorized' : 'forbidden'),
      message:
        status === 401
          ? 'WorkOS refused the API key (401): check WORKOS_API_KEY and the target environment'
          : message,
      requestId,
    };
  }
  if (status !== undefined && (status >= 500 || status === 408)) {
    return { kind: 'transient', status, code: code || `http_${status}`, message, requestId };
  }
  if (status === undefined) {
    // A non-JSON answer (ParseError): the status class is lost, so treat it as a server hiccup.
    return { kind: info.answered ? 'transient' : 'lost', code: 'unreadable_response', message, requestId };
  }
  const finalCode = code || detailCodes[0] || `http_${status}`;
  const hint = hintFor(finalCode);
  return {
    kind: 'invalid',
    status,
    code: finalCode,
    message: hint ? `${message} — ${hint}` : message,
    requestId,
  };
}

/**
 * 403 codes that answer for one request (docs/workos-contract.md#password-reset-refusals); any
 * other 403 means the key lacks a permission and stops the run.
 */
const REQUEST_REFUSALS = new Set(['password_reset_not_allowed', 'email_password_auth_disabled']);

/** Replaces every secret (API key, the row's hash) that an error message might echo back. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
