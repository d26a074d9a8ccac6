// The error for an index that is missing, corrupt or built for another model.
import { SetupError } from '../domain/errors.ts';

/** An index on disk we cannot use; the message says which file and what to do. */
export class IndexError extends SetupError {
  override name = 'IndexError';
  constructor(
    readonly dir: string,
    readonly problem: string,
  ) {
    super(`Index ${dir}: ${problem}`);
  }
}
