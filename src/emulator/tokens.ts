import { createHmac, randomUUID } from 'node:crypto';
import { randomToken } from './ids.js';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

/**
 * A JWT-shaped access token signed with HMAC-SHA256 over the API key. It has the claims a WorkOS
 * access token has (sub, sid, iss, exp); no one outside the emulator should trust it.
 */
export function accessToken(
  signingKey: string,
  claims: { userId: string; sessionId: string; clientId: string; organizationId?: string },
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: 'https://emulator.workos.local',
      sub: claims.userId,
      sid: claims.sessionId,
      client_id: claims.clientId,
      ...(claims.organizationId ? { org_id: claims.organizationId } : {}),
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
    }),
  );
  const signature = createHmac('sha256', signingKey).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function refreshToken(): string {
  return randomToken(24);
}
