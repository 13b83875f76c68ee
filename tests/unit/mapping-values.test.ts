/**
 * The value language of mappings: sources, transforms in their order, conditions, JSON paths, and
 * coercion to the model's property types.
 */
import { describe, expect, it } from 'vitest';
import { coerce, compileValue, compileWhen, readPath, RowError } from '../../server/ingest/mapping/values.js';
import type { MappingIssue } from '../../server/ingest/mapping/issues.js';
import type { Scope, ValueSpec, When } from '../../server/ingest/mapping/values.js';
import { NODES } from '../../server/model/graph-model.js';

function scope(hasItem = false): Scope {
  return { issues: [], columns: [], hasItem, pseudo: [] };
}

function value(spec: ValueSpec, row: Record<string, unknown>, item?: unknown): unknown {
  const s = scope(item !== undefined);
  const evaluate = compileValue(spec, 'v', s);
  expect(s.issues).toEqual([]);
  return evaluate({ get: (c) => row[c], item });
}

function test(when: When, row: Record<string, unknown>): boolean {
  const s = scope();
  const t = compileWhen(when, 'w', s);
  expect(s.issues).toEqual([]);
  return t({ get: (c) => row[c] });
}

function rowError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RowError);
    return (error as Error).message;
  }
  throw new Error('expected a RowError');
}

describe('values', () => {
  it('reads templates, constants and columns; trims and drops empty values', () => {
    const row = { A: '  Donald  ', B: '', C: 'x' };
    expect(value('{A} and {C}', row)).toBe('Donald and x');
    expect(value('{B}', row)).toBeUndefined();
    expect(value({ template: '[{B}]' }, row)).toBe('[]');
    expect(value('plain text', row)).toBe('plain text');
    expect(value('{{literal}} {C}', row)).toBe('{literal} x');
    expect(value({ column: 'A' }, row)).toBe('Donald');
    expect(value({ column: 'A', trim: false }, row)).toBe('  Donald  ');
    expect(value({ column: 'B' }, row)).toBeUndefined();
    expect(value({ column: 'B', default: 'none' }, row)).toBe('none');
    expect(value({ column: 'missing' }, row)).toBeUndefined();
    expect(value(42, row)).toBe(42);
    expect(value({ value: ['a', 'b'] }, row)).toEqual(['a', 'b']);
  });

  it('splits, filters, cases and joins, item by item', () => {
    const row = { S: 'http://a.com/x | General knowledge |  | https://B.com/y ' };
    expect(value({ column: 'S', split: '|' }, row)).toEqual(['http://a.com/x', 'General knowledge', 'https://B.com/y']);
    expect(value({ column: 'S', split: '|', match: '^https?://' }, row)).toEqual(['http://a.com/x', 'https://B.com/y']);
    expect(value({ column: 'S', split: '|', match: '^https?://', lower: true, join: ' ; ' }, row)).toBe(
      'http://a.com/x ; https://b.com/y',
    );
    expect(value({ column: 'S', split: '|', match: '^nothing' }, row)).toBeUndefined();
    expect(value({ column: 'S', split: '|', match: 'General', upper: true }, row)).toBe('GENERAL KNOWLEDGE');
  });

  it('normalises URLs and takes their host, naming the path when a value is no URL', () => {
    const row = { U: 'HTTPS://WWW.NYTimes.com/a?utm_source=x&b=1#frag', V: 'General knowledge' };
    expect(value({ column: 'U', url: true }, row)).toBe('https://www.nytimes.com/a?b=1');
    expect(value({ column: 'U', host: true }, row)).toBe('nytimes.com');
    expect(rowError(() => value({ column: 'V', url: true }, row))).toBe('v.url: not a URL: "General knowledge"');
  });

  it('reads dates by pattern into ISO dates, refusing impossible ones', () => {
    expect(value({ column: 'D', date: 'M/D/YYYY' }, { D: '3/14/2017' })).toBe('2017-03-14');
    expect(value({ column: 'D', date: 'DD.MM.YY' }, { D: '01.02.99' })).toBe('1999-02-01');
    expect(value({ column: 'D', date: 'DD.MM.YY' }, { D: '01.02.16' })).toBe('2016-02-01');
    expect(value({ column: 'D', date: 'iso' }, { D: '2016-10-12T18:21:00Z' })).toBe('2016-10-12');
    expect(rowError(() => value({ column: 'D', date: 'M/D/YYYY' }, { D: '2/30/2017' }))).toBe(
      'v.date: "2/30/2017" is not a date in the form M/D/YYYY',
    );
  });

  it('maps values, keeping, omitting or refusing the others', () => {
    const map = { 'Federal Agency': 'Organization', Gone: null };
    expect(value({ column: 'T', map }, { T: 'Federal Agency' })).toBe('Organization');
    expect(value({ column: 'T', map }, { T: 'Person' })).toBe('Person');
    expect(value({ column: 'T', map }, { T: 'Gone' })).toBeUndefined();
    expect(value({ column: 'T', map, otherwise: 'omit' }, { T: 'Person' })).toBeUndefined();
    expect(rowError(() => value({ column: 'T', map, otherwise: 'error' }, { T: 'Company' }))).toBe(
      'v.map: "Company" is not in the map (Federal Agency, Gone)',
    );
  });

  it('takes the first value present, and applies a value only when its condition holds', () => {
    const spec: ValueSpec = {
      first: [{ value: 'instant', when: { column: 'Sent', matches: 'T' } }, { column: 'Fallback' }, 'unknown'],
    };
    expect(value(spec, { Sent: '2016-10-12T00:00:00Z' })).toBe('instant');
    expect(value(spec, { Sent: '2016-10-12', Fallback: 'day' })).toBe('day');
    expect(value(spec, {})).toBe('unknown');
  });

  it('reads the `each` item and paths inside it', () => {
    expect(value('{@item}', {}, 'x')).toBe('x');
    expect(value({ column: '@item.screen_name', lower: true }, {}, { screen_name: 'WikiLeaks' })).toBe('wikileaks');
  });
});

