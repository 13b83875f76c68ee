/**
 * A property as the model declares it, as plain data (the client imports the model, and no validator
 * library with it): `type` tells the validators (validators.ts, server side) what to accept, the
 * writer how to store the value in Neo4j (ISO strings become temporal values, so range queries and
 * ordering work in Cypher), and generated documentation what to expect.
 */
export type PropertyType = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'datetime' | 'date' | 'string[]';

export interface PropertySpec {
  readonly type: PropertyType;
  readonly required: boolean;
  readonly description: string;
  /** Range index for the queries that filter or sort on it. */
  readonly indexed: boolean;
  /** Part of the full-text index used by search. */
  readonly fulltext: boolean;
  /** A list whose values accumulate across loads instead of being replaced (e.g. every spelling of a URL). */
  readonly accumulate: boolean;
  /** The closed list of values a `oneOf` property takes (message kinds, platforms, precisions). */
  readonly values?: readonly [string, ...string[]];
}

interface Options {
  required?: boolean;
  indexed?: boolean;
  fulltext?: boolean;
  accumulate?: boolean;
}

function make(type: PropertyType, description: string, options: Options = {}): PropertySpec {
  return {
    type,
    required: options.required ?? false,
    description,
    indexed: options.indexed ?? false,
    fulltext: options.fulltext ?? false,
    accumulate: options.accumulate ?? false,
  };
}

/** A property whose values are one of a closed list (message kinds, platforms, precisions). */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  description: string,
  options: Options = {},
): PropertySpec & { readonly values: T } {
  return { ...make('string', description, options), values };
}

export const prop = {
  string: (d: string, o?: Options) => make('string', d, o),
  text: (d: string, o?: Options) => make('text', d, o),
  number: (d: string, o?: Options) => make('number', d, o),
  integer: (d: string, o?: Options) => make('integer', d, o),
  boolean: (d: string, o?: Options) => make('boolean', d, o),
  datetime: (d: string, o?: Options) => make('datetime', d, o),
  date: (d: string, o?: Options) => make('date', d, o),
  strings: (d: string, o?: Options) => make('string[]', d, o),
  oneOf,
};
