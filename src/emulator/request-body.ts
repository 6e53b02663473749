import type { Context } from 'hono';
import { validationError } from './errors.js';

/** The JSON body as a plain object, or a 422 that says what was wrong with it. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw validationError('The request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function optionalString(
  body: Record<string, unknown>,
  field: string,
  maxLength?: number,
): string | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw validationError(`'${field}' must be a string.`);
  if (maxLength !== undefined && v.length > maxLength)
    throw validationError(`'${field}' must be at most ${maxLength} characters; got ${v.length}.`);
  return v;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v === '')
    throw validationError(`'${field}' is required and must be a non-empty string.`);
  return v;
}

export function nowIso(): string {
  return new Date().toISOString();
}
