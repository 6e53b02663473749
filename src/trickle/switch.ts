/**
 * The login switch for the migration guide's Step 8: login, sign-up, session checks and logout
 * go to the old system or to WorkOS per user, behind a rollout that can go back to 0 at any time
 * (the rollback plan). A session stays with the path that issued it, so moving the rollout never
 * signs anyone out, and logging out always ends the session where it lives.
 */
import { createHash } from 'node:crypto';

export type LoginPathName = 'legacy' | 'workos';

export interface Credentials {
  email: string;
  password: string;
  ipAddress?: string;
  userAgent?: string;
}

export interface SignupInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
}

export interface SessionUser {
  id: string;
  email: string;
}

export type PathResult =
  { ok: true; token: string; user: SessionUser } | { ok: false; status: number; message: string };

/** One side of the switch: the application's old login code, or WorkOS (workosLoginPath). */
export interface LoginPath {
  login(credentials: Credentials): Promise<PathResult>;
  /** Absent: this path takes no sign-ups. */
  signup?(input: SignupInput): Promise<PathResult>;
  session(token: string): Promise<SessionUser | null>;
  logout(token: string): Promise<void>;
}

/** A share of users (0–100, per user by a hash of the email) or a rule of the application's own. */
export type Rollout = number | ((email: string) => boolean);

export interface LoginSwitchOptions {
  legacy: LoginPath;
  workos: LoginPath;
  rollout: Rollout;
  /**
   * `A` (big-bang): sign-ups are frozen during the migration, on both paths. `B` (dual-write):
   * sign-ups open, on the user's path. Default A.
   */
  strategy?: 'A' | 'B';
}

export type SwitchResult =
  (PathResult & { path: LoginPathName }) | { ok: false; status: number; message: string; path: null };

export interface LoginSwitch {
  /** Which path serves this user now. */
  pathFor(email: string): LoginPathName;
  /** Change the rollout at run time; 0 is the rollback. */
  setRollout(rollout: Rollout): void;
  login(credentials: Credentials): Promise<SwitchResult>;
  signup(input: SignupInput): Promise<SwitchResult>;
  /** The session's user, asked of the path that issued the token. */
  session(token: string): Promise<(SessionUser & { path: LoginPathName }) | null>;
  logout(token: string): Promise<void>;
}

export const SIGNUPS_CLOSED = 'Sign-ups are paused while we move accounts to a new sign-in system.';

/**
 * The user's bucket, 0 ≤ b < 100: the first four bytes of SHA-256 of the lower-cased email. Stable
 * across processes and restarts, so a user does not flip between paths from one request to the next.
 */
export function rolloutBucket(email: string): number {
  const digest = createHash('sha256').update(email.trim().toLowerCase()).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

function checkRollout(rollout: Rollout): Rollout {
  if (typeof rollout === 'function') return rollout;
  if (!Number.isFinite(rollout) || rollout < 0 || rollout > 100)
    throw new RangeError(`login switch: rollout must be a percentage from 0 to 100, not ${rollout}`);
  return rollout;
}

const PREFIX: Record<LoginPathName, string> = { legacy: 'l.', workos: 'w.' };

export function createLoginSwitch(options: LoginSwitchOptions): LoginSwitch {
  let rollout = checkRollout(options.rollout);
  const paths: Record<LoginPathName, LoginPath> = { legacy: options.legacy, workos: options.workos };
  const pathFor = (email: string): LoginPathName =>
    (typeof rollout === 'function' ? rollout(email) : rolloutBucket(email) < rollout) ? 'workos' : 'legacy';
  // The token says which path issued it: session checks and logout go there whatever the rollout is now.
  const tagged = (path: LoginPathName, r: PathResult): SwitchResult =>
    r.ok ? { ...r, token: PREFIX[path] + r.token, path } : { ...r, path };
  const issuer = (token: string): [LoginPathName, string] | undefined => {
    for (const name of ['legacy', 'workos'] as const)
      if (token.startsWith(PREFIX[name])) return [name, token.slice(PREFIX[name].length)];
    return undefined;
  };

  return {
    pathFor,
    setRollout(next) {
      rollout = checkRollout(next);
    },
    async login(credentials) {
      const path = pathFor(credentials.email);
      return tagged(path, await paths[path].login(credentials));
    },
    async signup(input) {
      const path = pathFor(input.email);
      const signup = paths[path].signup;
      if (options.strategy !== 'B' || !signup)
        return { ok: false, status: 403, message: SIGNUPS_CLOSED, path: null };
      return tagged(path, await signup.call(paths[path], input));
    },
    async session(token) {
      const found = issuer(token);
      if (!found) return null;
      const user = await paths[found[0]].session(found[1]);
      return user ? { ...user, path: found[0] } : null;
    },
    async logout(token) {
      const found = issuer(token);
      if (found) await paths[found[0]].logout(found[1]);
    },
  };
}
