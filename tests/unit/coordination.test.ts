/**
 * Coordination detection, pure: planted groups among noise (tests/support/planted-coordination.ts),
 * measured by account-level precision and recall; and the text normalisation it rests on.
 */
import { describe, expect, it } from 'vitest';
import { coordinatedGroups, normaliseText } from '../../server/queries/coordination.js';
import type { Thresholds } from '../../server/queries/coordination.js';
import { plantedPosts, score } from '../support/planted-coordination.js';

const DEFAULTS: Thresholds = {
  withinMinutes: 10,
  minItems: 3,
  minAccounts: 2,
  maxAccountsPerItem: 50,
  minTextLength: 20,
};

describe('near-identical text', () => {
  it('sets aside case, links, mentions, an RT prefix and punctuation', () => {
    expect(normaliseText('RT @Someone: VOTE early!!  https://t.co/abc www.x.org/y')).toBe('vote early');
    expect(normaliseText('Vote, early… @other')).toBe('vote early');
    expect(normaliseText('#MAGA now')).toBe('#maga now');
  });
});

describe('coordinated groups', () => {
  it('finds planted groups among noise with high precision and recall', () => {
    const figures: string[] = [];
    for (const seed of [1, 2, 3]) {
      const planted = plantedPosts({
        seed,
        groups: 20,
        groupSize: 6,
        campaigns: 6,
        noiseAccounts: 2_000,
        noisePosts: 30_000,
      });
      const groups = coordinatedGroups(planted.posts, DEFAULTS);
      const { precision, recall } = score(
        groups.map((g) => g.accounts),
        planted.groups,
      );
      figures.push(
        `seed ${seed}: ${planted.posts.length} posts, ${groups.length} groups, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
      );
      expect(precision).toBeGreaterThanOrEqual(0.95);
      expect(recall).toBeGreaterThanOrEqual(0.95);
      // Planted groups are never merged with each other.
      for (const group of groups) expect(new Set(group.accounts.map((a) => a.split('_')[0])).size).toBe(1);
    }
    process.stderr.write(`[coordination] ${figures.join('; ')}\n`);
  });

  it('needs the items repeated and close in time: one shared link, or the same links hours apart, is not a group', () => {
    const post = (id: string, author: string, minute: number, url: string) => ({
      id,
      author,
      at: minute * 60_000,
      text: null,
      urls: [url],
    });
    const once = [post('1', 'a', 0, 'u1'), post('2', 'b', 1, 'u1')];
    expect(coordinatedGroups(once, DEFAULTS)).toEqual([]);
    const apart = ['u1', 'u2', 'u3'].flatMap((u, i) => [
      post(`a${i}`, 'a', i * 1000, u),
      post(`b${i}`, 'b', i * 1000 + 120, u),
    ]);
    expect(coordinatedGroups(apart, DEFAULTS)).toEqual([]);
    const close = ['u1', 'u2', 'u3'].flatMap((u, i) => [
      post(`a${i}`, 'a', i * 1000, u),
      post(`b${i}`, 'b', i * 1000 + 2, u),
    ]);
    const [group] = coordinatedGroups(close, DEFAULTS);
    expect(group).toMatchObject({ accounts: ['a', 'b'], density: 1, score: 6 });
    expect(group!.items.map((i) => i.spanSeconds)).toEqual([120, 120, 120]);
  });
});
