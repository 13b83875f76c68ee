/**
 * Time: a histogram of messages per day (or week, or month, by span) for the parties on the canvas
 * or the whole database, and beside it the messages in order, each time with its precision and its
 * relations ("15 minutes after …"). Brushing the histogram (or typing dates) sets a time window that
 * filters the canvas: messages and bundles outside it are hidden.
 */
import type { Api } from '../api.js';
import { describeError, isAbort } from '../api.js';
import { actionLink, button, clear, h, svg } from '../dom.js';
import { dayBounds, formatDay, formatDateTime, formatDuration, formatSent, isoDay } from '../format.js';
import type { EdgeData, NodeData } from '../graph-state.js';
import { BUNDLE } from '../style.js';
import type { StatsAnswer, TimelineAnswer, TimelineItem } from '../types.js';

type BinUnit = TimelineAnswer['histogram']['unit'];

/** The messages a page of the list holds; more come with "Show more". */
const PAGE = 100;

/** The start of the bin after the one starting at `start` (UTC). */
function nextBin(start: number, unit: BinUnit): number {
  if (unit === 'day') return start + DAY;
  if (unit === 'week') return start + 7 * DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The start of the bin holding `time`: its day, its ISO week's Monday, or its month's first day. */
function binStart(time: number, unit: BinUnit): number {
  const d = new Date(time);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (unit === 'day') return day;
  if (unit === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
import { iconBadge } from './legend.js';

const DAY = 86_400_000;

export interface TimeWindow {
  from: string;
  to: string;
}

export interface TimelineHost {
  /** Parties on the canvas (people, organizations, accounts). */
  partyIds(): string[];
  onWindow(window: TimeWindow | null): void;
  goTo(id: string): void;
  isOnCanvas(id: string): boolean;
}

interface Bin {
  start: number;
  end: number;
  count: number;
}

export class Timeline {
  private readonly controls: HTMLElement;
  private readonly chart: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly info: HTMLElement;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly scopeCanvas: HTMLInputElement;
  private answer: TimelineAnswer | null = null;
  private bins: Bin[] = [];
  private unit: BinUnit = 'day';
  /** Items of the pages read so far (the first, then each "Show more"). */
  private items: TimelineItem[] = [];
  private range: { start: number; end: number } | null = null;
  window: TimeWindow | null = null;
  /** Where messages known only by a relation sit on the axis (id → ISO time). */
  private readonly derived = new Map<string, string>();
  private controller: AbortController | null = null;
  private stats: StatsAnswer | null = null;
  private stale = true;
  visible = false;

  constructor(
    root: HTMLElement,
    private readonly api: Api,
    private readonly host: TimelineHost,
  ) {
    this.scopeCanvas = h('input', { type: 'radio', name: 'timeline-scope', checked: true, id: 'scope-canvas' });
    const scopeAll = h('input', { type: 'radio', name: 'timeline-scope', id: 'scope-all' });
    for (const r of [this.scopeCanvas, scopeAll]) r.addEventListener('change', () => void this.refresh());
    this.fromInput = h('input', { type: 'date', ariaLabel: 'window from', className: 'date' });
    this.toInput = h('input', { type: 'date', ariaLabel: 'window to', className: 'date' });
    const apply = () => {
      const from = this.fromInput.value;
      const to = this.toInput.value || from;
      if (!from) return;
      const [a, b] = from <= to ? [from, to] : [to, from];
      this.setWindow({ from: dayBounds(a).from, to: dayBounds(b).to });
    };
    for (const input of [this.fromInput, this.toInput]) {
      input.addEventListener('change', apply);
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') apply();
      });
    }
    this.info = h('span', { className: 'timeline-info' });
    this.controls = h(
      'div',
      { className: 'timeline-controls' },
      h(
        'span',
        { className: 'group' },
        'Messages of ',
        h('label', {}, this.scopeCanvas, ' the canvas'),
        h('label', {}, scopeAll, ' the whole database'),
      ),
      h(
        'span',
        { className: 'group' },
        'Window ',
        this.fromInput,
        ' – ',
        this.toInput,
        ' ',
        button('Clear', () => this.setWindow(null), { className: 'small', title: 'Show every time again' }),
      ),
      this.info,
    );
    this.chart = h('div', {
      className: 'timeline-chart',
      attrs: { 'aria-label': 'Messages per day; drag to choose a window' },
    });
    this.list = h('ol', { className: 'timeline-list' });
    root.append(this.controls, h('div', { className: 'timeline-body' }, this.chart, this.list));
    new ResizeObserver(() => this.drawChart()).observe(this.chart);
  }

  setStats(stats: StatsAnswer): void {
    this.stats = stats;
    this.stale = true;
    if (this.visible) void this.refresh();
  }

  /** The canvas changed: refresh when shown (and only then). */
  canvasChanged(): void {
    if (!this.scopeCanvas.checked) return;
    this.stale = true;
    if (this.visible) void this.refresh();
  }

  show(): void {
    this.visible = true;
    if (this.stale) void this.refresh();
    else this.drawChart();
  }

  private span(): { from: string; to: string } | null {
    const first = this.stats?.time.first;
    const last = this.stats?.time.last;
    if (!first || !last) return null;
    return { from: dayBounds(first.slice(0, 10)).from, to: dayBounds(last.slice(0, 10)).to };
  }

  async refresh(): Promise<void> {
    this.stale = false;
    const span = this.span();
    if (!span) {
      this.info.textContent = 'No dated messages are loaded.';
      return;
    }
    let ids = this.scopeCanvas.checked ? this.host.partyIds() : undefined;
    // Nobody on the canvas yet: the whole database, said so.
    const fallback = ids !== undefined && ids.length === 0;
    if (fallback) ids = undefined;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.info.textContent = 'Loading…';
    try {
      const answer = await this.api.timeline(
        { ...span, ...(ids ? { ids: ids.slice(0, 200) } : {}), limit: PAGE },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.query = { ...span, ...(ids ? { ids: ids.slice(0, 200) } : {}) };
      this.answer = answer;
      this.items = [];
      this.addItems(answer.items);
      this.render();
      if (fallback) this.info.textContent = `Nobody on the canvas yet — the whole database: ${this.info.textContent}`;
      if (this.window) this.host.onWindow(this.window);
    } catch (error) {
      if (isAbort(error)) return;
      this.info.textContent = `The timeline failed: ${describeError(error)}`;
    }
  }

  /** The query of the answer shown, for its next pages. */
  private query: { from: string; to: string; ids?: string[] } | null = null;

  private addItems(items: TimelineItem[]): void {
    this.items.push(...items);
    for (const item of items) if (item.derivedFrom) this.derived.set(item.message.id, item.derivedFrom.at);
  }

  /** The next page of the list, after the last item read. */
  private async showMore(): Promise<void> {
    const after = this.answer?.next;
    if (!after || !this.query) return;
    const controller = new AbortController();
    this.controller?.abort();
    this.controller = controller;
    this.info.textContent = 'Loading more…';
    try {
      const answer = await this.api.timeline({ ...this.query, after, limit: PAGE }, controller.signal);
      if (controller.signal.aborted) return;
      this.answer = answer;
      this.addItems(answer.items);
      this.drawList();
    } catch (error) {
      if (isAbort(error)) return;
      this.info.textContent = `The timeline failed: ${describeError(error)}`;
    }
  }

  private render(): void {
    this.computeBins();
    this.drawChart();
    this.drawList();
  }

  private computeBins(): void {
    const span = this.span();
    if (!span) return;
    // The server chose the unit that fits the span and counted in Neo4j; the bins between are empty.
    this.unit = this.answer?.histogram.unit ?? 'day';
    const end = Date.parse(span.to);
    const counts = new Map((this.answer?.histogram.bins ?? []).map((b) => [b.start, b.count]));
    this.bins = [];
    for (let start = binStart(Date.parse(span.from), this.unit); start <= end; start = nextBin(start, this.unit)) {
      this.bins.push({ start, end: nextBin(start, this.unit) - 1000, count: counts.get(isoDay(start)) ?? 0 });
    }
    this.range = { start: this.bins[0]?.start ?? 0, end: this.bins.at(-1)?.end ?? 0 };
  }

  private drawChart(): void {
    clear(this.chart);
    if (!this.range || !this.bins.length) return;
    const width = Math.max(200, this.chart.clientWidth);
    const height = Math.max(90, this.chart.clientHeight || 140);
    const pad = { l: 28, r: 10, t: 10, b: 26 };
    const w = width - pad.l - pad.r;
    const hgt = height - pad.t - pad.b;
    const max = Math.max(1, ...this.bins.map((b) => b.count));
    const bw = w / this.bins.length;
    const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'histogram', role: 'img' });
    root.append(svg('title', {}, `Messages per ${this.unit}`));
    const inWindow = (b: Bin) =>
      this.window ? b.end >= Date.parse(this.window.from) && b.start <= Date.parse(this.window.to) : false;
    if (this.window) {
      const a = this.bins.findIndex(inWindow);
      const z = this.bins.length - 1 - [...this.bins].reverse().findIndex(inWindow);
      if (a >= 0) {
        root.append(
          svg('rect', { x: pad.l + a * bw, y: pad.t, width: (z - a + 1) * bw, height: hgt, class: 'window' }),
        );
      }
    }
    this.bins.forEach((b, i) => {
      const bh = (b.count / max) * hgt;
      const rect = svg('rect', {
        x: pad.l + i * bw + Math.min(1, bw * 0.1),
        y: pad.t + hgt - bh,
        width: Math.max(1, bw - Math.min(2, bw * 0.2)),
        height: Math.max(b.count ? 2 : 0, bh),
        class: `bar${inWindow(b) ? ' in-window' : ''}`,
        'data-day': isoDay(b.start),
        'data-count': b.count,
      });
      rect.append(svg('title', {}, `${this.binLabel(b)}: ${b.count} message${b.count === 1 ? '' : 's'}`));
      root.append(rect);
    });
    // Axis: the first day, the last, and a few between.
    root.append(svg('line', { x1: pad.l, x2: pad.l + w, y1: pad.t + hgt, y2: pad.t + hgt, class: 'axis' }));
    const ticks = Math.min(this.bins.length, Math.max(2, Math.floor(w / 110)));
    for (let t = 0; t < ticks; t++) {
      const i = Math.round((t * (this.bins.length - 1)) / Math.max(1, ticks - 1));
      const b = this.bins[i]!;
      const x = pad.l + i * bw + bw / 2;
      root.append(
        svg('line', { x1: x, x2: x, y1: pad.t + hgt, y2: pad.t + hgt + 4, class: 'axis' }),
        svg(
          'text',
          { x, y: height - 8, 'text-anchor': t === 0 ? 'start' : t === ticks - 1 ? 'end' : 'middle', class: 'tick' },
          formatDay(new Date(b.start).toISOString()),
        ),
      );
    }
    root.append(svg('text', { x: pad.l - 4, y: pad.t + 8, 'text-anchor': 'end', class: 'tick' }, String(max)));
    this.brush(root, pad.l, bw, pad.t, hgt);
    this.chart.append(root);
  }

  private binLabel(b: Bin): string {
    if (this.unit === 'day') return formatDay(new Date(b.start).toISOString());
    return `${formatDay(new Date(b.start).toISOString())} – ${formatDay(new Date(b.end).toISOString())}`;
  }

  /** Drag across the bars to choose a window (a click picks one bar). */
  private brush(root: SVGSVGElement, left: number, bw: number, top: number, height: number): void {
    const sel = svg('rect', { x: 0, y: top, width: 0, height, class: 'brush', visibility: 'hidden' });
    root.append(sel);
    const binAt = (clientX: number) => {
      const box = root.getBoundingClientRect();
      const x = clientX - box.left - left;
      return Math.max(0, Math.min(this.bins.length - 1, Math.floor(x / bw)));
    };
    let start: number | null = null;
    root.addEventListener('pointerdown', (e) => {
      start = binAt(e.clientX);
      root.setPointerCapture(e.pointerId);
      sel.setAttribute('visibility', 'visible');
      sel.setAttribute('x', String(left + start * bw));
      sel.setAttribute('width', String(bw));
    });
    root.addEventListener('pointermove', (e) => {
      if (start === null) return;
      const i = binAt(e.clientX);
      const [a, b] = i < start ? [i, start] : [start, i];
      sel.setAttribute('x', String(left + a * bw));
      sel.setAttribute('width', String((b - a + 1) * bw));
    });
    root.addEventListener('pointerup', (e) => {
      if (start === null) return;
      const i = binAt(e.clientX);
      const [a, b] = i < start ? [i, start] : [start, i];
      start = null;
      const from = this.bins[a]!;
      const to = this.bins[b]!;
      this.setWindow({
        from: new Date(from.start).toISOString().replace('.000Z', 'Z'),
        to: new Date(to.end).toISOString().replace('.000Z', 'Z'),
      });
    });
  }

  setWindow(window: TimeWindow | null): void {
    this.window = window;
    this.fromInput.value = window ? window.from.slice(0, 10) : '';
    this.toInput.value = window ? window.to.slice(0, 10) : '';
    this.drawChart();
    this.drawList();
    this.host.onWindow(window);
  }

  /** Whether a canvas element lies outside the window (messages by their time, bundles by their span). */
  outside(data: NodeData | EdgeData): boolean {
    const w = this.window;
    if (!w) return false;
    const from = Date.parse(w.from);
    const to = Date.parse(w.to);
    const p = data.properties;
    if ('label' in data && data.label === 'Message') {
      let a = typeof p.sentFrom === 'string' ? Date.parse(p.sentFrom) : NaN;
      let b = typeof p.sentTo === 'string' ? Date.parse(p.sentTo) : a;
      if (Number.isNaN(a)) {
        const at = this.derived.get(data.id);
        if (!at) return false; // time unknown and not placed: kept, drawn dashed
        a = b = Date.parse(at);
      }
      return b < from || a > to;
    }
    if ('type' in data && data.type === BUNDLE) {
      const a = typeof p.first === 'string' ? Date.parse(p.first) : NaN;
      const b = typeof p.last === 'string' ? Date.parse(p.last) : a;
      if (Number.isNaN(a)) return false;
      return b < from || a > to;
    }
    return false;
  }

  /** Captions of messages outside the answer that relations point to (fetched once, then redrawn). */
  private readonly captions = new Map<string, string>();

  private async lookUp(ids: string[]): Promise<void> {
    for (const id of ids) this.captions.set(id, id);
    const found = await Promise.all(
      ids.map((id) =>
        this.api.node(id).then(
          (a) => a.node,
          () => null,
        ),
      ),
    );
    let any = false;
    for (const n of found) {
      if (n) {
        this.captions.set(n.id, n.caption);
        any = true;
      }
    }
    if (any) this.drawList();
  }

  private itemTime(item: TimelineItem): number {
    return Date.parse(item.from ?? item.derivedFrom?.at ?? '') || 0;
  }

  private drawList(): void {
    clear(this.list);
    const items = this.items;
    const w = this.window;
    const shown = w
      ? items.filter((i) => {
          const a = this.itemTime(i);
          const b = Date.parse(i.to ?? i.derivedFrom?.at ?? '') || a;
          return b >= Date.parse(w.from) && a <= Date.parse(w.to);
        })
      : items;
    for (const i of items) this.captions.set(i.message.id, i.message.caption);
    const captions = this.captions;
    const unknown = [...new Set(shown.flatMap((i) => i.relations.map((r) => r.other)))].filter(
      (id) => !captions.has(id),
    );
    if (unknown.length) void this.lookUp(unknown.slice(0, 20));
    const placed = items.filter((i) => i.derivedFrom).length;
    const total = this.answer?.total ?? 0;
    const count = w
      ? `${shown.length} of ${items.length} messages`
      : `${shown.length} message${shown.length === 1 ? '' : 's'}`;
    const between = w
      ? formatDay(w.from) === formatDay(w.to)
        ? ` on ${formatDay(w.from)}`
        : ` between ${formatDay(w.from)} and ${formatDay(w.to)}`
      : '';
    this.info.textContent = this.answer
      ? `${count}${between}` +
        (placed ? ` · ${placed} placed only by a relation` : '') +
        (this.answer.spanning ? ` · ${this.answer.spanning} spanning more than a day` : '') +
        (total > items.length ? ` · first ${items.length} of ${total}` : '')
      : this.info.textContent;
    for (const item of shown) {
      const m = item.message;
      const when = item.from
        ? formatSent(item.precision, item.from, item.to)
        : item.derivedFrom
          ? `≈ ${formatDateTime(item.derivedFrom.at)} (time unknown, placed by relation)`
          : 'time unknown';
      const relations = item.relations.map((r) =>
        h(
          'div',
          { className: 'relation' },
          r.direction === 'after'
            ? [
                `${formatDuration(r.delay)} after `,
                actionLink(captions.get(r.other) ?? r.other, () => this.host.goTo(r.other)),
              ]
            : [
                `followed ${formatDuration(r.delay)} later by `,
                actionLink(captions.get(r.other) ?? r.other, () => this.host.goTo(r.other)),
              ],
          ` (“${r.asStated}”)`,
        ),
      );
      const who = [
        item.senders.map((s) => s.caption).join(', ') || '?',
        item.recipients.length ? ` → ${item.recipients.map((r) => r.caption).join(', ')}` : '',
      ].join('');
      this.list.append(
        h(
          'li',
          { className: `timeline-item${this.host.isOnCanvas(m.id) ? ' on-canvas' : ''}`, dataset: { id: m.id } },
          h('div', { className: 'when' }, when),
          h(
            'div',
            { className: 'what' },
            iconBadge('Message'),
            ' ',
            actionLink(
              m.caption,
              () => this.host.goTo(m.id),
              this.host.isOnCanvas(m.id) ? 'Select on the canvas' : 'Add to the canvas',
            ),
          ),
          h('div', { className: 'who' }, who, ' · ', String(m.properties.kind ?? '').replace(/_/g, ' ')),
          ...relations,
        ),
      );
    }
    if (!shown.length && this.answer) this.list.append(h('li', { className: 'hint' }, 'No message in this window.'));
    const more = this.answer?.more ?? 0;
    if (this.answer?.next && more > 0) {
      this.list.append(
        h(
          'li',
          { className: 'more' },
          button(`Show ${Math.min(PAGE, more)} more`, () => void this.showMore(), {
            className: 'small',
            title: `${more} more messages in time order`,
          }),
        ),
      );
    }
  }
}