describe('JSON paths', () => {
  const tweet = {
    user: { screen_name: 'WikiLeaks' },
    entities: { urls: [{ expanded_url: 'http://wlsearch.tk/' }, { expanded_url: 'http://b.com' }, {}] },
    tags: ['a', 'b'],
  };
  it('follows keys, indexes and [*]', () => {
    expect(readPath(tweet, 'user.screen_name')).toBe('WikiLeaks');
    expect(readPath(tweet, 'entities.urls[*].expanded_url')).toEqual(['http://wlsearch.tk/', 'http://b.com']);
    expect(readPath(tweet, 'entities.urls[1].expanded_url')).toBe('http://b.com');
    expect(readPath(tweet, 'tags')).toEqual(['a', 'b']);
    expect(readPath(tweet, 'user.missing.deeper')).toBeUndefined();
    expect(readPath(tweet, 'entities.none[*].x')).toBeUndefined();
    expect(readPath({ a: [] }, 'a[*].x')).toEqual([]);
  });
});

describe('conditions', () => {
  const row = { Type: 'Federal Agency', Empty: '  ', Sources: 'General knowledge' };
  it('tests equality, membership, emptiness and patterns, and combines them', () => {
    expect(test({ column: 'Type', equals: 'Federal Agency' }, row)).toBe(true);
    expect(test({ column: 'Type', equals: 'federal agency' }, row)).toBe(false);
    expect(test({ column: 'Type', equals: 'federal agency', ignoreCase: true }, row)).toBe(true);
    expect(test({ column: 'Type', in: ['Organization', 'Federal Agency'] }, row)).toBe(true);
    expect(test({ column: 'Empty', notEmpty: true }, row)).toBe(false);
    expect(test({ column: 'Missing', notEmpty: false }, row)).toBe(true);
    expect(test({ not: { column: 'Sources', matches: 'https?://' } }, row)).toBe(true);
    expect(
      test(
        {
          any: [
            { column: 'Empty', notEmpty: true },
            { column: 'Type', matches: '^Fed' },
          ],
        },
        row,
      ),
    ).toBe(true);
    expect(
      test(
        [
          { column: 'Type', notEmpty: true },
          { column: 'Empty', notEmpty: true },
        ],
        row,
      ),
    ).toBe(false);
  });
});

describe('coercion to the model', () => {
  const source = NODES.Source.properties;
  const message = NODES.Message.properties;
  const person = NODES.Person.properties;
  it('turns values into what the property declares', () => {
    expect(coerce(12, source.ref, 'p')).toBe('12');
    expect(coerce(['one'], source.title, 'p')).toBe('one');
    expect(coerce('x', person.aliases, 'p')).toEqual(['x']);
    expect(coerce(undefined, source.title, 'p')).toBeUndefined();
    expect(coerce([], person.aliases, 'p')).toBeUndefined();
    expect(rowError(() => coerce(['a', 'b'], message.subject, 'p'))).toBe(
      'p: expected one string value, got 2 ("a", "b"); use `join` or `each`',
    );
    expect(rowError(() => coerce({ a: 1 }, message.subject, 'p'))).toBe(
      'p: expected a string value, got "{\\"a\\":1}"',
    );
  });

  it('reads numbers and booleans from text', () => {
    const number = { ...source.ref, type: 'number' as const };
    const boolean = { ...source.ref, type: 'boolean' as const };
    expect(coerce(' 2.5 ', number, 'p')).toBe(2.5);
    expect(rowError(() => coerce('two', number, 'p'))).toBe('p: "two" is not a number');
    expect(coerce('Yes', boolean, 'p')).toBe(true);
    expect(coerce('0', boolean, 'p')).toBe(false);
  });
});

it('collects mapping issues instead of throwing', () => {
  const issues: MappingIssue[] = [];
  compileValue({ column: 'x', date: 'YYYY' }, 'nodes[0].properties.published', { ...scope(), issues });
  expect(issues).toEqual([
    {
      path: 'nodes[0].properties.published.date',
      message: 'date pattern "YYYY" needs one year (YYYY or YY), one month (M or MM) and one day (D or DD), or "iso"',
    },
  ]);
});
