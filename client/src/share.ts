/**
 * The view in the URL: node ids with positions, edge ids, hidden elements, filters, the time window
 * and the viewport, compressed into the hash (`#view=…`), so a link (or a reload) restores the same
 * view. Restoring asks the API for the nodes and edges again, so the link carries no data, only ids.
 */
import type { Api } from './api.js';
import type { Position } from './graph-state.js';
import type { ApiEdge, ApiGraph, ApiNode, BundleLevel } from './types.js';

export interface ViewState {
  nodes: { id: string; position?: Position }[];
  edges: string[];
  hidden: string[];
  hiddenLabels: string[];
  hiddenTypes: string[];
  timeWindow: { from: string; to: string } | null;
  viewport?: { zoom: number; pan: Position };
  layout?: string;
}

interface Packed {
  v: 1;
  n: [string, number, number][] | string[];
  e: string[];
  h?: string[];
  l?: string[];
  t?: string[];
  w?: [string, string];
  z?: [number, number, number];
  y?: string;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unbase64url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export async function encodeView(view: ViewState): Promise<string> {
  const packed: Packed = {
    v: 1,
    n: view.nodes.map((n): [string, number, number] => [
      n.id,
      Math.round(n.position?.x ?? 0),
      Math.round(n.position?.y ?? 0),
    ]),
    e: view.edges,
    ...(view.hidden.length ? { h: view.hidden } : {}),
    ...(view.hiddenLabels.length ? { l: view.hiddenLabels } : {}),
    ...(view.hiddenTypes.length ? { t: view.hiddenTypes } : {}),
    ...(view.timeWindow ? { w: [view.timeWindow.from, view.timeWindow.to] as [string, string] } : {}),
    ...(view.viewport
      ? {
          z: [
            Math.round(view.viewport.zoom * 1000) / 1000,
            Math.round(view.viewport.pan.x),
            Math.round(view.viewport.pan.y),
          ] as [number, number, number],
        }
      : {}),
    ...(view.layout ? { y: view.layout } : {}),
  };
  const json = new TextEncoder().encode(JSON.stringify(packed));
  return base64url(await pipe(json, new CompressionStream('deflate-raw')));
}

export async function decodeView(text: string): Promise<ViewState> {
  const json = new TextDecoder().decode(await pipe(unbase64url(text), new DecompressionStream('deflate-raw')));
  const p = JSON.parse(json) as Packed;
  if (p?.v !== 1 || !Array.isArray(p.n) || !Array.isArray(p.e)) throw new Error('not a Backchannel view');
  const str = (v: unknown): v is string => typeof v === 'string';
  return {
    nodes: p.n
      .map((n) =>
        Array.isArray(n) && str(n[0])
          ? { id: n[0], position: { x: Number(n[1]) || 0, y: Number(n[2]) || 0 } }
          : str(n)
            ? { id: n }
            : null,
      )
      .filter((n) => n !== null),
    edges: p.e.filter(str),
    hidden: (p.h ?? []).filter(str),
    hiddenLabels: (p.l ?? []).filter(str),
    hiddenTypes: (p.t ?? []).filter(str),
    timeWindow: p.w && str(p.w[0]) && str(p.w[1]) ? { from: p.w[0], to: p.w[1] } : null,
    ...(p.z
      ? { viewport: { zoom: Number(p.z[0]) || 1, pan: { x: Number(p.z[1]) || 0, y: Number(p.z[2]) || 0 } } }
      : {}),
    ...(str(p.y) ? { layout: p.y } : {}),
  };
}

/** Runs tasks with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Fetches the nodes and edges of a view again; says what could not be found. */
export async function fetchView(api: Api, view: ViewState): Promise<{ graph: ApiGraph; missing: string[] }> {
  const missing: string[] = [];
  const nodes = (
    await pool(view.nodes, 6, async ({ id }) => {
      try {
        return (await api.node(id)).node;
      } catch {
        missing.push(id);
        return null;
      }
    })
  ).filter((n): n is ApiNode => n !== null);
  const edges: ApiEdge[] = [];
  const bundles = view.edges.filter((id) => id.startsWith('bundle|'));
  const raw = view.edges.filter((id) => !id.startsWith('bundle|'));
  const byLevel = new Map<BundleLevel, Set<string>>();
  for (const id of bundles) {
    const [, level, source] = id.split('|');
    if ((level === 'account' || level === 'person') && source) {
      if (!byLevel.has(level)) byLevel.set(level, new Set());
      byLevel.get(level)!.add(source);
    }
  }
  const wanted = new Set(bundles);
  for (const [level, sources] of byLevel) {
    const ids = [...sources];
    for (let i = 0; i < ids.length; i += 50) {
      try {
        const answer = await api.bundles({ ids: ids.slice(i, i + 50), level, limit: 1000 });
        edges.push(...answer.edges.filter((e) => wanted.has(e.id)));
      } catch {
        // Reported below as missing.
      }
    }
  }
  const found = new Set(edges.map((e) => e.id));
  for (const id of bundles) if (!found.has(id)) missing.push(id);
  const rawEdges = await pool(raw, 6, async (id) => {
    try {
      return (await api.relationship(id)).edge;
    } catch {
      missing.push(id);
      return null;
    }
  });
  edges.push(...rawEdges.filter((e): e is ApiEdge => e !== null));
  return { graph: { nodes, edges }, missing };
}
