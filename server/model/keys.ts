/**
 * Natural keys and stable ids. Two loads of the same thing (the same handle, the same Message-ID, the
 * same URL however it was spelt) must produce the same id, so they MERGE into one node.
 */
import { isScopedLabel, NODES, RELATIONSHIPS } from './graph-model.js';
import type { NodeLabel, RelationshipType } from './graph-model.js';
import { normaliseUrl } from './url.js';

const MAX_ID_PART = 200;

/** Lower case, accents and punctuation folded: "Donald Trump Jr." and "donald trump jr" meet. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Canonical form of an account handle. Twitter handles are case-insensitive and written with or
 * without "@"; email addresses lose case, angle brackets and quotes, but dots and plus-tags stay
 * (k..allen@enron.com is a different mailbox from k.allen@enron.com).
 */
export function normaliseHandle(platform: string, handle: string): string {
  const trimmed = handle.trim();
  switch (platform) {
    case 'twitter':
      return trimmed.replace(/^@+/, '').toLowerCase();
    case 'email':
      return trimmed
        .replace(/^mailto:/i, '')
        .replace(/^[<"']+|[>"']+$/g, '')
        .trim()
        .toLowerCase();
    default:
      return trimmed.toLowerCase();
  }
}

/** A short, deterministic, dependency-free hash (cyrb53) for id parts too long to spell out. */
export function shortHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function idPart(value: string): string {
  return value.length <= MAX_ID_PART ? value : `${value.slice(0, 40)}~${shortHash(value)}`;
}

/** The form of each key property that goes into the id. */
function keyPart(label: NodeLabel, value: string): string {
  // The source's own identifier, exact: folding case or punctuation here would merge "THE BEARER" of
  // one record with "The Bearer" of another, which only a same-as decision may do.
  if (isScopedLabel(label)) return collapseSpaces(value);
  if (label === 'Domain') return value.trim().toLowerCase();
  if (label === 'Url') return normaliseUrl(value).url;
  if (label === 'Source') return slug(value);
  return value.trim();
}

export function collapseSpaces(text: string): string {
  return text.trim().replace(/\s+/gu, ' ');
}

/** Normalises the key properties in place (handle, URL) so the stored value matches the id. */
export function canonicalKey(label: NodeLabel, key: Record<string, string>): Record<string, string> {
  if (label === 'Account') {
    const platform = key.platform ?? '';
    return { platform, handle: normaliseHandle(platform, key.handle ?? '') };
  }
  if (label === 'Url') return { url: normaliseUrl(key.url ?? '').url };
  if (isScopedLabel(label)) return { ref: collapseSpaces(key.ref ?? '') };
  if (label === 'Message')
    return {
      platform: key.platform ?? '',
      ref: (key.ref ?? '').trim().replace(/^<|>$/g, ''),
    };
  return key;
}

export function nodeId(label: NodeLabel, key: Record<string, string>): string {
  const canonical = canonicalKey(label, key);
  const parts = NODES[label].key.map((p) => idPart(keyPart(label, canonical[p] ?? '')));
  return `${label.toLowerCase()}:${parts.join(':')}`;
}

export function relationshipId(
  type: RelationshipType,
  fromId: string,
  toId: string,
  key: Record<string, unknown>,
): string {
  const keyProps = RELATIONSHIPS[type].key.map((p) => String(key[p] ?? ''));
  const suffix = keyProps.length > 0 ? `|${shortHash(keyProps.join('\u0000'))}` : '';
  return `${type}|${fromId}|${toId}${suffix}`;
}

/** The label a node id was derived for ("person:…" → Person), so lookups by id can use the label's index. */
export function labelOfId(id: string): NodeLabel | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return (Object.keys(NODES) as NodeLabel[]).find((label) => label.toLowerCase() === prefix);
}

/** The type a relationship id was derived for ("SENT|…" → SENT). */
export function typeOfRelationshipId(id: string): RelationshipType | undefined {
  const prefix = id.slice(0, id.indexOf('|'));
  return (Object.keys(RELATIONSHIPS) as RelationshipType[]).find((type) => type === prefix);
}
