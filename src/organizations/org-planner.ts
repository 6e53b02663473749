import type { PlannedMembership, PlannedOrg } from '../journal/organizations.js';
import type { Problem } from '../model/user.js';

/** One organization as a source describes it (an entry of a user's `organizations`, or a row of its own source). */
export interface SourceOrganization {
  id: string;
  name?: string;
  domains?: string[];
}

export interface SourceMembership {
  /** The user's journal key (identity.ts). */
  userKey: string;
  orgId: string;
  role?: string;
  row: number;
  location: string;
}

export interface OrgPlan {
  organizations: PlannedOrg[];
  memberships: PlannedMembership[];
  /** Problems across the whole source: names shared, domains claimed twice, unknown roles and organizations. */
  problems: Problem[];
  /** Memberships per role slug (`(default)` for none given), every membership counted. */
  roles: Record<string, number>;
}

interface OrgEntry extends PlannedOrg {
  location: string;
  domains: string[];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/**
 * The organizations side of planning, pure: collects organizations and memberships from any
 * source shape, then finds what only the whole source shows. An organization two records describe
 * keeps the first name; a domain two organizations claim blocks the later one (WorkOS refuses it
 * with 409), and its memberships with it; a role the target environment lacks blocks that
 * membership only. The user is never blocked by any of this: they are imported either way.
 */
export class OrgPlanner {
  private readonly orgs = new Map<string, OrgEntry>();
  private readonly memberships = new Map<string, SourceMembership>();
  private readonly problems: Problem[] = [];

  constructor(private readonly roles?: readonly string[]) {}

  private problem(
    row: number,
    location: string,
    field: string,
    code: string,
    message: string,
    severity: Problem['severity'] = 'warning',
  ): void {
    this.problems.push({ row, location, field, code, message, severity });
  }

  /** Reads one entry; undefined (and a problem) when it has no usable id. */
  parseEntry(
    raw: unknown,
    row: number,
    location: string,
    field: string,
  ): (SourceOrganization & { role?: string }) | undefined {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.problem(
        row,
        location,
        field,
        'invalid_organization',
        `${field} at ${location} is not an object { id, name, domains?, role? }: fix it in the source`,
      );
      return undefined;
    }
    const r = raw as Record<string, unknown>;
    const id = text(r.id ?? r.organizationId ?? r.organization_id ?? r.externalId ?? r.external_id);
    if (!id) {
      this.problem(
        row,
        location,
        field,
        'invalid_organization',
        `${field} at ${location} has no id: every organization needs the id it has in your system`,
      );
      return undefined;
    }
    const domains = Array.isArray(r.domains)
      ? r.domains
          .map(text)
          .filter((d): d is string => !!d)
          .map((d) => d.toLowerCase())
      : [];
    const name = text(r.name ?? r.organizationName ?? r.organization_name);
    const role = text(r.role ?? r.roleSlug ?? r.role_slug);
    return { id, ...(name ? { name } : {}), domains, ...(role ? { role } : {}) };
  }

  addOrganization(org: SourceOrganization, row: number, location: string): void {
    const known = this.orgs.get(org.id);
    if (!known) {
      this.orgs.set(org.id, {
        key: org.id,
        name: org.name ?? '',
        domains: [...(org.domains ?? [])],
        firstRow: row,
        location,
        status: 'pending',
      });
      return;
    }
    if (!known.name && org.name) known.name = org.name;
    else if (org.name && org.name !== known.name)
      this.problem(
        row,
        location,
        'organizations.name',
        'organization_name_differs',
        `organization ${org.id} is named "${org.name}" here but "${known.name}" at ${known.location}: the first name is used`,
      );
    for (const d of org.domains ?? []) if (!known.domains.includes(d)) known.domains.push(d);
  }

  addMembership(m: SourceMembership): void {
    const key = `${m.userKey}\u0000${m.orgId}`;
    const earlier = this.memberships.get(key);
    if (!earlier) {
      this.memberships.set(key, m);
      return;
    }
    if ((earlier.role ?? '') !== (m.role ?? ''))
      this.problem(
        m.row,
        m.location,
        'organizations.role',
        'duplicate_membership',
        `the user is listed twice in organization ${m.orgId} with roles ${earlier.role ?? '(default)'} and ${m.role ?? '(default)'}: the first is used`,
      );
  }

  /** A user's own `organizations` list: each entry describes the organization and the membership. */
  addUserEntries(entries: ReadonlyArray<unknown>, userKey: string, row: number, location: string): void {
    entries.forEach((raw, i) => {
      const e = this.parseEntry(raw, row, location, `organizations[${i}]`);
      if (!e) return;
      this.addOrganization(e, row, location);
      this.addMembership({ userKey, orgId: e.id, ...(e.role ? { role: e.role } : {}), row, location });
    });
  }

  finish(): OrgPlan {
    const byName = new Map<string, OrgEntry>();
    const byDomain = new Map<string, OrgEntry>();
    for (const org of this.orgs.values()) {
      if (!org.name) {
        this.block(
          org,
          'organization_without_name',
          `organization ${org.key} has no name anywhere in the source: WorkOS needs one`,
        );
        continue;
      }
      const twin = byName.get(org.name.toLowerCase());
      if (twin)
        this.problem(
          org.firstRow,
          org.location,
          'organizations.name',
          'duplicate_organization_name',
          `organizations ${twin.key} and ${org.key} are both named "${org.name}": both are created; rename one if they are the same team`,
        );
      else byName.set(org.name.toLowerCase(), org);
      for (const d of org.domains) {
        const holder = byDomain.get(d);
        if (holder && holder !== org)
          this.block(
            org,
            'domain_claimed_twice',
            `domain ${d} is claimed by organization ${holder.key} and by ${org.key}: WorkOS gives a domain to one organization only; remove it from one`,
          );
        else byDomain.set(d, org);
      }
    }
    const roles: Record<string, number> = {};
    const memberships: PlannedMembership[] = [];
    for (const m of this.memberships.values()) {
      const slug = m.role ?? '(default)';
      roles[slug] = (roles[slug] ?? 0) + 1;
      const org = this.orgs.get(m.orgId);
      const base = { userKey: m.userKey, orgKey: m.orgId, role: m.role ?? null, row: m.row };
      const blocked = (code: string, message: string): void => {
        this.problem(m.row, m.location, 'organizations', code, message);
        memberships.push({ ...base, status: 'blocked', errorCode: code, errorMessage: message });
      };
      if (!org)
        blocked(
          'unknown_organization',
          `membership in organization ${m.orgId}, which no organization record describes: add it to the organizations source`,
        );
      else if (org.status === 'blocked')
        memberships.push({
          ...base,
          status: 'blocked',
          errorCode: 'organization_blocked',
          errorMessage: `organization ${m.orgId} cannot be created: ${org.errorMessage ?? ''}`,
        });
      else if (m.role && this.roles && !this.roles.includes(m.role))
        blocked(
          'unknown_role',
          `role "${m.role}" in organization ${m.orgId} is not one of the environment's roles (${this.roles.join(', ')}): create it in WorkOS or map it to one`,
        );
      else memberships.push({ ...base, status: 'pending' });
    }
    const organizations = [...this.orgs.values()].map(({ location: _l, ...o }) => o);
    this.problems.sort((a, b) => a.row - b.row);
    return { organizations, memberships, problems: this.problems, roles };
  }

  private block(org: OrgEntry, code: string, message: string): void {
    if (org.status !== 'blocked')
      Object.assign(org, { status: 'blocked', errorCode: code, errorMessage: message });
    this.problem(org.firstRow, org.location, 'organizations', code, message, 'blocking');
  }
}
