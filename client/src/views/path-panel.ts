/**
 * The path tool in the details panel when two nodes are selected: which kinds of relationship a path
 * may follow (by category, from the model: correspondence, affiliation and identity by default, not
 * mentions) and in which direction; then the answer hop by hop, each hop with its source, and, when
 * there are several shortest paths, stepping through them one at a time on the canvas.
 */
import { CATEGORIES, PATH_CATEGORIES, typesOf } from '../../../server/model/categories.js';
import type { Category } from '../../../server/model/categories.js';
import { button, clear, h } from '../dom.js';
import type { Explorer } from '../explorer.js';
import { hopsOf, idsOfPath } from '../paths.js';
import type { Direction, PathAnswer } from '../types.js';

/** Provenance links join everything to its article: never offered. */
const OFFERED: readonly Category[] = CATEGORIES.filter((c) => c !== 'provenance');

const DIRECTIONS: readonly [Direction, string][] = [
  ['both', 'either way'],
  ['out', 'along the arrows, first → second'],
  ['in', 'against the arrows'],
];

export class PathPanel {
  readonly root: HTMLElement;
  private readonly chosen = new Set<Category>(PATH_CATEGORIES);
  private direction: Direction = 'both';
  private readonly result = h('div', { className: 'path-result' });

  constructor(
    private readonly explorer: Explorer,
    private readonly from: string,
    private readonly to: string,
    private readonly nodeLink: (id: string, caption: string) => HTMLElement,
    private readonly caption: (id: string) => string,
  ) {
    const categories = OFFERED.map((category) => {
      const box = h('input', { type: 'checkbox', checked: this.chosen.has(category) });
      box.addEventListener('change', () => {
        if (box.checked) this.chosen.add(category);
        else this.chosen.delete(category);
      });
      return h('label', { className: 'path-category', title: typesOf([category]).join(', ') }, box, ` ${category}`);
    });
    const direction = h(
      'select',
      { ariaLabel: 'Path direction', className: 'path-direction' },
      ...DIRECTIONS.map(([value, label]) => h('option', { value }, label)),
    );
    direction.addEventListener('change', () => (this.direction = direction.value as Direction));
    this.root = h(
      'div',
      { className: 'path-panel' },
      h('h3', {}, 'Paths'),
      h('div', { className: 'path-categories' }, ...categories),
      h('label', {}, 'Direction ', direction),
      h(
        'div',
        { className: 'actions' },
        button('Shortest path', () => void this.run(false), { className: 'primary', keys: 'P' }),
        button('All shortest paths', () => void this.run(true)),
      ),
      this.result,
    );
  }

  private async run(all: boolean): Promise<void> {
    const types = typesOf([...this.chosen]);
    if (!types.length) {
      clear(this.result);
      this.result.append(h('p', { className: 'error' }, 'Choose at least one kind of relationship.'));
      return;
    }
    clear(this.result);
    this.result.append(h('p', { className: 'hint' }, 'Finding…'));
    const answer = await this.explorer.paths(this.from, this.to, all, 6, { types, direction: this.direction });
    clear(this.result);
    if (answer?.paths.length) this.show(answer, 0);
    else if (answer) this.result.append(h('p', { className: 'hint' }, 'No path with these filters within 6 hops.'));
  }

  /** Path `index` of the answer: highlighted alone on the canvas, listed hop by hop. */
  private show(answer: PathAnswer, index: number): void {
    clear(this.result);
    const n = answer.paths.length;
    if (n > 1) {
      this.explorer.highlight(idsOfPath(answer, index));
      this.result.append(
        h(
          'div',
          { className: 'path-step' },
          button('‹', () => this.show(answer, (index - 1 + n) % n), {
            ariaLabel: 'Previous path',
            title: 'Previous path',
          }),
          h('span', { className: 'path-count' }, ` Path ${index + 1} of ${n} `),
          button('›', () => this.show(answer, (index + 1) % n), { ariaLabel: 'Next path', title: 'Next path' }),
        ),
      );
    }
    const list = h('ol', { className: 'hop-list' });
    for (const hop of hopsOf(answer, index)) {
      const arrow = hop.forward ? `—${hop.edge.type}→` : `←${hop.edge.type}—`;
      list.append(
        h(
          'li',
          { className: 'hop' },
          this.nodeLink(hop.from, this.caption(hop.from)),
          ` ${arrow} `,
          this.nodeLink(hop.to, this.caption(hop.to)),
          h(
            'div',
            { className: 'hint hop-source' },
            hop.source
              ? `${this.caption(hop.source.id)}${hop.source.quote ? `: “${hop.source.quote}”` : ''}`
              : 'no source on this link (see its ends)',
          ),
        ),
      );
    }
    this.result.append(list);
  }
}
