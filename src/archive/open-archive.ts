import {
  createReadStream,
  closeSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  fstatSync,
  writeSync,
} from 'node:fs';
import { MigratorError, usageError } from '../errors/index.js';
import { decipherFor, decodeHeader, deriveKey, HEADER_BYTES, TAG_BYTES } from './format.js';

export interface OpenArchiveOptions {
  path: string;
  passphrase: string;
  /** Write the decrypted NDJSON here (mode 0600), only once the tag checked. */
  out?: string;
  /** Return the decrypted NDJSON (the CLI's explicit --stdout). */
  text?: boolean;
}

export interface OpenedArchive {
  /** The archive's first line: when, from which journal and source. */
  meta: { createdAt?: string; journalId?: string; source?: string };
  users: number;
  out?: string;
  text?: string;
}

const wrongPassphrase = (path: string): MigratorError =>
  new MigratorError(
    'refused',
    `cannot open ${path}: wrong passphrase, or the file was changed since it was written; nothing was output`,
  );

/**
 * Decrypts an archive. GCM only proves the data at the end, so decrypted bytes go to a temporary
 * file (or memory) and become visible only after the tag checked: a wrong passphrase or a
 * changed byte outputs nothing.
 */
export async function openArchive(options: OpenArchiveOptions): Promise<OpenedArchive> {
  let fd: number;
  try {
    fd = openSync(options.path, 'r');
  } catch (err) {
    throw usageError(`cannot read ${options.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let size: number;
  const headerBytes = Buffer.alloc(HEADER_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    size = fstatSync(fd).size;
    readSync(fd, headerBytes, 0, HEADER_BYTES, 0);
    if (size >= HEADER_BYTES + TAG_BYTES) readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  const header = decodeHeader(headerBytes, size, options.path);
  const decipher = decipherFor(await deriveKey(options.passphrase, header), header, headerBytes, tag);

  const tmp = options.out ? `${options.out}.partial-${process.pid}` : undefined;
  const outFd = tmp ? openSync(tmp, 'wx', 0o600) : undefined;
  const chunks: Buffer[] = [];
  let firstLine = '';
  let newlines = 0;
  const take = (b: Buffer): void => {
    if (b.length === 0) return;
    if (outFd !== undefined) writeSync(outFd, b);
    if (options.text) chunks.push(b);
    if (!firstLine.includes('\n') && firstLine.length < 1 << 16) firstLine += b.toString('utf8');
    for (const byte of b) if (byte === 10) newlines++;
  };
  try {
    if (size > HEADER_BYTES + TAG_BYTES) {
      const stream = createReadStream(options.path, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 });
      for await (const chunk of stream) take(decipher.update(chunk as Buffer));
    }
    try {
      take(decipher.final());
    } catch {
      throw wrongPassphrase(options.path);
    }
    if (outFd !== undefined) closeSync(outFd);
    if (tmp && options.out) renameSync(tmp, options.out);
  } catch (err) {
    if (outFd !== undefined) {
      try {
        closeSync(outFd);
      } catch {
        // already closed
      }
    }
    if (tmp) rmSync(tmp, { force: true });
    throw err;
  }
  let meta: OpenedArchive['meta'] = {};
  try {
    meta = JSON.parse(firstLine.split('\n')[0] ?? '{}') as OpenedArchive['meta'];
  } catch {
    // An archive that authenticates was written by us; a first line that does not parse is shown as unknown.
  }
  return {
    meta: { createdAt: meta.createdAt, journalId: meta.journalId, source: meta.source },
    users: Math.max(0, newlines - 2),
    ...(options.out ? { out: options.out } : {}),
    ...(options.text ? { text: Buffer.concat(chunks).toString('utf8') } : {}),
  };
}
