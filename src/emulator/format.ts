/** Wire formatting, in one place: every object leaves the emulator through one of these. */
import type {
  StoredAuthChallenge,
  StoredCodeChallenge,
  StoredFactor,
  StoredEvent,
  StoredMembership,
  StoredOrganization,
  StoredPasswordReset,
  StoredUser,
  StoredWebhookEndpoint,
} from './store.js';

export function formatUser(u: StoredUser): Record<string, unknown> {
  return {
    object: 'user',
    id: u.id,
    email: u.email,
    email_verified: u.email_verified,
    first_name: u.first_name,
    last_name: u.last_name,
    profile_picture_url: u.profile_picture_url,
    external_id: u.external_id,
    last_sign_in_at: u.last_sign_in_at,
    locale: u.locale,
    metadata: { ...u.metadata },
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

export function passwordResetUrl(token: string): string {
  return `http://localhost:3000/reset-password?token=${token}`;
}

export function formatPasswordReset(r: StoredPasswordReset): Record<string, unknown> {
  return {
    object: 'password_reset',
    id: r.id,
    user_id: r.user_id,
    email: r.email,
    password_reset_token: r.password_reset_token,
    password_reset_url: passwordResetUrl(r.password_reset_token),
    expires_at: r.expires_at,
    created_at: r.created_at,
  };
}

/** The `password_reset.*` event payload: the object without its secret token and URL. */
export function formatPasswordResetEvent(r: StoredPasswordReset): Record<string, unknown> {
  const { password_reset_token: _t, password_reset_url: _u, ...rest } = formatPasswordReset(r);
  return rest;
}

export function formatCodeChallenge(
  object: 'email_verification' | 'magic_auth',
  c: StoredCodeChallenge,
  withCode = true,
): Record<string, unknown> {
  return {
    object,
    id: c.id,
    user_id: c.user_id,
    email: c.email,
    expires_at: c.expires_at,
    ...(withCode ? { code: c.code } : {}),
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

export function formatEvent(e: StoredEvent): Record<string, unknown> {
  return { object: 'event', id: e.id, event: e.event, data: e.data, created_at: e.created_at };
}

export function formatWebhookEndpoint(w: StoredWebhookEndpoint): Record<string, unknown> {
  return { ...w, events: [...w.events] };
}

export function formatOrganization(o: StoredOrganization): Record<string, unknown> {
  return {
    object: 'organization',
    id: o.id,
    name: o.name,
    domains: o.domains.map((d) => ({
      object: 'organization_domain',
      id: d.id,
      organization_id: o.id,
      domain: d.domain,
      state: d.state,
      created_at: o.created_at,
      updated_at: o.updated_at,
    })),
    metadata: { ...o.metadata },
    external_id: o.external_id,
    created_at: o.created_at,
    updated_at: o.updated_at,
  };
}

export function formatMembership(
  m: StoredMembership,
  user: StoredUser | undefined,
  org: StoredOrganization | undefined,
): Record<string, unknown> {
  return {
    object: 'organization_membership',
    id: m.id,
    user_id: m.user_id,
    organization_id: m.organization_id,
    ...(org ? { organization_name: org.name } : {}),
    status: m.status,
    directory_managed: false,
    custom_attributes: {},
    role: { slug: m.role_slugs[0] ?? 'member' },
    roles: m.role_slugs.map((slug) => ({ slug })),
    ...(user ? { user: formatUser(user) } : {}),
    created_at: m.created_at,
    updated_at: m.updated_at,
  };
}

/** Membership events carry the membership without the embedded user (docs/workos-contract.md#objects). */
export function formatMembershipEvent(
  m: StoredMembership,
  org: StoredOrganization | undefined,
): Record<string, unknown> {
  const { user: _u, ...rest } = formatMembership(m, undefined, org);
  return rest;
}

/** The emulator draws no QR code: a 1×1 PNG stands in, so the field is there as the spec requires. */
const QR_PLACEHOLDER =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The enrol answer alone carries the secret and its otpauth URI (as WorkOS's does); lists never do. */
export function formatFactor(f: StoredFactor, withSecret: boolean): Record<string, unknown> {
  const uri = `otpauth://totp/${encodeURIComponent(f.issuer)}:${encodeURIComponent(f.user)}?secret=${f.secret}&issuer=${encodeURIComponent(f.issuer)}`;
  return {
    object: 'authentication_factor',
    id: f.id,
    type: f.type,
    user_id: f.user_id,
    totp: {
      issuer: f.issuer,
      user: f.user,
      ...(withSecret ? { secret: f.secret, qr_code: QR_PLACEHOLDER, uri } : {}),
    },
    created_at: f.created_at,
    updated_at: f.updated_at,
  };
}

export function formatAuthChallenge(c: StoredAuthChallenge): Record<string, unknown> {
  return {
    object: 'authentication_challenge',
    id: c.id,
    authentication_factor_id: c.factor_id,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}
