import type { Command } from 'commander';
import { formatPreset, formatPresetList } from '../../presets/describe.js';
import { findPreset } from '../../presets/resolve.js';

export function register(program: Command): void {
  const presets = program
    .command('presets')
    .description(
      'Known user stores (Django, Devise, Laravel, … Auth0): read them with --preset NAME, no --query or --map needed',
    );
  presets
    .command('list')
    .description('every preset, with what it reads')
    .action(() => {
      process.stdout.write(formatPresetList());
    });
  presets
    .command('show')
    .description("print a preset's query (or file layout), mapping and parameters, to copy and adapt")
    .argument('<name>', 'the preset')
    .action((name: string) => {
      process.stdout.write(formatPreset(findPreset(name)));
    });
}
