/**
 * phpass portable hashes (`$P$`, `$H$`: WordPress before 6.8, phpBB) and Drupal 7's `$S$`: the
 * digest of salt ‖ password, then 2^N rounds of digest(previous ‖ password), in phpass's base64.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { LegacyRecipe } from './recipe.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** phpass allows 2^7–2^30 rounds; real installs use 2^8 (WordPress) to 2^16 (Drupal). Above 2^24 a login would stall. */
const MIN_LOG2 = 7;
const MAX_LOG2 = 24;
/** Drupal 7 keeps the first 55 characters of the encoded SHA-512 output. */
const DRUPAL_LENGTH = 55;

/** phpass's encode64: little-endian groups of three bytes, least significant six bits first. */
function encode64(input: Buffer): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    let value = input[i++]!;
    out += ITOA64[value & 0x3f];
    if (i < input.length) value |= input[i]! << 8;
    out += ITOA64[(value >> 6) & 0x3f];
    if (i++ >= input.length) break;
    if (i < input.length) value |= input[i]! << 16;
    out += ITOA64[(value >> 12) & 0x3f];
    if (i++ >= input.length) break;
    out += ITOA64[(value >> 18) & 0x3f];
  }
  return out;
}

export function verifyPhpass(r: Extract<LegacyRecipe, { kind: 'phpass' }>, pw: Buffer): boolean {
  const { setting } = r;
  const drupal = setting.startsWith('$S$');
  const log2 = ITOA64.indexOf(setting[3]!);
  if (log2 < MIN_LOG2 || log2 > MAX_LOG2) return false;
  const algorithm = drupal ? 'sha512' : 'md5';
  const salt = setting.slice(4, 12);
  let hash = createHash(algorithm).update(salt, 'latin1').update(pw).digest();
  for (let count = 2 ** log2; count > 0; count--)
    hash = createHash(algorithm).update(hash).update(pw).digest();
  let computed = setting.slice(0, 12) + encode64(hash);
  if (drupal) computed = computed.slice(0, DRUPAL_LENGTH);
  const a = Buffer.from(computed);
  const b = Buffer.from(setting);
  return a.length === b.length && timingSafeEqual(a, b);
}
