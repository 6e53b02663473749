import type { WorkosClient } from '../workos/client.js';
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
}

/**
 * Logs each test user in once with their password. One attempt per email keeps far below the
 * authenticate limit (10 per 60 s per email); the calls run one after another because a spot check
 * is a handful of users, not a load test.
 */
export async function runTestLogins(
  credentials: readonly TestCredential[],
  options: TestLoginOptions,
): Promise<TestLoginResult[]> {
  const results: TestLoginResult[] = [];
  for (const { email, password } of credentials) {
    const outcome = await options.client.call((sdk) =>
      sdk.userManagement.authenticateWithPassword({ email, password, clientId: options.clientId }),
    );
    if (outcome.ok) {
      results.push({ email, verdict: 'accepted', requestId: outcome.info.requestId });
    } else {
      const failure = outcome.failure;
      results.push({
        email,
        verdict: loginVerdict(failure),
        code: 'code' in failure ? failure.code : failure.kind,
        requestId: failure.requestId,
      });
    }
  }
  return results;
}
