/**
 * The dock under the canvas: tabs for the timeline, the Cypher console (loaded, with CodeMirror, the
 * first time its tab opens) and the saved queries, a grip to resize it, and a toggle.
 */
import type { Api } from '../api.js';
import { describeError } from '../api.js';
import { button, h } from '../dom.js';
import type { ApiGraph } from '../types.js';
import type { CypherConsole } from './console.js';
import { SavedQueries } from './queries.js';
import { Timeline } from './timeline.js';
import type { TimelineHost } from './timeline.js';

type Tab = 'timeline' | 'console' | 'queries';

export interface DockHooks {
  timeline: TimelineHost;
  /** A graph answer of the console or a saved query, to put on the canvas. */
  addGraph(graph: ApiGraph, label: string): void;
  /** The canvas changed size. */
  resized(): void;
  notifyError(message: string): void;
}

export class Dock {
  readonly timeline: Timeline;
  private readonly queries: SavedQueries;
  private cypherConsole: CypherConsole | null = null;
  private consoleLoading: Promise<void> | null = null;
  private readonly tabButtons = new Map<Tab, HTMLButtonElement>();
  private readonly panels: Record<Tab, HTMLElement>;
  private openTab: Tab | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: Api,
    private readonly hooks: DockHooks,
  ) {
    const tabs = h('div', { className: 'dock-tabs', role: 'tablist' });
    const panels = h('div', { className: 'dock-panels' });
    const panel = (tab: Tab, hidden: boolean) =>
      h('div', { className: `dock-panel ${tab}`, id: `panel-${tab}`, role: 'tabpanel', hidden });
    this.panels = {
      timeline: panel('timeline', false),
      console: panel('console', true),
      queries: panel('queries', true),
    };
    panels.append(this.panels.timeline, this.panels.console, this.panels.queries);
    const grip = h('div', {
      className: 'dock-grip',
      title: 'Drag to resize',
      role: 'separator',
      ariaLabel: 'Resize the panel',
    });
    root.append(grip, tabs, panels);
    this.resizable(grip);

    this.timeline = new Timeline(this.panels.timeline, api, hooks.timeline);
    this.queries = new SavedQueries(this.panels.queries, api, (graph) => hooks.addGraph(graph, 'saved query answer'));

    for (const [tab, label] of [
      ['timeline', 'Timeline'],
      ['console', 'Cypher console'],
      ['queries', 'Saved queries'],
    ] as [Tab, string][]) {
      const b = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          className: 'dock-tab',
          id: `tab-${tab}`,
          on: { click: () => this.show(this.openTab === tab ? null : tab) },
        },
        label,
      );
      this.tabButtons.set(tab, b);
      tabs.append(b);
    }
    tabs.append(
      h('span', { className: 'spacer' }),
      button('▾', () => this.show(this.openTab ? null : 'timeline'), {
        className: 'dock-toggle',
        title: 'Open or close the panel',
      }),
    );
  }

  private resizable(grip: HTMLElement): void {
    grip.addEventListener('pointerdown', (e) => {
      if (!this.root.classList.contains('open')) return;
      grip.setPointerCapture(e.pointerId);
      const startY = e.clientY;
      const startHeight = this.root.getBoundingClientRect().height;
      const move = (m: PointerEvent) => {
        const height = Math.max(160, Math.min(window.innerHeight - 200, startHeight + startY - m.clientY));
        document.documentElement.style.setProperty('--dock-height', `${Math.round(height)}px`);
        this.hooks.resized();
      };
      const up = () => {
        grip.removeEventListener('pointermove', move);
        grip.removeEventListener('pointerup', up);
      };
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', up);
    });
  }

  /** The console (and CodeMirror with it) loads the first time its tab opens. */
  private openConsole(): Promise<void> {
    this.consoleLoading ??= import('./console.js').then(
      ({ CypherConsole }) => {
        this.cypherConsole = new CypherConsole(this.panels.console, this.api, (graph) =>
          this.hooks.addGraph(graph, 'console answer'),
        );
      },
      (error: unknown) => {
        this.consoleLoading = null;
        this.hooks.notifyError(`The console failed to load: ${describeError(error)}`);
      },
    );
    return this.consoleLoading;
  }

  show(tab: Tab | null): void {
    this.openTab = tab;
    this.root.classList.toggle('open', tab !== null);
    for (const [name, b] of this.tabButtons) {
      b.setAttribute('aria-selected', String(name === tab));
      b.classList.toggle('active', name === tab);
      this.panels[name].hidden = name !== tab;
    }
    this.timeline.visible = tab === 'timeline';
    if (tab === 'timeline') this.timeline.show();
    if (tab === 'console' && !this.cypherConsole) void this.openConsole();
    if (tab === 'queries') void this.queries.show();
    // The canvas changes size with the dock.
    requestAnimationFrame(() => this.hooks.resized());
  }
}
