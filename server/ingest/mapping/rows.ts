/**
 * Compiles the templates of a mapping (node templates, relationship templates, citations) into a
 * RowMapper: one row in (a CSV row, a JSON element, a GraphML node or edge), dataset records out.
 *
 * Static checks against the model happen here, at compile time: labels and relationship types,
 * property names, required properties, endpoint labels, citations naming Source templates. A row's
 * data can still be wrong (an unmapped type, a bad URL): that is a RowError for that row only.
 */
import {
  NODE_LABELS,
  NODES,
  RELATIONSHIP_SOURCE_PROPERTIES,
  RELATIONSHIP_TYPES,
  RELATIONSHIPS,
} from '../../model/schema.js';
import { isNodeLabel, isRelationshipType, relationshipProperties } from '../../model/schema.js';
import type { NodeDef, NodeLabel, RelationshipType } from '../../model/schema.js';
import type { PropertySpec } from '../../model/properties.js';
import { RecordError, toWrites } from '../../model/records.js';
import { asText, coerce, compileValue, compileWhen, constantOf, itemsOf, joinPath, RowError } from './values.js';
import type { ColumnRef, Evaluator, MappingIssue, RowContext, Scope, Test, ValueSpec, When } from './values.js';

export interface Citation {
  /** The name of a node template whose label is Source. */
  readonly source: string;
  readonly quote: ValueSpec;
  readonly when?: When;
}

export interface NodeTemplate {
  readonly name: string;
  readonly label: ValueSpec;
  /** One node per item of this value (a split cell, a JSON list); the item is `@item`. */
  readonly each?: ValueSpec;
  readonly when?: When;
  readonly properties: Readonly<Record<string, ValueSpec>>;
  readonly sources?: readonly Citation[];
}

export interface RelationshipTemplate {
  readonly name?: string;
  readonly type: ValueSpec;
  /** A node template name (GraphML edges: also `@source` / `@target`). */
  readonly from: string;
  readonly to: string;
  readonly when?: When;
  readonly properties?: Readonly<Record<string, ValueSpec>>;
  readonly sources?: readonly Citation[];
}

export interface RowsSpec {
  readonly nodes?: readonly NodeTemplate[];
  readonly relationships?: readonly RelationshipTemplate[];
}

/** A node a row produced, as relationships and citations see it. */
export interface NodeInstance {
  readonly template: string;
  readonly label: NodeLabel;
  readonly key: Record<string, string>;
  readonly properties: Record<string, unknown>;
}

export interface Endpoint {
  readonly label: NodeLabel;
  readonly key: Record<string, string>;
}

export interface RowOutput {
  /** Dataset records, nodes first, in template order. */
  readonly records: Record<string, unknown>[];
  /** For each record, the template it came from (`nodes[1]`), to name it in errors. */
  readonly paths: string[];
  readonly instances: ReadonlyMap<string, NodeInstance[]>;
}

export interface RowMapper {
  /** Every column the templates read, with where: checked against a header before any row. */
  readonly columns: readonly ColumnRef[];
  /** Property values that are constant strings: warned about when one is also a column name. */
  readonly constants: readonly { readonly path: string; readonly value: string }[];
  readonly nodeTemplates: readonly string[];
  /** Throws RowError when the row's data does not fit a template. */
  map(ctx: RowContext, external?: Readonly<Record<string, Endpoint>>): RowOutput;
}

export interface CompileOptions {
  /** Path prefix of this section in the mapping ('' or `node.`, `edge.` for GraphML). */
  readonly base: string;
  readonly pseudo?: readonly string[];
  /** Endpoint names supplied from outside the row (GraphML edges: `@source`, `@target`). */
  readonly external?: readonly string[];
}

type Possible = ReadonlySet<string> | 'any';

/** Labels a mapping may produce: the model's, less its bookkeeping ones (load runs, migrations). */
export const MAPPABLE_LABELS: readonly NodeLabel[] = NODE_LABELS.filter((l) => !(NODES[l] as NodeDef).meta);

export function isMappableLabel(value: string): value is NodeLabel {
  return isNodeLabel(value) && MAPPABLE_LABELS.includes(value);
}

