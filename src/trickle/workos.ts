/** The WorkOS calls the trickle migrator makes; an SDK instance (`new WorkOS(key)`) fits as is. */
export interface TrickleWorkos<A> {
  userManagement: {
    authenticateWithPassword(options: {
      clientId: string;
      email: string;
      password: string;
      ipAddress?: string;
      userAgent?: string;
    }): Promise<A>;
    updateUser(options: { userId: string; password: string }): Promise<unknown>;
    listUsers(options: { email: string }): Promise<{ data: Array<{ id: string }> }>;
  };
}

/**
 * The API error code of an SDK exception, by shape: the SDK keeps it as `code` on most
 * exceptions, as `error` on OAuth ones, and in `rawData` when it kept only the body.
 */
export function errorCode(err: unknown): string | undefined {
  const e = (err ?? {}) as { code?: unknown; error?: unknown; rawData?: { code?: unknown; error?: unknown } };
  for (const c of [e.code, e.error, e.rawData?.code, e.rawData?.error]) if (typeof c === 'string') return c;
  return undefined;
}
