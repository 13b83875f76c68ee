/**
 * Both stylesheets, built from the one rule table, applied by a headless Cytoscape: every label and
 * type gets the model's look in both; the lean one drops captions, icons and arrows but on the
 * selected and highlighted elements; filters hide in both.
 */
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { NODES, RELATIONSHIPS } from '../../server/model/graph-model.js';
import { BUNDLE, NODE_LABELS, RELATIONSHIP_TYPES, styleRules, stylesheet } from '../src/style.js';

/** Cytoscape reports colours as rgb(); the model writes #rrggbb. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255})`;
}

function canvas(big: boolean) {
  const nodes = NODE_LABELS.map((label) => ({ data: { id: label, label, caption: `a ${label}` } }));
  const [a, b] = NODE_LABELS as [string, string];
  const edges = RELATIONSHIP_TYPES.map((type) => ({ data: { id: type, type, source: a, target: b, caption: type } }));
  edges.push({ data: { id: BUNDLE, type: BUNDLE, source: a, target: b, caption: '3 msgs', weight: 3 } as never });
  return cytoscape({ headless: true, styleEnabled: true, style: stylesheet({ big }), elements: [...nodes, ...edges] });
}

describe('the stylesheets', () => {
  for (const big of [false, true]) {
    const name = big ? 'the lean stylesheet' : 'the full stylesheet';

    it(`${name}: each label and type in the model's colour, shape and dash`, () => {
      const cy = canvas(big);
      for (const label of NODE_LABELS) {
        const n = cy.getElementById(label);
        expect(n.style('background-color'), label).toBe(rgb(NODES[label].style.color));
        expect(n.style('shape'), label).toBe(NODES[label].style.shape);
      }
      for (const type of RELATIONSHIP_TYPES) {
        const e = cy.getElementById(type);
        const style: { color: string; dashed?: boolean } = RELATIONSHIPS[type].style;
        expect(e.style('line-color'), type).toBe(rgb(style.color));
        expect(e.style('line-style'), type).toBe(style.dashed ? 'dashed' : 'solid');
      }
    });

    it(`${name}: hidden, filtered and out-of-window elements are not drawn; pinned nodes look pinned`, () => {
      const cy = canvas(big);
      const [a, b, c, d] = NODE_LABELS as [string, string, string, string];
      cy.getElementById(a).addClass('hidden');
      cy.getElementById(b).addClass('filtered');
      cy.getElementById(c).addClass('time-out');
      for (const id of [a, b, c]) expect(cy.getElementById(id).style('display')).toBe('none');
      cy.getElementById(d).addClass('pinned');
      expect(cy.getElementById(d).style('border-style')).toBe('double');
    });

    it(`${name}: the selection shows its caption`, () => {
      const cy = canvas(big);
      const n = cy.getElementById(NODE_LABELS[0]!);
      n.select();
      expect(n.style('label')).toBe(`a ${NODE_LABELS[0]}`);
      const e = cy.getElementById(RELATIONSHIP_TYPES[0]!);
      e.select();
      expect(e.style('label')).toBe(RELATIONSHIP_TYPES[0]);
    });
  }

  it('the full one captions nodes and draws arrows and icons; the lean one draws none of them', () => {
    const full = canvas(false);
    const lean = canvas(true);
    const label = NODE_LABELS[0]!;
    expect(full.getElementById(label).style('label')).toBe(`a ${label}`);
    expect(lean.getElementById(label).style('label')).toBe('');
    expect(full.getElementById(label).style('background-image')).toMatch(/^data:image\/svg\+xml/);
    expect(lean.getElementById(label).style('background-image')).toBe('none');
    const type = RELATIONSHIP_TYPES[0]!;
    expect(full.getElementById(type).style('target-arrow-shape')).toBe('triangle');
    expect(lean.getElementById(type).style('target-arrow-shape')).toBe('none');
    expect(lean.getElementById(type).style('curve-style')).toBe('haystack');
    expect(full.getElementById(BUNDLE).style('label')).toBe('3 msgs');
  });

  it('every rule gives a style to at least one of the two sheets, and no selector appears twice', () => {
    const rules = styleRules();
    for (const r of rules)
      expect(Object.keys({ ...r.both, ...r.full, ...r.lean }).length, r.selector).toBeGreaterThan(0);
    expect(new Set(rules.map((r) => r.selector)).size).toBe(rules.length);
  });
});
