/**
 * The WorkOS side of the login switch: sign-in through the trickle migrator (so users whose hash
 * could not be imported keep their password), sign-up through Create User, and sessions the
 * application keeps server-side under an opaque token.
 */
import { randomBytes } from 'node:crypto';
import type { TrickleMigrator } from './migrator.js';
import type { LoginPath, SessionUser } from './switch.js';

interface WorkosAuthentication {
  user: { id: string; email: string };
}

/** Where sessions live: a Map by default; the application's session store in production. */
export interface SessionStore {
  get(token: string): SessionUser | undefined | Promise<SessionUser | undefined>;
  set(token: string, user: SessionUser): unknown;
  delete(token: string): unknown;
}

export interface WorkosLoginPathOptions {
  migrator: TrickleMigrator<WorkosAuthentication>;
  /** For sign-ups (strategy B): an SDK instance fits. */
  workos?: {
    userManagement: {
      createUser(o: {
        email: string;
        password: string;
        firstName?: string;
        lastName?: string;
      }): Promise<unknown>;
    };
  };
  sessions?: SessionStore;
}

export function workosLoginPath(options: WorkosLoginPathOptions): LoginPath {
  const sessions = options.sessions ?? new Map<string, SessionUser>();
  const path: LoginPath = {
    async login(credentials) {
      const r = await options.migrator.login(credentials);
      if (r.outcome !== 'workos' && r.outcome !== 'migrated_now')
        return { ok: false, status: r.outcome === 'rate_limited' ? 429 : 401, message: r.message };
      const token = randomBytes(24).toString('base64url');
      const user = { id: r.authentication.user.id, email: r.authentication.user.email };
      await sessions.set(token, user);
      return { ok: true, token, user };
    },
    async session(token) {
      return (await sessions.get(token)) ?? null;
    },
    async logout(token) {
      await sessions.delete(token);
    },
  };
  const { workos } = options;
  if (workos)
    path.signup = async (input) => {
      await workos.userManagement.createUser(input);
      return path.login(input);
    };
  return path;
}
