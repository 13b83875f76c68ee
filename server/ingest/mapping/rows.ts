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
  NODE_DEFS,
  RELATIONSHIP_DEFS,
} from '../../model/graph-model.js';
import { isNodeLabel, isRelationshipType, relationshipProperties, SCOPED_LABELS } from '../../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../../model/graph-model.js';
import { RecordError, toWrites } from '../../model/records.js';
import { asText, coerce, compileValue, compileWhen, constantOf, itemsOf, joinPath, RowError } from './values.js';
import type { MappingIssue } from './issues.js';
import type { ColumnRef, Evaluator, RowContext, Scope, Test, ValueSpec, When } from './values.js';
import { compileTime, TimeValue } from './time.js';

export interface Citation {
  /** The name of a node template whose label is Source. */
  readonly source: string;
  readonly quote: ValueSpec;
  readonly when?: When;
}

export interface NodeTemplate {
  readonly name: string;
  readonly label: ValueSpec;
  /** Person/Organization: the source's own id for the entity; the record's ref is `<dataset>:<id>`. */
  readonly ref?: ValueSpec;
  /** Person/Organization without ids: the name is the key within the dataset (`<dataset>:name:<name>`). */
  readonly key?: 'name';
  /** JSON documents: the path of the array this template reads (default: json.records). */
  readonly records?: string;
  /** One node per item of this value (a split cell, a JSON list); the item is `@item`. */
  readonly each?: ValueSpec;
  readonly when?: When;
  readonly properties: Readonly<Record<string, ValueSpec>>;
  readonly sources?: readonly Citation[];
}

/** An endpoint named by the source's id: the node `node` produced, in any row, for that id. */
export interface JoinEnd {
  readonly node: string;
  readonly id: ValueSpec;
}

export interface RelationshipTemplate {
  readonly name?: string;
  readonly type: ValueSpec;
  /** A node template name (GraphML edges: also `@source` / `@target`), or a join by id. */
  readonly from: string | JoinEnd;
  readonly to: string | JoinEnd;
  readonly records?: string;
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
  /** The id other rows join on (`ref:`'s value, or the name for `key: name`), when it has one. */
  readonly joinId?: string;
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
  /** Items of `each` lists that were skipped, each with why: the row loads without them. */
  readonly warnings: string[];
}

/** A join by id this row needs and the file has not (yet) given: the row waits, or is rejected. */
export class Unresolved extends RowError {}

export interface MapOptions {
  /** Scopes the refs of Person and Organization: `<dataset>:<id>`. */
  readonly dataset: string;
  /** Endpoint names supplied from outside the row (GraphML edges). */
  readonly endpoints?: Readonly<Record<string, Endpoint>>;
  /** The endpoint a node template produced for an id in an earlier row, if any. */
  readonly lookup?: (template: string, id: string) => Endpoint | undefined;
  /** JSON documents: the array this row is an element of; only its templates apply. */
  readonly group?: string;
}

export interface RowMapper {
  /** Every column the templates read, with where: checked against a header before any row. */
  readonly columns: readonly ColumnRef[];
  /** Property values that are constant strings: warned about when one is also a column name. */
  readonly constants: readonly { readonly path: string; readonly value: string }[];
  readonly nodeTemplates: readonly string[];
  /** Templates other rows join to by id: their instances are remembered (JoinIndex). */
  readonly joinTargets: ReadonlySet<string>;
  /** JSON documents: the arrays the templates read, in the order first named (default group first). */
  readonly groups: readonly string[];
  /** Throws RowError when the row's data does not fit a template, Unresolved when a join waits. */
  map(ctx: RowContext, options: MapOptions): RowOutput;
}

export interface CompileOptions {
  /** Path prefix of this section in the mapping ('' or `node.`, `edge.` for GraphML). */
  readonly base: string;
  readonly pseudo?: readonly string[];
  /** Endpoint names supplied from outside the row (GraphML edges: `@source`, `@target`). */
  readonly external?: readonly string[];
  /** The ref of Person/Organization when a template declares none (GraphML nodes: `@id`). */
  readonly defaultRef?: ValueSpec;
  /** The array templates without `records:` read (JSON: json.records); '' is the document. */
  readonly defaultGroup?: string;
  /** Whether templates may name `records:` (JSON documents only). */
  readonly groups?: boolean;
}

/** The rule a Person/Organization template breaks when it gives no identity. */
export function identityRule(path: string, name: string, labels: string): string {
  return `${path} '${name}' (${labels}): give ref: (the source's own id) or key: name`;
}

