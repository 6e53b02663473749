import type { Command } from 'commander';
import type { SourceFormat } from '../../plan/types.js';
import { parseParamList } from '../../presets/resolve.js';

export interface PresetFlags {
  format?: string;
  query?: string;
  map?: string;
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

/** How to read the source, as library options: the format, query and mapping flags and the preset. */
export function sourceOptions(flags: PresetFlags): {
  format?: SourceFormat;
  query?: string;
  map?: string;
  preset?: string;
  params?: Record<string, string>;
} {
  return {
    format: flags.format as SourceFormat | undefined,
    query: flags.query,
    map: flags.map,
    preset: flags.preset,
    params: parseParamList(flags.param),
  };
}
