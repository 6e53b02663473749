import type { Command } from 'commander';
import { parseParamList } from '../../presets/resolve.js';
import { addPresetOptions, type PresetFlags } from './preset-flags.js';
import { formatAssessReport } from '../../plan/format-report.js';
import { runDemo, type DemoReport } from '../../rehearsal/demo.js';
import { formatSummary, progressBar } from './import-output.js';

function formatLogins(report: DemoReport): string {
  if (report.logins.length === 0) return '';
  const lines = ['Test logins through the emulator (old password → WorkOS authenticate):'];
  for (const l of report.logins) {
    const expected = l.lane === 'import-hash' ? 'accepted' : 'refused';
    const got = l.verdict === 'accepted' ? 'accepted' : `refused (${l.code ?? l.verdict})`;
    const mark = (l.verdict === 'accepted') === (expected === 'accepted') ? 'ok  ' : 'FAIL';
    lines.push(`  ${mark} ${l.email.padEnd(34)} ${l.sourceFormat.padEnd(34)} ${got}`);
  }
  const accepted = report.logins.filter((l) => l.verdict === 'accepted').length;
  lines.push(
    `  ${accepted}/${report.logins.length} logged in; users without an importable hash are expected to be refused`,
  );
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const command = program
    .command('demo')
    .description(
      'Rehearse a whole migration offline: local WorkOS emulator, assess, import, test logins (the bundled sample by default)',
    )
    .option('--source <file>', 'your own export instead of the bundled sample')
    .option('--map <file>', 'field mapping for --source')
    .option('--credentials <file>', 'email,password of users to log in after the import')
    .option('--work-dir <dir>', 'where the journal and mapping file go (default: a new temporary folder)')
    .option('--json', 'print one JSON document instead of the human report');
  addPresetOptions(command).action(
    async (
      flags: PresetFlags & {
        source?: string;
        map?: string;
        credentials?: string;
        workDir?: string;
        json?: boolean;
      },
    ) => {
      const human = !flags.json;
      const bar = progressBar(human && Boolean(process.stderr.isTTY));
      const report = await runDemo({
        source: flags.source,
        map: flags.map,
        preset: flags.preset,
        params: parseParamList(flags.param),
        credentials: flags.credentials,
        workDir: flags.workDir,
        onStep: human ? (s) => process.stdout.write(`==> ${s}\n`) : undefined,
        onProgress: bar.update,
      });
      bar.stop();
      if (!human) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const e = report.emulator;
        process.stdout.write(
          [
            '',
            formatAssessReport(report.assess, flags.source ?? 'the bundled sample'),
            formatSummary(report.import, report.state),
            formatLogins(report),
            `Pacing: at most ${e.maxWritesInWindow} writes in any ${e.writeWindowMs / 1000}s window (limit ${e.writeLimit}); ${e.rateLimited} request(s) answered 429`,
            `Journal: ${report.state}`,
            `Mapping (local id → WorkOS id): ${report.mappingFile}`,
            report.exitCode === 0
              ? 'Rehearsal passed: every importable user kept their password, nothing is left unsettled.'
              : 'Rehearsal found problems: see FAIL lines and the import summary above.',
            '',
          ].join('\n'),
        );
      }
      process.exitCode = report.exitCode;
    },
  );
}
