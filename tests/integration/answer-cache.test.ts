/**
 * The answer cache against the real Neo4j: answers repeat from the cache, and any commit (a load,
 * a change of one property from anywhere) is seen by the next request.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../server/api/answer-cache.js';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const cache = new AnswerCache(() => connection.executor.dataVersion(), { maxBytes: 16 * 2 ** 20 });
let api: TestApi;
let dir: string;
const WIKILEAKS = 'account:twitter:wikileaks';

beforeAll(async () => {
  await emptyDatabase(connection);
  dir = await mkdtemp(path.join(tmpdir(), 'answer-cache-'));
  await runLoad({ files: [FOUNDING_CASE], executor: connection.executor, reportDir: path.join(dir, 'founding') });
  api = await startApi(connection, { answerCache: cache });
});
afterAll(async () => {
  await api.close();
  await connection.close();
});

describe('answer cache', () => {
  it('names the last commit with the data version, and changes it with every commit', async () => {
    const before = await connection.executor.dataVersion();
    expect(before).toMatch(/\S/);
    expect(await connection.executor.dataVersion()).toBe(before);
    // A commit with a net change: one that sets and removes the same property commits nothing.
    await connection.executor.write('MATCH (a:Account {id: $id}) SET a.cacheProbe = $at', {
      id: WIKILEAKS,
      at: Date.now(),
    });
    expect(await connection.executor.dataVersion()).not.toBe(before);
  });

  it('answers a repeated question from the cache, with the same body', async () => {
    const first = await api.get('/api/search?q=wlsearch');
    const again = await api.get('/api/search?q=wlsearch');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-backchannel-cache')).toBe('miss');
    expect(again.headers.get('x-backchannel-cache')).toBe('hit');
    expect(again.body).toEqual(first.body);
    // The same question spelled otherwise (defaults written out) is the same entry.
    const spelled = await api.get('/api/search?q=wlsearch&mode=plain&offset=0&limit=20');
    expect(spelled.headers.get('x-backchannel-cache')).toBe('hit');
  });

  it('sees a property changed outside Backchannel on the very next request', async () => {
    const url = `/api/node?id=${encodeURIComponent(WIKILEAKS)}`;
    await api.get(url);
    expect((await api.get(url)).headers.get('x-backchannel-cache')).toBe('hit');
    await connection.executor.write('MATCH (a:Account {id: $id}) SET a.displayName = $name', {
      id: WIKILEAKS,
      name: 'WikiLeaks (renamed in a test)',
    });
    const after = await api.get(url);
    expect(after.headers.get('x-backchannel-cache')).toBe('miss');
    expect(JSON.stringify(after.body)).toContain('WikiLeaks (renamed in a test)');
  });

  it('sees what a load adds on the next request', async () => {
    const q = '/api/search?q=backchannelcachecanary';
    expect((await api.get(q)).body.items).toEqual([]);
    expect((await api.get(q)).headers.get('x-backchannel-cache')).toBe('hit');
    const file = path.join(dir, 'canary.ndjson');
    await writeFile(
      file,
      `${JSON.stringify({ node: 'Person', properties: { ref: 'cache-canary', name: 'Backchannelcachecanary Person' } })}\n`,
    );
    await runLoad({ files: [file], executor: connection.executor, reportDir: path.join(dir, 'canary') });
    const after = await api.get(q);
    expect(after.headers.get('x-backchannel-cache')).toBe('miss');
    expect(after.body.items.map((i: { node: { id: string } }) => i.node.id)).toContain('person:cache-canary');
  });

  it('does not cache errors, the console, or the status routes', async () => {
    const missing = '/api/node?id=person:nobody-at-all';
    expect((await api.get(missing)).status).toBe(404);
    const again = await api.get(missing);
    expect(again.status).toBe(404);
    expect(again.headers.get('x-backchannel-cache')).toBeNull();
    const console = await api.post('/api/cypher', { query: 'RETURN 1 AS one' });
    expect(console.status).toBe(200);
    expect(console.headers.get('x-backchannel-cache')).toBeNull();
    const health = await api.get('/api/health');
    expect(health.headers.get('x-backchannel-cache')).toBeNull();
    expect(health.body.answerCache.hits).toBeGreaterThan(0);
  });
});
