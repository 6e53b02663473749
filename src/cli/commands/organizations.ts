import type { Command } from 'commander';
import { verifyOrganizations } from '../../organizations/verify.js';
import type { CheckResult } from '../../organizations/verify-check.js';
import { addCampaignOptions, campaignOptions, type CampaignFlags } from './campaign-flags.js';

function formatCheck(r: CheckResult): string {
  const lines = [`${r.status}  ${r.title}`];
  lines.push(
    `  ${Object.entries(r.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  for (const o of r.offenders.slice(0, 50))
    lines.push(
      `  - ${[o.email, o.localId && `id ${o.localId}`].filter(Boolean).join(' · ') || 'organization'}: ${o.reason}`,
    );
  if (r.offenders.length > 50) lines.push(`  … and ${r.offenders.length - 50} more (--json lists them)`);
  if (r.note) lines.push(`  note: ${r.note}`);
  return `${lines.join('\n')}\n`;
}

/** organizations verify: completeness and role parity of what the import created. */
export function register(program: Command): void {
  const orgs = program
    .command('organizations')
    .description('Organizations and memberships the import created: check them against WorkOS');
  addCampaignOptions(
    orgs
      .command('verify')
      .description(
        'every organization and membership in WorkOS, each with its role (exit 1 naming offenders)',
      ),
  ).action(async (flags: CampaignFlags) => {
    const { options, done } = await campaignOptions(flags);
    try {
      const r = await verifyOrganizations(options);
      process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : formatCheck(r));
      process.exitCode = r.status === 'FAIL' ? 1 : 0;
    } finally {
      done();
    }
  });
}
