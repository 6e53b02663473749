import { MigratorError } from '../errors/index.js';

/** The command was called in a way that cannot work (no strategy, other source, bad flag): exit code 2. */
export class ImportUsageError extends MigratorError {
  override name = 'ImportUsageError';
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, options);
  }
}

/** WorkOS refused the key or the environment: nothing more can be sent, the run stops. */
export class ImportAbortedError extends MigratorError {
  override name = 'ImportAbortedError';
  constructor(message: string, options?: ErrorOptions) {
    super('refused', message, options);
  }
}
