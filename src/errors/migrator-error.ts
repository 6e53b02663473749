/**
 * The one error family of the library. Every refusal a person must act on carries a kind, and the
 * CLI maps kinds to exit codes at its edge, so no caller ever has to read a message to decide.
 */
export const ERROR_KINDS = {
  /** Called in a way that cannot work (bad flag, no strategy, another source): fix the call. */
  usage: 2,
  /** Another process holds the journal: wait for it, or stop it. */
  'journal-in-use': 2,
  /** The source cannot be read (missing file, refused database). */
  source: 2,
  /** The field-mapping file is wrong. */
  mapping: 2,
  /** WorkOS (or the emulator) cannot be reached: nothing, or nothing more, was sent. */
  unreachable: 1,
  /** WorkOS refused the key or the environment: nothing more can be sent. */
  refused: 1,
  /** The run was stopped part-way for a reason that needs a look (the message says which). */
  stopped: 1,
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export class MigratorError extends Error {
  override name = 'MigratorError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The process exit code for an error: the kind's, or 1 for anything unexpected. */
export function exitCodeFor(err: unknown): number {
  return err instanceof MigratorError ? ERROR_KINDS[err.kind] : 1;
}

export const usageError = (message: string, options?: ErrorOptions): MigratorError =>
  new MigratorError('usage', message, options);
