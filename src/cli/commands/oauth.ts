import type { Command } from 'commander';
import { checkOAuthLinks, testOAuthSignIn } from '../../oauth/index.js';
import { addStateOption } from './import-output.js';
import { addCampaignOptions, campaignOptions, type CampaignFlags } from './campaign-flags.js';
import { UsageError } from '../errors.js';

/** oauth check | test: the guide's Step 7, social-login users landing on the same account. */
export function register(program: Command): void {
  const oauth = program
    .command('oauth')
    .description('Social-login users (the migration guide, Step 7): do they land on the imported account?');

  addCampaignOptions(
    oauth
      .command('check')
      .description(
        'Identities WorkOS holds per imported OAuth user, and second accounts social sign-ins created',
      ),
  ).action(async (flags: CampaignFlags) => {
    const { options, done } = await campaignOptions(flags);
    try {
      const r = await checkOAuthLinks(options);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
      } else {
        const lines = [
          `${r.users.length} imported OAuth user(s): ${r.linked} signed in and linked, ${r.notSignedInYet} not signed in yet`,
          `${r.duplicates.length} duplicate account(s) (the guide: "OAuth sign-in creates duplicate user")`,
        ];
        for (const d of r.duplicates)
          lines.push(
            `  ${d.email} (${d.importedId}) and ${d.duplicateEmail} (${d.duplicateId}), ${d.why}, via ${d.providers.join(', ')}`,
            `    ${d.whatToDo}`,
          );
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = r.exitCode;
    } finally {
      done();
    }
  });

  addStateOption(
    oauth
      .command('test')
      .description(
        "Sign in through the emulator's simulated provider and say whether it lands on the imported user",
      )
      .requiredOption('--provider <name>', 'google, microsoft, github, …')
      .requiredOption('--email <address>', 'the address the provider reports')
      .requiredOption('--emulator <url>', 'the emulator to drive')
      .option('--user <email>', 'the imported user it should land on (default: --email)')
      .option('--exact', "match emails exactly (the guide's duplicate case)")
      .option('--json', 'print one JSON document'),
  ).action(
    async (flags: {
      state: string;
      provider: string;
      email: string;
      emulator: string;
      user?: string;
      exact?: boolean;
      json?: boolean;
    }) => {
      if (!flags.emulator) throw new UsageError('--emulator URL is required');
      const r = await testOAuthSignIn({
        state: flags.state,
        emulatorUrl: flags.emulator,
        provider: flags.provider,
        email: flags.email,
        user: flags.user,
        exact: flags.exact,
      });
      process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : `${r.message}\n`);
      process.exitCode = r.linked ? 0 : 1;
    },
  );
}
