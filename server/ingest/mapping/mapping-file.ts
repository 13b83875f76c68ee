/**
 * The mapping file format, validated with zod and then against the model: how each row of a CSV, each
 * element of a JSON array (or NDJSON line), or each node and edge of a GraphML file becomes dataset
 * records. docs/mapping.md documents it with examples; cypher/mappings/ holds the shipped mappings.
 *
 * Two shapes:
 *   rows (CSV, JSON):  {dataset?, description?, csv?, json?, nodes: [...], relationships?: [...]}
 *   GraphML:           {dataset?, description?, node?: {nodes, relationships?, endpoint?}, edge?: {nodes?, relationships},
 *                       defaults?: {nodeLabel?, edgeType?}}
 *
 * Every error names its path in the mapping (`nodes[1].properties.name: ...`); all of them are
 * reported at once.
 */
import path from 'node:path';
import { z } from 'zod';
import { RELATIONSHIP_TYPES } from '../../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../../model/graph-model.js';
import { compileRows, isMappableLabel, MAPPABLE_LABELS } from './rows.js';
import type { NodeTemplate, RelationshipTemplate, RowMapper } from './rows.js';
import { joinPath } from './values.js';
import type { MappingIssue } from './issues.js';
import type { Condition, Scalar, ValueObject, ValueSpec, When } from './values.js';
import {
  defaultEdgeSection,
  defaultEdgeType,
  defaultNodeSection,
  GRAPHML_EXTERNAL,
  GRAPHML_PSEUDO,
} from './defaults.js';
import { InputError } from '../../errors.js';

