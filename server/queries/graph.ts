/**
 * The graph shape every API answer uses (and the client draws): nodes keyed by their stable `id`,
 * edges by theirs, captions from the model. Collects graph entities found anywhere in result rows,
 * inside paths, lists and maps, so a console query returning paths draws as well as one returning nodes.
 */
import type { Json, JsonNode, JsonRelationship } from '../db/driver-values.js';
import { isNodeLabel, NODES } from '../model/graph-model.js';

export interface GraphNode {
  readonly id: string;
  /** The model label it is drawn as (the first label the model knows). */
  readonly label: string;
  readonly labels: string[];
  readonly caption: string;
  readonly properties: Record<string, Json>;
}

export interface GraphEdge {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly properties: Record<string, Json>;
}

export interface Graph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

const CAPTION_LIMIT = 120;

export function caption(label: string, properties: Record<string, Json>): string {
  const fields = isNodeLabel(label) ? NODES[label].caption : ['name', 'title', 'id'];
  for (const field of [...fields, 'id']) {
    const value = properties[field];
    if (typeof value === 'string' && value.trim() !== '') {
      const text = value.replace(/\s+/g, ' ').trim();
      return text.length > CAPTION_LIMIT ? `${text.slice(0, CAPTION_LIMIT - 1)}…` : text;
    }
  }
  return label;
}

export function graphNode(node: JsonNode): GraphNode {
  const label = node.labels.find(isNodeLabel) ?? node.labels[0] ?? 'Node';
  // Every value with its source stays out of graph answers (it can be long): the node's details
  // read it (entity.ts).
  const { statements: _statements, ...properties } = node.properties;
  return {
    id: node.id ?? node.elementId,
    label,
    labels: node.labels,
    caption: caption(label, properties),
    properties,
  };
}

function isJsonNode(value: Json): value is Json & JsonNode {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'labels' in value && 'elementId' in value
  );
}

function isJsonRelationship(value: Json): value is Json & JsonRelationship {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'startElementId' in value && 'type' in value
  );
}

/** Accumulates nodes and relationships, each once, translating element ids into stable ids. */
export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly idOfElement = new Map<string, string>();
  private readonly relationships = new Map<string, JsonRelationship>();

  addNode(node: JsonNode): GraphNode {
    const graph = graphNode(node);
    this.idOfElement.set(node.elementId, graph.id);
    if (!this.nodes.has(graph.id)) this.nodes.set(graph.id, graph);
    return graph;
  }

  addRelationship(rel: JsonRelationship): void {
    this.relationships.set(rel.id ?? rel.elementId, rel);
  }

  /** Walks any result value and adds every node and relationship inside it. */
  addAll(value: Json): void {
    if (value === null || typeof value !== 'object') return;
    if (isJsonNode(value)) {
      this.addNode(value);
      return;
    }
    if (isJsonRelationship(value)) {
      this.addRelationship(value);
      return;
    }
    for (const item of Array.isArray(value) ? value : Object.values(value)) this.addAll(item);
  }

  /** Element ids of relationship endpoints that are not among the nodes (a query returned only `r`). */
  missingEndpoints(): string[] {
    const missing = new Set<string>();
    for (const rel of this.relationships.values()) {
      for (const end of [rel.startElementId, rel.endElementId]) if (!this.idOfElement.has(end)) missing.add(end);
    }
    return [...missing];
  }

  build(): Graph {
    const edges: GraphEdge[] = [];
    for (const rel of this.relationships.values()) {
      const source = this.idOfElement.get(rel.startElementId);
      const target = this.idOfElement.get(rel.endElementId);
      if (source === undefined || target === undefined) continue;
      edges.push({ id: rel.id ?? rel.elementId, type: rel.type, source, target, properties: rel.properties });
    }
    return { nodes: [...this.nodes.values()], edges };
  }
}

export function graphOf(values: Json[]): Graph {
  const builder = new GraphBuilder();
  for (const value of values) builder.addAll(value);
  return builder.build();
}
