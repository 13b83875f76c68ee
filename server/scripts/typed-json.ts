/**
 * JSON for Cypher parameters: JSON.parse makes `1` and `1.0` the same number, but Cypher has INTEGER
 * and FLOAT, and `$x / 2` differs between them. This reads a JSON text keeping what was written:
 * integers (no fraction, no exponent) become bigint, within Cypher's 64-bit range, and every other
 * number a float. Everything else is what JSON.parse makes of it.
 */
import { parseJsonText } from '../json-text.js';
import { InputError } from '../errors.js';

export type TypedJson = null | boolean | number | bigint | string | TypedJson[] | { [key: string]: TypedJson };

export class TypedJsonError extends InputError {
  constructor(message: string) {
    super('invalid_json', message);
  }
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** An integer written in text, as Cypher's INTEGER; undefined when it does not fit 64 bits. */
export function int64(text: string): bigint | undefined {
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[{}[\]:,]|true|false|null)/y;
const INTEGER = /^-?\d+$/;

/**
 * Parses `text` (named `where` in errors). Invalid JSON is reported by parseJsonText with its line and
 * column; the typed reading below then only ever sees valid JSON.
 */
export function parseTypedJson(text: string, where: string): TypedJson {
  parseJsonText(text, where);
  TOKEN.lastIndex = 0;
  const next = (): string => {
    const match = TOKEN.exec(text);
    if (!match) throw new TypedJsonError(`${where}: not valid JSON`);
    return match[1]!;
  };
  const value = (token: string): TypedJson => {
    if (token === '{') {
      const object: Record<string, TypedJson> = {};
      let key = next();
      while (key !== '}') {
        next(); // ':'
        // defineProperty keeps a key named __proto__ an ordinary key, as JSON.parse does.
        Object.defineProperty(object, JSON.parse(key) as string, {
          value: value(next()),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        key = next();
        if (key === ',') key = next();
      }
      return object;
    }
    if (token === '[') {
      const list: TypedJson[] = [];
      let item = next();
      while (item !== ']') {
        list.push(value(item));
        item = next();
        if (item === ',') item = next();
      }
      return list;
    }
    if (token.startsWith('"')) return JSON.parse(token) as string;
    if (token === 'true' || token === 'false' || token === 'null') return JSON.parse(token) as boolean | null;
    if (INTEGER.test(token)) {
      const integer = int64(token);
      if (integer === undefined)
        throw new TypedJsonError(
          `${where}: ${token} is outside Cypher's integer range (64 bits); write it as a string`,
        );
      return integer;
    }
    return Number(token);
  };
  return value(next());
}
