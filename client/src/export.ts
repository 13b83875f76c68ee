/**
 * The canvas out and back in: PNG and SVG of the view, CSV of nodes and edges, and a JSON document of
 * the whole canvas (data, positions, hidden elements, filters, time window, viewport) that the import
 * reads back. Parsing is pure and checks every field, so a hand-edited or hostile file is refused
 * with a reason instead of half-loading.
 */
import { revealControls } from './format.js';
import type { EdgeData, NodeData, Position } from './graph-state.js';
import type { ApiEdge, ApiNode } from './types.js';

export const CANVAS_FORMAT = 'backchannel-canvas';
export const CANVAS_VERSION = 1;

export interface CanvasDocument {
  format: typeof CANVAS_FORMAT;
  version: number;
  exportedAt: string;
  nodes: { data: ApiNode; position?: Position }[];
  edges: { data: ApiEdge }[];
  hidden: string[];
  filters: { hiddenLabels: string[]; hiddenTypes: string[] };
  timeWindow: { from: string; to: string } | null;
  viewport?: { zoom: number; pan: Position };
  layout?: string;
  sizeByDegree?: boolean;
}

export function canvasDocument(parts: {
  nodes: Iterable<NodeData>;
  edges: Iterable<EdgeData>;
  positions: Record<string, Position>;
  hidden: Iterable<string>;
  filters: { hiddenLabels: Iterable<string>; hiddenTypes: Iterable<string> };
  timeWindow: { from: string; to: string } | null;
  viewport?: { zoom: number; pan: Position };
  layout?: string;
  sizeByDegree?: boolean;
}): CanvasDocument {
  return {
    format: CANVAS_FORMAT,
    version: CANVAS_VERSION,
    exportedAt: new Date().toISOString(),
    nodes: [...parts.nodes].map((n) => ({
      data: { id: n.id, label: n.label, labels: n.labels, caption: n.caption, properties: n.properties },
      ...(parts.positions[n.id] ? { position: parts.positions[n.id] } : {}),
    })),
    edges: [...parts.edges].map((e) => ({
      data: { id: e.id, type: e.type, source: e.source, target: e.target, properties: e.properties },
    })),
    hidden: [...parts.hidden],
    filters: { hiddenLabels: [...parts.filters.hiddenLabels], hiddenTypes: [...parts.filters.hiddenTypes] },
    timeWindow: parts.timeWindow,
    ...(parts.viewport ? { viewport: parts.viewport } : {}),
    ...(parts.layout ? { layout: parts.layout } : {}),
    ...(parts.sizeByDegree !== undefined ? { sizeByDegree: parts.sizeByDegree } : {}),
  };
}

export class ImportError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isPosition = (v: unknown): v is Position =>
  isObject(v) && Number.isFinite(v.x as number) && Number.isFinite(v.y as number);
const strings = (v: unknown, where: string): string[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isString)) throw new ImportError(`${where} must be a list of strings`);
  return v;
};

/** Reads a canvas document, checking every field. */
export function parseCanvasDocument(text: string): CanvasDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw) || raw.format !== CANVAS_FORMAT) {
    throw new ImportError(`not a Backchannel canvas (expected "format": "${CANVAS_FORMAT}")`);
  }
  if (raw.version !== CANVAS_VERSION) throw new ImportError(`unsupported version ${String(raw.version)}`);
  if (!Array.isArray(raw.nodes) || !Array.isArray(raw.edges)) throw new ImportError('nodes and edges must be lists');
  const nodes = raw.nodes.map((n: unknown, i) => {
    const d = isObject(n) ? n.data : undefined;
    if (!isObject(n) || !isObject(d) || !isString(d.id) || !isString(d.label) || !isObject(d.properties)) {
      throw new ImportError(`nodes[${i}] needs data.id, data.label and data.properties`);
    }
    const node: ApiNode = {
      id: d.id,
      label: d.label,
      labels: strings(d.labels ?? [d.label], `nodes[${i}].data.labels`),
      caption: isString(d.caption) ? d.caption : d.id,
      properties: d.properties,
    };
    return { data: node, ...(isPosition(n.position) ? { position: { x: n.position.x, y: n.position.y } } : {}) };
  });
  const edges = raw.edges.map((e: unknown, i) => {
    const d = isObject(e) ? e.data : undefined;
    if (!isObject(d) || !isString(d.id) || !isString(d.type) || !isString(d.source) || !isString(d.target)) {
      throw new ImportError(`edges[${i}] needs data.id, data.type, data.source and data.target`);
    }
    const edge: ApiEdge = {
      id: d.id,
      type: d.type,
      source: d.source,
      target: d.target,
      properties: isObject(d.properties) ? d.properties : {},
    };
    return { data: edge };
  });
  const filters = isObject(raw.filters) ? raw.filters : {};
  const tw = raw.timeWindow;
  const timeWindow =
    isObject(tw) &&
    isString(tw.from) &&
    isString(tw.to) &&
    !Number.isNaN(Date.parse(tw.from)) &&
    !Number.isNaN(Date.parse(tw.to))
      ? { from: tw.from, to: tw.to }
      : null;
  const vp = raw.viewport;
  return {
    format: CANVAS_FORMAT,
    version: CANVAS_VERSION,
    exportedAt: isString(raw.exportedAt) ? raw.exportedAt : '',
    nodes,
    edges,
    hidden: strings(raw.hidden, 'hidden'),
    filters: {
      hiddenLabels: strings(filters.hiddenLabels, 'filters.hiddenLabels'),
      hiddenTypes: strings(filters.hiddenTypes, 'filters.hiddenTypes'),
    },
    timeWindow,
    ...(isObject(vp) && Number.isFinite(vp.zoom as number) && isPosition(vp.pan)
      ? { viewport: { zoom: vp.zoom as number, pan: vp.pan } }
      : {}),
    ...(isString(raw.layout) ? { layout: raw.layout } : {}),
    ...(typeof raw.sizeByDegree === 'boolean' ? { sizeByDegree: raw.sizeByDegree } : {}),
  };
}

/** One CSV cell: quoted, and defused where a spreadsheet would read a formula. */
export function csvCell(value: unknown): string {
  // Numbers stay numbers (a coordinate of -85 is not a formula); only text can smuggle one in.
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let s =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  s = revealControls(s);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function nodesCsv(nodes: Iterable<NodeData>, positions: Record<string, Position>): string {
  const list = [...nodes];
  const keys = [...new Set(list.flatMap((n) => Object.keys(n.properties)))].filter((k) => k !== 'id').sort();
  return csv([
    ['id', 'label', 'caption', 'x', 'y', ...keys],
    ...list.map((n) => [
      n.id,
      n.label,
      n.caption,
      positions[n.id]?.x ?? '',
      positions[n.id]?.y ?? '',
      ...keys.map((k) => n.properties[k]),
    ]),
  ]);
}

export function edgesCsv(edges: Iterable<EdgeData>): string {
  const list = [...edges];
  const keys = [...new Set(list.flatMap((e) => Object.keys(e.properties)))].filter((k) => k !== 'id').sort();
  return csv([
    ['id', 'type', 'source', 'target', 'caption', ...keys],
    ...list.map((e) => [e.id, e.type, e.source, e.target, e.caption, ...keys.map((k) => e.properties[k])]),
  ]);
}

export function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}
