import type { Preset } from './types.js';

/** ASP.NET Core Identity's `AspNetUsers` (and `AspNetUserLogins` for external sign-ins). */
export const aspnetIdentity: Preset = {
  name: 'aspnet-identity',
  system: 'ASP.NET Core Identity',
  source: 'database',
  quoted: true,
  summary: 'AspNetUsers.PasswordHash (v3 PBKDF2 / v2), EmailConfirmed, NormalizedEmail, AspNetUserLogins',
  params: [],
  // Quoted names: Entity Framework creates them mixed-case on PostgreSQL. NormalizedEmail is the
  // upper-cased copy Identity matches on; it stands in only where Email is empty.
  query:
    'SELECT u."Id", u."UserName", COALESCE(NULLIF(u."Email", \'\'), LOWER(u."NormalizedEmail")) AS "Email", ' +
    'u."EmailConfirmed", u."PasswordHash", ' +
    '(SELECT l."LoginProvider" FROM "AspNetUserLogins" l WHERE l."UserId" = u."Id" ORDER BY l."LoginProvider" LIMIT 1) AS "LoginProvider"{{workosId}} ' +
    'FROM "AspNetUsers" u ORDER BY u."Id"',
  mapping: {
    fields: {
      localId: 'Id',
      email: 'Email',
      emailVerified: 'EmailConfirmed',
      passwordHash: 'PasswordHash',
      oauthProvider: 'LoginProvider',
    },
    metadataFields: { userName: 'UserName' },
  },
  notes: [
    'Identity v3 hashes (PBKDF2) import only when their iteration count is in WorkOS range; the framework defaults (10,000 and 100,000) are not, so those users need a reset.',
    'Identity keeps no names: add your own columns to the query if your user class has them.',
    'On MySQL, replace the double quotes with backticks.',
  ],
};
