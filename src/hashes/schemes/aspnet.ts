/** ASP.NET (Core) Identity password blobs: base64 of a versioned binary layout. */
import { fromBase64 } from '../encoding.js';
import { withLegacy } from '../legacy/recipe.js';
import { notImportable, type HashScheme } from '../scheme.js';
import type { HashClassification } from '../types.js';
import { pbkdf2Result } from './kdf-results.js';

const PRF = ['sha1', 'sha256', 'sha512'] as const;

function layout(hash: string): Buffer | undefined {
  // Both versions start with byte 0x00 or 0x01, i.e. base64 text starting with 'A'.
  if (hash.length < 64 || hash[0] !== 'A' || hash.length % 4 !== 0) return undefined;
  const raw = fromBase64(hash);
  if (!raw) return undefined;
  if (raw[0] === 0x00 && raw.length === 49) return raw;
  if (raw[0] === 0x01 && raw.length > 13) {
    const saltLength = raw.readUInt32BE(9);
    if (raw.readUInt32BE(1) <= 2 && saltLength > 0 && 13 + saltLength < raw.length) return raw;
  }
  return undefined;
}

function classifyAspnet(raw: Buffer): HashClassification {
  if (raw[0] === 0x00) {
    // Layout: 0x00, a 16-byte salt, a 32-byte subkey.
    return withLegacy(
      notImportable(
        'unsupported_digest',
        'Identity v2 is PBKDF2-HMAC-SHA1 with 1,000 iterations: WorkOS pbkdf2 accepts only sha256 or sha512',
        'ASP.NET Identity v2',
      ),
      { kind: 'pbkdf2', digest: 'sha1', iterations: 1000, salt: raw.subarray(1, 17), hash: raw.subarray(17) },
    );
  }
  const source = 'ASP.NET Core Identity v3';
  const prf = PRF[raw.readUInt32BE(1)]!;
  const iterations = raw.readUInt32BE(5);
  const saltLength = raw.readUInt32BE(9);
  const salt = raw.subarray(13, 13 + saltLength);
  // The subkey is 32 bytes whatever the PRF (numBytesRequested = 256 / 8).
  const subkey = raw.subarray(13 + saltLength);
  return pbkdf2Result({ digest: prf, iterations, salt, hash: subkey }, source);
}

export const aspnet: HashScheme = {
  id: 'aspnet',
  detect: ({ hash }) => layout(hash) !== undefined,
  classify: ({ hash }) => classifyAspnet(layout(hash)!),
  matrix: [
    {
      source: 'ASP.NET Core Identity v3 (base64 blob, byte 0 = 0x01)',
      recognise: 'decode',
      result: 'pbkdf2 / parameters_out_of_range',
      how: 'prf = BE32[1:5] (0 SHA1, 1 SHA256, 2 SHA512), iterations = BE32[5:9], salt length = BE32[9:13], then salt, then a 32-byte subkey; framework defaults (10,000, 100,000) are out of range',
    },
    {
      source: 'ASP.NET Identity v2 (byte 0 = 0x00)',
      recognise: 'decode',
      result: 'unsupported_digest',
      how: 'PBKDF2-SHA1 × 1,000',
    },
  ],
};
