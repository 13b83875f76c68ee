/**
 * The client's pure logic, without a browser: the graph state and its history, times and durations
 * in words, the canvas file (parsing hostile input, CSV cells) and the view packed into a link.
 */
import { describe, expect, it } from 'vitest';
import { canvasDocument, csvCell, edgesCsv, ImportError, parseCanvasDocument } from '../src/export.js';
import {
  bundleCaption,
  durationMs,
  formatDuration,
  formatSent,
  formatSpan,
  formatValue,
  revealControls,
} from '../src/format.js';
import { edgeData, GraphState, nodeData } from '../src/graph-state.js';
import type { Diff } from '../src/graph-state.js';
import { decodeView, encodeView } from '../src/share.js';
import type { ApiEdge, ApiNode } from '../src/types.js';

const node = (id: string, label = 'Person', properties: Record<string, unknown> = {}): ApiNode => ({
  id,
  label,
  labels: [label],
  caption: id,
  properties,
});
const edge = (id: string, source: string, target: string, type = 'SENT', properties = {}): ApiEdge => ({
  id,
  type,
  source,
  target,
  properties,
});

describe('the graph state', () => {
  it('adds only what is new, and edges only when both ends are there', () => {
    const state = new GraphState();
    state.commit(state.addGraph({ nodes: [node('a'), node('b')], edges: [edge('ab', 'a', 'b')] }, 'first'));
    const change = state.addGraph(
      { nodes: [node('b'), node('c')], edges: [edge('ab', 'a', 'b'), edge('bc', 'b', 'c'), edge('cx', 'c', 'x')] },
      'second',
    );
    expect(change.addNodes.map((n) => n.id)).toEqual(['c']);
    expect(change.addEdges.map((e) => e.id)).toEqual(['bc']);
  });

  it('removes nodes with their edges, and undo puts everything back (hidden stays hidden)', () => {
    const state = new GraphState();
    state.commit(
      state.addGraph(
        { nodes: [node('a'), node('b'), node('c')], edges: [edge('ab', 'a', 'b'), edge('bc', 'b', 'c')] },
        'add',
      ),
    );
    state.commit(state.hide(['c']));
    state.commit(state.remove(['b', 'c'], 'remove'));
    expect([...state.nodes.keys()]).toEqual(['a']);
    expect(state.edges.size).toBe(0);
    state.undo();
    expect([...state.nodes.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect([...state.edges.keys()].sort()).toEqual(['ab', 'bc']);
    expect([...state.hidden]).toEqual(['c']);
    state.redo();
    expect([...state.nodes.keys()]).toEqual(['a']);
  });

  it('collapses what an expansion added, not what was there before', () => {
    const state = new GraphState();
    state.commit(state.addGraph({ nodes: [node('a'), node('b')], edges: [] }, 'add'));
    state.commit(
      state.addGraph(
        {
          nodes: [node('a'), node('b'), node('c'), node('d')],
          edges: [edge('ab', 'a', 'b'), edge('ac', 'a', 'c'), edge('ad', 'a', 'd')],
        },
        'expand',
        {
          anchor: 'a',
          expansion: { key: 'a|default', node: 'a', pages: [], more: 0 },
        },
      ),
    );
    const collapse = state.collapse('a');
    expect(collapse.removeNodes.map((n) => n.id).sort()).toEqual(['c', 'd']);
    state.commit(collapse);
    expect([...state.nodes.keys()].sort()).toEqual(['a', 'b']);
    // The edge between two nodes that stay goes too: the expansion added it.
    expect(state.edges.size).toBe(0);
    expect(state.expansionsOf('a')).toEqual([]);
    state.undo();
    expect(state.expansionsOf('a').map((x) => x.key)).toEqual(['a|default']);
  });

  it('tells listeners what to mirror, and keeps positions for undo and redo', () => {
    const state = new GraphState();
    const diffs: Diff[] = [];
    state.subscribe((d) => diffs.push(d));
    const add = state.addGraph({ nodes: [node('a')], edges: [] }, 'add', { positions: { a: { x: 1, y: 2 } } });
    state.commit(add);
    expect(diffs[0]!.addNodes.map((n) => n.id)).toEqual(['a']);
    // The canvas records where a removed node stood; the state hands it back on redo.
    add.removedPositions.a = { x: 5, y: 6 };
    state.undo();
    expect(diffs[1]!.removeNodes).toEqual(['a']);
    expect(diffs[1]!.reverse).toBe(true);
  });

  it('has the history up to date when it tells listeners (the Undo title, Redo disabled after a new change)', () => {
    const state = new GraphState();
    const seen: [string | undefined, boolean][] = [];
    state.commit(state.addGraph({ nodes: [node('a')], edges: [] }, 'add a'));
    state.commit(state.addGraph({ nodes: [node('b')], edges: [] }, 'add b'));
    state.undo();
    state.subscribe(() => seen.push([state.undoLabel, state.canRedo]));
    state.commit(state.addGraph({ nodes: [node('c')], edges: [] }, 'expand c'));
    expect(seen).toEqual([['expand c', false]]);
  });

  it('replaces everything in one undoable change', () => {
    const state = new GraphState();
    state.commit(state.addGraph({ nodes: [node('a'), node('b')], edges: [edge('ab', 'a', 'b')] }, 'add'));
    state.commit(
      state.replace({ nodes: [node('b'), node('z')], edges: [edge('bz', 'b', 'z')] }, 'import', { hidden: ['z'] }),
    );
    expect([...state.nodes.keys()].sort()).toEqual(['b', 'z']);
    expect([...state.hidden]).toEqual(['z']);
    state.undo();
    expect([...state.nodes.keys()].sort()).toEqual(['a', 'b']);
    expect([...state.edges.keys()]).toEqual(['ab']);
    expect(state.hidden.size).toBe(0);
  });

  it('captions bundles with count and span, AFTER with the delay, roles as they are', () => {
    expect(
      edgeData(
        edge('x', 'a', 'b', 'CORRESPONDENCE', {
          messages: 3,
          first: '2016-09-20T00:00:00Z',
          last: '2016-10-12T23:59:59Z',
        }),
      ),
    ).toMatchObject({ caption: '3 msgs · 20 Sep–12 Oct 2016', weight: 3, showCaption: true });
    expect(edgeData(edge('y', 'a', 'b', 'AFTER', { delay: 'PT15M' })).caption).toBe('15 minutes after');
    expect(edgeData(edge('z', 'a', 'b', 'AFFILIATED_WITH', { role: 'candidate' })).caption).toBe('candidate');
    expect(nodeData(node('m', 'Message', { sentPrecision: 'unknown' })).undated).toBe(true);
  });
});

describe('times in words', () => {
  it('says how precisely a time is known', () => {
    expect(formatSent('day', '2016-10-12T00:00:00Z', '2016-10-12T23:59:59Z')).toBe('12 Oct 2016 (day)');
    expect(formatSent('minute', '2016-10-12T14:03:00Z', '2016-10-12T14:03:59Z')).toBe(
      '12 Oct 2016, 14:03 UTC (minute)',
    );
    expect(formatSent('instant', '2016-10-12T14:03:07Z', '2016-10-12T14:03:07Z')).toBe(
      '12 Oct 2016, 14:03:07 UTC (instant)',
    );
    expect(formatSent('range', '2016-09-20T00:00:00Z', '2016-10-12T23:59:59Z')).toBe(
      'between 20 Sep and 12 Oct 2016 (range)',
    );
    expect(formatSent('unknown', null, null)).toBe('time unknown');
  });

  it('reads ISO durations and spans', () => {
    expect(formatDuration('PT15M')).toBe('15 minutes');
    expect(formatDuration('P2D')).toBe('2 days');
    expect(formatDuration('P1DT2H')).toBe('1 day 2 hours');
    expect(durationMs('PT15M')).toBe(900_000);
    expect(formatSpan('2015-03-03T00:00:00Z', '2016-10-12T00:00:00Z')).toBe('3 Mar 2015–12 Oct 2016');
    expect(formatSpan('2016-10-01T00:00:00Z', '2016-10-12T00:00:00Z')).toBe('1–12 Oct 2016');
    expect(bundleCaption(1, '2016-09-20T00:00:00Z', '2016-09-20T23:59:59Z')).toBe('1 msg · 20 Sep 2016');
  });

  it('shows console values: nodes by their name, paths as a chain', () => {
    const a = { elementId: '1', labels: ['Account'], properties: { handle: 'wikileaks' } };
    const m = { elementId: '2', labels: ['Message'], properties: { text: 'great to see you' } };
    expect(formatValue(a)).toBe('(:Account wikileaks)');
    expect(formatValue({ nodes: [a, m], relationships: [{ type: 'SENT', startElementId: '1' }] })).toBe(
      'wikileaks -SENT→ great to see you',
    );
    expect(formatValue([a, { type: 'SENT', startElementId: '1' }, m])).toBe(
      '(:Account wikileaks), [:SENT], (:Message great to see you)',
    );
    expect(formatValue(['a', 1, null])).toBe('a, 1, ');
  });
});

describe('the canvas file', () => {
  it('round-trips and refuses what is not a canvas, saying why', () => {
    const state = new GraphState();
    state.commit(state.addGraph({ nodes: [node('a'), node('b')], edges: [edge('ab', 'a', 'b')] }, 'add'));
    const doc = canvasDocument({
      nodes: state.nodes.values(),
      edges: state.edges.values(),
      positions: { a: { x: 1, y: 2 } },
      hidden: [],
      filters: { hiddenLabels: ['Source'], hiddenTypes: [] },
      timeWindow: { from: '2016-10-12T00:00:00Z', to: '2016-10-12T23:59:59Z' },
    });
    const back = parseCanvasDocument(JSON.stringify(doc));
    expect(back.nodes.map((n) => n.data.id)).toEqual(['a', 'b']);
    expect(back.nodes[0]!.position).toEqual({ x: 1, y: 2 });
    expect(back.filters.hiddenLabels).toEqual(['Source']);
    expect(back.timeWindow?.from).toBe('2016-10-12T00:00:00Z');
    expect(() => parseCanvasDocument('{')).toThrow(ImportError);
    expect(() => parseCanvasDocument('{"format": "other"}')).toThrow(/not a Backchannel canvas/);
    expect(() =>
      parseCanvasDocument(JSON.stringify({ ...doc, nodes: [{ data: { id: 1, label: 'Person', properties: {} } }] })),
    ).toThrow(/nodes\[0\]/);
  });

  it('writes CSV cells quoted, and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@wikileaks')).toBe("'@wikileaks");
    expect(csvCell(['x', 'y'])).toBe('"[""x"",""y""]"');
    expect(edgesCsv([edgeData(edge('ab', 'a', 'b'))]).split('\r\n')[1]).toBe('ab,SENT,a,b,SENT');
  });

  it('writes negative numbers as numbers in CSV, and still defuses text that starts with a minus', () => {
    expect(csvCell(-85)).toBe('-85');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell('-85')).toBe("'-85");
    expect(csvCell('-2+3')).toBe("'-2+3");
  });

  it('shows the invisible characters that would reorder text, on the canvas and in CSV, and keeps them in JSON', () => {
    const trojan = 'invoice\u202Efdp.exe';
    expect(revealControls(trojan)).toBe('invoice[U+202E]fdp.exe');
    expect(revealControls('\u2066a\u2069 \u200F \u061C')).toBe('[U+2066]a[U+2069] [U+200F] [U+061C]');
    // Right-to-left letters, joiners and emoji are text, not controls.
    expect(revealControls('ويكيليكس 👨\u200D👩 שלום')).toBe('ويكيليكس 👨\u200D👩 שלום');
    expect(nodeData({ ...node('t'), caption: trojan }).caption).toBe('invoice[U+202E]fdp.exe');
    expect(edgeData(edge('r', 'a', 'b', 'AFFILIATED_WITH', { role: `\u202E${trojan}` })).caption).toBe(
      '[U+202E]invoice[U+202E]fdp.exe',
    );
    expect(csvCell(`=${trojan}`)).toBe("'=invoice[U+202E]fdp.exe");
    // The canvas file is data for the next import: the properties keep the exact text.
    const props = { name: trojan };
    const state = new GraphState();
    state.commit(state.addGraph({ nodes: [node('t', 'Person', props)], edges: [] }, 'add'));
    const doc = canvasDocument({
      nodes: state.nodes.values(),
      edges: [],
      positions: {},
      hidden: [],
      filters: { hiddenLabels: [], hiddenTypes: [] },
      timeWindow: null,
    });
    expect(parseCanvasDocument(JSON.stringify(doc)).nodes[0]!.data.properties).toEqual(props);
  });
});

describe('the view in a link', () => {
  it('packs ids, positions, filters and the window, and unpacks them', async () => {
    const view = {
      nodes: [{ id: 'person:donald-trump-jr', position: { x: 10, y: -20 } }],
      edges: ['bundle|person|organization:wikileaks|person:donald-trump-jr'],
      hidden: [],
      hiddenLabels: ['Source'],
      hiddenTypes: ['MENTIONS'],
      timeWindow: { from: '2016-10-12T00:00:00Z', to: '2016-10-12T23:59:59Z' },
      viewport: { zoom: 1.25, pan: { x: 3, y: 4 } },
      layout: 'fcose',
    };
    const packed = await encodeView(view);
    expect(packed).toMatch(/^[\w-]+$/);
    expect(await decodeView(packed)).toEqual(view);
  });
});
