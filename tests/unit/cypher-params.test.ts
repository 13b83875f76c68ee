import { describe, expect, it } from 'vitest';
import { mergeParams, missingParams, ParamError, parseParamArg, referencedParams } from '../../server/cypher/params.js';
import { SplitError } from '../../server/cypher/split.js';

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
    expect(parseParamArg('empty=')).toEqual(['empty', '']);
  });

  it('types booleans and null', () => {
    expect(value('true')).toBe(true);
    expect(value('false')).toBe(false);
    expect(value('null')).toBeNull();
    expect(value('True')).toBe('True');
  });

  it('types integers as numbers, or BigInt beyond the safe range', () => {
    expect(value('42')).toBe(42);
    expect(value('-7')).toBe(-7);
    expect(value('9007199254740991')).toBe(9007199254740991);
    expect(value('9007199254740993')).toBe(9007199254740993n);
    expect(value('-123456789012345678901')).toBe(-123456789012345678901n);
  });

  it('types decimals and exponents as numbers', () => {
    expect(value('3.25')).toBe(3.25);
    expect(value('-0.5')).toBe(-0.5);
    expect(value('.5')).toBe(0.5);
    expect(value('1e3')).toBe(1000);
    expect(value('2.5E-2')).toBe(0.025);
  });

  it('tags ISO dates and datetimes with an offset', () => {
    expect(value('2016-10-12')).toEqual({ kind: 'date', value: '2016-10-12' });
    expect(value('2016-10-12T08:00:00Z')).toEqual({ kind: 'datetime', value: '2016-10-12T08:00:00Z' });
    expect(value('2016-10-12T08:00:00.123+02:00')).toEqual({
      kind: 'datetime',
      value: '2016-10-12T08:00:00.123+02:00',
    });
    expect(value('2016-10-12T08:00-05:00')).toEqual({ kind: 'datetime', value: '2016-10-12T08:00-05:00' });
  });

  it('leaves a datetime without an offset as a string', () => {
    expect(value('2016-10-12T08:00:00')).toBe('2016-10-12T08:00:00');
  });

  it('rejects impossible dates and times, naming the parameter', () => {
    expect(paramError('since=2016-02-30').message).toMatch(/^parameter since: 2016-02-30 is not a valid date/);
    expect(paramError('at=2016-10-12T25:00:00Z').message).toMatch(/^parameter at: .* is not a valid datetime/);
    expect(value('2016-02-29')).toEqual({ kind: 'date', value: '2016-02-29' });
  });

  it('parses JSON arrays, objects and quoted strings', () => {
    expect(value('[1, "two", null]')).toEqual([1, 'two', null]);
    expect(value('{"handle": "wikileaks", "n": 2}')).toEqual({ handle: 'wikileaks', n: 2 });
    expect(value('"true"')).toBe('true');
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
    expect(paramError('noequals').message).toContain('expected name=value');
    expect(parseParamArg('_id2=x')).toEqual(['_id2', 'x']);
  });
});

describe('mergeParams', () => {
  it('overlays command-line parameters on the file’s', () => {
    expect(mergeParams({ a: 1, b: 'file' }, ['b=2', 'c=x'])).toEqual({ a: 1, b: 2, c: 'x' });
  });

  it('works without a file, and a later --param wins', () => {
    expect(mergeParams(undefined, ['a=1', 'a=2'])).toEqual({ a: 2 });
    expect(mergeParams(undefined, [])).toEqual({});
  });

  it('keeps a parameter named __proto__ as a parameter', () => {
    const params = mergeParams(undefined, ['__proto__=1']);
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
