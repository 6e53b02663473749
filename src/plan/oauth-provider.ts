const KNOWN: Record<string, string> = {
  google: 'Google',
  microsoft: 'Microsoft',
  github: 'GitHub',
  apple: 'Apple',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
  linkedin: 'LinkedIn',
  slack: 'Slack',
  discord: 'Discord',
  salesforce: 'Salesforce',
  xero: 'Xero',
  intuit: 'Intuit',
  vercel: 'Vercel',
};

/** "google", "GoogleOAuth", "google-oauth2" → "Google": the name WorkOS's dashboard uses. */
export function normaliseOauthProvider(raw: string): string {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[-_ ]?oauth2?$/, '');
  // Own keys only: a provider named "constructor" or "__proto__" stays that text.
  return (Object.hasOwn(KNOWN, key) ? KNOWN[key] : undefined) ?? raw.trim();
}