export class MappingError extends InputError {
  constructor(
    readonly origin: string,
    readonly issues: readonly MappingIssue[],
  ) {
    super('invalid_mapping', issues.map((i) => `${origin}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------------
// zod schemas.

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const TEMPLATE_NAME = /^[A-Za-z_][\w-]*$/;

const valueObject: z.ZodType<ValueObject> = z.lazy(() =>
  z
    .strictObject({
      column: z.string().min(1).optional(),
      value: z.union([scalar, z.array(scalar)]).optional(),
      template: z.string().optional(),
      first: z.array(valueSpec).min(1).optional(),
      trim: z.boolean().optional(),
      split: z.string().min(1).optional(),
      match: z.string().min(1).optional(),
      lower: z.boolean().optional(),
      upper: z.boolean().optional(),
      url: z.boolean().optional(),
      host: z.boolean().optional(),
      date: z.string().min(1).optional(),
      time: z
        .union([z.string().min(1), z.strictObject({ pattern: z.string().min(1), zone: z.string().min(1).optional() })])
        .optional(),
      map: z.record(z.string(), z.union([scalar, z.null()])).optional(),
      otherwise: z.enum(['keep', 'omit', 'error']).optional(),
      join: z.string().optional(),
      default: z.union([scalar, z.array(scalar)]).optional(),
      when: when.optional(),
    })
    .superRefine((o, ctx) => {
      const given = (['column', 'value', 'template', 'first'] as const).filter((k) => o[k] !== undefined);
      if (given.length !== 1)
        ctx.addIssue({
          code: 'custom',
          message: given.length
            ? `give only one of column, value, template, first (got ${given.join(' and ')})`
            : 'a value needs one of column, value, template or first',
        });
    }),
);

export const valueSpecSchema: z.ZodType<ValueSpec> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.array(scalar), valueObject]),
);
const valueSpec = valueSpecSchema;

const CONDITION_FORMS = ['equals', 'in', 'notEmpty', 'matches', 'not', 'any', 'all'] as const;

// One object with every key, checked by hand: a union of objects would give useless errors for a typo.
const condition: z.ZodType<Condition> = z.lazy(
  () =>
    z
      .strictObject({
        column: z.string().min(1).optional(),
        equals: scalar.optional(),
        in: z.array(scalar).min(1).optional(),
        notEmpty: z.boolean().optional(),
        matches: z.string().min(1).optional(),
        ignoreCase: z.boolean().optional(),
        not: z.lazy(() => when).optional(),
        any: z
          .array(z.lazy(() => when))
          .min(1)
          .optional(),
        all: z
          .array(z.lazy(() => when))
          .min(1)
          .optional(),
      })
      .superRefine((c, ctx) => {
        const forms = CONDITION_FORMS.filter((k) => c[k] !== undefined);
        if (forms.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: forms.length
              ? `a condition has one test (got ${forms.join(' and ')})`
              : `a condition needs one of ${CONDITION_FORMS.join(', ')}`,
          });
          return;
        }
        const compound = ['not', 'any', 'all'].includes(forms[0]!);
        if (compound && (c.column !== undefined || c.ignoreCase !== undefined))
          ctx.addIssue({ code: 'custom', message: `${forms[0]} takes conditions, not a column` });
        if (!compound && c.column === undefined)
          ctx.addIssue({ code: 'custom', message: `${forms[0]} needs a column`, path: ['column'] });
      }) as unknown as z.ZodType<Condition>,
);

const when: z.ZodType<When> = z.union([condition, z.array(condition).min(1)]);

const citation = z.strictObject({
  source: z.string().min(1),
  quote: valueSpec,
  when: when.optional(),
});

const nodeTemplate = z.strictObject({
  name: z.string().regex(TEMPLATE_NAME, 'a template name is letters, digits, _ and -, starting with a letter'),
  label: valueSpec,
  ref: valueSpec.optional(),
  key: z.literal('name', { error: 'key: name is the only key a mapping declares (otherwise give ref:)' }).optional(),
  records: z.string().min(1).optional(),
  each: valueSpec.optional(),
  when: when.optional(),
  properties: z.record(z.string(), valueSpec),
  sources: z.array(citation).optional(),
});

/** A template name, or a join by id: `{ node: member, id: { column: source } }`. */
const endpoint = z.union([z.string().min(1), z.strictObject({ node: z.string().min(1), id: valueSpec })]);

/** Scopes refs (`<dataset>:<id>`): no colon, so a ref says unambiguously where its dataset ends. */
const dataset = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'a dataset is letters, digits, _, . and -, without spaces or colons');

const relationshipTemplate = z.strictObject({
  name: z.string().optional(),
  type: valueSpec,
  from: endpoint,
  to: endpoint,
  records: z.string().min(1).optional(),
  when: when.optional(),
  properties: z.record(z.string(), valueSpec).optional(),
  sources: z.array(citation).optional(),
});

export const csvOptionsSchema = z.strictObject({
  delimiter: z.string().min(1).optional(),
  quote: z.string().length(1).optional(),
  encoding: z.enum(['utf8', 'utf-8', 'latin1', 'utf16le']).optional(),
});

export const jsonOptionsSchema = z.strictObject({
  /** Dotted path to the array of rows inside a JSON document (default: the document is the array). */
  records: z.string().min(1).optional(),
  /** NDJSON (one row per line) or one document; default: from the extension and the first character. */
  lines: z.boolean().optional(),
});

export const rowsMappingSchema = z.strictObject({
  dataset: dataset.optional(),
  description: z.string().optional(),
  csv: csvOptionsSchema.optional(),
  json: jsonOptionsSchema.optional(),
  nodes: z.array(nodeTemplate).min(1),
  relationships: z.array(relationshipTemplate).optional(),
});

export const graphmlMappingSchema = z.strictObject({
  dataset: dataset.optional(),
  description: z.string().optional(),
  node: z
    .strictObject({
      nodes: z.array(nodeTemplate).min(1),
      relationships: z.array(relationshipTemplate).optional(),
      endpoint: z.string().optional(),
    })
    .optional(),
  edge: z
    .strictObject({
      nodes: z.array(nodeTemplate).optional(),
      relationships: z.array(relationshipTemplate).min(1),
    })
    .optional(),
  defaults: z
    .strictObject({
      nodeLabel: z.string().optional(),
      edgeType: z.string().optional(),
    })
    .optional(),
});

export type CsvOptions = z.infer<typeof csvOptionsSchema>;
export type JsonOptions = z.infer<typeof jsonOptionsSchema>;

export interface RowsMappingSpec {
  readonly dataset?: string;
  readonly description?: string;
  readonly csv?: CsvOptions;
  readonly json?: JsonOptions;
  readonly nodes: readonly NodeTemplate[];
  readonly relationships?: readonly RelationshipTemplate[];
}

export interface GraphmlNodeSection {
  readonly nodes: readonly NodeTemplate[];
  readonly relationships?: readonly RelationshipTemplate[];
  /** The node template edges attach to (default: the first node the section produces). */
  readonly endpoint?: string;
}

export interface GraphmlEdgeSection {
  readonly nodes?: readonly NodeTemplate[];
  readonly relationships: readonly RelationshipTemplate[];
}

export interface GraphmlMappingSpec {
  readonly dataset?: string;
  readonly description?: string;
  readonly node?: GraphmlNodeSection;
  readonly edge?: GraphmlEdgeSection;
  readonly defaults?: { readonly nodeLabel?: string; readonly edgeType?: string };
}

/** A validated mapping for CSV or JSON rows. */
export interface RowsMapping {
  readonly kind: 'rows';
  readonly origin: string;
  /** Scopes the refs of Person and Organization: `dataset:`, else the mapping file's name. */
  readonly dataset: string;
  readonly spec: RowsMappingSpec;
  readonly rows: RowMapper;
}

/** A validated mapping for GraphML; a section the file does not give is the default one. */
export interface GraphmlMapping {
  readonly kind: 'graphml';
  readonly origin: string;
  /** `dataset:`, else the mapping file's name; none for the default mapping (the GraphML file's name then). */
  readonly dataset?: string;
  readonly spec: GraphmlMappingSpec;
  readonly node: RowMapper;
  readonly endpoint?: string;
  readonly edge: RowMapper;
  /** Whether the node section was written (its columns are checked against the declared keys). */
  readonly explicitNode: boolean;
  readonly explicitEdge: boolean;
}

export type Mapping = RowsMapping | GraphmlMapping;

// ---------------------------------------------------------------------------------------------------
// Validation.

/** The most specific of a union's failures: the branch that got furthest into the input. */
function flatten(issue: z.core.$ZodIssue, prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const depth = (branch: z.core.$ZodIssue[]) =>
      branch.some((i) => i.code === 'invalid_type' && i.path.length === 0)
        ? -1
        : Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_union' ? 1 : 0)));
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
    if (depth(best) >= 0) return best.flatMap((i) => flatten(i, path));
    return [
      { path, message: 'expected a string, a number, a list or an object with one of column, value, template, first' },
    ];
  }
  return [{ path, message: issue.message }];
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => joinPath(acc, typeof key === 'number' ? key : String(key)), '');
}

function zodIssues(error: z.ZodError): MappingIssue[] {
  const issues = error.issues.flatMap((i) => flatten(i)).map((i) => ({ path: pathText(i.path), message: i.message }));
  // A typo'd key ("colum") also leaves the object without its form: the typo is the news.
  const typos = new Set(issues.filter((i) => i.message.startsWith('Unrecognized key')).map((i) => i.path));
  return issues.filter((i) => !typos.has(i.path) || i.message.startsWith('Unrecognized key'));
}

function isRowsShape(raw: Record<string, unknown>): boolean {
  return 'nodes' in raw || 'relationships' in raw || 'csv' in raw || 'json' in raw;
}

/**
 * Validates a mapping (already read from YAML or JSON) and compiles it. Throws MappingError listing
 * every problem with its path. `origin` names the mapping in messages (its file).
 */
export function parseMapping(raw: unknown, origin = 'mapping'): Mapping {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MappingError(origin, [{ path: '', message: 'a mapping is an object (YAML mapping or JSON object)' }]);
  }
  const object = raw as Record<string, unknown>;
  const graphml = 'node' in object || 'edge' in object || 'defaults' in object;
  if (graphml && isRowsShape(object)) {
    throw new MappingError(origin, [
      { path: '', message: 'a mapping has `nodes` (CSV/JSON rows) or `node`/`edge` (GraphML), not both' },
    ]);
  }
  if (!graphml && !isRowsShape(object)) {
    throw new MappingError(origin, [
      { path: '', message: 'a mapping needs `nodes` (CSV/JSON rows) or `node`/`edge` (GraphML)' },
    ]);
  }
  const issues: MappingIssue[] = [];
  if (!graphml) {
    const parsed = rowsMappingSchema.safeParse(raw);
    if (!parsed.success) throw new MappingError(origin, zodIssues(parsed.error));
    const spec = parsed.data as RowsMappingSpec;
    const rows = compileRows(spec, { base: '', groups: true, defaultGroup: spec.json?.records ?? '' }, issues);
    if (issues.length) throw new MappingError(origin, issues);
    return { kind: 'rows', origin, dataset: spec.dataset ?? datasetOf(origin), spec, rows };
  }
  const parsed = graphmlMappingSchema.safeParse(raw);
  if (!parsed.success) throw new MappingError(origin, zodIssues(parsed.error));
  const spec = parsed.data as GraphmlMappingSpec;
  return compileGraphml(spec, origin, issues);
}

/** A file's name without its extension: the default dataset of a mapping (or of a GraphML file). */
export function datasetOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).replace(/[^\w.-]+/g, '-');
}

export const DEFAULT_GRAPHML = 'default GraphML mapping';

function compileGraphml(spec: GraphmlMappingSpec, origin: string, issues: MappingIssue[]): GraphmlMapping {
  const nodeLabel = spec.defaults?.nodeLabel ?? 'Person';
  if (!isMappableLabel(nodeLabel)) {
    issues.push({
      path: 'defaults.nodeLabel',
      message: `unknown label ${JSON.stringify(nodeLabel)}; the model has ${MAPPABLE_LABELS.join(', ')}`,
    });
  }
  const edgeType = spec.defaults?.edgeType ?? defaultEdgeType();
  if (!(RELATIONSHIP_TYPES as string[]).includes(edgeType)) {
    issues.push({
      path: 'defaults.edgeType',
      message: `unknown relationship type ${JSON.stringify(edgeType)}; the model has ${RELATIONSHIP_TYPES.join(', ')}`,
    });
  }
  if (issues.length) throw new MappingError(origin, issues);
  const nodeSection = spec.node ?? defaultNodeSection(nodeLabel as NodeLabel);
  const edgeSection = spec.edge ?? defaultEdgeSection(edgeType as RelationshipType);
  // A node's GraphML id is the default ref of the people and organizations it makes.
  const node = compileRows(
    nodeSection,
    { base: spec.node ? 'node.' : 'default node.', pseudo: ['@id'], defaultRef: { column: '@id' } },
    issues,
  );
  const edge = compileRows(
    edgeSection,
    { base: spec.edge ? 'edge.' : 'default edge.', pseudo: GRAPHML_PSEUDO, external: GRAPHML_EXTERNAL },
    issues,
  );
  const endpoint = spec.node?.endpoint;
  if (endpoint !== undefined && !node.nodeTemplates.includes(endpoint)) {
    issues.push({
      path: 'node.endpoint',
      message: `no node template named ${JSON.stringify(endpoint)} (templates: ${node.nodeTemplates.join(', ')})`,
    });
  }
  if (issues.length) throw new MappingError(origin, issues);
  const dataset = spec.dataset ?? (origin === DEFAULT_GRAPHML ? undefined : datasetOf(origin));
  return {
    kind: 'graphml',
    origin,
    ...(dataset !== undefined ? { dataset } : {}),
    spec,
    node,
    edge,
    ...(endpoint !== undefined ? { endpoint } : {}),
    explicitNode: spec.node !== undefined,
    explicitEdge: spec.edge !== undefined,
  };
}

/** Every column a rows mapping reads must be in the header: one error per missing column, with its path. */
export function checkHeader(
  mapping: { origin: string; rows: RowMapper },
  header: readonly string[],
  file: string,
): void {
  const present = new Set(header);
  const issues: MappingIssue[] = [];
  for (const ref of mapping.rows.columns) {
    if (present.has(ref.column)) continue;
    const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
    const near = header.find((h) => fold(h) === fold(ref.column));
    issues.push({
      path: ref.path,
      message: `unknown column ${JSON.stringify(ref.column)}${near !== undefined ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; ${file} has ${header.map((h) => JSON.stringify(h)).join(', ')}`,
    });
  }
  if (issues.length) throw new MappingError(mapping.origin, issues);
}

/** A constant property value that is also a column name is most likely meant as the column. */
export function constantColumnWarnings(rows: RowMapper, header: readonly string[]): string[] {
  const present = new Set(header);
  return rows.constants
    .filter((c) => present.has(c.value))
    .map(
      (c) =>
        `${c.path}: the constant ${JSON.stringify(c.value)} is also a column name; write "{${c.value}}" or {column: ${c.value}} to read the column`,
    );
}

export type { Scalar, ValueSpec, When, Condition };
