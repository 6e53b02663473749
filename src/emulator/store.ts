import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { WorkosHashType } from '../hashes/types.js';

/** A user as the emulator keeps it: wire fields plus the stored credential (never sent out). */
export interface StoredUser {
  id: string;
  email: string;
  email_verified: boolean;
  first_name: string | null;
  last_name: string | null;
  profile_picture_url: string | null;
  external_id: string | null;
  last_sign_in_at: string | null;
  locale: string | null;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
  /** Plaintext passwords are stored as the emulator's own scrypt PHC; imported hashes as sent. */
  password?: { hash: string; type: WorkosHashType };
}

export interface StoredIdentity {
  user_id: string;
  idp_id: string;
  type: 'OAuth';
  provider: string;
}

export interface StoredPasswordReset {
  id: string;
  user_id: string;
  email: string;
  password_reset_token: string;
  expires_at: string;
  created_at: string;
  used_at: string | null;
}

export interface StoredCodeChallenge {
  id: string;
  user_id: string;
  email: string;
  code: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
  used_at: string | null;
}

export interface StoredEvent {
  object: 'event';
  id: string;
  event: string;
  data: Record<string, unknown>;
  created_at: string;
}

export interface StoredWebhookEndpoint {
  object: 'webhook_endpoint';
  id: string;
  endpoint_url: string;
  secret: string;
  status: 'enabled' | 'disabled';
  events: string[];
  created_at: string;
  updated_at: string;
}

export interface StoredOrganization {
  id: string;
  name: string;
  domains: Array<{ id: string; domain: string; state: 'pending' | 'verified' }>;
  metadata: Record<string, string>;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoredMembership {
  id: string;
  user_id: string;
  organization_id: string;
  status: 'active' | 'inactive' | 'pending';
  role_slugs: string[];
  created_at: string;
  updated_at: string;
}

/** An authenticator factor; the secret stays here and leaves only in the enrol answer, as in WorkOS. */
export interface StoredFactor {
  id: string;
  user_id: string;
  type: 'totp';
  secret: string;
  issuer: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export interface StoredAuthChallenge {
  id: string;
  factor_id: string;
  created_at: string;
  updated_at: string;
  /** A verified challenge cannot be verified again (WorkOS answers 422). */
  verified: boolean;
}

export interface StoreData {
  users: StoredUser[];
  identities: StoredIdentity[];
  passwordResets: StoredPasswordReset[];
  emailVerifications: StoredCodeChallenge[];
  magicAuths: StoredCodeChallenge[];
  events: StoredEvent[];
  webhookEndpoints: StoredWebhookEndpoint[];
  organizations: StoredOrganization[];
  memberships: StoredMembership[];
  factors: StoredFactor[];
  authChallenges: StoredAuthChallenge[];
}

function emptyData(): StoreData {
  return {
    users: [],
    identities: [],
    passwordResets: [],
    emailVerifications: [],
    magicAuths: [],
    events: [],
    webhookEndpoints: [],
    organizations: [],
    memberships: [],
    factors: [],
    authChallenges: [],
  };
}

/**
 * The emulator's whole world, in memory. Each collection is a Map in insertion order; because ids
 * are monotonic ULIDs, insertion order is id order. Emails are indexed lower-cased: WorkOS treats
 * addresses that differ only in case as the same account.
 */
export class Store {
  users = new Map<string, StoredUser>();
  private usersByEmail = new Map<string, string>();
  private usersByExternalId = new Map<string, string>();
  identities: StoredIdentity[] = [];
  passwordResets = new Map<string, StoredPasswordReset>();
  emailVerifications = new Map<string, StoredCodeChallenge>();
  magicAuths = new Map<string, StoredCodeChallenge>();
  events: StoredEvent[] = [];
  webhookEndpoints = new Map<string, StoredWebhookEndpoint>();
  organizations = new Map<string, StoredOrganization>();
  memberships = new Map<string, StoredMembership>();
  factors = new Map<string, StoredFactor>();
  authChallenges = new Map<string, StoredAuthChallenge>();

  private persistTimer: NodeJS.Timeout | undefined;

  constructor(private readonly persistFile?: string) {}

