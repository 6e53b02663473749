import type { Factor, Organization, OrganizationMembership } from '@workos-inc/node';
import type { CallResult, WorkosClient } from './client.js';

export type { Organization, OrganizationMembership };

const notFoundIsNull = <T>(r: CallResult<T>): CallResult<T | null> =>
  !r.ok && r.failure.kind === 'not_found' ? { ok: true, value: null, info: r.info } : r;

/**
 * The one create the SDK sends an Idempotency-Key with: a retried create with the same key
 * returns the organization the first attempt made (docs/workos-contract.md#conventions).
 */
export function createOrganization(
  client: WorkosClient,
  payload: { name: string; externalId: string; domains: readonly string[] },
  idempotencyKey: string,
): Promise<CallResult<Organization>> {
  return client.call((sdk) =>
    sdk.organizations.createOrganization(
      {
        name: payload.name,
        externalId: payload.externalId,
        ...(payload.domains.length
          ? { domainData: payload.domains.map((domain) => ({ domain, state: 'pending' as never })) }
          : {}),
      },
      { idempotencyKey },
    ),
  );
}

/** Null when no organization has this external id. Encoded here because the SDK does not. */
export async function findOrganizationByExternalId(
  client: WorkosClient,
  externalId: string,
): Promise<CallResult<Organization | null>> {
  return notFoundIsNull(
    await client.call((sdk) => sdk.organizations.getOrganizationByExternalId(encodeURIComponent(externalId))),
  );
}

export function createMembership(
  client: WorkosClient,
  m: { userId: string; organizationId: string; roleSlug: string | null },
): Promise<CallResult<OrganizationMembership>> {
  return client.call((sdk) =>
    sdk.userManagement.createOrganizationMembership({
      userId: m.userId,
      organizationId: m.organizationId,
      ...(m.roleSlug ? { roleSlug: m.roleSlug } : {}),
    }),
  );
}

/** The user's membership in this organization, if any (active ones: the default filter). */
export async function findMembership(
  client: WorkosClient,
  userId: string,
  organizationId: string,
): Promise<CallResult<OrganizationMembership | null>> {
  const r = await client.call((sdk) =>
    sdk.userManagement.listOrganizationMemberships({ userId, organizationId, limit: 10 }),
  );
  if (!r.ok) return r;
  return { ok: true, value: r.value.data[0] ?? null, info: r.info };
}

/** One page of an organization's memberships, oldest first (verify's listing). */
export async function listMembershipsPage(
  client: WorkosClient,
  organizationId: string,
  after: string | undefined,
): Promise<CallResult<{ data: OrganizationMembership[]; after: string | null }>> {
  const r = await client.call((sdk) =>
    sdk.userManagement.listOrganizationMemberships({ organizationId, limit: 100, order: 'asc', after }),
  );
  if (!r.ok) return r;
  return { ok: true, value: { data: r.value.data, after: r.value.listMetadata.after ?? null }, info: r.info };
}

/** Deleting a membership that is already gone is a not_found failure; callers decide. */
export function deleteMembership(client: WorkosClient, id: string): Promise<CallResult<void>> {
  return client.call((sdk) => sdk.userManagement.deleteOrganizationMembership(encodeURIComponent(id)));
}

export function deleteOrganization(client: WorkosClient, id: string): Promise<CallResult<void>> {
  return client.call((sdk) => sdk.organizations.deleteOrganization(encodeURIComponent(id)));
}

/**
 * Enrols a TOTP factor with the user's existing secret. The answer carries the secret and its
 * QR code back: only the factor's id is kept, the rest is dropped here.
 */
export async function enrollTotpFactor(
  client: WorkosClient,
  userId: string,
  totpSecret: string,
): Promise<CallResult<{ id: string }>> {
  const r = await client.call((sdk) =>
    sdk.userManagement.enrollAuthFactor({ userId: encodeURIComponent(userId), type: 'totp', totpSecret }),
  );
  if (!r.ok) return r;
  return { ok: true, value: { id: r.value.authenticationFactor.id }, info: r.info };
}

/** The user's TOTP factors (ids only). */
export async function listTotpFactors(client: WorkosClient, userId: string): Promise<CallResult<Factor[]>> {
  const r = await client.call((sdk) =>
    sdk.userManagement.listAuthFactors({ userId: encodeURIComponent(userId), limit: 100 }),
  );
  if (!r.ok) return r;
  return { ok: true, value: r.value.data.filter((f) => f.type === 'totp'), info: r.info };
}
