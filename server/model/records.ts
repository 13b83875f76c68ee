/**
 * The dataset format (what parsers produce and what the native JSON/NDJSON files hold) and its
 * validation into write records: normalised keys, stable ids, source links.
 *
 * A node record:         {"node": "Person", "properties": {"name": "…"}, "sources": [{"source": "the-week", "quote": "…"}]}
 * A relationship record: {"relationship": "SENT", "from": {"label": "Account", "key": {…}},
 *                         "to": {"label": "Message", "key": {…}}, "properties": {…}, "sources": […]}
 */
import { z } from 'zod';
import {
  NODE_DEFS,
  NODE_LABELS,
  NODES,
  RELATIONSHIP_TYPES,
  RELATIONSHIPS,
  relationshipProperties,
} from './graph-model.js';
import type { NodeLabel, RelationshipType } from './graph-model.js';
import type { PropertySpec } from './properties.js';
import { propertySchema } from './validators.js';
import { canonicalKey, nodeId, relationshipId } from './keys.js';
import { normaliseUrl, UrlError } from './url.js';
import { InputError } from '../errors.js';

const sourceCitation = z
  .object({
    source: z.string().trim().min(1).describe('The `ref` of a Source node.'),
    quote: z.string().trim().min(1).describe('The passage of the source, verbatim.'),
  })
  .strict();

/** Builds a record with one entry per key, typed by the keys (Object.fromEntries loses them). */
function byKey<K extends string, V>(keys: readonly K[], make: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, V>;
}

function propertiesSchema(properties: Record<string, PropertySpec>, requiredAll = false) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(properties)) {
    shape[name] = spec.required || requiredAll ? propertySchema(spec) : propertySchema(spec).optional();
  }
  return z.object(shape).strict();
}

function keySchema(label: NodeLabel) {
  const def = NODE_DEFS[label];
  const keyProps = Object.fromEntries(def.key.map((k) => [k, def.properties[k]!]));
  return propertiesSchema(keyProps, true);
}

const endpointSchemas = byKey(NODE_LABELS, (label): z.ZodType =>
  z.object({ label: z.literal(label), key: keySchema(label) }).strict(),
);

function endpointSchema(labels: readonly string[]) {
  const options = labels.map((l) => endpointSchemas[l as NodeLabel]);
  return options.length === 1 ? options[0]! : z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

export const nodeRecordSchemas = byKey(NODE_LABELS, (label): z.ZodType =>
  z
    .object({
      node: z.literal(label),
      properties: propertiesSchema(NODES[label].properties),
      sources: z.array(sourceCitation).optional(),
      asOf: z.iso
        .datetime({ offset: true, local: false })
        .optional()
        .describe(
          "When these values were true, in the data's own time (a profile seen with a tweet): among imports, the latest wins.",
        ),
    })
    .strict()
    .describe(NODES[label].description),
);

export const relationshipRecordSchemas = byKey(RELATIONSHIP_TYPES, (type): z.ZodType => {
  const def = RELATIONSHIPS[type];
  const own = propertiesSchema(def.properties);
  const hasRequired = Object.values(def.properties).some((p) => p.required);
  return z
    .object({
      relationship: z.literal(type),
      from: endpointSchema(def.from),
      to: endpointSchema(def.to),
      properties: hasRequired ? own : own.optional(),
      sources: z.array(sourceCitation).optional(),
    })
    .strict()
    .describe(def.description);
});

/** The whole dataset record, as one schema: used to generate the JSON Schema others write against. */
export const datasetRecordSchema = z.union([
  ...Object.values(nodeRecordSchemas),
  ...Object.values(relationshipRecordSchemas),
] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

export interface Endpoint {
  readonly label: NodeLabel;
  readonly id: string;
  readonly key: Record<string, string>;
}

export interface NodeWrite {
  readonly kind: 'node';
  readonly label: NodeLabel;
  readonly id: string;
  /** Properties replaced on every load (key properties included). */
  readonly props: Record<string, unknown>;
  /** List properties whose values are added to what is stored. */
  readonly accumulate: Record<string, string[]>;
  /** When the record's values were true, in the data's own time. */
  readonly asOf?: string;
}

export interface RelationshipWrite {
  readonly kind: 'relationship';
  readonly type: RelationshipType;
  readonly id: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly key: Record<string, unknown>;
  readonly props: Record<string, unknown>;
  readonly accumulate: Record<string, string[]>;
}

export type WriteRecord = NodeWrite | RelationshipWrite;

export class RecordError extends InputError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super('invalid_record', path ? `${path}: ${message}` : message);
  }
}

