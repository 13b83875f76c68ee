/**
 * The answer of a console query or a saved query: a table, and the graph found in it drawn in a small
 * preview with a button that adds it to the canvas.
 */
import cytoscape from 'cytoscape';
import type { Core } from 'cytoscape';
import { button, clear, h } from '../dom.js';
import { formatValue } from '../format.js';
import { edgeData, nodeData } from '../graph-state.js';
import { stylesheet } from '../style.js';
import type { ApiGraph, TableAndGraph } from '../types.js';

const TABLE_ROWS = 500;

export class Results {
  private preview: Core | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly onAdd: (graph: ApiGraph) => void,
  ) {}

  clear(): void {
    this.preview?.destroy();
    this.preview = null;
    clear(this.root);
  }

  error(message: string, code?: string): void {
    this.clear();
    this.root.append(
      h('div', { className: 'inline-error', role: 'alert' }, code ? h('strong', {}, `${code}: `) : '', message),
    );
    this.root.scrollIntoView({ block: 'nearest' });
  }

  show(answer: TableAndGraph): void {
    this.clear();
    const { columns, rows, graph } = answer;
    const summary = h(
      'div',
      { className: 'results-summary' },
      `${rows.length} row${rows.length === 1 ? '' : 's'}${answer.truncated ? ` (truncated at ${answer.rowCap})` : ''} · ${graph.nodes.length} nodes, ${graph.edges.length} relationships · ${Math.round(answer.elapsedMs)} ms`,
    );
    const add = button(`Add the graph to the canvas`, () => this.onAdd(graph), {
      className: 'primary',
      disabled: graph.nodes.length === 0,
      title: 'Nodes and relationships found in the answer',
    });
    const table = h('table', { className: 'results-table' });
    table.append(h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { attrs: { scope: 'col' } }, c)))));
    const body = h('tbody');
    for (const row of rows.slice(0, TABLE_ROWS)) {
      body.append(h('tr', {}, ...columns.map((c) => h('td', {}, formatValue(row[c])))));
    }
    table.append(body);
    const tableWrap = h('div', { className: 'results-table-wrap' }, table);
    if (rows.length > TABLE_ROWS) tableWrap.append(h('p', { className: 'hint' }, `First ${TABLE_ROWS} rows shown.`));
    const graphBox = h('div', { className: 'results-graph', ariaLabel: 'Graph of the answer' });
    this.root.append(
      h('div', { className: 'results-head' }, summary, add),
      h('div', { className: 'results-body' }, tableWrap, graphBox),
    );
    if (graph.nodes.length) {
      const nodes = new Set(graph.nodes.map((n) => n.id));
      this.preview = cytoscape({
        container: graphBox,
        style: stylesheet(),
        elements: [
          ...graph.nodes.map((n) => ({ group: 'nodes' as const, data: { ...nodeData(n) } })),
          ...graph.edges
            .filter((e) => nodes.has(e.source) && nodes.has(e.target))
            .map((e) => ({ group: 'edges' as const, data: { ...edgeData(e) } })),
        ],
        layout: {
          name: graph.nodes.length > 300 ? 'grid' : 'fcose',
          animate: false,
          padding: 20,
        } as cytoscape.LayoutOptions,
        minZoom: 0.05,
        maxZoom: 3,
      });
    } else {
      graphBox.append(h('p', { className: 'hint' }, 'No node or relationship in this answer.'));
    }
    this.root.scrollIntoView({ block: 'nearest' });
  }
}
