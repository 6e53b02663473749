import { describe, expect, it } from 'vitest';
import { findDuplicates, lookalikeKey, whyDuplicate, workosProviderName } from './duplicates.js';

describe('OAuth duplicates', () => {
  it('matches addresses a provider may spell differently', () => {
    expect(lookalikeKey(' Ann+Work@Example.com ')).toBe('ann@example.com');
    expect(lookalikeKey('a+b@c+d.io')).toBe('a@c+d.io');
    expect(whyDuplicate('Bob@x.io', 'bob@x.io')).toBe('same email, different case');
    expect(whyDuplicate('bob@x.io', 'bob+1@x.io')).toBe('same email but a +tag');
    expect(workosProviderName('google')).toBe('GoogleOAuth');
    expect(workosProviderName('GitHubOAuth')).toBe('GitHubOAuth');
  });

  it('counts only second accounts that signed in with a provider', () => {
    const dups = findDuplicates({ id: 'user_1', email: 'Bob@x.io' }, [
      { id: 'user_2', email: 'bob@x.io', identities: [{ provider: 'GoogleOAuth', idpId: '1' }] },
      { id: 'user_3', email: 'bob+x@x.io', identities: [] },
      { id: 'user_4', email: 'robert@x.io', identities: [{ provider: 'GoogleOAuth', idpId: '2' }] },
    ]);
    expect(dups.map((d) => d.duplicateId)).toEqual(['user_2']);
    expect(dups[0]?.whatToDo).toMatch(/keep user_1 .*delete user_2/);
  });
});
