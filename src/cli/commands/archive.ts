import type { Command } from 'commander';
import { openArchive } from '../../archive/open-archive.js';
import { writeArchive } from '../../archive/write-archive.js';
import type { SourceFormat } from '../../plan/types.js';
import { UsageError } from '../errors.js';
import { addStateOption } from './import-output.js';
import { readPassphrase } from './passphrase.js';

interface ArchiveFlags {
  state: string;
  out?: string;
  passphraseFile?: string;
  map?: string;
  format?: string;
  query?: string;
  json?: boolean;
}

/** archive, archive open: the guide's Step 9 cleanup with a way back (old hashes kept, encrypted). */
export function register(program: Command): void {
  const archive = addStateOption(
    program
      .command('archive')
      .description(
        "The migration guide's Step 9 (cleanup): the old password hashes and the local id → WorkOS id mapping in one encrypted file (AES-256-GCM, scrypt), kept for rollback before the old store is retired",
      )
      .argument('[source]', "the export that was imported (default: the journal's source)")
      .option('--out <archive.enc>', 'the archive to write (mode 0600)')
      .option('--passphrase-file <file>', 'read the passphrase from this file (else it is asked for)')
      .option('--map <file>', 'the field mapping the import used')
      .option('--format <format>', 'source format, when the extension does not say')
      .option('--query <sql>', 'SQL query for a database source')
      .option('--json', 'print the summary as one JSON document'),
  ).action(async (source: string | undefined, flags: ArchiveFlags) => {
    if (!flags.out) throw new UsageError('--out <archive.enc> is required');
    const passphrase = await readPassphrase(flags.passphraseFile, true);
    const s = await writeArchive({
      state: flags.state,
      source,
      out: flags.out,
      passphrase,
      map: flags.map,
      format: flags.format as SourceFormat | undefined,
      query: flags.query,
    });
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(s)}\n`
        : `archive written to ${s.out} (mode 0600): ${s.users} user(s) from ${s.source}, ${s.withHash} with their old password hash, ${s.mapped} mapped to a WorkOS user id\n` +
            '  keep it and its passphrase apart; "workos-migrator archive open" reads it back. The old store can now be retired.\n',
    );
  });

  archive
    .command('open')
    .description(
      'Decrypt an archive: a summary by default; the users (with their hashes) only with --out or --stdout',
    )
    .argument('<archive.enc>', 'the archive file')
    .option('--passphrase-file <file>', 'read the passphrase from this file (else it is asked for)')
    .option('--out <file>', 'write the users as NDJSON here (mode 0600)')
    .option('--stdout', 'print the users, hashes included, to standard output')
    .option('--json', 'print the summary as one JSON document')
    .action(async (path: string, _own: unknown, command: Command) => {
      // `archive` has options of the same names, and commander hands them to it: read both.
      const flags = command.optsWithGlobals<{
        passphraseFile?: string;
        out?: string;
        stdout?: boolean;
        json?: boolean;
      }>();
      if (flags.out && flags.stdout) throw new UsageError('--out and --stdout: choose one');
      const passphrase = await readPassphrase(flags.passphraseFile, false);
      const r = await openArchive({ path, passphrase, out: flags.out, text: flags.stdout });
      if (flags.stdout) {
        process.stdout.write(r.text ?? '');
        return;
      }
      const { text: _text, ...summary } = r;
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(summary)}\n`
          : `${path}: ${r.users} user(s) from ${r.meta.source ?? 'an unknown source'}, written ${r.meta.createdAt ?? '?'}` +
              (r.out
                ? `; written to ${r.out} (mode 0600)`
                : '; pass --out FILE or --stdout to read the users and their hashes') +
              '\n',
      );
    });
}
