import { describe, expect, it } from 'vitest';
import { loginVerdict } from './login-verdict.js';

const invalid = (code: string, status = 400) => ({ kind: 'invalid' as const, status, code, message: code });
const forbidden = (code: string) => ({ kind: 'unauthorized' as const, status: 403, code, message: code });

describe('loginVerdict', () => {
  it.each([
    [null, 'accepted'],
    [forbidden('email_verification_required'), 'accepted'],
    [forbidden('mfa_challenge'), 'accepted'],
    [invalid('invalid_credentials'), 'rejected'],
    [forbidden('email_password_auth_disabled'), 'policy'],
    [forbidden('radar_challenge'), 'policy'],
    [{ kind: 'transient' as const, status: 503, code: 'http_503', message: 'x' }, 'error'],
  ])('%o → %s', (failure, verdict) => {
    expect(loginVerdict(failure)).toBe(verdict);
  });
});