  userByEmail(email: string): StoredUser | undefined {
    const id = this.usersByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  userByExternalId(externalId: string): StoredUser | undefined {
    const id = this.usersByExternalId.get(externalId);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Inserts or replaces a user, keeping the email and external-id indexes in step. */
  putUser(user: StoredUser): void {
    const previous = this.users.get(user.id);
    if (previous) {
      this.unindexEmail(previous);
      if (previous.external_id !== null) this.usersByExternalId.delete(previous.external_id);
    }
    this.users.set(user.id, user);
    // First holder wins: a case-variant duplicate (exact-match OAuth sign-in only) is not found by email.
    if (!this.usersByEmail.has(user.email.toLowerCase()))
      this.usersByEmail.set(user.email.toLowerCase(), user.id);
    if (user.external_id !== null) this.usersByExternalId.set(user.external_id, user.id);
  }

  deleteUser(id: string): void {
    const user = this.users.get(id);
    if (!user) return;
    this.users.delete(id);
    this.unindexEmail(user);
    if (user.external_id !== null) this.usersByExternalId.delete(user.external_id);
    this.identities = this.identities.filter((i) => i.user_id !== id);
    for (const [mid, m] of this.memberships) if (m.user_id === id) this.memberships.delete(mid);
    for (const [fid, f] of this.factors) if (f.user_id === id) this.factors.delete(fid);
  }

  private unindexEmail(user: StoredUser): void {
    const key = user.email.toLowerCase();
    if (this.usersByEmail.get(key) === user.id) this.usersByEmail.delete(key);
  }

  reset(): void {
    this.load(emptyData());
  }

  snapshot(): StoreData {
    return {
      users: [...this.users.values()],
      identities: this.identities,
      passwordResets: [...this.passwordResets.values()],
      emailVerifications: [...this.emailVerifications.values()],
      magicAuths: [...this.magicAuths.values()],
      events: this.events,
      webhookEndpoints: [...this.webhookEndpoints.values()],
      organizations: [...this.organizations.values()],
      memberships: [...this.memberships.values()],
      factors: [...this.factors.values()],
      authChallenges: [...this.authChallenges.values()],
    };
  }

  load(data: StoreData): void {
    this.users = new Map();
    this.usersByEmail = new Map();
    this.usersByExternalId = new Map();
    for (const u of data.users) this.putUser(u);
    this.identities = [...data.identities];
    this.passwordResets = new Map(data.passwordResets.map((x) => [x.id, x]));
    this.emailVerifications = new Map(data.emailVerifications.map((x) => [x.id, x]));
    this.magicAuths = new Map(data.magicAuths.map((x) => [x.id, x]));
    this.events = [...data.events];
    this.webhookEndpoints = new Map(data.webhookEndpoints.map((x) => [x.id, x]));
    this.organizations = new Map(data.organizations.map((x) => [x.id, x]));
    this.memberships = new Map(data.memberships.map((x) => [x.id, x]));
    this.factors = new Map(data.factors.map((x) => [x.id, x]));
    this.authChallenges = new Map(data.authChallenges.map((x) => [x.id, x]));
  }

  /** Reads the persist file if it exists; a rehearsal resumes where the last run stopped. */
  loadFromFile(): boolean {
    if (!this.persistFile) return false;
    let text: string;
    try {
      text = readFileSync(this.persistFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        `Emulator state file ${this.persistFile} is not valid JSON. Delete it or pass another --persist file.`,
      );
    }
    this.load({ ...emptyData(), ...(parsed as Partial<StoreData>) });
    return true;
  }

  /** Called after every change; writes are coalesced so a bulk import does not rewrite the file per user. */
  changed(): void {
    if (!this.persistFile || this.persistTimer) return;
    this.persistTimer = setTimeout(() => this.flush(), 100);
    this.persistTimer.unref();
  }

  flush(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    if (!this.persistFile) return;
    const tmp = `${this.persistFile}.tmp`;
    // The file holds password hashes: readable by the owner only.
    writeFileSync(tmp, JSON.stringify(this.snapshot()), { mode: 0o600 });
    renameSync(tmp, this.persistFile);
  }
}
