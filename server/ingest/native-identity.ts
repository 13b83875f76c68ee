/**
 * Identity for Backchannel's own dataset records. A curated file names its people and organizations
 * by `ref` (the founding case does: `donald-trump-jr`), and relationship ends point at that ref. A
 * record that gives only a name is identified by that name *within its file*, never across files:
 * `<file name>:name:<name>`, so two files that both mention "John Smith" hold two entities until an
 * analyst accepts that they are one.
 */
import path from 'node:path';
import { collapseSpaces } from '../model/keys.js';
import { isScopedLabel } from '../model/graph-model.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The dataset scope of a native file: its name without the extension. */
export function nativeScope(file: string): string {
  return path.basename(file).replace(/\.(nd)?jsonl?$/i, '');
}

export function nameRef(scope: string, name: string): string {
  return `${scope}:name:${collapseSpaces(name)}`;
}

function withRef(key: unknown, scope: string): unknown {
  if (!isObject(key) || key.ref !== undefined || typeof key.name !== 'string') return key;
  const { name, ...rest } = key;
  return { ...rest, ref: nameRef(scope, name) };
}

/** The record with a ref wherever a person or organization is named only by its name (pure). */
export function scopeNativeIdentity(record: unknown, scope: string): unknown {
  if (!isObject(record)) return record;
  if (typeof record.node === 'string' && isScopedLabel(record.node) && isObject(record.properties)) {
    const { properties } = record;
    if (properties.ref !== undefined || typeof properties.name !== 'string') return record;
    return { ...record, properties: { ref: nameRef(scope, properties.name), ...properties } };
  }
  if (typeof record.relationship === 'string') {
    let changed = record;
    for (const end of ['from', 'to'] as const) {
      const endpoint = record[end];
      if (isObject(endpoint) && typeof endpoint.label === 'string' && isScopedLabel(endpoint.label)) {
        changed = { ...changed, [end]: { ...endpoint, key: withRef(endpoint.key, scope) } };
      }
    }
    return changed;
  }
  return record;
}
