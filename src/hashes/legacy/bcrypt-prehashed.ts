/** bcrypt behind a pre-hash or a pepper: rebuild what the source fed bcrypt, then check it as bcrypt. */
import { createHash, createHmac } from 'node:crypto';
import { verifyBcrypt } from '../verify.js';
import type { BcryptPrehash, LegacyRecipe } from './recipe.js';

type BcryptRecipe = Extract<LegacyRecipe, { kind: 'bcrypt' }>;

function bcryptInput(prehash: BcryptPrehash, pw: Buffer, r: BcryptRecipe): Buffer | undefined {
  switch (prehash) {
    case 'ascii-only':
      // For ASCII the 2011 bug changes nothing; for other bytes the buggy key schedule is not reproduced.
      return pw.every((b) => b < 0x80) ? pw : undefined;
    case 'pepper':
      return Buffer.concat([pw, Buffer.from(r.pepper ?? '', 'utf8')]);
    case 'sha256-hex':
      return Buffer.from(createHash('sha256').update(pw).digest('hex'));
    case 'sha256-base64':
      return Buffer.from(createHash('sha256').update(pw).digest('base64'));
    case 'hmac-sha256-salt':
      return Buffer.from(createHmac('sha256', r.salt).update(pw).digest('base64'));
    case 'wp-hmac-sha384':
      return Buffer.from(createHmac('sha384', 'wp-sha384').update(pw).digest('base64'));
  }
}

export async function verifyPrehashedBcrypt(r: BcryptRecipe, pw: Buffer): Promise<boolean> {
  const input = bcryptInput(r.prehash, pw, r);
  return input !== undefined && verifyBcrypt(input, r.cost, r.salt, r.checksum);
}