function labelProblem(label: string): string {
  return isNodeLabel(label)
    ? `${label} is bookkeeping, written by the loader, not by a mapping`
    : `unknown label ${JSON.stringify(label)}; the model has ${list(MAPPABLE_LABELS)}`;
}

/** The values a label or type expression can take, when the mapping says (a constant, a closed map). */
export function possibleValues(spec: ValueSpec): Possible {
  const constant = constantOf(spec);
  if (constant !== undefined) return new Set(itemsOf(constant).map(String));
  if (typeof spec !== 'object' || Array.isArray(spec)) return 'any';
  const found = new Set<string>();
  let open = false;
  if (spec.value !== undefined) {
    itemsOf(spec.value).forEach((v) => found.add(String(v)));
  } else if (spec.first !== undefined) {
    for (const option of spec.first) {
      const possible = possibleValues(option);
      if (possible === 'any') open = true;
      else possible.forEach((v) => found.add(v));
    }
  } else {
    open = true;
  }
  if (spec.map !== undefined) {
    if (spec.value === undefined) found.clear();
    Object.values(spec.map).forEach((v) => v !== null && found.add(String(v)));
    open = (spec.otherwise ?? 'keep') === 'keep';
  }
  if (spec.default !== undefined) itemsOf(spec.default).forEach((v) => found.add(String(v)));
  return open ? 'any' : found;
}

function list(values: Iterable<string>): string {
  return [...values].join(', ');
}

/** "a Person", "an Organization". */
function a(word: string): string {
  return `${/^[AEIOU]/i.test(word) ? 'an' : 'a'} ${word}`;
}

interface CompiledCitation {
  readonly source: string;
  readonly path: string;
  readonly quote: Evaluator;
  readonly when: Test;
}

interface CompiledNode {
  readonly name: string;
  readonly path: string;
  readonly label: Evaluator;
  readonly each?: Evaluator;
  readonly when: Test;
  readonly properties: readonly (readonly [string, Evaluator])[];
  readonly sources: readonly CompiledCitation[];
}

interface CompiledRelationship {
  readonly path: string;
  readonly type: Evaluator;
  readonly from: string;
  readonly to: string;
  readonly when: Test;
  readonly properties: readonly (readonly [string, Evaluator])[];
  readonly sources: readonly CompiledCitation[];
}

