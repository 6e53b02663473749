import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { SourceUnavailableError } from './types.js';

/** Large chunks: fewer parser calls on the hot path of a million-user export. */
const CHUNK = 1 << 20;

/** Opens a file (or stdin for `-`) as a byte stream, failing early and clearly when it is missing. */
export async function openInput(
  source: string,
  stdin?: NodeJS.ReadableStream,
): Promise<NodeJS.ReadableStream> {
  if (source === '-') return stdin ?? process.stdin;
  await assertReadableFile(source);
  return createReadStream(source, { highWaterMark: CHUNK });
}

export async function assertReadableFile(source: string): Promise<void> {
  try {
    const info = await stat(source);
    if (info.isDirectory())
      throw new SourceUnavailableError(`${source} is a directory: give the export file`);
  } catch (err) {
    if (err instanceof SourceUnavailableError) throw err;
    throw new SourceUnavailableError(
      `cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

/**
 * A file's bytes through ONE reused buffer. A read stream allocates a fresh megabyte per chunk, and
 * those wait for the garbage collector: tens of MB of peak RSS on a large export. Each chunk yielded
 * is overwritten by the next read, so a consumer must copy whatever it keeps across chunks.
 */
export async function* readFileChunks(path: string, size = CHUNK): AsyncGenerator<Buffer> {
  await assertReadableFile(path);
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(size);
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
