/**
 * Typed API errors. Handlers throw these; one error handler turns them into the JSON body
 * families of docs/workos-contract.md#error-bodies, so no handler formats an error by hand.
 */
export type ErrorBody = Record<string, unknown>;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : String(body.error_description ?? body.error));
  }
}

/** Family 3: `{message}` only, like every spec 404 example. */
export function notFound(entity: string, id: string): ApiError {
  return new ApiError(404, { message: `${entity} not found: '${id}'.` });
}

/** Family 1: `{code, message}`. */
export function badRequest(code: string, message: string, status = 400, extra: ErrorBody = {}): ApiError {
  return new ApiError(status, { code, message, ...extra });
}

/** Family 2: `{code, message, errors:[{code, message}]}`. */
export function withErrors(
  code: string,
  message: string,
  errors: Array<{ code: string; message: string }>,
  status = 400,
): ApiError {
  return new ApiError(status, { code, message, errors });
}

/** 422 `invalid_request_parameters` (family 1), the validation answer of create/update endpoints. */
export function validationError(message: string): ApiError {
  return new ApiError(422, { code: 'invalid_request_parameters', message });
}

/** 422 `{message}` (family 3), what list endpoints answer for a bad query. */
export function listValidationError(message: string): ApiError {
  return new ApiError(422, { message });
}

/** Family 4: OAuth style, used by /authenticate and /magic_auth 400s. */
export function oauthError(error: string, description: string, status = 400): ApiError {
  return new ApiError(status, { error, error_description: description });
}

export function unauthorized(): ApiError {
  return new ApiError(401, {
    code: 'unauthorized',
    message: 'Unauthorized: the API key is missing or is not the key this emulator was started with.',
  });
}

export function rateLimited(retryAfterSeconds: number, scope: string): ApiError {
  return new ApiError(
    429,
    {
      code: 'rate_limit_exceeded',
      message: `Rate limit exceeded (${scope}). See the WorkOS docs for more information: https://workos.com/docs/reference/rate-limits`,
    },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
