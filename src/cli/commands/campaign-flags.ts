import type { Command } from 'commander';
import type { CampaignOptions } from '../../runner/campaign.js';
import { UsageError } from '../errors.js';
import { addStateOption, addTargetOptions, confirmTarget } from './import-output.js';

/** The flags every follow-up campaign shares with `import`: target, journal, pacing. */
export interface CampaignFlags {
  state: string;
  emulator?: string;
  yes?: boolean;
  writeLimit: string;
  readLimit: string;
  generalLimit: string;
  rate: string;
  maxAttempts: string;
  json?: boolean;
  dryRun?: boolean;
}

export function addCampaignOptions(command: Command): Command {
  addStateOption(command);
  addTargetOptions(command);
  return command
    .option('--write-limit <n/window>', 'WorkOS write limit to pace against', '500/10s')
    .option('--read-limit <n/window>', 'WorkOS read limit to pace against', '1000/10s')
    .option('--general-limit <n/window>', 'WorkOS per-IP limit on all requests', '6000/60s')
    .option('--rate <share>', 'share of each limit to use (80% leaves a live app headroom)', '80%')
    .option('--max-attempts <n>', 'tries per request on 5xx and network errors', '6')
    .option('--json', 'print the summary as one JSON document');
}

/** Confirms a live key, wires Ctrl-C to a clean stop, and turns the flags into library options. */
export async function campaignOptions(
  flags: CampaignFlags,
): Promise<{ options: CampaignOptions; done: () => void }> {
  await confirmTarget(flags);
  const maxAttempts = Number(flags.maxAttempts);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new UsageError(`--max-attempts must be a whole number >= 1, not "${flags.maxAttempts}"`);
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: finishing requests in flight and saving the journal\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    options: {
      state: flags.state,
      emulatorUrl: flags.emulator,
      writeLimit: flags.writeLimit,
      readLimit: flags.readLimit,
      generalLimit: flags.generalLimit,
      rate: flags.rate,
      maxAttempts,
      signal: controller.signal,
      onNotice: (m) => process.stderr.write(`${m}\n`),
    },
    done: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--limit must be a positive whole number, not "${text}"`);
  return n;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `60s` (or `60`), `2m`, `24h`, `7d`: the one reading of every duration flag. */
export function parseDuration(text: string, flag: string): number;
export function parseDuration(text: string | undefined, flag: string): number | undefined;
export function parseDuration(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} must be a duration such as 500ms, 60s, 2m, 24h or 7d, not "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
}
