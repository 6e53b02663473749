import { newId } from './ids.js';
import type { Store } from './store.js';

/** Appends an event; every state change in the emulator goes through here so `/events` misses nothing. */
export function recordEvent(store: Store, event: string, data: Record<string, unknown>): void {
  store.events.push({
    object: 'event',
    id: newId('event'),
    event,
    data,
    created_at: new Date().toISOString(),
  });
}

export function passwordAuthEventData(
  status: 'succeeded' | 'failed',
  fields: {
    userId: string | null;
    email: string | null;
    ipAddress?: string | null;
    userAgent?: string | null;
    error?: { code: string; message: string };
  },
): Record<string, unknown> {
  return {
    type: 'password',
    status,
    ip_address: fields.ipAddress ?? null,
    user_agent: fields.userAgent ?? null,
    user_id: fields.userId,
    email: fields.email,
    ...(fields.error ? { error: fields.error } : {}),
  };
}
