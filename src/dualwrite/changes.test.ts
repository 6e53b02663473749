import { describe, expect, it } from 'vitest';
import { createChange, deleteChange, updateChange } from './changes.js';

const BCRYPT = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

describe('mirrored changes', () => {
  it('keeps passwords and hashes apart from what may be shown, hashes in the WorkOS form', () => {
    const c = createChange({ localId: 7, email: ' a@example.com ', firstName: null, passwordHash: BCRYPT });
    expect(c).toEqual({
      localId: '7',
      op: 'create',
      payload: { email: 'a@example.com', firstName: '' },
      secret: { passwordHash: BCRYPT, passwordHashType: 'bcrypt' },
    });
    expect(JSON.stringify(c.payload)).not.toContain('$2b$');
    expect(updateChange('7', { password: 'a-New-passw0rd' }).secret).toEqual({ password: 'a-New-passw0rd' });
    expect(deleteChange(7)).toEqual({ localId: '7', op: 'delete', payload: {} });
  });

  it('refuses what WorkOS could never take, saying what to do instead', () => {
    expect(() => createChange({ localId: '1', email: 'nope' })).toThrow(
      /mirrorCreate\("1"\): email must be an email address/,
    );
    expect(() => updateChange('1', {})).toThrow(/nothing to mirror/);
    expect(() => updateChange('1', { password: 'x', passwordHash: BCRYPT })).toThrow(/not both/);
    const md5 = () =>
      createChange({ localId: '1', email: 'a@b.co', passwordHash: '5f4dcc3b5aa765d61d8327deb882cf99' });
    expect(md5).toThrow(/WorkOS cannot import this password hash .*pass the plaintext password/);
    expect(md5).not.toThrow(/5f4dcc3b/);
  });
});
