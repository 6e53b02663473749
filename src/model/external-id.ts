/** The id a user is sent to WorkOS with: an explicit external_id column wins over the local id. */
export function sentExternalId(user: {
  externalId?: string | null;
  localId?: string | null;
}): string | undefined {
  return user.externalId || user.localId || undefined;
}
