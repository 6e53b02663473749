import type { Command } from 'commander';
import { cutoverCheck, setCutoverFlag } from '../../cutover/index.js';
import { addStateOption } from './import-output.js';
import { parseDuration } from './campaign-flags.js';

export function register(program: Command): void {
  addStateOption(
    program
      .command('cutover-check')
      .description(
        "The guide's Step 8 gate: go only when every user is settled, nothing failed, the strategy and the flags that apply are recorded, and the last verify passed recently (exit 0 go, 1 no-go)",
      )
      .option('--max-age <duration>', 'how recent the last passing verify must be (e.g. 24h, 90m)', '24h')
      .option('--json', 'print one JSON document'),
  ).action((flags: { state: string; maxAge: string; json?: boolean }) => {
    const r = cutoverCheck({ state: flags.state, maxAgeMs: parseDuration(flags.maxAge, '--max-age') });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(r)}\n`);
    } else {
      const lines = r.items.map((i) => `${i.ok ? 'ok     ' : 'NOT OK '} ${i.id.padEnd(26)} ${i.reason}`);
      for (const l of r.wroteToLog) lines.push(`wrote ${l} to ${r.migrationLog}`);
      lines.push('', r.go ? 'GO: ready for cutover (Step 8)' : 'NO-GO: fix the items marked NOT OK first');
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = r.exitCode;
  });

  const flag = program.command('flag').description("The migration guide's checklist flags");
  addStateOption(
    flag
      .command('set')
      .description(
        'Record a checklist flag in the journal and in migration.log (oauth_provider_configured, dual_write_tested)',
      )
      .argument('<name>', 'oauth_provider_configured or dual_write_tested')
      .argument('[value]', 'true (default) or false'),
  ).action((name: string, value: string | undefined, flags: { state: string }) => {
    const r = setCutoverFlag({ state: flags.state, name, value });
    process.stdout.write(`${r.name}=${r.value} recorded in the journal and ${r.migrationLog}\n`);
  });
}
