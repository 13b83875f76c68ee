/**
 * Property-based: whatever an analyst (or an attacker) sends to any route, the answer is a 2xx, or a
 * 4xx with a JSON error that says what is wrong; never a 500, never a crash.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { testConnection } from '../support/neo4j.js';

const connection = testConnection();
let api: TestApi;

beforeAll(async () => {
  api = await startApi(connection, { limits: { queryTimeoutMs: 3_000, consolePerMinute: 100_000 } });
});
afterAll(async () => {
  await api.close();
  await connection.close();
});

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '\\',
    '*',
    '~',
    ':',
    '(',
    ')',
    '/',
    "' OR 1=1 //",
    '`) DETACH DELETE n //',
    '<script>alert(1)</script>',
    'account:twitter:wikileaks',
    'person:donald-trump',
    'x'.repeat(5_000),
    '2016-10-12T00:00:00Z',
    '-1',
    '1e309',
    'NaN',
    '\u202e\u0000',
  ),
);
const anyJson = fc.jsonValue({ maxDepth: 4 });

function ok(status: number, body: unknown): boolean {
  if (status >= 200 && status < 300) return true;
  if (status === 404 || status === 504 || status === 503) return true;
  if (status < 400 || status >= 500) return false;
  const error = (body as { error?: { code?: unknown; message?: unknown } })?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0;
}

const GETS = [
  '/api/search',
  '/api/node',
  '/api/relationship',
  '/api/bundles/messages',
  '/api/timeline',
  '/api/stats',
  '/api/queries',
];
const POSTS = [
  '/api/expand',
  '/api/paths',
  '/api/connect',
  '/api/bundles',
  '/api/cypher',
  '/api/queries/correspondents',
  '/api/queries/nope',
];
const PARAMS = ['q', 'mode', 'labels', 'offset', 'limit', 'id', 'from', 'to', 'level', 'ids'];

describe('every route, any input', () => {
  let before: Awaited<ReturnType<typeof countByLabelAndType>>;
  beforeAll(async () => {
    before = await countByLabelAndType(connection.executor);
  });
  afterAll(async () => {
    // Injection payloads in every field changed nothing.
    expect(await countByLabelAndType(connection.executor)).toEqual(before);
  });

  it('GET query strings never produce a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...GETS),
        fc.dictionary(fc.constantFrom(...PARAMS), hostile, { maxKeys: 5 }),
        async (route, params) => {
          const query = new URLSearchParams(params).toString();
          const { status, body } = await api.get(`${route}?${query}`);
          expect(ok(status, body), `${route}?${query} → ${status} ${JSON.stringify(body).slice(0, 300)}`).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('POST bodies never produce a 500', async () => {
    const body = fc.oneof(
      anyJson,
      fc.record(
        {
          ids: fc.oneof(fc.array(hostile, { maxLength: 4 }), hostile),
          from: hostile,
          to: hostile,
          types: fc.oneof(fc.array(fc.constantFrom('SENT', 'TO', 'NOPE', '`x`'), { maxLength: 3 }), hostile),
          direction: fc.constantFrom('in', 'out', 'both', 'sideways'),
          limit: fc.oneof(fc.integer(), fc.double(), hostile),
          maxHops: fc.oneof(fc.integer({ min: -5, max: 50 }), hostile),
          bundle: fc.boolean(),
          query: fc.oneof(
            hostile,
            fc.constantFrom('MATCH (n) RETURN n LIMIT 3', 'RETURN $x', 'CREATE (n)', 'CALL dbms.components()'),
          ),
          params: fc.oneof(fc.dictionary(fc.string(), anyJson, { maxKeys: 3 }), hostile),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POSTS), body, async (route, payload) => {
        const { status, body: answer } = await api.post(route, payload);
        expect(
          ok(status, answer),
          `${route} ${JSON.stringify(payload).slice(0, 200)} → ${status} ${JSON.stringify(answer).slice(0, 300)}`,
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
