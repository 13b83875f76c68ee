/**
 * Turns validated record values into what the driver sends: ISO strings of datetime and date
 * properties become Neo4j temporal values (so Cypher can compare, order and bucket them), keeping
 * the offset they were written with.
 */
import neo4j from 'neo4j-driver';
import type { PropertySpec } from '../model/properties.js';

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

export function toNeo4jDateTime(iso: string) {
  const m = ISO_DATETIME.exec(iso);
  if (!m) throw new Error(`not an ISO 8601 date-time with offset: ${iso}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return new neo4j.types.DateTime(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    nanos,
    offset,
  );
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
