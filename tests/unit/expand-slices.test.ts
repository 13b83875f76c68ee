import { describe, expect, it } from 'vitest';
import { groupsOf, slicesOf } from '../../server/queries/expand.js';

describe("expand's paging over groups", () => {
  it('orders groups by type, outgoing before incoming', () => {
    expect(groupsOf(['TO', 'MENTIONS'], 'both')).toEqual([
      { type: 'MENTIONS', direction: 'out' },
      { type: 'MENTIONS', direction: 'in' },
      { type: 'TO', direction: 'out' },
      { type: 'TO', direction: 'in' },
    ]);
    expect(groupsOf(['SENT'], 'in')).toEqual([{ type: 'SENT', direction: 'in' }]);
  });

  it('cuts a page across groups, then members, and stops at its end', () => {
    // Two members; three groups: member 0 has 3, 0, 100 000; member 1 has 2, 5, 0.
    const counts = [
      [3, 0, 100_000],
      [2, 5, 0],
    ];
    expect(slicesOf(counts, 0, 4)).toEqual([
      { member: 0, group: 0, skip: 0, take: 3 },
      { member: 1, group: 0, skip: 0, take: 1 },
    ]);
    expect(slicesOf(counts, 4, 4)).toEqual([
      { member: 1, group: 0, skip: 1, take: 1 },
      { member: 1, group: 1, skip: 0, take: 3 },
    ]);
    expect(slicesOf(counts, 9, 50)).toEqual([
      { member: 1, group: 1, skip: 4, take: 1 },
      { member: 0, group: 2, skip: 0, take: 49 },
    ]);
    expect(slicesOf(counts, 100_005, 50)).toEqual([{ member: 0, group: 2, skip: 99_995, take: 5 }]);
    expect(slicesOf(counts, 200_000, 50)).toEqual([]);
    expect(slicesOf([], 0, 50)).toEqual([]);
  });
});