function formatIssue(issue: z.core.$ZodIssue): RecordError {
  const path = issue.path.map(String).join('.');
  return new RecordError(issue.message, path);
}

/** Cross-property rules zod's per-property schemas cannot express. */
function checkNode(label: NodeLabel, props: Record<string, unknown>): void {
  if (label !== 'Message') return;
  const { sentPrecision, sentFrom, sentTo } = props as Record<string, string | undefined>;
  const precision = sentPrecision ?? 'unknown';
  if (precision === 'unknown') {
    if (sentFrom || sentTo)
      throw new RecordError('sentFrom/sentTo given but sentPrecision is unknown', 'properties.sentPrecision');
    return;
  }
  if (!sentFrom || !sentTo)
    throw new RecordError(`sentPrecision ${precision} needs both sentFrom and sentTo`, 'properties');
  const from = Date.parse(sentFrom);
  const to = Date.parse(sentTo);
  if (from > to) throw new RecordError('sentFrom is after sentTo', 'properties.sentFrom');
  if (precision === 'instant' && from !== to)
    throw new RecordError('an instant needs sentFrom equal to sentTo', 'properties.sentTo');
}

function splitProps(properties: Record<string, PropertySpec>, values: Record<string, unknown>) {
  const props: Record<string, unknown> = {};
  const accumulate: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (properties[name]?.accumulate) accumulate[name] = value as string[];
    else props[name] = value;
  }
  return { props, accumulate };
}

function endpoint(raw: { label: NodeLabel; key: Record<string, string> }, path: string): Endpoint {
  try {
    const key = canonicalKey(raw.label, raw.key);
    return { label: raw.label, key, id: nodeId(raw.label, key) };
  } catch (error) {
    if (error instanceof UrlError) throw new RecordError(error.message, `${path}.key`);
    throw error;
  }
}

function sourceLinks(from: Endpoint, citations: { source: string; quote: string }[]): RelationshipWrite[] {
  return citations.map((c) => {
    const to = endpoint({ label: 'Source', key: { ref: c.source } }, 'sources');
    const key = { quote: c.quote };
    return {
      kind: 'relationship',
      type: 'SUPPORTED_BY',
      id: relationshipId('SUPPORTED_BY', from.id, to.id, key),
      from,
      to,
      key,
      props: { quote: c.quote },
      accumulate: {},
    };
  });
}

/**
 * Every URL is linked to its domain, whatever format it came from; the URL's sources support the
 * domain and the link too, since both are read off the URL itself.
 */
function domainOf(node: NodeWrite, citations: { source: string; quote: string }[]): WriteRecord[] {
  if (node.label !== 'Url' || typeof node.props.domain !== 'string') return [];
  const name = node.props.domain.toLowerCase();
  const domain = endpoint({ label: 'Domain', key: { name } }, 'properties.domain');
  const from = { label: node.label, id: node.id, key: { url: String(node.props.url) } };
  return [
    { kind: 'node', label: 'Domain', id: domain.id, props: { name }, accumulate: {} },
    {
      kind: 'relationship',
      type: 'IN_DOMAIN',
      id: relationshipId('IN_DOMAIN', from.id, domain.id, {}),
      from,
      to: domain,
      key: {},
      props: citations.length ? sourceProps(citations) : {},
      accumulate: {},
    },
    ...sourceLinks(domain, citations),
  ];
}

function sourceProps(citations: { source: string; quote: string }[]): Record<string, string[]> {
  return {
    sourceIds: citations.map((c) => nodeId('Source', { ref: c.source })),
    sourceQuotes: citations.map((c) => c.quote),
  };
}

