/**
 * Time-respecting reachability and cascade trees, as pure functions: hand-made hop lists with known
 * answers, including the cases a time-blind shortest path gets wrong.
 */
import { describe, expect, it } from 'vitest';
import { parents, phraseQuery, postsStatement } from '../../server/queries/cascade.js';
import { roundStatement } from '../../server/queries/time-paths.js';
import {
  arrive,
  mirror,
  mirrorHop,
  NEGATIVE_INFINITY,
  orderAfter,
  POSITIVE_INFINITY,
  relax,
  route,
} from '../../server/queries/time-order.js';
import type { Arrival, Hop, Limits } from '../../server/queries/time-order.js';

const open: Limits = { maxDelayMs: null, window: { from: NEGATIVE_INFINITY, to: POSITIVE_INFINITY } };
const at = (from: number, to = from) => ({ from, to });
const hop = (from: string, to: string, t: number | null, via = `m-${from}-${to}-${t}`): Hop => ({
  from,
  to,
  via: t === null ? null : via,
  kind: t === null ? 'identity' : 'message',
  role: t === null ? 'CONTROLS' : 'TO',
  time: t === null ? null : at(t),
});

/** The whole walk from `start`, round after round, as the server runs it. */
function walk(start: string, hops: Hop[], limits = open, maxHops = 6): Map<string, Arrival> {
  const arrivals = new Map<string, Arrival>([
    [start, { at: at(limits.window.from, POSITIVE_INFINITY), hops: 0, by: null }],
  ]);
  let frontier = new Set([start]);
  for (let round = 0; round < maxHops * 2 && frontier.size; round++) {
    const from = frontier;
    frontier = relax(
      arrivals,
      hops.filter((h) => from.has(h.from)),
      limits,
      maxHops,
    );
  }
  return arrivals;
}

describe('time-respecting reachability', () => {
  it('refuses a path whose second hop came before its first, which a shortest path would take', () => {
    // A tells B at 10; B told C at 5, before B knew: no path. The time-blind path A-B-C exists.
    const arrivals = walk('A', [hop('A', 'B', 10), hop('B', 'C', 5)]);
    expect(arrivals.has('B')).toBe(true);
    expect(arrivals.has('C')).toBe(false);
  });

  it('takes the earliest arrival, even when it needs more hops', () => {
    const arrivals = walk('A', [hop('A', 'C', 50), hop('A', 'B', 10), hop('B', 'D', 20), hop('D', 'C', 30)]);
    expect(arrivals.get('C')!.at.from).toBe(30);
    expect(route(arrivals, 'C').map((h) => h.to)).toEqual(['B', 'D', 'C']);
  });

  it('corrects an arrival found in an early round when a later round brings it sooner', () => {
    // Round 1 reaches C directly at 90; round 2 reaches B then round 3 reaches C at 40.
    const arrivals = walk('A', [hop('A', 'C', 90), hop('A', 'B', 10), hop('B', 'C', 40), hop('C', 'E', 60)]);
    expect(arrivals.get('C')!.at.from).toBe(40);
    // E is reachable from C's sooner arrival (60 >= 40), not from the 90 one.
    expect(arrivals.get('E')!.at.from).toBe(60);
    expect(route(arrivals, 'E').map((h) => h.from)).toEqual(['A', 'B', 'C']);
  });

  it('crosses identity links at any time, without counting them as hops', () => {
    const arrivals = walk('org', [hop('org', 'acct', null), hop('acct', 'jr', 10), hop('jr', 'person', null)]);
    expect(arrivals.get('person')).toMatchObject({ hops: 1, at: at(10) });
    expect(route(arrivals, 'person').map((h) => h.kind)).toEqual(['identity', 'message', 'identity']);
  });

  it('honours the longest delay between hops and the window', () => {
    const hops = [hop('A', 'B', 10), hop('B', 'C', 100)];
    expect(walk('A', hops, { ...open, maxDelayMs: 50 }).has('C')).toBe(false);
    expect(walk('A', hops, { ...open, maxDelayMs: 90 }).has('C')).toBe(true);
    expect(walk('A', hops, { maxDelayMs: null, window: at(0, 99) }).has('C')).toBe(false);
  });

  it('lets a hop known only to the day follow a same-day hop, and says the order is only possible', () => {
    const day = (d: number) => ({ from: d * 86_400_000, to: (d + 1) * 86_400_000 - 1 });
    const first: Hop = { ...hop('A', 'B', 0), time: day(3) };
    const second: Hop = { ...hop('B', 'C', 0), time: day(3) };
    const arrivals = walk('A', [first, second]);
    expect(arrivals.has('C')).toBe(true);
    expect(orderAfter(first.time, second.time)).toBe('possible');
    expect(orderAfter(day(3), day(4))).toBe('certain');
    expect(arrive(day(3), { ...second, time: day(2) }, open)).toBeNull();
  });

  it('never routes back through the start', () => {
    const arrivals = walk('A', [hop('A', 'B', 10), hop('B', 'A', 20), hop('B', 'C', 30)]);
    expect(arrivals.get('A')!.by).toBeNull();
    expect(route(arrivals, 'C').map((h) => h.from)).toEqual(['A', 'B']);
  });

  it('answers latest departure as the same walk on mirrored time', () => {
    // Who could have reached C by 100? B at 60 (the latest B->C hop before 100), A at 40 (A->B at 40,
    // before B's 60), not through A->B at 70 (after B's last useful hop).
    const hops = [hop('A', 'B', 40), hop('A', 'B', 70), hop('B', 'C', 60), hop('B', 'C', 120)];
    const deadline = 100;
    const limits: Limits = { maxDelayMs: null, window: mirror(at(NEGATIVE_INFINITY, deadline)) };
    const backward = hops.map(mirrorHop);
    const arrivals = walk('C', backward, limits);
    expect(-arrivals.get('B')!.at.from).toBe(60);
    expect(-arrivals.get('A')!.at.from).toBe(40);
    expect(
      route(arrivals, 'A')
        .map(mirrorHop)
        .reverse()
        .map((h) => h.time!.from),
    ).toEqual([40, 60]);
  });
});

