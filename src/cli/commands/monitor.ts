import type { Command } from 'commander';
import { formatMonitor, runMonitor } from '../../monitor/index.js';
import { UsageError } from '../errors.js';
import { addCampaignOptions, campaignOptions, parseDuration, type CampaignFlags } from './campaign-flags.js';

interface MonitorFlags extends CampaignFlags {
  since: string;
  bucket: string;
  minSuccess: string;
}

export function register(program: Command): void {
  addCampaignOptions(
    program
      .command('monitor')
      .description(
        'After cutover, from WorkOS events: password sign-in success rate, failures per source hash family and lane, reset volume, new users (exit 1 under --min-success)',
      )
      .option('--since <duration>', 'how far back to read events (e.g. 24h, 90m)', '24h')
      .option('--bucket <duration>', 'width of the reset-volume buckets', '1h')
      .option('--min-success <share>', 'password sign-in success rate below which to exit 1', '0.95'),
  ).action(async (flags: MonitorFlags) => {
    const minSuccess = Number(flags.minSuccess);
    if (!(minSuccess >= 0 && minSuccess <= 1))
      throw new UsageError(
        `--min-success must be a share between 0 and 1, e.g. 0.95, not "${flags.minSuccess}"`,
      );
    const sinceMs = parseDuration(flags.since, '--since');
    const bucketMs = parseDuration(flags.bucket, '--bucket');
    const { options, done } = await campaignOptions(flags);
    try {
      const r = await runMonitor({ ...options, sinceMs, bucketMs, minSuccess });
      const { exitCode, ...report } = r;
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatMonitor(r));
      process.exitCode = exitCode;
    } finally {
      done();
    }
  });
}
