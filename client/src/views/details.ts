/**
 * The details panel for what is selected: a node's properties, its relationships by type (each a raw
 * expansion), the message itself for messages (sender, recipients, time with its precision or its
 * relation to another message), the URL as written and normalised, and the sources with their quotes;
 * for an edge its endpoints and sources, and for a correspondence bundle its messages in time order,
 * paged, with a button to add them to the canvas. Several nodes selected: paths and connections.
 */
import {
  NODES,
  PROVENANCE_PROPERTIES,
  RECIPIENT_TYPES,
  RELATIONSHIPS,
  SOURCE_TYPES,
} from '../../../server/model/graph-model.js';
import type { Api } from '../api.js';
import { describeError } from '../api.js';
import { actionLink, button, clear, h, safeLink } from '../dom.js';
import type { CommandHost, Target } from '../commands.js';
import type { Explorer } from '../explorer.js';
import { levelFor, PARTY_LABELS } from '../explorer.js';
import { describeOrigin, valueGroups } from '../evidence.js';
import { formatDuration, formatSent, formatSpan, formatValue } from '../format.js';
import { nodeData } from '../graph-state.js';
import type { EdgeData, NodeData } from '../graph-state.js';
import { BUNDLE, edgeStyle } from '../style.js';
import type { ApiEdge, ApiNode, Citation, Direction, EntityAnswer } from '../types.js';
import { commandButton } from './command-ui.js';
import { iconBadge } from './legend.js';
import { PathPanel } from './path-panel.js';

const MESSAGE_LINKS = [
  'SENT',
  ...RECIPIENT_TYPES,
  'AFTER',
  'LINKS_TO',
  'REPLIES_TO',
  'REFERS_TO',
  'RETWEETS',
  'PART_OF',
];
/** Recipient fields as email headers name them (To, Cc, Bcc). */
const RECIPIENT_FIELDS: Record<string, string> = Object.fromEntries(
  RECIPIENT_TYPES.map((t) => [t, t[0] + t.slice(1).toLowerCase()]),
);
const BUNDLE_PAGE = 25;

function describeProperty(label: string, key: string): string {
  const def = (NODES as Record<string, { properties: Record<string, { description: string }> }>)[label];
  return def?.properties[key]?.description ?? '';
}

function field(name: string, ...value: (Node | string)[]): HTMLElement {
  return h(
    'div',
    { className: 'field' },
    h('div', { className: 'field-name' }, name),
    h('div', { className: 'field-value' }, ...value),
  );
}

/** What the details panel needs besides the operations: the canvas selection, notices, the commands. */
export interface DetailsHost {
  select(ids: string[], options?: { center?: boolean }): void;
  notify(message: string, kind?: 'info' | 'ok' | 'error'): void;
  readonly commands: CommandHost;
}

const targetOf = (ids: string[], nodes: string[]): Target => ({ ids, nodes });

