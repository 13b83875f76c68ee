/**
 * The view in the URL hash: written (debounced) after each change, restored when the page opens with
 * one or the hash changes, and shown as a link to share.
 */
import type { Api } from './api.js';
import { describeError } from './api.js';
import type { GraphState, Position } from './graph-state.js';
import { decodeView, encodeView, fetchView } from './share.js';
import type { ViewState } from './share.js';
import type { ViewSettings } from './view-settings.js';
import { showShareLink } from './views/dialogs.js';
import type { Status } from './views/status.js';

const WRITE_DELAY_MS = 600;

export class ViewUrl {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastHash = '';
  /** While a view is being put on the canvas, its own changes do not rewrite the hash. */
  private restoring = false;

  constructor(
    private readonly api: Api,
    private readonly state: GraphState,
    private readonly positions: () => Record<string, Position>,
    private readonly settings: ViewSettings,
    private readonly status: Pick<Status, 'say' | 'notify'>,
  ) {
    window.addEventListener('hashchange', () => void this.restore());
  }

  /** Runs a change of the whole view (an import) without writing the hash in between. */
  async quietly(run: () => Promise<void>): Promise<void> {
    this.restoring = true;
    try {
      await run();
    } finally {
      this.restoring = false;
      this.schedule();
    }
  }

  schedule(): void {
    if (this.restoring) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.write(), WRITE_DELAY_MS);
  }

  private view(): ViewState {
    const positions = this.positions();
    const { hiddenLabels, hiddenTypes, timeWindow, viewport, layout } = this.settings.current();
    return {
      nodes: [...this.state.nodes.keys()].map((id) => ({ id, ...(positions[id] ? { position: positions[id] } : {}) })),
      edges: [...this.state.edges.keys()],
      hidden: [...this.state.hidden],
      hiddenLabels,
      hiddenTypes,
      timeWindow,
      viewport,
      layout,
    };
  }

  async write(): Promise<string> {
    clearTimeout(this.timer);
    const url = new URL(location.href);
    url.hash = this.state.nodes.size ? `view=${await encodeView(this.view())}` : '';
    this.lastHash = url.hash;
    history.replaceState(null, '', url.href);
    return url.href;
  }

  async share(): Promise<void> {
    if (!this.state.nodes.size) return this.status.notify('The canvas is empty: nothing to share.');
    showShareLink(await this.write(), { nodes: this.state.nodes.size, edges: this.state.edges.size });
  }

  async restore(): Promise<void> {
    const m = /^#view=([\w-]+)$/.exec(location.hash);
    if (!m || location.hash === this.lastHash) return;
    this.restoring = true;
    try {
      const view = await decodeView(m[1]!);
      this.status.say(`Restoring the shared view (${view.nodes.length} nodes)…`);
      const { graph, missing } = await fetchView(this.api, view);
      const positions = Object.fromEntries(view.nodes.filter((n) => n.position).map((n) => [n.id, n.position!]));
      this.state.commit(this.state.replace(graph, 'open the shared view', { positions, hidden: view.hidden }));
      this.settings.apply(view);
      this.lastHash = location.hash;
      if (missing.length) {
        this.status.notify(`${missing.length} element(s) of the shared view are no longer in the database.`, 'error');
      } else {
        this.status.notify(`Restored the shared view: ${graph.nodes.length} nodes, ${graph.edges.length} edges.`, 'ok');
      }
    } catch (error) {
      this.status.notify(`Could not restore the view in the link: ${describeError(error)}`, 'error');
    } finally {
      this.restoring = false;
    }
  }
}
