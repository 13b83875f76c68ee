/**
 * The layout-overlap measure and the pass that keeps nodes apart, without a browser: the stacks that
 * fcose's draft made of a hub's leaves (issue 16, item 1) are parted, at sizes up to 5,000 nodes.
 */
import { describe, expect, it } from 'vitest';
import { separate, stackedCount, stackedShare } from '../src/spread.js';
import type { Point } from '../src/spread.js';

/** A seeded random generator: the same points every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 48_271) % 2_147_483_647) - 1) / 2_147_483_646;
}

describe('stackedShare', () => {
  it('counts the points within the radius of another', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 3, y: 4 - 0.01 },
      { x: 100, y: 0 },
      { x: 105, y: 0 },
    ];
    // 0 and 1 are 4.99 apart; 2 and 3 exactly 5 (not within).
    expect(stackedCount(points, 5)).toBe(2);
    expect(stackedShare(points, 5)).toBe(0.5);
    expect(stackedShare([], 5)).toBe(0);
  });

  it('sees the collapse the issue reports: 499 leaves of a hub on one spot', () => {
    const points: Point[] = [{ x: 0, y: 0 }, ...Array.from({ length: 499 }, () => ({ x: 200, y: 10 }))];
    expect(stackedCount(points)).toBe(499);
  });
});

describe('separate', () => {
  it('parts a 500-leaf star and a second hub with its leaves, each collapsed on a spot', () => {
    const points: Point[] = [
      { x: 0, y: 0 },
      ...Array.from({ length: 500 }, () => ({ x: 40, y: 40 })),
      { x: 900, y: 0 },
      ...Array.from({ length: 90 }, () => ({ x: 900, y: 0 })),
    ];
    const out = separate(points, { spacing: 44 });
    expect(stackedShare(points)).toBeGreaterThan(0.9);
    expect(stackedShare(out)).toBeLessThan(0.01);
    // Nobody is even closer than a node's diameter.
    expect(stackedShare(out, 34)).toBeLessThan(0.01);
  });

  it('parts 5,000 points thrown into a small square, in several clusters', () => {
    const random = seeded(11);
    const points = Array.from({ length: 5_000 }, (_, i) => ({
      x: (i % 5) * 300 + random() * 60,
      y: random() * 60,
    }));
    const out = separate(points, { spacing: 44 });
    expect(stackedShare(out)).toBeLessThan(0.01);
  });

  it('leaves points that are already apart where they are, and is deterministic', () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ x: (i % 10) * 60, y: Math.floor(i / 10) * 60 }));
    expect(separate(points, { spacing: 44 })).toEqual(points);
    const stacked = Array.from({ length: 50 }, () => ({ x: 1, y: 1 }));
    expect(separate(stacked, { spacing: 44 })).toEqual(separate(stacked, { spacing: 44 }));
  });

  it('never moves a fixed point: new nodes make way for the ones already placed', () => {
    const old = Array.from({ length: 20 }, (_, i) => ({ x: i * 50, y: 0 }));
    const fresh = Array.from({ length: 30 }, (_, i) => ({ x: (i % 20) * 50, y: 0 }));
    const points = [...old, ...fresh];
    const out = separate(points, { spacing: 44, fixed: (i) => i < old.length });
    expect(out.slice(0, old.length)).toEqual(old);
    expect(stackedShare(out)).toBe(0);
  });
});