export function compileRows(spec: RowsSpec, options: CompileOptions, issues: MappingIssue[]): RowMapper {
  const columns: ColumnRef[] = [];
  const constants: { path: string; value: string }[] = [];
  const pseudo = options.pseudo ?? [];
  const external = options.external ?? [];
  const scope = (hasItem: boolean): Scope => ({ issues, columns, hasItem, pseudo });
  const base = options.base;

  const nodeLabels = new Map<string, Possible>();
  const sourceTemplates = new Set<string>();
  const nodes: CompiledNode[] = [];
  (spec.nodes ?? []).forEach((t, i) => {
    const path = `${base}nodes[${i}]`;
    if (nodeLabels.has(t.name) || external.includes(t.name)) {
      issues.push({
        path: joinPath(path, 'name'),
        message: `the template name ${JSON.stringify(t.name)} is used twice`,
      });
    }
    const labels = possibleValues(t.label);
    nodeLabels.set(t.name, labels);
    if (labels !== 'any') {
      for (const l of labels) {
        if (!isMappableLabel(l)) issues.push({ path: joinPath(path, 'label'), message: labelProblem(l) });
      }
      if (labels.size === 1 && labels.has('Source')) sourceTemplates.add(t.name);
    }
    const known = labels === 'any' ? MAPPABLE_LABELS : [...labels].filter(isMappableLabel);
    const inner = scope(t.each !== undefined);
    const properties: [string, Evaluator][] = [];
    for (const [prop, value] of Object.entries(t.properties)) {
      const at = joinPath(joinPath(path, 'properties'), prop);
      const owners = known.filter((l) => Object.hasOwn(NODES[l].properties, prop));
      if (owners.length === 0 && known.length > 0) {
        const only = known.length === 1 ? known[0]! : undefined;
        issues.push({
          path: at,
          message: only
            ? `${only} has no property ${JSON.stringify(prop)} (it has ${list(Object.keys(NODES[only].properties))})`
            : `none of ${list(known)} has a property ${JSON.stringify(prop)}`,
        });
      }
      const constant = constantOf(value);
      if (typeof constant === 'string') constants.push({ path: at, value: constant });
      properties.push([prop, compileValue(value, at, inner)]);
    }
    if (labels !== 'any') {
      for (const l of known) {
        const missing = Object.entries(NODES[l].properties as Record<string, PropertySpec>)
          .filter(([p, s]) => s.required && !Object.hasOwn(t.properties, p))
          .map(([p]) => JSON.stringify(p));
        if (missing.length)
          issues.push({ path: joinPath(path, 'properties'), message: `${a(l)} needs ${missing.join(' and ')}` });
      }
    }
    nodes.push({
      name: t.name,
      path,
      label: compileValue(t.label, joinPath(path, 'label'), inner),
      ...(t.each !== undefined ? { each: compileValue(t.each, joinPath(path, 'each'), scope(false)) } : {}),
      when: compileWhen(t.when, joinPath(path, 'when'), inner),
      properties,
      sources: [],
    });
  });

  const citations = (list: readonly Citation[] | undefined, path: string, hasItem: boolean): CompiledCitation[] =>
    (list ?? []).map((c, j) => {
      const at = joinPath(joinPath(path, 'sources'), j);
      if (!nodeLabels.has(c.source)) {
        issues.push({ path: joinPath(at, 'source'), message: `no node template named ${JSON.stringify(c.source)}` });
      } else if (!sourceTemplates.has(c.source)) {
        issues.push({
          path: joinPath(at, 'source'),
          message: `the node template ${JSON.stringify(c.source)} must have the constant label Source to be cited`,
        });
      }
      return {
        source: c.source,
        path: at,
        quote: compileValue(c.quote, joinPath(at, 'quote'), scope(hasItem)),
        when: compileWhen(c.when, joinPath(at, 'when'), scope(hasItem)),
      };
    });
  (spec.nodes ?? []).forEach((t, i) => {
    const compiled = nodes[i]!;
    nodes[i] = { ...compiled, sources: citations(t.sources, compiled.path, t.each !== undefined) };
  });

  const relationships: CompiledRelationship[] = (spec.relationships ?? []).map((t, i) => {
    const path = `${base}relationships[${i}]`;
    const types = possibleValues(t.type);
    if (types !== 'any') {
      for (const type of types) {
        if (!isRelationshipType(type))
          issues.push({
            path: joinPath(path, 'type'),
            message: `unknown relationship type ${JSON.stringify(type)}; the model has ${list(RELATIONSHIP_TYPES)}`,
          });
      }
    }
    const knownTypes: RelationshipType[] =
      types === 'any' ? RELATIONSHIP_TYPES : [...types].filter((x): x is RelationshipType => isRelationshipType(x));
    for (const end of ['from', 'to'] as const) {
      const name = t[end];
      const at = joinPath(path, end);
      if (external.includes(name)) continue;
      const labels = nodeLabels.get(name);
      if (labels === undefined) {
        const choices = [...nodeLabels.keys(), ...external];
        issues.push({
          path: at,
          message: `no node template named ${JSON.stringify(name)} (templates: ${list(choices) || 'none'})`,
        });
        continue;
      }
      if (labels === 'any' || knownTypes.length === 0) continue;
      const fits = knownTypes.some((type) =>
        [...labels].some((l) => (RELATIONSHIPS[type][end] as readonly string[]).includes(l)),
      );
      if (!fits) {
        const allowed = knownTypes.map((type) => `${type} ${end} ${RELATIONSHIPS[type][end].join('|')}`).join('; ');
        issues.push({
          path: at,
          message: `the node template ${JSON.stringify(name)} is ${a(list(labels))}, but ${allowed}`,
        });
      }
    }
    const properties: [string, Evaluator][] = [];
    for (const [prop, value] of Object.entries(t.properties ?? {})) {
      const at = joinPath(joinPath(path, 'properties'), prop);
      if (Object.hasOwn(RELATIONSHIP_SOURCE_PROPERTIES, prop)) {
        issues.push({ path: at, message: `${prop} is set from \`sources\`, not as a property` });
      } else if (
        knownTypes.length > 0 &&
        !knownTypes.some((type) => Object.hasOwn(RELATIONSHIPS[type].properties, prop))
      ) {
        const props = knownTypes.flatMap((type) => Object.keys(RELATIONSHIPS[type].properties));
        issues.push({
          path: at,
          message: `${list(knownTypes)} has no property ${JSON.stringify(prop)}${props.length ? ` (it has ${list(new Set(props))})` : ''}`,
        });
      }
      properties.push([prop, compileValue(value, at, scope(false))]);
    }
    if (types !== 'any') {
      for (const type of knownTypes) {
        const missing = Object.entries(RELATIONSHIPS[type].properties as Record<string, PropertySpec>)
          .filter(([p, s]) => s.required && !Object.hasOwn(t.properties ?? {}, p))
          .map(([p]) => JSON.stringify(p));
        if (missing.length)
          issues.push({ path: joinPath(path, 'properties'), message: `${type} needs ${missing.join(' and ')}` });
      }
    }
    return {
      path,
      type: compileValue(t.type, joinPath(path, 'type'), scope(false)),
      from: t.from,
      to: t.to,
      when: compileWhen(t.when, joinPath(path, 'when'), scope(false)),
      properties,
      sources: citations(t.sources, path, false),
    };
  });

  return {
    columns,
    constants,
    nodeTemplates: nodes.map((n) => n.name),
    map: (ctx, endpoints = {}) => mapRow(ctx, endpoints, nodes, relationships),
  };
}

