/** A path answer read hop by hop (client/src/paths.ts): direction of travel, sources, stepping. */
import { describe, expect, it } from 'vitest';
import { hopsOf, idsOfPath } from '../src/paths.js';
import type { PathAnswer } from '../src/types.js';

const node = (id: string) => ({ id, label: 'Person', labels: ['Person'], caption: id, properties: {} });
const edge = (id: string, source: string, target: string, properties: Record<string, unknown> = {}) => ({
  id,
  type: 'SENT',
  source,
  target,
  properties,
});

const answer: PathAnswer = {
  nodes: [node('a'), node('m'), node('b'), node('c')],
  edges: [
    edge('e1', 'a', 'm', { sourceIds: ['source:mueller'], sourceQuotes: ['On October 12 …'] }),
    edge('e2', 'b', 'm'),
    edge('e3', 'm', 'c'),
  ],
  paths: [
    { nodes: ['a', 'm', 'b'], edges: ['e1', 'e2'] },
    { nodes: ['a', 'm', 'c'], edges: ['e1', 'e3'] },
  ],
};

describe('hopsOf', () => {
  it('reads each hop with its direction of travel and its first source', () => {
    const hops = hopsOf(answer, 0);
    expect(hops.map((h) => [h.from, h.to, h.forward])).toEqual([
      ['a', 'm', true],
      ['m', 'b', false],
    ]);
    expect(hops[0]!.source).toEqual({ id: 'source:mueller', quote: 'On October 12 …' });
    expect(hops[1]!.source).toBeNull();
  });

  it('steps to another path, and gives nothing for a path that is not there', () => {
    expect(hopsOf(answer, 1).map((h) => h.edge.id)).toEqual(['e1', 'e3']);
    expect(idsOfPath(answer, 1)).toEqual(['a', 'm', 'c', 'e1', 'e3']);
    expect(hopsOf(answer, 2)).toEqual([]);
    expect(idsOfPath(answer, 2)).toEqual([]);
  });
});
