/**
 * How Neo4j's error codes become the API's answers: the caller's mistakes are 4xx with a code that
 * says which, outages are 503 (retry), and nothing Neo4j classes as a client error is a 500.
 */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../server/db/executor.js';
import { AppError } from '../../server/errors.js';

const neo4jError = (code: string) => new Neo4jError(`failed: ${code}`, code, '50N42', 'error');

function answer(code: string): { status: number; code: string } {
  const mapped = toAppError(neo4jError(code));
  expect(mapped).toBeInstanceOf(AppError);
  return { status: (mapped as AppError).status, code: (mapped as AppError).code };
}

describe("Neo4j's errors as API answers", () => {
  it.each([
    ['Neo.ClientError.Statement.SyntaxError', 400, 'query_invalid'],
    ['Neo.ClientError.Procedure.ProcedureNotFound', 400, 'query_invalid'],
    ['Neo.ClientError.Schema.TokenNameError', 400, 'query_invalid'],
    ['Neo.ClientError.Statement.AccessMode', 403, 'read_only'],
    ['Neo.ClientError.Security.Forbidden', 403, 'forbidden'],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 504, 'query_timeout'],
    ['Neo.ClientError.General.TransactionOutOfMemoryError', 422, 'query_memory'],
    ['Neo.TransientError.General.DatabaseUnavailable', 503, 'database_unavailable'],
  ])('%s → %i %s', (code, status, appCode) => {
    expect(answer(code)).toEqual({ status, code: appCode });
  });

  it('leaves what it does not know (a database error) to the server, as a 500', () => {
    const error = neo4jError('Neo.DatabaseError.General.UnknownError');
    expect(toAppError(error)).toBe(error);
  });
});
