import { describe, expect, it } from 'vitest';
import { describeOrigin, valueGroups } from '../src/evidence.js';

const value = (prop: string, v: unknown, origin: string, extra: Record<string, unknown> = {}) => ({
  prop,
  value: v,
  origin,
  curated: false,
  shown: false,
  ...extra,
});

describe('values from sources', () => {
  it('groups values by property and marks the properties whose sources disagree', () => {
    const groups = valueGroups([
      value('name', 'Donald Trump Jr.', 'ndjson|founding-case.ndjson', { curated: true, shown: true }),
      value('name', 'DONALD TRUMP JR.', 'mapped-csv|trumpworld.csv'),
      value('description', 'x', 'ndjson|founding-case.ndjson', { shown: true }),
      value('description', 'x', 'ndjson|other.ndjson'),
    ]);
    expect(groups.map((g) => [g.prop, g.values.length, g.disputed])).toEqual([
      ['name', 2, true],
      ['description', 2, false],
    ]);
  });

  it('says where a value came from', () => {
    expect(describeOrigin(value('followers', 10, 'ira-tweets-csv|ira.csv', { asOf: '2016-06-01T10:00:00.000Z' }))).toBe(
      'ira-tweets-csv · ira.csv · as of 2016-06-01',
    );
    expect(describeOrigin(value('name', 'a', 'ndjson|f.ndjson', { curated: true }))).toBe(
      'ndjson (curated) · f.ndjson',
    );
  });
});
