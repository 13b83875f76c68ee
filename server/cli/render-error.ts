/**
 * What `backchannel` prints when a command fails: one line for anything a user can cause or fix (a
 * file that is not there, bad JSON, a wrong format, a server that does not answer, a port in use),
 * and the stack trace only for what is a bug.
 */
import type { Command } from 'commander';
import { Neo4jError } from 'neo4j-driver';
import { toAppError } from '../db/executor.js';
import type { Connection } from '../db/connect.js';
import { AppError, DatabaseUnavailableError, InputError } from '../errors.js';

/** An error the command line itself finds (a bad flag value, an unreachable server). */
export class UsageError extends InputError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** Node's errors from the file system and the network (ENOENT, EADDRINUSE…). */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

function isSystemError(error: unknown): error is SystemError {
  return (
    error instanceof Error &&
    typeof (error as SystemError).code === 'string' &&
    /^E[A-Z]+$/.test((error as SystemError).code)
  );
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a folder, where a file is needed',
  ENOTDIR: 'a file, where a folder is needed',
};

function systemMessage(error: SystemError): string {
  if (error.syscall === 'listen' || error.code === 'EADDRINUSE') {
    const where = `${error.address ?? ''}:${error.port ?? ''}`;
    const why =
      error.code === 'EADDRINUSE'
        ? 'the port is in use (choose another with --port or PORT)'
        : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
          ? 'no such address on this machine (choose another with --host or HOST)'
          : (FILE_PROBLEMS[error.code] ?? error.message);
    return `cannot listen on ${where}: ${why}`;
  }
  if (error.path && FILE_PROBLEMS[error.code]) return `${error.path}: ${FILE_PROBLEMS[error.code]}`;
  return error.message;
}

/** Any message on one line: a user's terminal shows one line per error. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The one line to print for an error a user can act on, or undefined for a bug. */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof Neo4jError) error = toAppError(error);
  if (error instanceof AppError && error.shown) return oneLine(error.message);
  if (isSystemError(error)) return oneLine(systemMessage(error));
  return undefined;
}

/** Why the driver could not connect, in a few words, from its long message. */
export function connectionProblem(message: string): string {
  if (/ECONNREFUSED/.test(message)) return 'connection refused (nothing listens there)';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'no such host';
  if (/ETIMEDOUT|timed out|timeout/i.test(message)) return 'no answer within 5 s';
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return 'host unreachable';
  if (/No routing servers available/.test(message)) return 'no routing server answered (nothing listens there?)';
  return oneLine(message).replace(/^(.{0,200}).*$/, '$1');
}

/**
 * A command that asks Neo4j something checks first that it answers, so a server that is not there is
 * one line naming its address within seconds (the driver's connection timeout is 5 s), not a minute
 * of the driver's retries.
 */
export async function checkReachable(connection: Connection): Promise<void> {
  try {
    await connection.driver.verifyConnectivity({ database: connection.target.database });
  } catch (error) {
    const appError = toAppError(error);
    // A refused login is the credentials' fault, and says so; anything else (nothing listening, a
    // host that does not answer, an HTTP port where Bolt was expected) is the address's.
    if (appError instanceof AppError && !(appError instanceof DatabaseUnavailableError)) throw appError;
    throw new DatabaseUnavailableError(
      `cannot reach Neo4j at ${connection.target.uri}: ${connectionProblem((error as Error).message)}`,
      error,
    );
  }
}

/**
 * Commander's usage errors (an unknown option, a missing argument, a bad value) as one line like every
 * other error, without the help text, on every command: subcommands added with addCommand do not
 * inherit a parent's output settings, so each is set here.
 */
export function oneLineUsageErrors(command: Command): Command {
  command.configureOutput({
    outputError: (message, write) => write(`backchannel: ${oneLine(message.replace(/^error: /, ''))} (see --help)\n`),
  });
  for (const sub of command.commands) oneLineUsageErrors(sub);
  return command;
}
