/**
 * Golden tests of the saved-query library, in the spirit of neo4j/graphql's TCK: for each query, the
 * Cypher text the server sends and the parameters it sends beside it, kept apart in two files under
 * tests/cypher/golden/library. Every parameter is given a value no query could contain; the text must not
 * contain it, so a review sees that no value is ever concatenated into Cypher. A changed query shows
 * as a diff of its golden file (`npm run test:cypher -- -u` rewrites them after a deliberate change).
 */
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { loadLibrary, paramsSchema, toCypherParams } from '../../server/queries/library.js';
import type { QueryParam } from '../../server/queries/library.js';

const library = loadLibrary(path.join(PROJECT_ROOT, 'cypher', 'library'));
const GOLDEN = path.join(PROJECT_ROOT, 'tests', 'cypher', 'golden', 'library');

/** A value of the parameter's type that no query text could hold by chance. */
function sample(param: QueryParam): unknown {
  const marker = `VALUE-OF-${param.name}`;
  // A parameter with declared choices takes one of them: they are declared words, not data.
  if (param.choices) return param.choices[param.choices.length - 1];
  switch (param.type) {
    case 'string':
      return marker;
    case 'string[]':
      return [`${marker}-1`, `${marker}-2`];
    case 'integer':
      return 7_654_321;
    case 'float':
      return 7654.321;
    case 'boolean':
      return true;
    case 'datetime':
      return '2031-07-05T06:07:08Z';
    case 'date':
      return '2031-07-05';
  }
}

/** Driver values as plain JSON, with their Cypher type: what a reviewer needs to read. */
function described(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(described);
  if (neo4j.isInt(value)) return { INTEGER: String(value) };
  if (neo4j.isDateTime(value)) return { DATETIME: String(value) };
  if (neo4j.isDate(value)) return { DATE: String(value) };
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, described(v)]));
  }
  return value;
}

describe('every saved query sends its values as parameters, never in its text', () => {
  for (const query of library.values()) {
    it(query.name, async () => {
      const values = Object.fromEntries(query.params.map((p) => [p.name, sample(p)]));
      const params = toCypherParams(query, paramsSchema(query).parse(values));
      for (const p of query.params) {
        expect(query.cypher, `${query.name} holds the value of $${p.name}`).not.toContain(`VALUE-OF-${p.name}`);
        expect(query.cypher).not.toMatch(/7654(?:321|\.321)|2031-07-05/);
      }
      await expect(`${query.cypher}\n`).toMatchFileSnapshot(path.join(GOLDEN, `${query.name}.cypher`));
      await expect(`${JSON.stringify(described(params), null, 2)}\n`).toMatchFileSnapshot(
        path.join(GOLDEN, `${query.name}.params.json`),
      );
    });
  }

  it('defaults are parameters too: an omitted value is sent, typed, never written into the text', () => {
    const query = library.get('shared-urls')!;
    const params = toCypherParams(query, paramsSchema(query).parse({}));
    expect(described(params)).toMatchObject({
      by: 'url',
      maxSenders: { INTEGER: '100' },
      excludeDomains: expect.arrayContaining(['t.co', 'twitter.com']),
    });
    expect(query.cypher).not.toContain('twitter.com');
  });
});
