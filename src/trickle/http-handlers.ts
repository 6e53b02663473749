/**
 * The switch as request handlers for Express-style apps (`(req, res)` with a parsed JSON
 * `req.body`), also usable on plain node:http: only statusCode, setHeader and end are used.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoginSwitch } from './switch.js';

type Req = IncomingMessage & { body?: Record<string, unknown> };
type Handler = (req: Req, res: ServerResponse) => Promise<void>;

export interface LoginSwitchHandlers {
  /** POST {email, password} → 200 {user, path} with the session cookie, or 401/429 {message}. */
  login: Handler;
  /** POST {email, password, firstName?, lastName?} → as login; 403 while sign-ups are frozen. */
  signup: Handler;
  /** GET → 200 {user, path} for a live session, 401 otherwise. */
  session: Handler;
  /** POST → 204, the session ended on the path that issued it. */
  logout: Handler;
}

function send(res: ServerResponse, status: number, body?: unknown, cookie?: string): void {
  res.statusCode = status;
  if (cookie) res.setHeader('set-cookie', cookie);
  if (body === undefined) return void res.end();
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

function cookieOf(req: Req, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const text = (body: Record<string, unknown> | undefined, key: string): string | undefined =>
  typeof body?.[key] === 'string' ? (body[key] as string) : undefined;

export function loginSwitchHandlers(sw: LoginSwitch, options: { cookie?: string } = {}): LoginSwitchHandlers {
  const name = options.cookie ?? 'sid';
  const attributes = 'Path=/; HttpOnly; SameSite=Lax';
  const signIn = async (res: ServerResponse, r: Awaited<ReturnType<LoginSwitch['login']>>) => {
    if (!r.ok) return send(res, r.status, { message: r.message });
    send(res, 200, { user: r.user, path: r.path }, `${name}=${encodeURIComponent(r.token)}; ${attributes}`);
  };
  return {
    async login(req, res) {
      const email = text(req.body, 'email');
      const password = text(req.body, 'password');
      if (!email || !password) return send(res, 400, { message: 'email and password are required' });
      await signIn(
        res,
        await sw.login({
          email,
          password,
          ipAddress: req.socket.remoteAddress,
          userAgent: req.headers['user-agent'],
        }),
      );
    },
    async signup(req, res) {
      const email = text(req.body, 'email');
      const password = text(req.body, 'password');
      if (!email || !password) return send(res, 400, { message: 'email and password are required' });
      const firstName = text(req.body, 'firstName');
      const lastName = text(req.body, 'lastName');
      await signIn(
        res,
        await sw.signup({
          email,
          password,
          ...(firstName ? { firstName } : {}),
          ...(lastName ? { lastName } : {}),
        }),
      );
    },
    async session(req, res) {
      const token = cookieOf(req, name);
      const user = token ? await sw.session(token) : null;
      if (!user) return send(res, 401, { message: 'not signed in' });
      const { path, ...rest } = user;
      send(res, 200, { user: rest, path });
    },
    async logout(req, res) {
      const token = cookieOf(req, name);
      if (token) await sw.logout(token);
      send(res, 204, undefined, `${name}=; ${attributes}; Max-Age=0`);
    },
  };
}
