import { describe, expect, it } from 'vitest';
import { loadHashVectors, PHC_PBKDF2_VECTORS_PATH } from '../../../test/support/hash-vectors.js';
import { classifyHash } from '../registry.js';
import { verifyPassword } from '../verify.js';

const vectors = loadHashVectors(PHC_PBKDF2_VECTORS_PATH);

describe('PHC-style $pbkdf2-<digest>$i= hashes', () => {
  it.each(vectors.map((v) => [v.id, v] as const))('%s', async (_id, v) => {
    const c = classifyHash({ hash: v.source_hash! });
    if (!v.importable) {
      expect(c).toMatchObject({ importable: false, reason: v.reason_code });
      return;
    }
    expect(c).toMatchObject({ importable: true, type: 'pbkdf2', workosHash: v.workos_hash });
    if (!c.importable) return;
    expect(await verifyPassword(v.password, c.workosHash, c.type)).toBe(true);
    expect(await verifyPassword(`${v.password}x`, c.workosHash, c.type)).toBe(false);
  });

  it('says when it read hex parts, and refuses a key of another length than l=', () => {
    const hex = vectors.find((v) => v.id === 'phc-pbkdf2-sha256-hex')!;
    expect(classifyHash({ hash: hex.source_hash! }).notes.join(' ')).toContain('read as hex');
    const b64 = vectors.find((v) => v.id === 'phc-pbkdf2-sha256-l32')!;
    const wrongLength = b64.source_hash!.replace('l=32', 'l=64');
    expect(classifyHash({ hash: wrongLength })).toMatchObject({ importable: false, reason: 'malformed' });
  });

  it.each([
    ['$pbkdf2-sha256$i=$c2FsdA$aGFzaA', 'not i=N'],
    ['$pbkdf2-sha256$i=600000,x=1$c2FsdA$aGFzaA', 'not i=N'],
    ['$pbkdf2-sha256$i=600000,i=1$c2FsdA$aGFzaA', 'twice'],
    ['$pbkdf2-sha256$i=600000$c2FsdA', 'expected'],
    ['$pbkdf2-sha999$i=600000$c2FsdA$aGFzaA', 'expected'],
  ])('%s is malformed (%s)', (hash, why) => {
    const c = classifyHash({ hash });
    expect(c).toMatchObject({ importable: false, reason: 'malformed' });
    if (!c.importable) expect(c.detail).toContain(why);
  });

  it('leaves passlib and WorkOS forms to their own schemes', () => {
    expect(
      classifyHash({ hash: '$pbkdf2-sha256$29000$N2bMWUtpLQU$M1F9nJd1Mtg3X8iC/yA7MRa3SIp3kX4' }).sourceFormat,
    ).toMatch(/^passlib/);
  });
});
