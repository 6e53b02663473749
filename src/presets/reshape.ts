// Small pure helpers the presets' reshape steps share.

/** "Ada Lovelace King" → first "Ada", last "Lovelace King"; WorkOS keeps first and last names apart. */
export function splitName(full: unknown): { first?: string; last?: string } {
  if (typeof full !== 'string' || full.trim() === '') return {};
  const [first, ...rest] = full.trim().split(/\s+/);
  return { first, ...(rest.length > 0 && { last: rest.join(' ') }) };
}

/** The reshape of stores with one name column: it becomes the `first_name`/`last_name` the mapping reads. */
export function splitNameColumn(
  column: string,
): (record: Record<string, unknown>) => Record<string, unknown> {
  return (record) => {
    const { first, last } = splitName(record[column]);
    return { ...record, first_name: first, last_name: last };
  };
}

/** The mapping fields for the two columns splitNameColumn writes. */
export const SPLIT_NAME_FIELDS = { firstName: 'first_name', lastName: 'last_name' } as const;

/** A JSON object's own property, or undefined for anything that is not an object. */
export function prop(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The entries of an array that are objects; anything else reads as an empty list. */
export function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter(
        (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v),
      )
    : [];
}
