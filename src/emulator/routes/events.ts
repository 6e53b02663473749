import type { Hono } from 'hono';
import { ApiError } from '../errors.js';
import { formatEvent } from '../format.js';
import { paginate, parsePageQuery } from '../pagination.js';
import type { World } from '../world.js';

/** Events' 422 is its own family: `{message, errors:[{code, field}]}`. */
function eventsError(field: string, code: string, message: string): ApiError {
  return new ApiError(422, { message, errors: [{ code, field }] });
}

function parseDate(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw eventsError(field, 'invalid_date', `'${field}' must be an ISO-8601 date; got '${value}'.`);
  return t;
}

export function register(app: Hono, world: World): void {
  app.get('/events', (c) => {
    const query = c.req.query();
    const page = parsePageQuery(query, (message) => eventsError('limit', 'invalid', message));
    // Array parameters are comma-separated (style: form, explode: false), as the SDK sends them (docs/workos-contract.md#event-filters).
    const types = (query.events ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const start = parseDate(query.range_start, 'range_start');
    const end = parseDate(query.range_end, 'range_end');
    const events = world.store.events.filter((e) => {
      if (types.length && !types.includes(e.event)) return false;
      const t = Date.parse(e.created_at);
      if (start !== undefined && t < start) return false;
      if (end !== undefined && t > end) return false;
      if (
        query.organization_id &&
        (e.data as { organization_id?: unknown }).organization_id !== query.organization_id
      )
        return false;
      return true;
    });
    const result = paginate(events, page);
    // Events carry only `after` in list_metadata.
    return c.json({
      object: 'list',
      data: result.data.map(formatEvent),
      list_metadata: { after: result.after },
    });
  });
}
