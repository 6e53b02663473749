import type { ApiFailure } from '../workos/classify.js';
import type { CallResult, WorkosClient } from '../workos/client.js';
import { WRITE } from '../workos/limits.js';
import { pacedCall, type CallContext } from '../workos/paced-call.js';
import { loginVerdict, type LoginVerdict } from './login-verdict.js';

export interface TestCredential {
  email: string;
  password: string;
}

export interface TestLoginResult {
  email: string;
  verdict: LoginVerdict;
  /** API error code when the login did not pass; never the password. */
  code?: string;
  requestId?: string;
}

export interface TestLoginOptions {
  client: WorkosClient;
  /** The AuthKit client id (the emulator prints `client_test_default`). */
  clientId: string;
  /**
   * A run's paced calls: each login then waits for the write budget and its email's authenticate
   * budget (10 per 60 s), so a long credentials list never trips WorkOS's limits.
   */
  calls?: CallContext;
}

type Outcome =
  | { ok: true; requestId?: string }
  | { ok: false; failure: ApiFailure | { kind: 'stopped'; message: string } };

/**
 * Logs each test user in once with their password. Unpaced (a demo's handful of users) the calls
 * run one after another; paced, they go through the one paced call with the per-email budget.
 */
export async function runTestLogins(
  credentials: readonly TestCredential[],
  options: TestLoginOptions,
): Promise<TestLoginResult[]> {
  const results: TestLoginResult[] = [];
  for (const { email, password } of credentials) {
    const send = (): Promise<CallResult<unknown>> =>
      options.client.call((sdk) =>
        sdk.userManagement.authenticateWithPassword({ email, password, clientId: options.clientId }),
      );
    let outcome: Outcome;
    if (options.calls) {
      const out = await pacedCall(
        options.calls,
        { budgets: WRITE, key: { budget: 'authenticate', key: email }, retry: 'idempotent' },
        send,
      );
      outcome = out.ok ? { ok: true, requestId: out.requestId } : { ok: false, failure: out.failure };
    } else {
      const out = await send();
      outcome = out.ok ? { ok: true, requestId: out.info.requestId } : { ok: false, failure: out.failure };
    }
    if (outcome.ok) {
      results.push({ email, verdict: 'accepted', requestId: outcome.requestId });
      continue;
    }
    const failure = outcome.failure;
    if (failure.kind === 'stopped') {
      results.push({ email, verdict: 'error', code: 'stopped' });
      continue;
    }
    results.push({
      email,
      verdict: loginVerdict(failure),
      code: 'code' in failure ? failure.code : failure.kind,
      requestId: failure.requestId,
    });
  }
  return results;
}
