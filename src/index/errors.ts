// The error for an index that is missing, corrupt or built for another model.

/** An index on disk we cannot use; the message says which file and what to do. */
export class IndexError extends Error {
  override name = 'IndexError';
  constructor(
    readonly dir: string,
    problem: string,
  ) {
    super(`Index ${dir}: ${problem}`);
  }
}
