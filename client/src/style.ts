/**
 * The canvas's look, derived from the model (server/model/graph-model.ts): a colour, shape and icon per
 * node label, a colour and dash per relationship type, captions from the model's caption fields
 * (computed by the server). Nothing here names a label or a type except the bundle edge, which is
 * the API's own (CORRESPONDENCE) and borrows the colour of SENT.
 */
import type { StylesheetJson } from 'cytoscape';
import { NODES, RECIPIENT_TYPES, RELATIONSHIPS } from '../../server/model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../../server/model/graph-model.js';

export const BUNDLE = 'CORRESPONDENCE';
/** Relationship types a bundle stands for (the correspondence between two parties). */
export const BUNDLED_TYPES = ['SENT', ...RECIPIENT_TYPES] as const satisfies readonly RelationshipType[];
export const BUNDLE_COLOR = RELATIONSHIPS.SENT.style.color;
const UNKNOWN = { color: '#8a8f98', shape: 'ellipse', icon: '?' } as const;

export const NODE_LABELS = Object.keys(NODES) as NodeLabel[];
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIPS) as RelationshipType[];

export function nodeStyle(label: string) {
  return (NODES as Record<string, { style: { color: string; shape: string; icon: string } }>)[label]?.style ?? UNKNOWN;
}

export function edgeStyle(type: string): { color: string; dashed?: boolean } {
  if (type === BUNDLE) return { color: BUNDLE_COLOR };
  return (RELATIONSHIPS as Record<string, { style: { color: string; dashed?: boolean } }>)[type]?.style ?? UNKNOWN;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const glyphCache = new Map<string, boolean>();

/**
 * Whether this system has a font that draws the glyph: compared with a private-use character,
 * which every font leaves to the "missing glyph" box. Without one (a bare CI machine has no emoji
 * font), the icon falls back to the label's initial rather than a box.
 */
export function glyphDrawable(glyph: string): boolean {
  const known = glyphCache.get(glyph);
  if (known !== undefined) return known;
  let result = true;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (ctx) {
      const draw = (ch: string) => {
        ctx.clearRect(0, 0, 48, 48);
        ctx.font = `32px ${ICON_FONTS}`;
        ctx.textBaseline = 'top';
        ctx.fillStyle = '#000';
        ctx.fillText(ch, 4, 4);
        return ctx.getImageData(0, 0, 48, 48).data;
      };
      const a = draw(glyph);
      const missing = draw('\uE83A');
      let same = true;
      for (let i = 3; i < a.length; i += 4) {
        if (a[i] !== missing[i]) {
          same = false;
          break;
        }
      }
      result = !same;
    }
  } catch {
    result = true;
  }
  glyphCache.set(glyph, result);
  return result;
}

const ICON_FONTS =
  "'Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji', 'Segoe UI Symbol', 'DejaVu Sans', sans-serif";

/** The glyph shown for a label: the model's icon, or the label's initial where no font draws it. */
export function iconGlyph(label: string): string {
  const icon = nodeStyle(label).icon;
  return glyphDrawable(icon) ? icon : (label[0] ?? '?').toUpperCase();
}

/** The icon as an SVG image (a data: URL, allowed by the CSP's img-src) for Cytoscape's background-image. */
export function iconImage(label: string): string {
  const glyph = iconGlyph(label);
  const svgText =
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<text x="32" y="35" text-anchor="middle" dominant-baseline="middle" font-family="${escapeXml(ICON_FONTS)}" ` +
    `font-size="36" font-weight="bold" fill="#ffffff">${escapeXml(glyph)}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
}

function darker(hex: string, factor = 0.7): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1]!, 16);
  const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => Math.round(v * factor));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export const HIGHLIGHT = '#ffb000';
export const SELECTED = '#1d4ed8';

const FONT = 'system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
/** How node captions look (on a big canvas, only those of the selected and highlighted nodes are drawn). */
const NODE_TEXT = {
  'font-family': FONT,
  'font-size': 11,
  color: '#1f2933',
  'text-valign': 'bottom',
  'text-halign': 'center',
  'text-margin-y': 4,
  'text-wrap': 'ellipsis',
  'text-max-width': '150px',
  'text-background-color': '#ffffff',
  'text-background-opacity': 0.85,
  'text-background-padding': '2px',
  'text-background-shape': 'roundrectangle',
  'min-zoomed-font-size': 7,
} as const;
const EDGE_TEXT = {
  'font-size': 9,
  'font-family': FONT,
  color: '#3d4752',
  'text-rotation': 'autorotate',
  'text-background-color': '#ffffff',
  'text-background-opacity': 0.8,
  'text-background-padding': '1px',
  'min-zoomed-font-size': 8,
} as const;

type Style = Record<string, string | number>;

/**
 * One rule of both stylesheets: what every canvas gets (`both`), and what only the full or only the
 * lean one adds. The lean stylesheet is for big canvases (see Canvas): colour, shape, size and dashes
 * only — no captions (but on the selected and highlighted elements), no icons, straight "haystack"
 * edges from centre to centre without arrows (the selected and highlighted ones show their direction
 * with a mid arrow). At the zoom that shows thousands of elements captions, icons and arrows are not
 * readable anyway, while computing them (label sizes, edge ends against each node's shape) and
 * applying each property to every element is most of the work of adding elements and drawing them.
 */