/** `key: name`: the name as written, trimmed, runs of whitespace made one space. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

const SENT = ['sentPrecision', 'sentFrom', 'sentTo'] as const;
const readIsoTime = compileTime('iso', '', []);

type Possible = ReadonlySet<string> | 'any';

/** Labels a mapping may produce: the model's, less its bookkeeping ones (load runs, migrations). */
export const MAPPABLE_LABELS: readonly NodeLabel[] = NODE_LABELS.filter((l) => !NODE_DEFS[l].meta);

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

type Identity = { readonly ref: Evaluator; readonly path: string } | { readonly name: true } | undefined;

interface CompiledNode {
  readonly name: string;
  readonly path: string;
  readonly group: string;
  readonly label: Evaluator;
  readonly identity: Identity;
  /** `sent:` on a Message: one time sets sentPrecision, sentFrom and sentTo. */
  readonly sent?: Evaluator;
  readonly each?: Evaluator;
  readonly when: Test;
  readonly properties: readonly (readonly [string, Evaluator])[];
  readonly sources: readonly CompiledCitation[];
}

type CompiledEnd = string | { readonly node: string; readonly id: Evaluator; readonly path: string };

interface CompiledRelationship {
  readonly path: string;
  readonly group: string;
  readonly type: Evaluator;
  readonly from: CompiledEnd;
  readonly to: CompiledEnd;
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
  const defaultGroup = options.defaultGroup ?? '';
  const groups: string[] = [];
  const groupOf = (records: string | undefined, at: string): string => {
    if (records !== undefined && !options.groups)
      issues.push({ path: at, message: '`records` picks an array of a JSON document; it is for mapped JSON only' });
    const group = records ?? defaultGroup;
    if (!groups.includes(group)) groups.push(group);
    return group;
  };
  const nodeGroups = new Map<string, string>();
  const identified = new Set<string>();

  const nodeLabels = new Map<string, Possible>();
  const joinTargets = new Set<string>();
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
    const group = groupOf(t.records, joinPath(path, 'records'));
    nodeGroups.set(t.name, group);
    const scoped = known.filter((l) => SCOPED_LABELS.includes(l));
    const identity = compileIdentity(t, path, known, labels === 'any', inner, options.defaultRef, issues);
    if (identity) identified.add(t.name);
    let sent: Evaluator | undefined;
    const properties: [string, Evaluator][] = [];
    for (const [prop, value] of Object.entries(t.properties)) {
      const at = joinPath(joinPath(path, 'properties'), prop);
      if (prop === 'ref' && scoped.length > 0 && labels !== 'any') {
        issues.push({
          path: at,
          message: `the ref of ${list(scoped)} is made from the template's ref: (or key: name), scoped by the dataset; write ref: beside properties`,
        });
        continue;
      }
      if (prop === 'sent' && known.length > 0 && known.every((l) => SENT.every((p) => p in NODES[l].properties))) {
        const both = SENT.filter((p) => Object.hasOwn(t.properties, p));
        if (both.length)
          issues.push({ path: at, message: `sent sets ${SENT.join(', ')}; give sent or ${both.join(', ')}, not both` });
        sent = compileValue(value, at, inner);
        continue;
      }
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
        const missing = Object.entries(NODE_DEFS[l].properties)
          .filter(([p, s]) => s.required && !Object.hasOwn(t.properties, p))
          .filter(([p]) => !(p === 'ref' && SCOPED_LABELS.includes(l)))
          .map(([p]) => JSON.stringify(p));
        if (missing.length)
          issues.push({ path: joinPath(path, 'properties'), message: `${a(l)} needs ${missing.join(' and ')}` });
      }
    }
    nodes.push({
      name: t.name,
      path,
      group,
      label: compileValue(t.label, joinPath(path, 'label'), inner),
      identity,
      ...(sent ? { sent } : {}),
      ...(t.each !== undefined
        ? { each: compileValue(t.each, joinPath(path, 'each'), scope(false), { itemwise: true }) }
        : {}),
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
    const group = groupOf(t.records, joinPath(path, 'records'));
    const ends: Partial<Record<'from' | 'to', CompiledEnd>> = {};
    for (const end of ['from', 'to'] as const) {
      const given = t[end];
      const joined = typeof given === 'object';
      const name = joined ? given.node : given;
      const at = joined ? joinPath(joinPath(path, end), 'node') : joinPath(path, end);
      ends[end] = joined
        ? {
            node: name,
            id: compileValue(given.id, joinPath(joinPath(path, end), 'id'), scope(false)),
            path: joinPath(path, end),
          }
        : name;
      if (joined) {
        if (nodeLabels.has(name) && !identified.has(name))
          issues.push({
            path: at,
            message: `a join by id needs the node template ${JSON.stringify(name)} to give ref: (the source's own id) or key: name`,
          });
        else if (nodeLabels.has(name)) joinTargets.add(name);
      } else if (!external.includes(name) && nodeGroups.has(name) && nodeGroups.get(name) !== group) {
        issues.push({
          path: at,
          message: `the node template ${JSON.stringify(name)} reads ${JSON.stringify(nodeGroups.get(name))}, this relationship ${JSON.stringify(group)}: join them by id ({ node: ${name}, id: ... })`,
        });
      }
      if (external.includes(name) && !joined) continue;
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
        const missing = Object.entries(RELATIONSHIP_DEFS[type].properties)
          .filter(([p, s]) => s.required && !Object.hasOwn(t.properties ?? {}, p))
          .map(([p]) => JSON.stringify(p));
        if (missing.length)
          issues.push({ path: joinPath(path, 'properties'), message: `${type} needs ${missing.join(' and ')}` });
      }
    }
    return {
      path,
      group,
      type: compileValue(t.type, joinPath(path, 'type'), scope(false)),
      from: ends.from!,
      to: ends.to!,
      when: compileWhen(t.when, joinPath(path, 'when'), scope(false)),
      properties,
      sources: citations(t.sources, path, false),
    };
  });

  return {
    columns,
    constants,
    nodeTemplates: nodes.map((n) => n.name),
    joinTargets,
    groups,
    map: (ctx, mapOptions) => mapRow(ctx, mapOptions, nodes, relationships),
  };
}

