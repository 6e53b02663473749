import { Command, Option } from 'commander';
import { classifyHash, describeHash, verifyPassword, type HashInput } from '../../hashes/index.js';
import { EXIT_ATTENTION, UsageError } from '../errors.js';
import { readPassword } from '../read-password.js';

interface ParamOptions {
  from?: string;
  salt?: string;
  firebaseSignerKey?: string;
  firebaseSaltSeparator?: string;
  firebaseRounds?: string;
  firebaseMemCost?: string;
  param?: string[];
}

const NAMED_PARAMS: Array<[keyof ParamOptions, string]> = [
  ['salt', 'salt'],
  ['firebaseSignerKey', 'firebaseSignerKey'],
  ['firebaseSaltSeparator', 'firebaseSaltSeparator'],
  ['firebaseRounds', 'firebaseRounds'],
  ['firebaseMemCost', 'firebaseMemCost'],
];

function withHashOptions(cmd: Command): Command {
  return cmd
    .option('--from <name>', 'declared algorithm or source format (bcrypt, django, firebase, sha1, …)')
    .option('--salt <salt>', "the user's salt column (hex digests, Firebase exports, raw scrypt keys)")
    .option('--firebase-signer-key <base64>', "Firebase project's base64_signer_key")
    .option('--firebase-salt-separator <base64>', "Firebase project's base64_salt_separator")
    .option('--firebase-rounds <n>', "Firebase project's rounds")
    .option('--firebase-mem-cost <n>', "Firebase project's mem_cost")
    .addOption(
      new Option(
        '--param <key=value>',
        'any other registry parameter (saltOrder, pepper, scryptN, …); repeatable',
      )
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
        .default(undefined),
    );
}

function toInput(hash: string, opts: ParamOptions): HashInput {
  const params: Record<string, string> = {};
  for (const [option, key] of NAMED_PARAMS) {
    const value = opts[option];
    if (typeof value === 'string') params[key] = value;
  }
  for (const kv of opts.param ?? []) {
    const eq = kv.indexOf('=');
    // The value may be a pepper or a key: the message names the rule, not what was typed.
    if (eq <= 0) throw new UsageError('--param expects key=value (e.g. --param saltOrder=password-salt)');
    params[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { hash, algorithm: opts.from, params };
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function inspect(hash: string, opts: ParamOptions & { json?: boolean }): void {
  const d = describeHash(toInput(hash, opts));
  if (opts.json) {
    print(JSON.stringify(d, null, 2));
  } else {
    print(`format:      ${d.sourceFormat ?? 'not recognised'}`);
    if (d.importable) {
      print(`importable:  yes, as ${d.type}`);
      const params = Object.entries(d.parameters).map(([k, v]) => `${k}=${v}`);
      if (params.length) print(`parameters:  ${params.join(', ')}`);
      print(`workos hash: ${d.workosHash ?? '(contains the project signer key: use `hash convert`)'}`);
    } else {
      print(`importable:  no (${d.reason})`);
      print(`why:         ${d.detail}`);
    }
    for (const note of d.notes) print(`note:        ${note}`);
  }
  if (!d.importable) process.exitCode = EXIT_ATTENTION;
}

function convert(hash: string, opts: ParamOptions & { json?: boolean }): void {
  const c = classifyHash(toInput(hash, opts));
  if (opts.json) {
    print(
      JSON.stringify({
        importable: c.importable,
        type: c.importable ? c.type : null,
        workosHash: c.importable ? c.workosHash : null,
        reason: c.importable ? null : c.reason,
        detail: c.importable ? null : c.detail,
        sourceFormat: c.sourceFormat ?? null,
        notes: c.notes,
      }),
    );
  } else if (c.importable) {
    print(c.workosHash);
    for (const note of c.notes) process.stderr.write(`note: ${note}\n`);
  } else {
    process.stderr.write(`not importable (${c.reason}): ${c.detail}\n`);
  }
  if (!c.importable) process.exitCode = EXIT_ATTENTION;
}

async function verify(hash: string, opts: ParamOptions): Promise<void> {
  const c = classifyHash(toInput(hash, opts));
  if (!c.importable) {
    process.stderr.write(`cannot verify: not importable (${c.reason}): ${c.detail}\n`);
    process.exitCode = EXIT_ATTENTION;
    return;
  }
  const password = await readPassword();
  if (await verifyPassword(password, c.workosHash, c.type)) {
    process.stderr.write(`match (${c.type}, from ${c.sourceFormat})\n`);
  } else {
    process.stderr.write(`no match (${c.type}, from ${c.sourceFormat})\n`);
    process.exitCode = EXIT_ATTENTION;
  }
}

export function register(program: Command): void {
  const hash = program
    .command('hash')
    .description('Recognise, convert and verify password hashes (see the support matrix in README)');

  withHashOptions(hash.command('inspect <hash>'))
    .description('show the format, its parameters, and whether WorkOS can import it (exit 1 if not)')
    .option('--json', 'machine-readable output')
    .action(inspect);

  withHashOptions(hash.command('convert <hash>'))
    .description('print the hash in WorkOS form alone on stdout (exit 1 if not importable)')
    .option('--json', 'print {importable, type, workosHash, reason, detail}')
    .action(convert);

  withHashOptions(hash.command('verify <hash>'))
    .description(
      'check a password (from stdin, or a hidden prompt) against the hash: exit 0 match, 1 no match',
    )
    .action(verify);
}
