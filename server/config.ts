/**
 * Configuration from the environment (and an optional .env), validated with zod. A bad value is a
 * one-line error naming the variable. With no NEO4J_URI, Backchannel uses its embedded Neo4j.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SetupError } from './errors.js';

const URI_SCHEMES = ['neo4j', 'neo4j+s', 'neo4j+ssc', 'bolt', 'bolt+s', 'bolt+ssc'];

const port = z.coerce.number().int().min(1).max(65_535);
const size = (example: string) => z.string().regex(/^\d+[mg]$/, `must be a size like ${example}`);

const WAIT_SECONDS = 'must be a whole number of seconds (0: do not wait)';

const envSchema = z.object({
  NEO4J_URI: z
    .string()
    .refine((v) => URI_SCHEMES.includes(v.split('://')[0] ?? '') && /:\/\/[^/]+/.test(v), {
      message: `must be a URI like neo4j://host:7687 or bolt://host:7687 (schemes: ${URI_SCHEMES.join(', ')})`,
    })
    .optional(),
  NEO4J_USER: z.string().optional(),
  /** cypher-shell's name for NEO4J_USER; either may be set (both: they must agree). */
  NEO4J_USERNAME: z.string().optional(),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, 'must be a Neo4j database name (letters, digits, dots, dashes)')
    .default('neo4j'),
  NEO4J_WAIT_SECONDS: z.coerce
    .number({ message: WAIT_SECONDS })
    .int(WAIT_SECONDS)
    .min(0, WAIT_SECONDS)
    .max(86_400, 'must be at most 86400 (a day)')
    .default(180),
  BACKCHANNEL_HOME: z.string().optional(),
  BACKCHANNEL_NEO4J_BOLT_PORT: port.default(7687),
  BACKCHANNEL_NEO4J_HTTP_PORT: port.default(7474),
  BACKCHANNEL_NEO4J_HEAP: size('3g').default('3g'),
  BACKCHANNEL_NEO4J_PAGECACHE: size('2g').default('2g'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(8080),
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  QUERY_ROW_CAP: z.coerce.number().int().min(1).max(100_000).default(1_000),
  ANSWER_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  CONSOLE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
  BACKCHANNEL_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export interface ExternalNeo4j {
  readonly kind: 'external';
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface EmbeddedSettings {
  readonly kind: 'embedded';
  readonly home: string;
  readonly boltPort: number;
  readonly httpPort: number;
  readonly heap: string;
  readonly pageCache: string;
  readonly database: string;
}

export interface Config {
  readonly neo4j: ExternalNeo4j | EmbeddedSettings;
  readonly embedded: EmbeddedSettings;
  /** How long loads and `up` wait for Neo4j to come back when it goes away (0: not at all). */
  readonly waitForNeo4jSeconds: number;
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly queryTimeoutMs: number;
    readonly rowCap: number;
    readonly consolePerMinute: number;
    /** Answers kept between writes, in bytes; 0 turns the cache off. */
    readonly answerCacheBytes: number;
    readonly apiToken?: string;
  };
  readonly logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends SetupError {
  constructor(message: string) {
    super('invalid_config', message);
  }
}

/** The repository root: where package.json lives, whatever the working directory. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** The founding case: what `up` loads, and the dataset most tests run on. */
export const FOUNDING_CASE = path.join(PROJECT_ROOT, 'cypher', 'fixtures', 'founding-case.ndjson');

/** Reads `.env` from the project root into process.env, without overriding what is already set. */
export function loadDotEnv(file = path.join(PROJECT_ROOT, '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= in a .env) means "not set", as shells and Docker treat it.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  const e = parsed.data;
  if (e.NEO4J_USER !== undefined && e.NEO4J_USERNAME !== undefined && e.NEO4J_USER !== e.NEO4J_USERNAME) {
    throw new ConfigError(
      `NEO4J_USER and NEO4J_USERNAME disagree (${JSON.stringify(e.NEO4J_USER)}, ${JSON.stringify(e.NEO4J_USERNAME)}): set one`,
    );
  }
  const embedded: EmbeddedSettings = {
    kind: 'embedded',
    home: path.resolve(PROJECT_ROOT, e.BACKCHANNEL_HOME ?? '.neo4j'),
    boltPort: e.BACKCHANNEL_NEO4J_BOLT_PORT,
    httpPort: e.BACKCHANNEL_NEO4J_HTTP_PORT,
    heap: e.BACKCHANNEL_NEO4J_HEAP,
    pageCache: e.BACKCHANNEL_NEO4J_PAGECACHE,
    database: 'neo4j',
  };
  let neo4j: Config['neo4j'] = embedded;
  if (e.NEO4J_URI) {
    if (!e.NEO4J_PASSWORD) throw new ConfigError('NEO4J_PASSWORD: required when NEO4J_URI is set');
    neo4j = {
      kind: 'external',
      uri: e.NEO4J_URI,
      user: e.NEO4J_USER ?? e.NEO4J_USERNAME ?? 'neo4j',
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
    };
  }
  return {
    neo4j,
    embedded,
    waitForNeo4jSeconds: e.NEO4J_WAIT_SECONDS,
    server: {
      host: e.HOST,
      port: e.PORT,
      queryTimeoutMs: e.QUERY_TIMEOUT_MS,
      rowCap: e.QUERY_ROW_CAP,
      consolePerMinute: e.CONSOLE_RATE_LIMIT,
      answerCacheBytes: e.ANSWER_CACHE_MB * 2 ** 20,
      ...(e.BACKCHANNEL_API_TOKEN ? { apiToken: e.BACKCHANNEL_API_TOKEN } : {}),
    },
    logLevel: e.LOG_LEVEL,
  };
}
