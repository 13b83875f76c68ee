/**
 * The saved-query library: `cypher/library/*.cypher`, each a read-only statement under a header that
 * declares its name, description and typed parameters (with defaults):
 *
 *   // @name temporal-correlation
 *   // @description Public messages that follow a private one within a window.
 *   // @param window integer = 60  Minutes after the private message
 *   // @param since datetime       Only private messages sent after this
 *
 * Parsed and checked once (every $parameter the statement uses must be declared); the API and the
 * runner validate request parameters against the declared types with zod.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { referencedParams } from '../scripts/params.js';
import { toNeo4jDate, toNeo4jDateTime } from '../db/driver-values.js';
import { InputError } from '../errors.js';

export const PARAM_TYPES = ['string', 'integer', 'float', 'boolean', 'datetime', 'date', 'string[]'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface QueryParam {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  readonly required: boolean;
  readonly default?: unknown;
  /** The only values a string parameter takes (declared `string{day,week,month}`). */
  readonly choices?: readonly string[];
}

export interface SavedQuery {
  readonly name: string;
  readonly description: string;
  readonly params: QueryParam[];
  readonly cypher: string;
  readonly file: string;
}

export class LibraryError extends InputError {
  constructor(message: string) {
    super('invalid_saved_query', message);
  }
}

const booleanText = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** How a request value of each type is validated, and what the driver is then sent. */
const TYPES: Record<ParamType, { schema: z.ZodType; toCypher: (v: never) => unknown }> = {
  string: { schema: z.string().min(1), toCypher: (v: string) => v },
  integer: {
    schema: z.coerce
      .number()
      .int()
      .min(-(2 ** 53))
      .max(2 ** 53),
    toCypher: (v: number) => neo4j.int(v),
  },
  float: { schema: z.coerce.number().finite(), toCypher: (v: number) => v },
  boolean: { schema: booleanText, toCypher: (v: boolean) => v },
  datetime: { schema: z.iso.datetime({ offset: true }), toCypher: (v: string) => toNeo4jDateTime(v) },
  date: { schema: z.iso.date(), toCypher: (v: string) => toNeo4jDate(v) },
  'string[]': {
    // A list, or its text: JSON (`["a,b", "c"]`, what the runner's --param gets) or comma-separated.
    schema: z.union([
      z.array(z.string().min(1)),
      z
        .string()
        .transform((s): unknown => {
          if (!s.trimStart().startsWith('['))
            return s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean);
          try {
            return JSON.parse(s);
          } catch {
            return s;
          }
        })
        .pipe(z.array(z.string().min(1, 'must not be empty'))),
    ]),
    toCypher: (v: string[]) => v,
  },
};

const HEADER = /^\s*\/\/\s*@(\w+)\s*(.*)$/;
const PARAM = /^([A-Za-z_]\w*)\s+(string\[\]|string\{[^}]*\}|\w+)(?:\s*=\s*("[^"]*"|\S+))?\s*(?:[—-]\s*)?(.*)$/;

/** `string{day,week,month}`: a string that takes only these values; undefined for any other type. */
function choicesOf(declared: string, where: string): string[] | undefined {
  const m = /^string\{(.*)\}$/.exec(declared);
  if (!m) return undefined;
  const choices = m[1]!.split(',').map((c) => c.trim());
  if (choices.length === 0 || choices.some((c) => !/^[\w.-]+$/.test(c))) {
    throw new LibraryError(`${where}: choices must be words separated by commas, got ${JSON.stringify(declared)}`);
  }
  return choices;
}

function schemaOf(type: ParamType, choices: readonly string[] | undefined): z.ZodType {
  return choices ? z.enum(choices as [string, ...string[]]) : TYPES[type].schema;
}

export function parseSavedQuery(text: string, file: string): SavedQuery {
  const lines = text.split(/\r?\n/);
  let name: string | undefined;
  let description = '';
  const params: QueryParam[] = [];
  let body = 0;
  for (const [index, line] of lines.entries()) {
    const where = `${file}:${index + 1}`;
    const header = HEADER.exec(line);
    if (!header) {
      if (line.trim() === '' || line.trim().startsWith('//')) continue;
      body = index;
      break;
    }
    const [, key, value = ''] = header;
    if (key === 'name') {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(value.trim()))
        throw new LibraryError(`${where}: @name must be kebab-case, got ${JSON.stringify(value)}`);
      name = value.trim();
    } else if (key === 'description') {
      description = description ? `${description} ${value.trim()}` : value.trim();
    } else if (key === 'param') {
      const m = PARAM.exec(value.trim());
      if (!m) throw new LibraryError(`${where}: @param must read "<name> <type> [= default] [description]"`);
      const [, pname = '', declaredType = '', rawDefault, pdesc = ''] = m;
      const choices = choicesOf(declaredType, `${where}: @param ${pname}`);
      const ptype = choices ? 'string' : declaredType;
      if (!(PARAM_TYPES as readonly string[]).includes(ptype)) {
        throw new LibraryError(
          `${where}: @param ${pname} has unknown type ${ptype} (types: ${PARAM_TYPES.join(', ')})`,
        );
      }
      const type = ptype as ParamType;
      let parsedDefault: unknown;
      if (rawDefault !== undefined) {
        const literal = rawDefault.startsWith('"') ? rawDefault.slice(1, -1) : rawDefault;
        const checked = schemaOf(type, choices).safeParse(literal);
        if (!checked.success)
          throw new LibraryError(`${where}: default of ${pname} is not a valid ${type}: ${literal}`);
        parsedDefault = checked.data;
      }
      params.push({
        name: pname,
        type,
        description: pdesc.trim(),
        required: rawDefault === undefined,
        ...(rawDefault !== undefined ? { default: parsedDefault } : {}),
        ...(choices ? { choices } : {}),
      });
    } else {
      throw new LibraryError(`${where}: unknown header @${key} (use @name, @description, @param)`);
    }
  }
  if (!name) throw new LibraryError(`${file}: no "// @name" header`);
  const cypher = lines.slice(body).join('\n').trim().replace(/;\s*$/, '');
  if (!cypher) throw new LibraryError(`${file}: no statement after the header`);
  const declared = new Set(params.map((p) => p.name));
  const undeclared = referencedParams(cypher).filter((p) => !declared.has(p));
  if (undeclared.length)
    throw new LibraryError(`${file}: uses undeclared parameter(s) ${undeclared.map((p) => `$${p}`).join(', ')}`);
  return { name, description, params, cypher, file };
}

export function loadLibrary(dir: string): Map<string, SavedQuery> {
  const library = new Map<string, SavedQuery>();
  for (const entry of readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort()) {
    const file = path.join(dir, entry);
    const query = parseSavedQuery(readFileSync(file, 'utf8'), file);
    const existing = library.get(query.name);
    if (existing) throw new LibraryError(`${file}: @name ${query.name} is already used by ${existing.file}`);
    library.set(query.name, query);
  }
  return library;
}

/** The zod schema of a query's parameters: request values in, driver values out. */
export function paramsSchema(query: SavedQuery) {
  const shape: Record<string, z.ZodType> = {};
  for (const p of query.params) {
    const base = schemaOf(p.type, p.choices).describe(p.description || p.name);
    shape[p.name] = p.required ? base : base.optional();
  }
  return z.object(shape).strict();
}

export function toCypherParams(query: SavedQuery, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of query.params) {
    const value = values[p.name] ?? p.default;
    out[p.name] = value === undefined ? null : (TYPES[p.type].toCypher as (v: unknown) => unknown)(value);
  }
  return out;
}