export interface StyleRule {
  selector: string;
  both?: Style;
  full?: Style;
  lean?: Style;
}

const DIRECTION = { 'mid-target-arrow-shape': 'triangle', 'arrow-scale': 1.2 } as const;

/** The rule table, in cascade order (later rules win). */
export function styleRules(): StyleRule[] {
  return [
    {
      selector: 'node',
      both: {
        width: 34,
        height: 34,
        'background-color': UNKNOWN.color,
        'border-width': 1.5,
        'border-color': darker(UNKNOWN.color),
      },
      full: {
        label: 'data(caption)',
        ...NODE_TEXT,
        'background-width': '70%',
        'background-height': '70%',
        'background-clip': 'none',
        'bounds-expansion': 4,
        shape: 'ellipse',
      },
    },
    {
      selector: 'edge',
      both: { width: 1.6, 'line-color': UNKNOWN.color },
      full: {
        'curve-style': 'bezier',
        'target-arrow-color': UNKNOWN.color,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        ...EDGE_TEXT,
        label: '',
      },
      lean: { 'curve-style': 'haystack' },
    },
    ...NODE_LABELS.map((label): StyleRule => {
      const style = NODES[label].style;
      return {
        selector: `node[label = "${label}"]`,
        both: { 'background-color': style.color, 'border-color': darker(style.color), shape: style.shape },
        full: { 'background-image': iconImage(label) },
      };
    }),
    ...RELATIONSHIP_TYPES.map((type): StyleRule => {
      const style: { color: string; dashed?: boolean } = RELATIONSHIPS[type].style;
      return {
        selector: `edge[type = "${type}"]`,
        both: { 'line-color': style.color, ...(style.dashed ? { 'line-style': 'dashed' } : {}) },
        full: { 'target-arrow-color': style.color },
      };
    }),
    {
      selector: `edge[type = "${BUNDLE}"]`,
      both: { 'line-color': BUNDLE_COLOR, width: 'mapData(weight, 1, 40, 2.5, 14)', 'line-opacity': 0.75 },
      full: {
        'target-arrow-color': BUNDLE_COLOR,
        'arrow-scale': 1.1,
        label: 'data(caption)',
        'font-size': 10,
        'font-weight': 'bold',
        'text-rotation': 'none',
        'control-point-step-size': 70,
        'text-background-opacity': 0.9,
        'text-border-opacity': 1,
        'text-border-width': 1,
        'text-border-color': BUNDLE_COLOR,
        'text-background-padding': '3px',
        'text-background-shape': 'roundrectangle',
      },
    },
    // Captions that say something on their own: a delay as stated, a role.
    { selector: 'edge[?showCaption]', full: { label: 'data(caption)' } },
    { selector: 'node.sized', both: { width: 'mapData(deg, 0, 16, 26, 84)', height: 'mapData(deg, 0, 16, 26, 84)' } },
    { selector: 'node[?undated]', both: { 'border-style': 'dashed' } },
    // Pinned nodes (layouts leave them in place) wear a double border.
    { selector: 'node.pinned', both: { 'border-style': 'double', 'border-width': 5 } },
    {
      selector: 'node:selected',
      both: { 'border-width': 4, 'border-color': SELECTED, 'font-weight': 'bold', 'z-index': 20 },
      lean: { label: 'data(caption)', ...NODE_TEXT },
    },
    {
      selector: 'edge:selected',
      both: { label: 'data(caption)', 'line-color': SELECTED, width: 3, 'z-index': 20 },
      full: { 'target-arrow-color': SELECTED },
      lean: { ...EDGE_TEXT, ...DIRECTION, 'mid-target-arrow-color': SELECTED },
    },
    { selector: `edge[type = "${BUNDLE}"]:selected`, both: { width: 'mapData(weight, 1, 40, 4, 16)' } },
    {
      selector: '.hl',
      both: { 'underlay-color': HIGHLIGHT, 'underlay-opacity': 0.55, 'underlay-padding': 6, 'z-index': 15 },
    },
    { selector: 'node.hl', lean: { label: 'data(caption)', ...NODE_TEXT } },
    {
      selector: 'edge.hl',
      both: { 'underlay-padding': 4, label: 'data(caption)' },
      lean: { ...EDGE_TEXT, ...DIRECTION, 'mid-target-arrow-color': EDGE_TEXT.color },
    },
    { selector: '.faded', both: { opacity: 0.3 } },
    { selector: '.hidden, .filtered, .time-out', both: { display: 'none' } },
  ];
}

/** The full stylesheet, or the lean one for big canvases (`big`), from the one rule table. */
export function stylesheet(options: { big?: boolean } = {}): StylesheetJson {
  const variant = options.big ? 'lean' : 'full';
  const sheet: StylesheetJson = [];
  for (const rule of styleRules()) {
    const style = { ...rule.both, ...rule[variant] };
    if (Object.keys(style).length) sheet.push({ selector: rule.selector, style } as StylesheetJson[number]);
  }
  return sheet;
}