describe('cascade trees', () => {
  const post = (
    id: string,
    from: number,
    extra: Partial<{ parties: string[]; receivers: string[]; refersTo: { id: string; type: string }[] }> = {},
  ) => ({
    id,
    from,
    to: from,
    row: { parties: [], receivers: [], refersTo: [], ...extra } as never,
  });

  it('ties a post to the earlier post that reached its author, a retweet to its original, the rest to the latest before', () => {
    const tree = parents([
      post('dm', 10, { receivers: ['jr'] }),
      post('tweet-by-jr', 20, { parties: ['jr'] }),
      post('retweet', 30, { refersTo: [{ id: 'tweet-by-jr', type: 'RETWEETS' }] }),
      post('stranger', 40, { parties: ['x'] }),
    ]);
    expect(Object.fromEntries(tree)).toEqual({
      'tweet-by-jr': { parent: 'dm', link: 'message' },
      retweet: { parent: 'tweet-by-jr', link: 'retweet' },
      stranger: { parent: 'retweet', link: 'inferred' },
    });
  });
});

describe('the Cypher these build (golden: values stay parameters)', () => {
  it('keeps every value of a time-respecting round in parameters', () => {
    for (const direction of ['forward', 'backward'] as const) {
      const text = roundStatement(direction);
      for (const p of ['$frontier', '$maxDelay', '$windowFrom', '$windowTo', '$cap', '$private'])
        expect(text).toContain(p);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    expect(roundStatement('forward')).toContain('MATCH (x)-[:SENT]->(m:Message)-[r:`TO`|`CC`|`BCC`|`MENTIONS`]->(y)');
    expect(roundStatement('backward')).toContain('MATCH (y)-[:SENT]->(m:Message)-[r:`TO`|`CC`|`BCC`|`MENTIONS`]->(x)');
  });

  it('finds posts by parameter for every kind of item, and quotes a phrase for Lucene', () => {
    for (const item of ['url', 'domain', 'phrase', 'message'] as const)
      expect(postsStatement(item)).toContain('$value');
    expect(phraseQuery('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
  });
});
