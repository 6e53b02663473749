/** The command was called in a way that cannot work (no strategy, other source, bad flag): exit code 2. */
export class ImportUsageError extends Error {
  override name = 'ImportUsageError';
}

/** WorkOS refused the key or the environment: nothing more can be sent, the run stops. */
export class ImportAbortedError extends Error {
  override name = 'ImportAbortedError';
}
