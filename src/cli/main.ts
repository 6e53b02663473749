#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, reportError } from './errors.js';
import { commandsFor } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('workos-migrator')
    .description('Move your users into WorkOS User Management: assess, import, verify, cut over.')
    .option('--debug', 'show stack traces on errors')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of await commandsFor(argv)) register(program);
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    return reportError(err, Boolean(program.opts().debug));
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportError(err, process.argv.includes('--debug'));
  },
);
