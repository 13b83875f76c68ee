/**
 * Option values shared by several commands. For `serve` and `up`, flags win over the environment
 * (PORT, HOST), which wins over the defaults.
 */
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { Config } from '../config.js';

export const WAIT_HELP =
  'how long to wait for Neo4j to come back if it goes away, then resume (default: NEO4J_WAIT_SECONDS, 180)';

export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a whole number of seconds (0: do not wait)');
  return n;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --port and --host, as `serve` and `up` take them. */
export function serverOptions(command: Command): Command {
  return command
    .option('--port <port>', 'the port to listen on (default: PORT, else 8080)', portNumber)
    .option('--host <host>', 'the address to listen on (default: HOST, else 127.0.0.1)', hostName);
}

export interface ServerFlags {
  readonly port?: number;
  readonly host?: string;
}

export function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535) throw new InvalidArgumentError('must be a port from 1 to 65535');
  return n;
}

export function hostName(value: string): string {
  if (value.trim() === '' || /\s/.test(value)) throw new InvalidArgumentError('must be a host name or an address');
  return value;
}

export function withServerFlags(config: Config, flags: ServerFlags): Config {
  return {
    ...config,
    server: {
      ...config.server,
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(flags.host !== undefined ? { host: flags.host } : {}),
    },
  };
}