/**
 * How a template names the entities it makes. Person and Organization must say (ref: or key: name)
 * unless the format gives a default (GraphML's node id); other labels are identified by the model's
 * key and may not say.
 */
function compileIdentity(
  t: NodeTemplate,
  path: string,
  known: readonly NodeLabel[],
  open: boolean,
  scope: Scope,
  defaultRef: ValueSpec | undefined,
  issues: MappingIssue[],
): Identity {
  if (t.ref !== undefined && t.key !== undefined) {
    issues.push({ path, message: `'${t.name}': give ref: or key: name, not both` });
    return undefined;
  }
  const scoped = known.filter((l) => SCOPED_LABELS.includes(l));
  // No known label: the label itself was refused, and that is the news.
  if ((t.ref !== undefined || t.key !== undefined) && scoped.length === 0 && !open && known.length > 0) {
    issues.push({
      path: joinPath(path, t.ref !== undefined ? 'ref' : 'key'),
      message: `ref: and key: name identify ${list(SCOPED_LABELS)}; other labels are identified by the model's key`,
    });
    return undefined;
  }
  if (t.key === 'name') return { name: true };
  const spec = t.ref ?? defaultRef;
  if (spec !== undefined) {
    const at = t.ref !== undefined ? joinPath(path, 'ref') : path;
    return { ref: compileValue(spec, at, scope), path: at };
  }
  if (scoped.length > 0 && !open) issues.push({ path: '', message: identityRule(path, t.name, scoped.join('|')) });
  return undefined;
}

function single(value: unknown, path: string, what: string): string | undefined {
  const items = itemsOf(value);
  if (items.length === 0) return undefined;
  if (items.length > 1) throw new RowError(path, `expected one ${what}, got ${items.map(asText).join(', ')}`);
  return asText(items[0]);
}

