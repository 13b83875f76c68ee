/**
 * The start page, shown while the canvas is empty: what is loaded (counts per label and type, the
 * time the messages cover, the Neo4j behind it) and the founding case's key entities to begin with.
 */
import { NODES } from '../../../server/model/graph-model.js';
import type { Api } from '../api.js';
import { ApiError, describeError } from '../api.js';
import { clear, h } from '../dom.js';
import { formatDay } from '../format.js';
import type { ApiNode, StatsAnswer } from '../types.js';
import { iconBadge } from './legend.js';
import { hint } from './search.js';

/**
 * The founding case's key entities, by id (cypher/fixtures/founding-case.ndjson): a search's first
 * answer was not always them once other data was loaded (an Enron "wikileaks" message, TrumpWorld's
 * pages), and the start card must always open the founding case.
 */
const STARTS = ['organization:wikileaks', 'person:donald-trump-jr', 'url:http://wlsearch.tk/'];

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
export class StartPage {
  constructor(
    private readonly root: HTMLElement,
    private readonly api: Api,
    private readonly onPick: (node: ApiNode) => void,
    private readonly onImport: () => void,
  ) {}

  set visible(on: boolean) {
    this.root.hidden = !on;
  }

  async render(stats: StatsAnswer | null, error?: unknown): Promise<void> {
    clear(this.root);
    const card = h('div', { className: 'start-card' });
    this.root.append(card);
    card.append(
      h('h1', {}, 'Backchannel'),
      h('p', { className: 'lead' }, 'Correspondence as a graph: who wrote to whom, when, and who says so.'),
    );
    if (!stats) {
      card.append(
        h(
          'p',
          { className: 'error' },
          `The server could not say what is loaded${error ? `: ${describeError(error)}` : '.'}`,
        ),
      );
      return;
    }
    const nodes = Object.entries(stats.counts.nodes).filter(([label]) => label in NODES);
    const totalNodes = nodes.reduce((s, [, n]) => s + n, 0);
    const totalRels = Object.values(stats.counts.relationships).reduce((s, n) => s + n, 0);
    card.append(
      h('h2', {}, 'What is loaded'),
      h(
        'p',
        {},
        `${plural(totalNodes, 'node')} and ${plural(totalRels, 'relationship')} in Neo4j ${stats.neo4j.version} ${stats.neo4j.edition}.`,
      ),
      h(
        'ul',
        { className: 'loaded' },
        ...nodes
          .filter(([, n]) => n > 0)
          .map(([label, n]) =>
            h(
              'li',
              { title: NODES[label as keyof typeof NODES].description },
              iconBadge(label),
              ' ',
              h('strong', {}, n.toLocaleString('en')),
              ` ${label}`,
            ),
          ),
      ),
    );
    const t = stats.time;
    card.append(
      h(
        'p',
        {},
        t.first
          ? `Messages from ${formatDay(t.first)} to ${formatDay(t.last)}: ${plural(t.dated, 'dated message')}${t.undated ? `, ${t.undated} whose time is known only relatively or not at all` : ''}.`
          : 'No dated message is loaded.',
      ),
    );
    const starts = h('div', { className: 'starts' }, h('span', { className: 'hint' }, 'Looking them up…'));
    card.append(
      h('h2', {}, 'Start with the founding case'),
      h(
        'p',
        { className: 'hint' },
        'The 2016 direct messages between WikiLeaks and Donald Trump Jr., from The Week and the Mueller report.',
      ),
      starts,
      h(
        'p',
        { className: 'hint' },
        'Or search above (press /), ',
        h('button', { type: 'button', className: 'link', on: { click: () => this.onImport() } }, 'open a saved canvas'),
        ', or look at the timeline below.',
      ),
    );
    try {
      // One that is not loaded (a 404) is left out; any other failure says why below.
      const answers = await Promise.all(
        STARTS.map((id) =>
          this.api.node(id).catch((error: unknown) => {
            if (error instanceof ApiError && error.status === 404) return null;
            throw error;
          }),
        ),
      );
      clear(starts);
      const seen = new Set<string>();
      for (const a of answers) {
        const node = a?.node;
        if (!node || seen.has(node.id)) continue;
        seen.add(node.id);
        starts.append(
          h(
            'button',
            {
              type: 'button',
              className: 'start-entity',
              dataset: { id: node.id },
              on: { click: () => this.onPick(node) },
            },
            iconBadge(node.label),
            h(
              'span',
              {},
              h('strong', {}, node.caption),
              h('span', { className: 'hint' }, `${node.label} · ${hint(node)}`),
            ),
          ),
        );
      }
      if (!seen.size) starts.append(h('span', { className: 'hint' }, 'The founding case is not loaded here.'));
    } catch (error) {
      clear(starts);
      starts.append(h('span', { className: 'error' }, `Could not look them up: ${describeError(error)}`));
    }
  }
}
