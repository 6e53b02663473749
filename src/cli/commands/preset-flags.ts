import type { Command } from 'commander';
import { parseParamList } from '../../presets/resolve.js';

export interface PresetFlags {
  preset?: string;
  param?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--preset` and `--param`, the same on every command that reads a source. */
export function addPresetOptions(command: Command): Command {
  return command
    .option(
      '--preset <name>',
      "a known user store's query or file layout, mapping and hash parameters (workos-migrator presets list)",
    )
    .option(
      '--param <key=value>',
      'a preset parameter (pepper, hash-config file, table); repeatable',
      collect,
    );
}

/** The flags as library options: `{ preset, params }`. */
export function presetOptions(flags: PresetFlags): { preset?: string; params?: Record<string, string> } {
  return { preset: flags.preset, params: parseParamList(flags.param) };
}
