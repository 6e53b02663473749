import { exitCodeFor, MigratorError } from '../errors/index.js';

/** Exit codes shared by every command: 0 clean, 1 needs attention, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_ATTENTION = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called (bad flag, missing file): exit code 2, no stack trace. */
export class UsageError extends MigratorError {
  override name = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/** Prints an error for a person: the message, and the stack only with --debug. The error's kind picks the exit code. */
export function reportError(err: unknown, debug: boolean): number {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return exitCodeFor(err);
}