function prepareNodeProps(label: NodeLabel, props: Record<string, unknown>): Record<string, unknown> {
  if (label !== 'Url') return props;
  // Keep the spelling this record used, and derive the domain when the record did not give it.
  const written = String(props.url);
  let normalised;
  try {
    normalised = normaliseUrl(written);
  } catch (error) {
    if (error instanceof UrlError) throw new RecordError(error.message, 'properties.url');
    throw error;
  }
  const spellings = [...((props.spellings as string[] | undefined) ?? []), written];
  return {
    ...props,
    url: normalised.url,
    domain: props.domain ?? normalised.domain,
    spellings: [...new Set(spellings)],
  };
}

/**
 * Validates one dataset record against the model and turns it into write records.
 * Throws RecordError naming the field at fault.
 */
export function toWrites(raw: unknown): WriteRecord[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RecordError('a record must be a JSON object with "node" or "relationship"', '');
  }
  const record = raw as Record<string, unknown>;
  if ('node' in record) {
    const label = record.node;
    if (typeof label !== 'string' || !(NODE_LABELS as string[]).includes(label)) {
      throw new RecordError(
        `unknown node label ${JSON.stringify(label)}; expected one of ${NODE_LABELS.join(', ')}`,
        'node',
      );
    }
    const parsed = nodeRecordSchemas[label as NodeLabel].safeParse(record);
    if (!parsed.success) throw formatIssue(parsed.error.issues[0]!);
    const data = parsed.data as {
      properties: Record<string, unknown>;
      sources?: { source: string; quote: string }[];
      asOf?: string;
    };
    checkNode(label as NodeLabel, data.properties);
    const def = NODES[label as NodeLabel];
    const props = prepareNodeProps(label as NodeLabel, data.properties);
    const keyValues = Object.fromEntries(def.key.map((k) => [k, String(props[k])]));
    const self = endpoint({ label: label as NodeLabel, key: keyValues }, 'properties');
    const { props: plain, accumulate } = splitProps(def.properties, {
      ...props,
      ...self.key,
    });
    const node: NodeWrite = {
      kind: 'node',
      label: self.label,
      id: self.id,
      props: plain,
      accumulate,
      ...(data.asOf ? { asOf: data.asOf } : {}),
    };
    return [node, ...domainOf(node, data.sources ?? []), ...sourceLinks(self, data.sources ?? [])];
  }
  if ('relationship' in record) {
    const type = record.relationship;
    if (typeof type !== 'string' || !(RELATIONSHIP_TYPES as string[]).includes(type)) {
      throw new RecordError(
        `unknown relationship type ${JSON.stringify(type)}; expected one of ${RELATIONSHIP_TYPES.join(', ')}`,
        'relationship',
      );
    }
    const relType = type as RelationshipType;
    const def = RELATIONSHIPS[relType];
    for (const end of ['from', 'to'] as const) {
      const label = (record[end] as { label?: unknown } | undefined)?.label;
      if (typeof label !== 'string' || !(def[end] as readonly string[]).includes(label)) {
        throw new RecordError(
          `${relType} ${end} must be one of ${def[end].join(', ')}, not ${JSON.stringify(label)}`,
          `${end}.label`,
        );
      }
    }
    const parsed = relationshipRecordSchemas[relType].safeParse(record);
    if (!parsed.success) throw formatIssue(parsed.error.issues[0]!);
    const data = parsed.data as {
      from: { label: NodeLabel; key: Record<string, string> };
      to: { label: NodeLabel; key: Record<string, string> };
      properties?: Record<string, unknown>;
      sources?: { source: string; quote: string }[];
    };
    const from = endpoint(data.from, 'from');
    const to = endpoint(data.to, 'to');
    const values: Record<string, unknown> = { ...(data.properties ?? {}) };
    if (data.sources?.length) Object.assign(values, sourceProps(data.sources));
    const { props, accumulate } = splitProps(relationshipProperties(relType), values);
    const key = Object.fromEntries(def.key.map((k) => [k, values[k]]));
    return [
      {
        kind: 'relationship',
        type: relType,
        id: relationshipId(relType, from.id, to.id, key),
        from,
        to,
        key,
        props,
        accumulate,
      },
    ];
  }
  throw new RecordError('a record needs a "node" or a "relationship" field', '');
}
