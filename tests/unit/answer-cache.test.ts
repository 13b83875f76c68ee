/**
 * The answer cache's own logic, with the data version as a plain counter (the real version, a
 * Neo4j bookmark, is exercised in tests/integration/answer-cache.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../server/api/answer-cache.js';

function counterVersion() {
  const state = { version: 1, checks: 0 };
  return { state, read: async () => (state.checks++, String(state.version)) };
}

describe('AnswerCache', () => {
  it('answers from the cache until the version changes', async () => {
    const v = counterVersion();
    const cache = new AnswerCache(v.read, { maxBytes: 1 << 20 });
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.answer('a', compute)).toEqual({ body: '{"n":1}', hit: false });
    expect(await cache.answer('a', compute)).toEqual({ body: '{"n":1}', hit: true });
    v.state.version++;
    expect(await cache.answer('a', compute)).toEqual({ body: '{"n":2}', hit: false });
    expect(cache.snapshot()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
  });

  it('asks the same question of the database once when it is asked many times at once', async () => {
    const v = counterVersion();
    const cache = new AnswerCache(v.read, { maxBytes: 1 << 20 });
    let computed = 0;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cache.answer('q', async () => ({ n: ++computed }))),
    );
    expect(computed).toBe(1);
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set(['{"n":1}']));
    // 20 requests arriving together share version checks instead of making one each.
    expect(v.state.checks).toBeLessThan(5);
  });

  it('never answers with a version read before the request arrived', async () => {
    const state = { version: 1 };
    let release: () => void = () => {};
    let slow = true;
    const read = () =>
      new Promise<string>((resolve) => {
        const seen = String(state.version);
        if (!slow) return resolve(String(state.version));
        release = () => resolve(seen);
      });
    let clock = 0;
    const cache = new AnswerCache(read, { maxBytes: 1 << 20 }, () => clock++);
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    // A check is in flight, having read version 1, when a commit lands and a second request arrives.
    const first = cache.answer('a', compute);
    await Promise.resolve();
    state.version = 2;
    slow = false;
    const second = cache.answer('a', compute);
    release();
    expect((await first).body).toBe('{"n":1}');
    // The second waited for a check of its own, saw version 2, and did not reuse the first answer.
    expect(await second).toEqual({ body: '{"n":2}', hit: false });
  });

  it('keeps its bodies within maxBytes, dropping the least recently used, and skips oversized ones', async () => {
    const v = counterVersion();
    // Each entry below takes 2 × (1 + 102) bytes.
    const cache = new AnswerCache(v.read, { maxBytes: 700, maxEntryBytes: 300 });
    const body = (c: string) => async () => c.repeat(100);
    for (const k of ['a', 'b', 'c']) await cache.answer(k, body(k));
    expect(cache.snapshot()).toMatchObject({ entries: 3, bytes: 618 });
    await cache.answer('a', body('a')); // a is now the most recently used
    await cache.answer('d', body('d'));
    expect(cache.snapshot()).toMatchObject({ entries: 3, bytes: 618 });
    expect((await cache.answer('a', body('x'))).hit).toBe(true);
    expect((await cache.answer('b', body('b'))).hit).toBe(false);
    await cache.answer('big', async () => 'x'.repeat(200));
    expect((await cache.answer('big', async () => 'x'.repeat(200))).hit).toBe(false);
  });

  it('keeps no failed answer and reports the failure to each caller', async () => {
    const v = counterVersion();
    const cache = new AnswerCache(v.read, { maxBytes: 1 << 20 });
    await expect(cache.answer('e', () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect(await cache.answer('e', async () => 'found')).toEqual({ body: '"found"', hit: false });
  });

  it('fails a request whose version check fails, and recovers on the next', async () => {
    let down = true;
    const cache = new AnswerCache(
      async () => {
        if (down) throw new Error('Neo4j is unavailable');
        return '1';
      },
      { maxBytes: 1 << 20 },
    );
    await expect(cache.answer('a', async () => 1)).rejects.toThrow('unavailable');
    down = false;
    expect(await cache.answer('a', async () => 1)).toEqual({ body: '1', hit: false });
  });
});
