import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coverageSection,
  emulatorRoutes,
  README_FILE,
  replaceSection,
  specOperations,
} from '../../scripts/emulator-coverage.js';

/** The routes the tool relies on; each must exist in the spec and be served. */
const REQUIRED = [
  'POST /user_management/users',
  'GET /user_management/users',
  'GET /user_management/users/{id}',
  'PUT /user_management/users/{id}',
  'DELETE /user_management/users/{id}',
  'GET /user_management/users/external_id/{external_id}',
  'GET /user_management/users/{id}/identities',
  'POST /user_management/authenticate',
  'POST /user_management/password_reset',
  'GET /user_management/password_reset/{id}',
  'POST /user_management/password_reset/confirm',
  'POST /user_management/users/{id}/email_verification/send',
  'POST /user_management/users/{id}/email_verification/confirm',
  'POST /user_management/magic_auth',
  'GET /user_management/magic_auth/{id}',
  'GET /events',
  'GET /webhook_endpoints',
  'POST /webhook_endpoints',
  'PATCH /webhook_endpoints/{id}',
  'POST /organizations',
  'GET /organizations',
  'POST /user_management/organization_memberships',
  'GET /user_management/organization_memberships',
];

describe('README emulator section', () => {
  it('is what scripts/emulator-coverage.ts generates (run `npx tsx scripts/emulator-coverage.ts` if this fails)', () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(replaceSection(readme, coverageSection())).toBe(readme);
  });

  it('marks every route the tool needs as emulated, and the emulator serves nothing outside the spec', () => {
    const section = coverageSection();
    const spec = new Set(specOperations().map((o) => `${o.method} ${o.path}`));
    for (const r of REQUIRED) {
      expect(spec.has(r), r).toBe(true);
      const [method, path] = r.split(' ');
      expect(section).toContain(`| ${method} | \`${path}\` | yes |`);
    }
    expect(section).not.toMatch(/not in the spec/);
    expect(emulatorRoutes().length).toBeGreaterThanOrEqual(REQUIRED.length);
  });
});
