/**
 * The operations (Explorer) without a browser or a server: what an expansion asks for, how its pages
 * go on, dismissing all but the selection, and what they tell the view and the analyst. The API is
 * replaced by a function of the request (these are the client's rules, not the server's answers).
 */
import { describe, expect, it } from 'vitest';
import type { Api } from '../src/api.js';
import { Explorer, PAGE } from '../src/explorer.js';
import { GraphState } from '../src/graph-state.js';
import type { ApiEdge, ApiNode, ExpandRequest } from '../src/types.js';

const node = (id: string, label = 'Person'): ApiNode => ({ id, label, labels: [label], caption: id, properties: {} });
const edge = (id: string, source: string, target: string, type = 'AFFILIATED_WITH'): ApiEdge => ({
  id,
  type,
  source,
  target,
  properties: {},
});

function setup(
  answer: (r: ExpandRequest) => { nodes: ApiNode[]; edges: ApiEdge[]; more: number },
  filtered = new Set<string>(),
) {
  const requests: ExpandRequest[] = [];
  const api = {
    expand: (r: ExpandRequest) => {
      requests.push(r);
      return Promise.resolve(answer(r));
    },
  } as unknown as Api;
  const state = new GraphState();
  const seen = {
    selected: [] as string[][],
    highlighted: [] as string[][],
    notices: [] as string[],
    said: [] as string[],
  };
  const explorer = new Explorer(
    api,
    state,
    {
      select: (ids) => seen.selected.push(ids),
      highlight: (ids) => seen.highlighted.push(ids),
      filteredOut: (ids) => ids.filter((id) => filtered.has(id)).length,
    },
    { notify: (m) => seen.notices.push(m), say: (m) => seen.said.push(m) },
  );
  return { explorer, state, requests, seen };
}

describe('Explorer', () => {
  it('expands a party as correspondence bundles plus its other relationships, anything else raw', () => {
    const { explorer, state } = setup(() => ({ nodes: [], edges: [], more: 0 }));
    state.commit(state.addGraph({ nodes: [node('p'), node('m', 'Message'), node('a', 'Account')], edges: [] }, 'add'));
    const [bundles, others] = explorer.defaultRequests('p');
    expect(bundles).toMatchObject({ ids: ['p'], bundle: true, level: 'person' });
    expect(others!.types).not.toEqual(expect.arrayContaining(['SENT', 'TO', 'SUPPORTED_BY']));
    expect(explorer.defaultRequests('a')[0]).toMatchObject({ bundle: true, level: 'account' });
    expect(explorer.defaultRequests('m')).toEqual([{ ids: ['m'], direction: 'both', limit: PAGE }]);
  });

  it('records an expansion that left neighbours out, and pages on from where it stopped', async () => {
    const { explorer, state, requests, seen } = setup((r) => {
      const offset = r.offset ?? 0;
      const ids = Array.from({ length: 3 }, (_, i) => `n${offset + i}`);
      return {
        nodes: ids.map((id) => node(id, 'Organization')),
        edges: ids.map((id) => edge(`e-${id}`, 'm', id)),
        more: offset ? 0 : 4,
      };
    });
    state.commit(state.addGraph({ nodes: [node('m', 'Message')], edges: [] }, 'add'));
    await explorer.expand('m');
    expect(state.nodes.size).toBe(4);
    expect(explorer.pending('m').map((x) => x.more)).toEqual([4]);
    expect(seen.notices.at(-1)).toMatch(/Expanded m — 3 new nodes, 3 new edges, 4 more not shown/);
    expect(state.undoLabel).toBe('expand m');
    await explorer.showMore(explorer.pending('m')[0]!.key);
    expect(requests.at(-1)).toMatchObject({ offset: PAGE });
    expect(explorer.pending('m')).toEqual([]);
    expect(state.undoLabel).toBe('show more of m');
  });

  it('says how many of what an expansion added the filters hide', async () => {
    const { explorer, state, seen } = setup(
      () => ({
        nodes: [node('x', 'Message'), node('y', 'Message')],
        edges: [edge('px', 'p', 'x', 'SENT'), edge('py', 'p', 'y', 'SENT')],
        more: 0,
      }),
      new Set(['x', 'px']),
    );
    state.commit(state.addGraph({ nodes: [node('p', 'Organization')], edges: [] }, 'add'));
    await explorer.expand('p', { types: ['SENT'] });
    expect(seen.notices.at(-1)).toBe(
      'Expanded p — 2 new nodes, 2 new edges, 2 of them hidden by the filters (see the chips over the canvas).',
    );
  });

  it('dismisses everything but the kept nodes in one undoable step', () => {
    const { explorer, state, seen } = setup(() => ({ nodes: [], edges: [], more: 0 }));
    state.commit(
      state.addGraph(
        { nodes: ['a', 'b', 'c', 'd'].map((id) => node(id)), edges: [edge('ab', 'a', 'b'), edge('bc', 'b', 'c')] },
        'add',
      ),
    );
    explorer.dismissOthers(['a', 'b']);
    expect([...state.nodes.keys()]).toEqual(['a', 'b']);
    expect([...state.edges.keys()]).toEqual(['ab']);
    expect(seen.said.at(-1)).toBe('Kept 2 nodes, removed 2.');
    explorer.undo();
    expect(state.nodes.size).toBe(4);
    expect(state.edges.size).toBe(2);
  });

  it('highlights a graph answer it adds, and says so', () => {
    const { explorer, seen } = setup(() => ({ nodes: [], edges: [], more: 0 }));
    explorer.addGraph({ nodes: [node('a'), node('b')], edges: [edge('ab', 'a', 'b')] }, 'console answer');
    expect(seen.highlighted).toEqual([['a', 'b', 'ab']]);
    expect(seen.notices.at(-1)).toMatch(/^Console answer — 2 new nodes, 1 new edge/);
  });
});
