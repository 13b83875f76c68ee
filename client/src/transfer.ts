/**
 * Export (PNG, SVG, JSON canvas, CSV) and import of a canvas file: the browser's side of export.ts.
 */
import type { Core } from 'cytoscape';
import { describeError } from './api.js';
import { download, h } from './dom.js';
import { canvasDocument, edgesCsv, ImportError, nodesCsv, parseCanvasDocument, stamp } from './export.js';
import type { GraphState, Position } from './graph-state.js';
import { ViewSettings } from './view-settings.js';
import type { ViewUrl } from './view-url.js';
import type { Status } from './views/status.js';

/** The CSV's second file waits this long: browsers drop a download started in the same tick. */
const SECOND_DOWNLOAD_DELAY_MS = 300;

export class Transfer {
  private readonly input: HTMLInputElement;

  constructor(
    private readonly state: GraphState,
    private readonly cy: Core,
    private readonly positions: () => Record<string, Position>,
    private readonly settings: ViewSettings,
    private readonly url: ViewUrl,
    private readonly status: Pick<Status, 'notify'>,
  ) {
    this.input = h('input', { type: 'file', hidden: true, attrs: { accept: '.json,application/json' } });
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      this.input.value = '';
      if (file) void this.importFile(file);
    });
    document.body.append(this.input);
  }

  /** Asks for a file to import. */
  chooseFile(): void {
    this.input.click();
  }

  export(format: 'png' | 'svg' | 'json' | 'csv'): void {
    if (format !== 'json' && !this.state.nodes.size) return this.status.notify('The canvas is empty.');
    const when = stamp();
    if (format === 'png') {
      const blob = this.cy.png({
        output: 'blob',
        full: true,
        scale: 2,
        bg: '#ffffff',
        maxWidth: 8000,
        maxHeight: 8000,
      });
      download(blob, `backchannel-${when}.png`);
      return this.status.notify('Exported the graph as PNG.', 'ok');
    }
    if (format === 'svg') {
      const text = this.cy.svg({ full: true, scale: 1, bg: '#ffffff' });
      download(new Blob([text], { type: 'image/svg+xml' }), `backchannel-${when}.svg`);
      return this.status.notify('Exported the graph as SVG.', 'ok');
    }
    if (format === 'json') {
      const { hiddenLabels, hiddenTypes, ...rest } = this.settings.current();
      const doc = canvasDocument({
        nodes: this.state.nodes.values(),
        edges: this.state.edges.values(),
        positions: this.positions(),
        hidden: this.state.hidden,
        filters: { hiddenLabels, hiddenTypes },
        ...rest,
      });
      download(
        new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }),
        `backchannel-canvas-${when}.json`,
      );
      return this.status.notify(
        `Exported ${this.state.nodes.size} nodes and ${this.state.edges.size} edges as JSON.`,
        'ok',
      );
    }
    download(
      new Blob([nodesCsv(this.state.nodes.values(), this.positions())], { type: 'text/csv' }),
      `backchannel-nodes-${when}.csv`,
    );
    const edges = edgesCsv(this.state.edges.values());
    setTimeout(
      () => download(new Blob([edges], { type: 'text/csv' }), `backchannel-edges-${when}.csv`),
      SECOND_DOWNLOAD_DELAY_MS,
    );
    this.status.notify('Exported nodes and edges as CSV.', 'ok');
  }

  async importFile(file: File): Promise<void> {
    await this.url.quietly(async () => {
      try {
        const doc = parseCanvasDocument(await file.text());
        const positions = Object.fromEntries(doc.nodes.filter((n) => n.position).map((n) => [n.data.id, n.position!]));
        this.state.commit(
          this.state.replace(
            { nodes: doc.nodes.map((n) => n.data), edges: doc.edges.map((e) => e.data) },
            `import ${file.name}`,
            { positions, hidden: doc.hidden },
          ),
        );
        this.settings.apply(ViewSettings.ofDocument(doc));
        this.status.notify(`Imported ${file.name}: ${doc.nodes.length} nodes, ${doc.edges.length} edges.`, 'ok');
      } catch (error) {
        this.status.notify(
          `Could not import ${file.name}: ${error instanceof ImportError ? error.message : describeError(error)}`,
          'error',
        );
      }
    });
  }
}
