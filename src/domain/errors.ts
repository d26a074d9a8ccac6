// The two kinds of error the front doors tell apart: what the person asking got wrong, and what the setup lacks.

/** Input the person can fix (a bad question, date or option); its message is shown to them as is. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A problem an operator fixes (configuration, corpus, index, model); its message says what to do. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** The archive's database stopped answering, refused us or dropped the connection; the message says which and what to check. */
export class ArchiveUnavailableError extends SetupError {
  override name = 'ArchiveUnavailableError';
}
