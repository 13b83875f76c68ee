/**
 * The GraphML mapping used when none is given (or for the section a mapping leaves out), written in
 * the mapping language itself and generated from the model, so it follows the model as it grows.
 *
 * Nodes: a `type` attribute naming a model label (any case; "organisation" too) picks the label; with
 * no `type`, a `label` attribute naming one does. Attributes named like the label's properties become
 * those properties; Person, Organization and Domain take their `name` from `name`, else `label`, else
 * the GraphML id. A Person's or Organization's ref is the GraphML id, scoped by the dataset (the
 * mapping's, else the GraphML file's name): equal names in one file stay different entities. A node with neither gets the default label (Person unless `defaults.nodeLabel`); a
 * node whose `type` names no label is rejected (write a mapping for it).
 *
 * Edges: a `type` (or, with no type, `label`) attribute naming a relationship type ("affiliated with",
 * "AFFILIATED_WITH") picks it, with attributes named like its properties. Any other edge gets the
 * default type — CONNECTED_TO when the model has it, else AFFILIATED_WITH — whose required properties
 * come from an attribute of that name, else `label`, `type` or `relationship`, else "unspecified".
 */
import { NODES, RELATIONSHIP_TYPES, SCOPED_LABELS, NODE_DEFS, RELATIONSHIP_DEFS } from '../../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../../model/graph-model.js';
import { MAPPABLE_LABELS } from './rows.js';
import type { NodeTemplate, RelationshipTemplate } from './rows.js';
import type { Condition, ValueSpec } from './values.js';

/** Pseudo-columns of GraphML rows: the element's id; an edge's endpoints' GraphML ids and labels. */
export const GRAPHML_PSEUDO = ['@id', '@source', '@target', '@source.label', '@target.label'];
/** Endpoint names a GraphML edge's relationship templates may use: the nodes at either end. */
export const GRAPHML_EXTERNAL = ['@source', '@target'];

/** The proposed person-to-person (and organization) type when the model has it, else AFFILIATED_WITH. */
export function defaultEdgeType(): RelationshipType {
  return (
    (RELATIONSHIP_TYPES as string[]).includes('CONNECTED_TO') ? 'CONNECTED_TO' : 'AFFILIATED_WITH'
  ) as RelationshipType;
}

const SYNONYMS: Partial<Record<string, string[]>> = { Organization: ['organisation'] };

function namePattern(name: string): string {
  const spellings = [name, ...(SYNONYMS[name] ?? [])].map((s) => s.replace(/_/g, '[ _-]?'));
  return `^(${spellings.join('|')})$`;
}

const anyPattern = (names: readonly string[]) => `^(${names.map((n) => namePattern(n).slice(2, -2)).join('|')})$`;

const empty = (column: string): Condition => ({ column, notEmpty: false });
const names = (column: string, pattern: string): Condition => ({ column, matches: pattern, ignoreCase: true });

function nodeProperties(label: NodeLabel, nameFrom: string[]): Record<string, ValueSpec> {
  const properties: Record<string, ValueSpec> = {};
  // A person's or organization's ref is not an attribute: it is the node's GraphML id, scoped by the
  // dataset (the node section's default ref), so two nodes with one name stay two entities.
  const scoped = SCOPED_LABELS.includes(label);
  for (const prop of Object.keys(NODES[label].properties)) {
    if (!(scoped && prop === 'ref')) properties[prop] = { column: prop };
  }
  const name = NODE_DEFS[label].properties.name;
  if (name?.required) {
    properties.name = { first: [...nameFrom.map((column) => ({ column })), { column: '@id' }] };
  }
  return properties;
}

export function defaultNodeSection(fallback: NodeLabel): { nodes: NodeTemplate[] } {
  const nodes: NodeTemplate[] = [];
  for (const label of MAPPABLE_LABELS) {
    const pattern = namePattern(label);
    nodes.push({
      name: `typed-${label}`,
      label,
      when: names('type', pattern),
      properties: nodeProperties(label, ['name', 'label']),
    });
    nodes.push({
      name: `labelled-${label}`,
      label,
      when: [empty('type'), names('label', pattern)],
      properties: nodeProperties(label, ['name']),
    });
  }
  nodes.push({
    name: 'untyped',
    label: fallback,
    when: [empty('type'), { not: names('label', anyPattern(MAPPABLE_LABELS)) }],
    properties: nodeProperties(fallback, ['name', 'label']),
  });
  return { nodes };
}

export function defaultEdgeSection(fallback: RelationshipType): { relationships: RelationshipTemplate[] } {
  const own = (type: RelationshipType) => RELATIONSHIP_DEFS[type].properties;
  const relationships: RelationshipTemplate[] = RELATIONSHIP_TYPES.map((type) => ({
    name: `typed-${type}`,
    type,
    from: '@source',
    to: '@target',
    when: { any: [names('type', namePattern(type)), { all: [empty('type'), names('label', namePattern(type))] }] },
    properties: Object.fromEntries(Object.keys(own(type)).map((p) => [p, { column: p }])),
  }));
  const anyType = anyPattern(RELATIONSHIP_TYPES);
  relationships.push({
    name: 'untyped',
    type: fallback,
    from: '@source',
    to: '@target',
    when: [{ not: names('type', anyType) }, { not: { all: [empty('type'), names('label', anyType)] } }],
    properties: Object.fromEntries(
      Object.entries(own(fallback)).map(([p, spec]) => [
        p,
        spec.required
          ? {
              first: [
                { column: p },
                { column: 'label' },
                { column: 'type' },
                { column: 'relationship' },
                'unspecified',
              ],
            }
          : { column: p },
      ]),
    ),
  });
  return { relationships };
}
