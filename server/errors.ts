/**
 * One error hierarchy for the whole server: a stable `code`, the HTTP status it maps to, and whether
 * the message is safe and useful to show the user. The API's error handler renders these; the CLI
 * prints their message.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('database_unavailable', message, 503, undefined, { cause });
  }
}

export class QueryError extends AppError {}
