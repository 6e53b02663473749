import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from '../errors.js';

/** The file's first line (a trailing newline is not part of a passphrase). */
function fromFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --passphrase-file ${path}: ${(err as NodeJS.ErrnoException).code}`);
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  if (!first) throw new UsageError(`--passphrase-file ${path} is empty`);
  return first;
}

/** Asks on the terminal without echoing what is typed. */
function ask(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** From --passphrase-file, else a prompt on a terminal (twice when creating); never an argument or a log line. */
export async function readPassphrase(file: string | undefined, confirm: boolean): Promise<string> {
  if (file) return fromFile(file);
  if (!process.stdin.isTTY)
    throw new UsageError('no terminal to ask for the passphrase: pass --passphrase-file FILE');
  const first = await ask('Archive passphrase: ');
  if (confirm && (await ask('Same passphrase again: ')) !== first)
    throw new UsageError('the two passphrases differ; nothing was written');
  return first;
}