function mapRow(
  ctx: RowContext,
  options: MapOptions,
  nodes: readonly CompiledNode[],
  relationships: readonly CompiledRelationship[],
): RowOutput {
  const applies = (group: string) => options.group === undefined || group === options.group;
  const warnings: string[] = [];
  const instances = new Map<string, NodeInstance[]>();
  const contexts = new Map<NodeInstance, RowContext>();
  for (const t of nodes) {
    if (!applies(t.group)) continue;
    const found: NodeInstance[] = [];
    const seen = new Set<string>();
    const warn = (message: string) => warnings.push(message);
    const items = t.each ? itemsOf(t.each({ get: (c) => ctx.get(c), warn })) : [undefined];
    for (const item of items) {
      const ictx: RowContext = t.each ? { get: (c) => ctx.get(c), item, warn } : ctx;
      let instance: NodeInstance | undefined;
      try {
        instance = mapNode(t, ictx, options.dataset);
        // An item of a list is checked alone, so a bad one is left out, not the row.
        if (instance && t.each) checkItem(t, instance);
      } catch (error) {
        if (!(error instanceof RowError) || !t.each) throw error;
        warnings.push(`${error.message}; the item ${JSON.stringify(asText(item))} was skipped`);
        continue;
      }
      if (!instance) continue;
      const identity = JSON.stringify([instance.label, instance.properties]);
      if (seen.has(identity)) continue;
      seen.add(identity);
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
    if (!applies(r.group) || !r.when(ctx)) continue;
    const ends = (end: CompiledEnd): Endpoint[] => {
      if (typeof end === 'object') return joined(end, ctx, instances, options);
      const fixed = options.endpoints?.[end];
      if (fixed) return [fixed];
      return (instances.get(end) ?? []).map((n) => ({ label: n.label, key: n.key }));
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
    const needsProperties = Object.values(RELATIONSHIP_DEFS[type].properties).some((p) => p.required);
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
  return { records, paths, instances, warnings };
}

/** One node of a template for a row (or an `each` item); undefined when its `when` fails. */
function mapNode(t: CompiledNode, ictx: RowContext, dataset: string): NodeInstance | undefined {
  if (!t.when(ictx)) return undefined;
  const labelPath = joinPath(t.path, 'label');
  const label = single(t.label(ictx), labelPath, 'label');
  if (label === undefined) throw new RowError(labelPath, 'no label for this row');
  if (!isMappableLabel(label)) throw new RowError(labelPath, labelProblem(label));
  const def = NODE_DEFS[label].properties;
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
  if (t.sent) Object.assign(properties, sentTime(t.sent(ictx), joinPath(joinPath(t.path, 'properties'), 'sent')));
  if (!SCOPED_LABELS.includes(label)) {
    const key = Object.fromEntries(NODES[label].key.map((k) => [k, asText(properties[k])]));
    return { template: t.name, label, key, properties };
  }
  const { ref, joinId } = scopedRef(t, label, ictx, properties, dataset);
  properties.ref = ref;
  return { template: t.name, label, key: { ref }, properties, joinId };
}

/** The ref of a Person or Organization: `<dataset>:<source id>`, or `<dataset>:name:<name>`. */
function scopedRef(
  t: CompiledNode,
  label: NodeLabel,
  ictx: RowContext,
  properties: Record<string, unknown>,
  dataset: string,
): { ref: string; joinId: string } {
  const identity = t.identity;
  if (identity === undefined) throw new RowError('', identityRule(t.path, t.name, label));
  if ('name' in identity) {
    const name = nameKey(asText(properties.name));
    if (name === '')
      throw new RowError(
        joinPath(joinPath(t.path, 'properties'), 'name'),
        'required (it is the key: name), and this row has no value for it',
      );
    return { ref: `${dataset}:name:${name}`, joinId: name };
  }
  const id = single(identity.ref(ictx), identity.path, 'ref')?.trim();
  if (id === undefined || id === '')
    throw new RowError(identity.path, "no ref for this row (the source's id is empty)");
  return { ref: `${dataset}:${id}`, joinId: id };
}

/** `sent:` as the three properties of a message's time; text without `time:` must be ISO with an offset. */
function sentTime(value: unknown, path: string): Record<string, string> {
  const items = itemsOf(value);
  if (items.length === 0) return {};
  if (items.length > 1) throw new RowError(path, `expected one time, got ${items.map(asText).join(', ')}`);
  const only = items[0];
  const time = only instanceof TimeValue ? only : readIsoTime(asText(only));
  if (typeof time === 'string') throw new RowError(path, `${time}; declare how it is written with time:`);
  return { sentPrecision: time.precision, sentFrom: time.from, sentTo: time.to };
}

/** An `each` item's node, checked against the model on its own. */
function checkItem(t: CompiledNode, instance: NodeInstance): void {
  try {
    toWrites({ node: instance.label, properties: instance.properties });
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    throw new RowError(t.path, `${instance.label}: ${error.message}`);
  }
}

/**
 * The endpoint a join by id names: this row's own node of that template with that id, else the one
 * an earlier row gave. No id: no relationship. An id not seen (yet): Unresolved.
 */
function joined(
  end: { readonly node: string; readonly id: Evaluator; readonly path: string },
  ctx: RowContext,
  instances: ReadonlyMap<string, NodeInstance[]>,
  options: MapOptions,
): Endpoint[] {
  return itemsOf(end.id(ctx)).flatMap((value) => {
    const id = asText(value).trim();
    if (id === '') return [];
    const own = (instances.get(end.node) ?? []).find((n) => n.joinId === id);
    const found = own ? { label: own.label, key: own.key } : options.lookup?.(end.node, id);
    if (!found)
      throw new Unresolved(
        joinPath(end.path, 'id'),
        `no node ${JSON.stringify(end.node)} with id ${JSON.stringify(id)} in this file`,
      );
    return [found];
  });
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
