/**
 * Option values of `backchannel serve` and `up`: flags win over the environment (PORT, HOST), which
 * wins over the defaults.
 */
import { InvalidArgumentError } from 'commander';
import type { Config } from './db/config.js';

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
