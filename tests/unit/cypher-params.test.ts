import { describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import {
  CypherExpression,
  missingParams,
  ParamError,
  parseParamArg,
  parseParamSource,
  referencedParams,
  TemporalText,
} from '../../server/scripts/params.js';
import { driverValue, plainParams } from '../../server/cli/script-params.js';
import { SplitError } from '../../server/scripts/split.js';

function value(raw: string): unknown {
  return parseParamArg(`p=${raw}`)[1];
}

function paramError(arg: string): ParamError {
  try {
    parseParamArg(arg);
  } catch (error) {
    expect(error).toBeInstanceOf(ParamError);
    return error as ParamError;
  }
  throw new Error(`expected ${arg} to be rejected`);
}

describe('parseParamArg', () => {
  it('splits on the first = only', () => {
    expect(parseParamArg('q=a=b')).toEqual(['q', 'a=b']);
  });

  it('refuses an empty value, saying how to write null or an empty string', () => {
    expect(paramError('n=').message).toBe(
      'parameter n: no value after = (write n=null for null, n=str: for an empty string)',
    );
    expect(parseParamArg('n=str:')).toEqual(['n', '']);
  });

  it('types booleans and null', () => {
    expect(value('true')).toBe(true);
    expect(value('false')).toBe(false);
    expect(value('null')).toBeNull();
    expect(value('True')).toBe('True');
  });

  it('types integers as BigInt (Cypher INTEGER), refusing what 64 bits cannot hold', () => {
    expect(value('42')).toBe(42n);
    expect(value('-7')).toBe(-7n);
    expect(value('9007199254740993')).toBe(9007199254740993n);
    expect(value('9223372036854775807')).toBe(9223372036854775807n);
    expect(value('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(paramError('x=12345678901234567890').message).toMatch(
      /^parameter x: 12345678901234567890 is outside Cypher's integer range/,
    );
    expect(paramError('x=-123456789012345678901').message).toMatch(/outside Cypher's integer range/);
  });

  it('types decimals and exponents as numbers', () => {
    expect(value('3.25')).toBe(3.25);
    expect(value('-0.5')).toBe(-0.5);
    expect(value('.5')).toBe(0.5);
    expect(value('1e3')).toBe(1000);
    expect(value('2.5E-2')).toBe(0.025);
  });

  it('keeps 1.0 a float: a JS number, which the driver sends as FLOAT', () => {
    expect(value('1.0')).toBe(1);
    expect(typeof value('1.0')).toBe('number');
    expect(driverValue(value('1.0') as number)).toBe(1);
    expect(neo4j.isInt(driverValue(value('1') as bigint))).toBe(true);
  });

  it('tags ISO dates and datetimes with an offset', () => {
    expect(value('2016-10-12')).toBeInstanceOf(TemporalText);
    expect(value('2016-10-12')).toEqual({ kind: 'date', value: '2016-10-12' });
    expect(value('2016-10-12T08:00:00Z')).toEqual({ kind: 'datetime', value: '2016-10-12T08:00:00Z' });
    expect(value('2016-10-12T08:00:00.123+02:00')).toEqual({
      kind: 'datetime',
      value: '2016-10-12T08:00:00.123+02:00',
    });
    expect(value('2016-10-12T08:00-05:00')).toEqual({ kind: 'datetime', value: '2016-10-12T08:00-05:00' });
  });

  it('makes a datetime without an offset a local datetime', () => {
    expect(value('2016-10-12T08:00:00')).toEqual({ kind: 'localdatetime', value: '2016-10-12T08:00:00' });
    const local = driverValue(value('2016-09-21T10:00:00.5') as TemporalText);
    expect(neo4j.isLocalDateTime(local)).toBe(true);
    expect(String(local)).toBe('2016-09-21T10:00:00.500000000');
    expect(String(driverValue(value('2016-09-21T10:00:00+02:00') as TemporalText))).toBe('2016-09-21T10:00:00+02:00');
  });

  it('rejects impossible dates and times, naming the parameter', () => {
    expect(paramError('since=2016-02-30').message).toMatch(/^parameter since: 2016-02-30 is not a valid date/);
    expect(paramError('at=2016-10-12T25:00:00Z').message).toMatch(/^parameter at: .* is not a valid datetime/);
    expect(value('2016-02-29')).toEqual({ kind: 'date', value: '2016-02-29' });
  });

  it('parses JSON arrays, objects and quoted strings, integers as integers and the rest as floats', () => {
    expect(value('[1, "two", null, 2.0, -3e2]')).toEqual([1n, 'two', null, 2, -300]);
    expect(value('{"handle": "wikileaks", "n": 2, "nested": [{"x": [true]}]}')).toEqual({
      handle: 'wikileaks',
      n: 2n,
      nested: [{ x: [true] }],
    });
    expect(value('"true"')).toBe('true');
    expect(value('[]')).toEqual([]);
    expect(value('{"__proto__": 1}')).toHaveProperty('__proto__', 1n);
    expect(paramError('l=[99999999999999999999]').message).toMatch(/^parameter l: 99999999999999999999 is outside/);
  });

  it('rejects invalid JSON, naming the parameter', () => {
    const error = paramError('ids=[1, 2');
    expect(error.message).toMatch(/^parameter ids: invalid JSON/);
    expect(error.param).toBe('ids');
  });

  it('keeps anything else as a string', () => {
    expect(value('Donald Trump Jr.')).toBe('Donald Trump Jr.');
    expect(value('12abc')).toBe('12abc');
    expect(value('NaN')).toBe('NaN');
  });

  it('forces a string with the str: prefix', () => {
    expect(value('str:123')).toBe('123');
    expect(value('str:true')).toBe('true');
    expect(value('str:2016-10-12')).toBe('2016-10-12');
    expect(value('str:[x')).toBe('[x');
  });

  it('rejects invalid names, naming them', () => {
    expect(paramError('1abc=2').message).toContain('"1abc"');
    expect(paramError('my-name=2').message).toContain('"my-name"');
    expect(paramError('=2').message).toContain('""');
    expect(paramError('noequals').message).toBe(
      `parameter "noequals": expected name=value (or -P 'name => expression')`,
    );
    expect(parseParamArg('_id2=x')).toEqual(['_id2', 'x']);
  });
});

describe('parseParamSource', () => {
  it("reads cypher-shell's name => expression and map forms as expressions for Neo4j", () => {
    expect(parseParamSource('since => datetime() - duration("P1D")')).toEqual({
      name: 'since',
      expression: new CypherExpression('datetime() - duration("P1D")'),
    });
    expect(parseParamSource('`odd name`=>1')).toEqual({ name: 'odd name', expression: new CypherExpression('1') });
    expect(parseParamSource(' {a: 1, b: [1, 2]} ')).toEqual({ expression: new CypherExpression('{a: 1, b: [1, 2]}') });
    expect(parseParamSource('n=5')).toEqual({ name: 'n', value: 5n });
    expect(() => parseParamSource('n =>  ')).toThrow('parameter n: no expression after =>');
  });
});

describe('plainParams', () => {
  it('overlays command-line parameters on the file’s, a later one winning, as driver values', async () => {
    const params = await plainParams(undefined, { a: 1n, b: 'file', f: 1.5 }, ['b=2', 'c=x', 'c=y']);
    expect(Object.keys(params)).toEqual(['a', 'b', 'f', 'c']);
    expect(neo4j.isInt(params.a)).toBe(true);
    expect(String(params.b)).toBe('2');
    expect(params.f).toBe(1.5);
    expect(params.c).toBe('y');
  });

  it('keeps a parameter named __proto__ as a parameter', async () => {
    const params = await plainParams(undefined, {}, ['__proto__=x']);
    expect(Object.hasOwn(params, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
  });
});

describe('referencedParams', () => {
  it('lists distinct parameters in order of first use', () => {
    expect(referencedParams('MATCH (p {name: $name}) WHERE p.age > $min AND p.name <> $name RETURN $limit')).toEqual([
      'name',
      'min',
      'limit',
    ]);
  });

  it('ignores $ inside strings and comments', () => {
    const statement = `// uses $commented\nMATCH (n) WHERE n.x = '$single' OR n.y = "$double" /* $block */ RETURN $real`;
    expect(referencedParams(statement)).toEqual(['real']);
  });

  it('reads backtick-quoted parameter names', () => {
    expect(referencedParams('RETURN $`quoted name`, $`with``tick`, $plain')).toEqual([
      'quoted name',
      'with`tick',
      'plain',
    ]);
  });

  it('does not take a backtick identifier after a lone $ elsewhere', () => {
    expect(referencedParams('RETURN $ AS x, n.`prop`')).toEqual([]);
  });

  it('accepts numeric parameter names', () => {
    expect(referencedParams('RETURN $0, $1')).toEqual(['0', '1']);
  });

  it('throws SplitError for an unterminated string', () => {
    expect(() => referencedParams("RETURN '$x")).toThrow(SplitError);
  });
});

describe('missingParams', () => {
  it('lists parameters no value was given for, across statements, once each', () => {
    const statements = [{ text: 'MATCH (n {id: $id}) RETURN n LIMIT $limit' }, { text: 'RETURN $id, $since, $limit' }];
    expect(missingParams(statements, { limit: 10 })).toEqual(['id', 'since']);
    expect(missingParams(statements, { id: 'x', since: null, limit: 1 })).toEqual([]);
  });

  it('does not count inherited object properties as given', () => {
    expect(missingParams([{ text: 'RETURN $toString' }], {})).toEqual(['toString']);
  });
});
