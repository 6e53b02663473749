import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value % 32n)] + out;
    value /= 32n;
  }
  return out;
}

/**
 * Monotonic ULIDs: ids sort in creation order even within one millisecond, which is what lets
 * every list endpoint paginate by comparing ids (an unknown or deleted cursor still has a place).
 */
export function ulid(now = Date.now()): string {
  if (now <= lastTime) {
    lastRandom += 1n;
  } else {
    lastTime = now;
    lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n;
  }
  return encode(BigInt(lastTime), 10) + encode(lastRandom, 16);
}

export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function sixDigitCode(): string {
  return String(randomBytes(4).readUInt32BE(0) % 1_000_000).padStart(6, '0');
}
