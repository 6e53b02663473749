/** Import-time check of a hash that claims to be in WorkOS form (what the emulator answers 400 to). */
import { checkWorkosLimits } from './limits.js';
import { parseWorkosHash } from './workos-form.js';
import type { ReasonCode, WorkosHashType } from './types.js';

export type WorkosHashCheck = { ok: true } | { ok: false; reason: ReasonCode; detail: string };

/**
 * Accepts only the exact forms WorkOS documents for `type`, within its parameter ranges. Source
 * formats (Django, Firebase exports, …) are refused here: convert them with classifyHash first.
 */
export function checkWorkosHash(hash: string, type: WorkosHashType): WorkosHashCheck {
  const parsed = parseWorkosHash(hash, type);
  if ('error' in parsed) return { ok: false, reason: 'malformed', detail: `${type}: ${parsed.error}` };
  const limit = checkWorkosLimits(parsed);
  return limit ? { ok: false, reason: limit.reason, detail: limit.detail } : { ok: true };
}
