/**
 * The one error root of the server. Every error the code raises on purpose extends AppError and says
 * three things: a stable `code`, the HTTP status it maps to, and whether its message may be shown to
 * the user (`shown`: true for what a user caused or can fix; false keeps the text in the log). The CLI
 * renders them in one place (cli/render-error.ts), the API in another (api/render-error.ts); anything
 * that is not an AppError (or a system error of Node's, or a driver error turned into one by
 * db/executor.ts) is a bug.
 */
export interface AppErrorOptions {
  readonly cause?: unknown;
  /** False when the message is for the log only (it may hold internals); true by default. */
  readonly shown?: boolean;
}

export class AppError extends Error {
  readonly shown: boolean;

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    options?: AppErrorOptions,
  ) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.shown = options?.shown ?? true;
  }
}

/** Input a user gave (a file, a flag, a parameter, a record) is wrong; the message says what and where. */
export class InputError extends AppError {
  constructor(code: string, message: string, options?: AppErrorOptions) {
    super(code, message, 400, undefined, options);
  }
}

/** The setup (configuration, the database's state, the embedded server) stops the work; the message says why. */
export class SetupError extends AppError {
  constructor(code: string, message: string, options?: AppErrorOptions) {
    super(code, message, 500, undefined, options);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('database_unavailable', message, 503, undefined, { cause });
  }
}

export class QueryError extends AppError {}