function single(value: unknown, path: string, what: string): string | undefined {
  const items = itemsOf(value);
  if (items.length === 0) return undefined;
  if (items.length > 1) throw new RowError(path, `expected one ${what}, got ${items.map(asText).join(', ')}`);
  return asText(items[0]);
}

function mapRow(
  ctx: RowContext,
  endpoints: Readonly<Record<string, Endpoint>>,
  nodes: readonly CompiledNode[],
  relationships: readonly CompiledRelationship[],
): RowOutput {
  const instances = new Map<string, NodeInstance[]>();
  const contexts = new Map<NodeInstance, RowContext>();
  for (const t of nodes) {
    const found: NodeInstance[] = [];
    const seen = new Set<string>();
    const items = t.each ? itemsOf(t.each(ctx)) : [undefined];
    for (const item of items) {
      const ictx: RowContext = t.each ? { get: (c) => ctx.get(c), item } : ctx;
      if (!t.when(ictx)) continue;
      const labelPath = joinPath(t.path, 'label');
      const label = single(t.label(ictx), labelPath, 'label');
      if (label === undefined) throw new RowError(labelPath, 'no label for this row');
      if (!isMappableLabel(label)) throw new RowError(labelPath, labelProblem(label));
      const def = NODES[label].properties as Record<string, PropertySpec>;
      const properties: Record<string, unknown> = {};
      for (const [prop, evaluate] of t.properties) {
        const at = joinPath(joinPath(t.path, 'properties'), prop);
        const value = evaluate(ictx);
        if (itemsOf(value).length === 0) continue;
        const spec = def[prop];
        if (!spec) throw new RowError(at, `${a(label)} has no property ${JSON.stringify(prop)}`);
        const coerced = coerce(value, spec, at);
        if (coerced !== undefined) properties[prop] = coerced;
      }
      const key = Object.fromEntries(NODES[label].key.map((k) => [k, asText(properties[k])]));
      const identity = JSON.stringify([label, properties]);
      if (seen.has(identity)) continue;
      seen.add(identity);
      const instance: NodeInstance = { template: t.name, label, key, properties };
      found.push(instance);
      contexts.set(instance, ictx);
    }
    instances.set(t.name, found);
  }

  const cite = (citations: readonly CompiledCitation[], c: RowContext) => {
    const out: { source: string; quote: string }[] = [];
    const seen = new Set<string>();
    for (const citation of citations) {
      if (!citation.when(c)) continue;
      const sources = instances.get(citation.source) ?? [];
      if (sources.length === 0) continue;
      const quote = asText(citation.quote(c)).trim();
      if (quote === '') throw new RowError(joinPath(citation.path, 'quote'), 'the quote is empty for this row');
      for (const s of sources) {
        const entry = { source: asText(s.properties.ref), quote };
        const id = JSON.stringify(entry);
        if (!seen.has(id)) out.push(entry);
        seen.add(id);
      }
    }
    return out;
  };

  const records: Record<string, unknown>[] = [];
  const paths: string[] = [];
  for (const t of nodes) {
    for (const instance of instances.get(t.name) ?? []) {
      const sources = cite(t.sources, contexts.get(instance) ?? ctx);
      records.push({ node: instance.label, properties: instance.properties, ...(sources.length ? { sources } : {}) });
      paths.push(t.path);
    }
  }

  for (const r of relationships) {
    if (!r.when(ctx)) continue;
    const ends = (name: string): Endpoint[] => {
      const fixed = endpoints[name];
      if (fixed) return [fixed];
      return (instances.get(name) ?? []).map((n) => ({ label: n.label, key: n.key }));
    };
    const from = ends(r.from);
    const to = ends(r.to);
    if (from.length === 0 || to.length === 0) continue;
    const typePath = joinPath(r.path, 'type');
    const type = single(r.type(ctx), typePath, 'relationship type');
    if (type === undefined) throw new RowError(typePath, 'no relationship type for this row');
    if (!isRelationshipType(type))
      throw new RowError(typePath, `${JSON.stringify(type)} is not a relationship type (${list(RELATIONSHIP_TYPES)})`);
    const allowed = relationshipProperties(type);
    const properties: Record<string, unknown> = {};
    for (const [prop, evaluate] of r.properties) {
      const at = joinPath(joinPath(r.path, 'properties'), prop);
      const value = evaluate(ctx);
      if (itemsOf(value).length === 0) continue;
      const spec = allowed[prop];
      if (!spec || Object.hasOwn(RELATIONSHIP_SOURCE_PROPERTIES, prop))
        throw new RowError(at, `${type} has no property ${JSON.stringify(prop)}`);
      const coerced = coerce(value, spec, at);
      if (coerced !== undefined) properties[prop] = coerced;
    }
    const sources = cite(r.sources, ctx);
    // A type with required properties always carries the object, so a missing one is named.
    const needsProperties = Object.values(RELATIONSHIPS[type].properties as Record<string, PropertySpec>).some(
      (p) => p.required,
    );
    const seen = new Set<string>();
    for (const a of from) {
      for (const b of to) {
        const record = {
          relationship: type,
          from: a,
          to: b,
          ...(Object.keys(properties).length || needsProperties ? { properties } : {}),
          ...(sources.length ? { sources } : {}),
        };
        const id = JSON.stringify(record);
        if (seen.has(id)) continue;
        seen.add(id);
        records.push(record);
        paths.push(r.path);
      }
    }
  }
  return { records, paths, instances };
}