export class Details {
  private token = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: Api,
    private readonly explorer: Explorer,
    private readonly host: DetailsHost,
  ) {
    this.empty();
  }

  private command(id: string, target: Target, className?: string): HTMLButtonElement {
    return commandButton(this.host.commands, id, target, className ? { className } : {});
  }

  private get state() {
    return this.explorer.state;
  }

  empty(): void {
    this.token++;
    clear(this.root);
    this.root.append(
      h('h2', {}, 'Details'),
      h(
        'p',
        { className: 'hint' },
        'Select a node or an edge to see its properties and sources. Shift-click to select several: two nodes give paths, more give the connecting subgraph.',
      ),
    );
  }

  /** A link to a node: selects it when it is on the canvas, else puts it there. */
  nodeLink(id: string, caption: string): HTMLElement {
    return actionLink(
      caption,
      () => void this.goTo(id),
      this.state.nodes.has(id) ? 'Select on the canvas' : 'Add to the canvas',
    );
  }

  async goTo(id: string): Promise<void> {
    if (this.state.nodes.has(id)) {
      this.host.select([id], { center: true });
      return;
    }
    try {
      const answer = await this.api.node(id);
      await this.explorer.addNodes([answer.node]);
    } catch (error) {
      this.host.notify(`Could not open ${id}: ${describeError(error)}`, 'error');
    }
  }

  show(ids: string[]): void {
    if (!ids.length) return this.empty();
    if (ids.length > 1) return this.showMany(ids);
    const id = ids[0]!;
    if (this.state.nodes.has(id)) void this.showNode(this.state.nodes.get(id)!);
    else if (this.state.edges.has(id)) void this.showEdge(this.state.edges.get(id)!);
    else this.empty();
  }

  private header(badge: HTMLElement, title: string, subtitle: string): HTMLElement {
    return h(
      'header',
      { className: 'details-header' },
      badge,
      h(
        'div',
        {},
        h('h2', { className: 'details-title' }, title),
        h('div', { className: 'details-subtitle' }, subtitle),
      ),
    );
  }

  private loading(): HTMLElement {
    return h('p', { className: 'loading' }, h('span', { className: 'spinner' }), ' Loading…');
  }

  private nodeActions(node: NodeData, back?: () => void): HTMLElement {
    const id = node.id;
    const actions = h('div', { className: 'actions' });
    if (back) actions.append(button('← Back', back, { title: 'Back to the list' }));
    if (!this.state.nodes.has(id)) {
      actions.append(button('Add to the canvas', () => void this.goTo(id), { className: 'primary' }));
      return actions;
    }
    const target = targetOf([id], [id]);
    actions.append(...['expand', 'collapse', 'pin', 'hide', 'remove'].map((c) => this.command(c, target)));
    for (const x of this.explorer.pending(id)) {
      actions.append(
        button(`Show ${x.more} more`, () => void this.explorer.showMore(x.key), {
          className: 'primary',
          title: 'The next page of this expansion',
        }),
      );
    }
    return actions;
  }

  async showNode(node: NodeData, options: { openExpand?: boolean; back?: () => void } = {}): Promise<void> {
    const token = ++this.token;
    clear(this.root);
    const body = h('div', { className: 'details-body' });
    this.root.append(
      this.header(iconBadge(node.label), node.caption, `${node.label} · ${node.id}`),
      this.nodeActions(node, options.back),
      body,
    );
    body.append(this.loading());
    let entity: EntityAnswer;
    let around: { nodes: ApiNode[]; edges: ApiEdge[] } | null = null;
    try {
      [entity, around] = await Promise.all([
        this.api.node(node.id),
        node.label === 'Message'
          ? this.api.expand({ ids: [node.id], types: MESSAGE_LINKS, direction: 'both', limit: 200 })
          : Promise.resolve(null),
      ]);
    } catch (error) {
      if (token !== this.token) return;
      clear(body);
      body.append(h('p', { className: 'error' }, `Could not load the details: ${describeError(error)}`));
      return;
    }
    if (token !== this.token) return;
    clear(body);
    const e = entity.node;
    if (e.label === 'Message') body.append(this.message(e, around ?? { nodes: [], edges: [] }));
    if (e.label === 'Url') body.append(this.url(e));
    if (e.label === 'Source') body.append(this.source(e));
    body.append(this.properties(e));
    const values = this.values(entity);
    if (values) body.append(values);
    body.append(this.degrees(node, entity, options.openExpand ?? false));
    body.append(this.sources(entity.sources));
  }

  private message(m: ApiNode, around: { nodes: ApiNode[]; edges: ApiEdge[] }): HTMLElement {
    const p = m.properties;
    const byId = new Map(around.nodes.map((n) => [n.id, n]));
    const name = (id: string) => byId.get(id)?.caption ?? id;
    const section = h('section', { className: 'message' });
    const senders = around.edges.filter((e) => e.type === 'SENT' && e.target === m.id);
    section.append(
      field(
        'Kind',
        `${String(p.kind ?? 'message').replace(/_/g, ' ')}${p.platform ? ` on ${String(p.platform)}` : ''}`,
      ),
    );
    if (typeof p.subject === 'string' && p.subject) section.append(field('Subject', p.subject));
    section.append(
      field(
        'From',
        ...(senders.length
          ? senders.flatMap((e, i) => [i ? ', ' : '', this.nodeLink(e.source, name(e.source))])
          : ['unknown']),
      ),
    );
    for (const [type, fieldName] of Object.entries(RECIPIENT_FIELDS)) {
      const to = around.edges.filter((e) => e.type === type && e.source === m.id);
      if (to.length || type === 'TO') {
        section.append(
          field(
            fieldName,
            ...(to.length ? to.flatMap((e, i) => [i ? ', ' : '', this.nodeLink(e.target, name(e.target))]) : ['—']),
          ),
        );
      }
    }
    // Time, with its precision; or only relative to another message.
    const time = h('div', { className: 'time' });
    const after = around.edges.filter((e) => e.type === 'AFTER' && e.source === m.id);
    const before = around.edges.filter((e) => e.type === 'AFTER' && e.target === m.id);
    const sent = formatSent(p.sentPrecision, p.sentFrom, p.sentTo);
    if (p.sentPrecision === 'unknown' || !p.sentFrom) {
      if (after.length) {
        after.forEach((e, i) => {
          time.append(
            i ? '; ' : 'time unknown — ',
            `${formatDuration(String(e.properties.delay ?? ''))} after `,
            this.nodeLink(e.target, name(e.target)),
            typeof e.properties.asStated === 'string' ? ` (“${e.properties.asStated}”)` : '',
          );
        });
      } else time.append(sent);
    } else time.append(sent);
    section.append(field('Sent', time));
    if (typeof p.sentNote === 'string' && p.sentNote) section.append(h('p', { className: 'note' }, p.sentNote));
    for (const e of before) {
      section.append(
        h(
          'p',
          { className: 'relative' },
          'Followed ',
          `${formatDuration(String(e.properties.delay ?? ''))} later by `,
          this.nodeLink(e.source, name(e.source)),
          typeof e.properties.asStated === 'string' ? ` (“${e.properties.asStated}”)` : '',
        ),
      );
    }
    if (typeof p.text === 'string' && p.text) {
      section.append(h('h3', {}, 'Text'), h('blockquote', { className: 'message-text' }, p.text));
    }
    if (typeof p.summary === 'string' && p.summary) {
      section.append(
        h('h3', {}, p.text ? 'Summary' : 'Summary (the text is not known verbatim)'),
        h('p', { className: 'summary' }, p.summary),
      );
    }
    const links = around.edges.filter((e) => e.type === 'LINKS_TO' && e.source === m.id);
    if (links.length) {
      section.append(
        field(
          'Links to',
          ...links.flatMap((e, i) => {
            const asWritten = Array.isArray(e.properties.asWritten) ? e.properties.asWritten.join(', ') : '';
            return [
              i ? ', ' : '',
              this.nodeLink(e.target, name(e.target)),
              asWritten ? ` (written “${asWritten}”)` : '',
            ];
          }),
        ),
      );
    }
    if (Array.isArray(p.attachments) && p.attachments.length) {
      section.append(field('Attachments', h('ul', {}, ...p.attachments.map((a) => h('li', {}, String(a))))));
    }
    return section;
  }

  private url(u: ApiNode): HTMLElement {
    const p = u.properties;
    const spellings = Array.isArray(p.spellings) ? p.spellings.map(String) : [];
    return h(
      'section',
      { className: 'url' },
      field('URL', safeLink(p.url)),
      field('Written as', spellings.length ? h('ul', {}, ...spellings.map((s) => h('li', {}, h('code', {}, s)))) : '—'),
      ...(p.domain ? [field('Domain', String(p.domain))] : []),
    );
  }

  private source(s: ApiNode): HTMLElement {
    const p = s.properties;
    return h(
      'section',
      { className: 'source' },
      field('Title', String(p.title ?? '')),
      field('Publisher', String(p.publisher ?? '')),
      ...(p.url ? [field('Read it', safeLink(p.url))] : []),
      ...(p.published ? [field('Published', String(p.published))] : []),
    );
  }

  private properties(node: ApiNode): HTMLElement {
    const shown = new Set(['id', 'text', 'summary', 'subject', 'sentNote']);
    const row = (key: string, value: unknown, description: string) => {
      const cell = typeof value === 'string' && /^https?:\/\//.test(value) ? safeLink(value) : formatValue(value);
      return h('tr', { title: description }, h('th', { attrs: { scope: 'row' } }, key), h('td', {}, cell));
    };
    const table = h('table', { className: 'props' });
    const provenance = h('table', { className: 'props' });
    for (const [key, value] of Object.entries(node.properties).sort(([a], [b]) => a.localeCompare(b))) {
      if (shown.has(key) && node.label === 'Message') continue;
      if (key === 'id') continue;
      // The loader's bookkeeping (where and when it was loaded) goes under its own, closed heading.
      const loader = (PROVENANCE_PROPERTIES as Record<string, { description: string }>)[key];
      if (loader) provenance.append(row(key, value, loader.description));
      else table.append(row(key, value, describeProperty(node.label, key)));
    }
    const section = h(
      'details',
      { className: 'section', attrs: node.label === 'Message' ? {} : { open: '' } },
      h('summary', {}, 'Properties'),
      table,
    );
    if (provenance.childElementCount) {
      section.append(h('details', { className: 'section provenance' }, h('summary', {}, 'Provenance'), provenance));
    }
    return section;
  }

  /**
   * Every value the sources gave, grouped by property, the shown one marked: open when the sources
   * disagree, so a conflicting value is never hidden from the analyst.
   */
  private values(entity: EntityAnswer): HTMLElement | undefined {
    const groups = valueGroups(entity.values);
    if (groups.length === 0) return undefined;
    const disputed = groups.filter((g) => g.disputed).length;
    const list = h('dl', { className: 'values' });
    for (const group of groups) {
      list.append(
        h(
          'dt',
          { className: group.disputed ? 'disputed' : '' },
          group.prop,
          group.disputed ? ' (sources disagree)' : '',
        ),
      );
      for (const v of group.values) {
        list.append(
          h(
            'dd',
            { className: v.shown ? 'shown' : '', title: v.shown ? 'The value shown for this property' : '' },
            h('span', { className: 'value' }, formatValue(v.value)),
            h('span', { className: 'origin' }, ` — ${describeOrigin(v)}`),
          ),
        );
      }
    }
    if (entity.valuesOmitted > 0)
      list.append(h('dd', { className: 'more' }, `${entity.valuesOmitted} older values not shown`));
    return h(
      'details',
      { className: 'section', attrs: disputed > 0 ? { open: '' } : {} },
      h('summary', {}, disputed > 0 ? `Values from sources (${disputed} disputed)` : 'Values from sources'),
      list,
    );
  }

  /** Relationships by type and direction; a click expands that kind only; a form for several. */
  private degrees(node: NodeData, entity: EntityAnswer, open: boolean): HTMLElement {
    const section = h(
      'details',
      { className: 'section expand-form', attrs: { open: '' } },
      h('summary', {}, 'Relationships'),
    );
    const list = h('ul', { className: 'degrees' });
    const checks: { type: string; direction: 'in' | 'out'; box: HTMLInputElement }[] = [];
    for (const d of entity.degrees) {
      const box = h('input', {
        type: 'checkbox',
        checked: !(SOURCE_TYPES as readonly string[]).includes(d.type),
      });
      checks.push({ type: d.type, direction: d.direction, box });
      const arrow = d.direction === 'out' ? '→' : '←';
      list.append(
        h(
          'li',
          { title: (RELATIONSHIPS as Record<string, { description: string }>)[d.type]?.description ?? '' },
          h('label', {}, box, ` ${arrow} ${d.type} `, h('span', { className: 'count' }, String(d.count))),
          ' ',
          actionLink(
            'expand',
            () => void this.explorer.expand(node.id, { types: [d.type], direction: d.direction }),
            `Add the ${d.type} neighbours (${d.direction})`,
          ),
        ),
      );
    }
    const limit = h('input', { type: 'number', value: '50', className: 'narrow', attrs: { min: '1', max: '500' } });
    const expandChecked = () => {
      const chosen = checks.filter((c) => c.box.checked);
      if (!chosen.length) return;
      const types = [...new Set(chosen.map((c) => c.type))];
      const dirs = new Set(chosen.map((c) => c.direction));
      const direction: Direction = dirs.size > 1 ? 'both' : (dirs.values().next().value as Direction);
      void this.explorer.expand(node.id, { types, direction, limit: Number(limit.value) || 50 });
    };
    section.append(
      list,
      h(
        'div',
        { className: 'row' },
        button('Expand checked (raw)', expandChecked, { title: 'Every relationship of the checked kinds, unbundled' }),
        h('label', {}, ' up to ', limit),
      ),
    );
    if (PARTY_LABELS.has(node.label)) {
      section.append(
        h(
          'p',
          { className: 'hint' },
          `“Expand” draws correspondence as bundles (${levelFor(node.label)} level): one edge per pair and direction, its width the number of messages.`,
        ),
      );
    }
    if (open) setTimeout(() => section.scrollIntoView({ block: 'nearest' }), 0);
    return section;
  }

  private sources(citations: Citation[]): HTMLElement {
    const section = h('section', { className: 'section sources' }, h('h3', {}, `Sources (${citations.length})`));
    if (!citations.length) section.append(h('p', { className: 'hint' }, 'No source is recorded for this.'));
    for (const c of citations) {
      const p = c.source.properties;
      section.append(
        h(
          'figure',
          { className: 'citation' },
          c.quote ? h('blockquote', { className: 'quote' }, c.quote) : h('p', { className: 'hint' }, '(no quote)'),
          h(
            'figcaption',
            {},
            '— ',
            p.url
              ? safeLink(p.url, String(p.title ?? c.source.caption))
              : h('cite', {}, String(p.title ?? c.source.caption)),
            p.publisher ? `, ${String(p.publisher)}` : '',
            ' ',
            actionLink('(on canvas)', () => void this.goTo(c.source.id), 'Put the source on the canvas'),
          ),
        ),
      );
    }
    return section;
  }

  async showEdge(edge: EdgeData): Promise<void> {
    const token = ++this.token;
    clear(this.root);
    const source = this.state.nodes.get(edge.source);
    const target = this.state.nodes.get(edge.target);
    const swatch = h('span', { className: 'badge edge-badge' }, '→');
    swatch.style.backgroundColor = edgeStyle(edge.type).color;
    this.root.append(
      this.header(swatch, edge.type === BUNDLE ? 'Correspondence' : edge.type, edge.caption),
      h(
        'p',
        { className: 'endpoints' },
        this.nodeLink(edge.source, source?.caption ?? edge.source),
        ' → ',
        this.nodeLink(edge.target, target?.caption ?? edge.target),
      ),
      h(
        'div',
        { className: 'actions' },
        this.command('hide', targetOf([edge.id], [])),
        this.command('remove', targetOf([edge.id], [])),
      ),
    );
    const body = h('div', { className: 'details-body' });
    this.root.append(body);
    if (edge.type === BUNDLE) {
      await this.bundle(edge, body, token);
      return;
    }
    const table = h('table', { className: 'props' });
    for (const [key, value] of Object.entries(edge.properties)) {
      if (key === 'sourceIds' || key === 'sourceQuotes' || key === 'id') continue;
      table.append(h('tr', {}, h('th', {}, key), h('td', {}, formatValue(value))));
    }
    if (table.children.length) body.append(h('section', { className: 'section' }, h('h3', {}, 'Properties'), table));
    body.append(this.loading());
    try {
      const answer = await this.api.relationship(edge.id);
      if (token !== this.token) return;
      body.lastElementChild?.remove();
      body.append(this.sources(answer.sources));
    } catch (error) {
      if (token !== this.token) return;
      body.lastElementChild?.remove();
      body.append(h('p', { className: 'error' }, `Could not load the sources: ${describeError(error)}`));
    }
  }

  private async bundle(edge: EdgeData, body: HTMLElement, token: number): Promise<void> {
    const p = edge.properties;
    const level = String(p.level ?? 'account');
    body.append(
      field('Messages', String(p.messages ?? '?')),
      field('Between', formatSpan(p.first as string, p.last as string)),
      field('Kinds', Array.isArray(p.kinds) ? p.kinds.map((k) => String(k).replace(/_/g, ' ')).join(', ') : ''),
      field('Level', level === 'person' ? 'people and organizations (through their accounts)' : 'accounts'),
    );
    const list = h('ol', { className: 'bundle-messages' });
    const listed: ApiNode[] = [];
    const more = h('div', { className: 'row' });
    const addAll = button('Add these messages to the canvas', () => void this.explorer.addMessages([...listed]), {
      className: 'primary',
      title: 'As nodes, with who sent and received them',
    });
    body.append(h('h3', {}, 'Messages in time order'), list, more, h('div', { className: 'actions' }, addAll));
    const load = async (offset: number) => {
      more.replaceChildren(this.loading());
      try {
        const page = await this.api.bundleMessages({
          from: edge.source,
          to: edge.target,
          level,
          offset,
          limit: BUNDLE_PAGE,
        });
        if (token !== this.token) return;
        for (const m of page.messages) {
          listed.push(m);
          const mp = m.properties;
          list.append(
            h(
              'li',
              { className: 'bundle-message', dataset: { id: m.id } },
              h(
                'div',
                { className: 'when' },
                formatSent(mp.sentPrecision, mp.sentFrom, mp.sentTo),
                ' · ',
                String(mp.kind ?? '').replace(/_/g, ' '),
              ),
              actionLink(
                m.caption,
                () => void this.showNode(nodeData(m), { back: () => void this.showEdge(edge) }),
                'Read it',
              ),
              ' ',
              this.state.nodes.has(m.id)
                ? ''
                : actionLink('(add)', () => void this.explorer.addMessages([m]), 'Add it to the canvas'),
            ),
          );
        }
        more.replaceChildren();
        addAll.textContent = `Add ${listed.length === 1 ? 'this message' : `these ${listed.length} messages`} to the canvas`;
        if (page.more > 0) {
          more.append(
            button(
              `Next ${Math.min(page.more, BUNDLE_PAGE)} of ${page.more} more`,
              () => void load(offset + BUNDLE_PAGE),
            ),
          );
        }
      } catch (error) {
        if (token !== this.token) return;
        more.replaceChildren(h('p', { className: 'error' }, `Could not list the messages: ${describeError(error)}`));
      }
    };
    await load(0);
  }

  private showMany(ids: string[]): void {
    this.token++;
    clear(this.root);
    const nodes = ids.filter((id) => this.state.nodes.has(id));
    const edges = ids.filter((id) => this.state.edges.has(id));
    this.root.append(
      h('h2', {}, `${ids.length} selected`),
      h(
        'p',
        { className: 'hint' },
        `${nodes.length} node${nodes.length === 1 ? '' : 's'}, ${edges.length} edge${edges.length === 1 ? '' : 's'}`,
      ),
    );
    const actions = h('div', { className: 'actions' });
    const target = targetOf(ids, nodes);
    if (nodes.length === 2) {
      // The path tool with its filters, hop list and stepping (its buttons run the same searches as P).
      const [a, b] = nodes as [string, string];
      const caption = (id: string) => this.state.nodes.get(id)?.caption ?? id;
      this.root.append(new PathPanel(this.explorer, a, b, (id, text) => this.nodeLink(id, text), caption).root);
    }
    if (nodes.length >= 2) actions.append(this.command('connect', target, nodes.length > 2 ? 'primary' : undefined));
    actions.append(
      ...['select-neighbours', 'pin', 'dismiss-others', 'hide', 'remove'].map((c) => this.command(c, target)),
    );
    this.root.append(actions);
    const list = h('ul', { className: 'selected-list' });
    for (const id of nodes.slice(0, 100)) {
      const n = this.state.nodes.get(id)!;
      list.append(h('li', {}, iconBadge(n.label), ' ', this.nodeLink(id, n.caption)));
    }
    this.root.append(list);
  }
}
