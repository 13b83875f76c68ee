/**
 * The one place values cross between JavaScript and the driver, both ways:
 *   - to the driver: ISO strings of datetime and date properties as Neo4j temporals (so Cypher can
 *     compare, order and bucket them, keeping the offset they were written with), whole numbers as
 *     Cypher integers (LIMIT $n);
 *   - from the driver, to plain JSON for the API and the runner: integers as numbers where they are
 *     safe and strings where they are not, temporal values as ISO strings, graph entities as plain
 *     objects (with our stable `id` when they have one), anywhere inside lists and maps.
 */
import neo4j from 'neo4j-driver';
import type { Node, Path, Relationship } from 'neo4j-driver';
import type { PropertySpec } from '../model/properties.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonNode {
  readonly elementId: string;
  readonly id?: string;
  readonly labels: string[];
  readonly properties: Record<string, Json>;
}

export interface JsonRelationship {
  readonly elementId: string;
  readonly id?: string;
  readonly type: string;
  readonly startElementId: string;
  readonly endElementId: string;
  readonly properties: Record<string, Json>;
}

export interface JsonPath {
  readonly nodes: JsonNode[];
  readonly relationships: JsonRelationship[];
}

function integer(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

function properties(props: Record<string, unknown>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(props)) out[k] = toJson(v);
  return out;
}

export function nodeToJson(node: Node): JsonNode {
  const props = properties(node.properties as Record<string, unknown>);
  return {
    elementId: node.elementId,
    ...(typeof props.id === 'string' ? { id: props.id } : {}),
    labels: [...node.labels],
    properties: props,
  };
}

export function relationshipToJson(rel: Relationship): JsonRelationship {
  const props = properties(rel.properties as Record<string, unknown>);
  return {
    elementId: rel.elementId,
    ...(typeof props.id === 'string' ? { id: props.id } : {}),
    type: rel.type,
    startElementId: rel.startNodeElementId,
    endElementId: rel.endNodeElementId,
    properties: props,
  };
}

export function pathToJson(path: Path): JsonPath {
  return {
    nodes: [nodeToJson(path.start), ...path.segments.map((s) => nodeToJson(s.end))],
    relationships: path.segments.map((s) => relationshipToJson(s.relationship)),
  };
}

export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return integer(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (neo4j.isInt(value)) return integer(BigInt(value.toString()));
  if (neo4j.isNode(value)) return nodeToJson(value as Node) as unknown as Json;
  if (neo4j.isRelationship(value)) return relationshipToJson(value as Relationship) as unknown as Json;
  if (neo4j.isPath(value)) return pathToJson(value as Path) as unknown as Json;
  if (
    neo4j.isDateTime(value) ||
    neo4j.isDate(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isPoint(value)) {
    const p = value as { srid: unknown; x: number; y: number; z?: number };
    return { srid: toJson(p.srid), x: p.x, y: p.y, ...(p.z !== undefined ? { z: p.z } : {}) };
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return properties(value as Record<string, unknown>);
  return String(value);
}

// A date-time as ISO 8601 writes it, its offset optional: with one it is an instant (DateTime),
// without a local date-time (LocalDateTime).
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/i;

type DateTimeParts = [number, number, number, number, number, number, number];

function dateTimeParts(text: string): { parts: DateTimeParts; zone: string | undefined } | null {
  const m = ISO_DATETIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  return { parts: [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), nanos], zone };
}

function offsetSeconds(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  return (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
}

export function toNeo4jDateTime(iso: string) {
  const found = dateTimeParts(iso);
  if (!found?.zone) throw new Error(`not an ISO 8601 date-time with offset: ${iso}`);
  return new neo4j.types.DateTime(...found.parts, offsetSeconds(found.zone));
}

export function toNeo4jLocalDateTime(text: string) {
  const found = dateTimeParts(text);
  if (!found || found.zone) throw new Error(`not an ISO 8601 local date-time: ${text}`);
  return new neo4j.types.LocalDateTime(...found.parts);
}

export function toNeo4jDate(iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return new neo4j.types.Date(y!, m!, d!);
}

export function toNeo4jProps(
  specs: Readonly<Record<string, PropertySpec>>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const type = specs[name]?.type;
    if (type === 'datetime' && typeof value === 'string') out[name] = toNeo4jDateTime(value);
    else if (type === 'date' && typeof value === 'string') out[name] = toNeo4jDate(value);
    else out[name] = value;
  }
  return out;
}

/**
 * Parameters as Cypher expects them: whole numbers (and BigInts) as integers, inside lists and plain
 * maps; driver values (integers, temporals) pass through as they are.
 */
export function toDriverParams(params: Record<string, unknown>): Record<string, unknown> {
  return toDriverValue(params) as Record<string, unknown>;
}

function toDriverValue(value: unknown): unknown {
  if (typeof value === 'bigint') return neo4j.int(value.toString());
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toDriverValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDriverValue(v)]));
  }
  return value;
}