/**
 * Checks a row's records against the model before any is yielded, so a row loads whole or is
 * rejected whole; and drops node records already yielded (the same person on a thousand rows is
 * yielded once). Dropping is only an economy: the writer MERGEs, so a repeat is harmless, and the
 * memory of what was yielded is bounded.
 */
export class RecordGate {
  private seen = new Set<string>();

  constructor(
    private readonly validate = true,
    private readonly capacity = 200_000,
  ) {}

  pass(out: RowOutput): Record<string, unknown>[] {
    if (this.validate) {
      out.records.forEach((record, i) => {
        try {
          toWrites(record);
        } catch (error) {
          if (!(error instanceof RecordError)) throw error;
          const what = (record.node ?? record.relationship) as string;
          const missing = /^properties\.(\w+)$/.exec(error.path)?.[1];
          const given = record.properties as Record<string, unknown> | undefined;
          const message =
            missing !== undefined && given?.[missing] === undefined
              ? `properties.${missing}: required, and this row has no value for it`
              : error.message;
          throw new RowError(out.paths[i] ?? '', `${what}: ${message}`);
        }
      });
    }
    return out.records.filter((record) => {
      if (!('node' in record)) return true;
      const id = JSON.stringify(record);
      if (this.seen.has(id)) return false;
      if (this.seen.size >= this.capacity) this.seen.clear();
      this.seen.add(id);
      return true;
    });
  }
}
