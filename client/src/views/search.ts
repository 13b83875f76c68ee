/**
 * The search box: suggestions as the analyst types (debounced, stale answers cancelled), each with
 * its type icon and a hint, exact matches (id, handle, address, URL, name) first and marked; a type
 * filter beside it; arrows and Enter pick one, which puts it on the canvas.
 */
import { NODE_LABELS, NODES } from '../../../server/model/graph-model.js';
import type { NodeDef } from '../../../server/model/graph-model.js';
import type { Api } from '../api.js';
import { describeError, isAbort } from '../api.js';
import { clear, h } from '../dom.js';
import { formatSent } from '../format.js';
import type { ApiNode } from '../types.js';
import { iconBadge } from './legend.js';

const DEBOUNCE_MS = 180;

/** A second line that tells similar results apart. */
export function hint(node: ApiNode): string {
  const p = node.properties;
  switch (node.label) {
    case 'Account':
      return `${String(p.platform ?? '')} account${p.handle ? ` @${String(p.handle)}` : ''}`;
    case 'Message':
      return `${String(p.kind ?? 'message').replace(/_/g, ' ')} · ${formatSent(p.sentPrecision, p.sentFrom, p.sentTo)}`;
    case 'Url':
      return String(p.domain ?? 'URL');
    case 'Source':
      return String(p.publisher ?? 'source');
    case 'Organization':
      return String(p.orgType ?? 'organization');
    default:
      return typeof p.description === 'string' ? p.description : node.label;
  }
}

export class SearchBox {
  readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  /** Only this type of node (empty: every type). */
  readonly typeSelect: HTMLSelectElement;
  private items: ApiNode[] = [];
  /** Which hits match the text exactly. */
  private exact: boolean[] = [];
  /** Captions of the other records each hit stands for (accepted same-as links). */
  private sameAs: string[][] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | null = null;
  private lastQuery = '';

  constructor(
    root: HTMLElement,
    private readonly api: Api,
    private readonly onPick: (node: ApiNode) => void,
  ) {
    this.input = h('input', {
      type: 'search',
      className: 'search-input',
      placeholder: 'Search people, organizations, accounts, messages, URLs…  ( / )',
      ariaLabel: 'Search',
      attrs: { autocomplete: 'off', spellcheck: 'false', 'aria-autocomplete': 'list', 'aria-controls': 'suggestions' },
    });
    this.list = h('ul', { className: 'suggestions', id: 'suggestions', role: 'listbox', hidden: true });
    this.typeSelect = h(
      'select',
      { className: 'search-type', ariaLabel: 'Search only this type', title: 'Search only this type' },
      h('option', { value: '' }, 'All types'),
      // The types search finds: bookkeeping nodes are not in the full-text index.
      ...NODE_LABELS.filter((label) => !(NODES[label] as NodeDef).meta).map((label) =>
        h('option', { value: label }, label),
      ),
    );
    root.append(h('div', { className: 'search-row' }, this.input, this.typeSelect), this.list);
    this.input.addEventListener('input', () => this.schedule());
    this.typeSelect.addEventListener('change', () => {
      this.lastQuery = '';
      this.schedule();
      this.input.focus();
    });
    this.input.addEventListener('focus', () => {
      if (this.items.length && this.input.value.trim()) this.list.hidden = false;
    });
    this.input.addEventListener('keydown', (e) => this.key(e));
    document.addEventListener('pointerdown', (e) => {
      if (!root.contains(e.target as Node)) this.close();
    });
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const q = this.input.value.trim();
    if (!q) {
      this.controller?.abort();
      this.close();
      return;
    }
    this.timer = setTimeout(() => void this.run(q), DEBOUNCE_MS);
  }

  private async run(q: string): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.lastQuery = q;
    this.list.hidden = false;
    this.list.setAttribute('aria-busy', 'true');
    if (!this.items.length) this.list.replaceChildren(h('li', { className: 'suggestion-note' }, 'Searching…'));
    try {
      const type = this.typeSelect.value;
      const answer = await this.api.search(q, { limit: 12, ...(type ? { labels: [type] } : {}) }, controller.signal);
      if (controller.signal.aborted || q !== this.lastQuery) return;
      this.items = answer.items.map((i) => i.node);
      this.exact = answer.items.map((i) => i.exact);
      this.sameAs = answer.items.map((i) => (i.sameAs ?? []).map((n) => n.caption));
      this.render(answer.total, answer.totalCapped);
    } catch (error) {
      if (isAbort(error)) return;
      this.items = [];
      this.exact = [];
      this.list.replaceChildren(
        h('li', { className: 'suggestion-note error' }, `Search failed: ${describeError(error)}`),
      );
    } finally {
      this.list.removeAttribute('aria-busy');
    }
  }

  private render(total: number, capped: boolean): void {
    clear(this.list);
    this.active = this.items.length ? 0 : -1;
    if (!this.items.length) {
      this.list.append(h('li', { className: 'suggestion-note' }, `Nothing found for “${this.lastQuery}”.`));
      return;
    }
    this.items.forEach((node, i) => {
      const li = h(
        'li',
        {
          className: 'suggestion',
          role: 'option',
          dataset: { id: node.id, label: node.label },
          on: {
            pointerdown: (e) => {
              e.preventDefault();
              this.pick(i);
            },
            pointermove: () => this.highlight(i),
          },
        },
        iconBadge(node.label),
        h('span', { className: 'suggestion-text' }, [
          h('span', { className: 'suggestion-caption' }, node.caption),
          h(
            'span',
            { className: 'suggestion-hint' },
            `${node.label} · ${hint(node)}${this.sameAs[i]?.length ? ` · same as ${this.sameAs[i].join(', ')}` : ''}`,
          ),
        ]),
        // Beside the caption, not in it: the caption is the node's own text.
        ...(this.exact[i] ? [h('span', { className: 'exact-badge', title: 'Matches exactly' }, 'exact')] : []),
      );
      this.list.append(li);
    });
    if (total > this.items.length) {
      // With the exact match on top there is nothing to narrow: the rest only mention the text.
      const rest = this.exact[0] ? 'the exact match first' : 'type more to narrow';
      this.list.append(
        h('li', { className: 'suggestion-note' }, `${this.items.length} of ${total}${capped ? '+' : ''} — ${rest}`),
      );
    }
    this.highlight(0);
  }

  private highlight(i: number): void {
    this.active = i;
    [...this.list.querySelectorAll('.suggestion')].forEach((li, j) => {
      li.classList.toggle('active', j === i);
      li.setAttribute('aria-selected', String(j === i));
    });
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.items.length) return;
      const n = this.items.length;
      this.highlight((this.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const q = this.input.value.trim();
      if (q && q !== this.lastQuery) {
        clearTimeout(this.timer);
        void this.run(q).then(() => this.pick(0));
      } else if (this.active >= 0) this.pick(this.active);
    } else if (e.key === 'Escape') {
      this.close();
      this.input.blur();
    }
  }

  private pick(i: number): void {
    const node = this.items[i];
    if (!node) return;
    this.close();
    // Back to the canvas, so keyboard shortcuts (E to expand…) act on what was picked.
    this.input.blur();
    this.onPick(node);
  }

  close(): void {
    this.list.hidden = true;
  }
}
