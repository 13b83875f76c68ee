/**
 * Building blocks for queries that take node ids and relationship types from requests. Labels and
 * types reach the Cypher text only from the model's allowlist; ids and every other value are
 * parameters.
 */
import { AppError } from '../errors.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { labelOfId } from '../model/keys.js';
import { RELATIONSHIP_TYPES, SOURCE_TYPES } from '../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../model/graph-model.js';

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} not found`, 404);
  }
}

export function labelFor(id: string, parameter = 'id'): NodeLabel {
  const label = labelOfId(id);
  if (!label) {
    throw new AppError('invalid_parameter', `${parameter}: ${JSON.stringify(id)} is not a Backchannel node id`, 400, {
      parameter,
    });
  }
  return label;
}

/**
 * A subquery yielding the nodes with the given ids as `variable`, one indexed lookup per label
 * (an unlabelled `{id: …}` match would scan every node).
 */
export function nodesByIds(ids: readonly string[], parameter: string, variable = 'n'): string {
  const labels = [...new Set(ids.map((id) => labelFor(id, parameter)))];
  const branches = labels.map(
    (label) => `MATCH (${variable}:${quoteIdentifier(label)}) WHERE ${variable}.id IN $${parameter} RETURN ${variable}`,
  );
  return `CALL () { ${branches.join(' UNION ')} }`;
}

/** Relationship types an exploration follows unless asked: source links would join everything to its article. */
export const EXPLORE_TYPES: readonly RelationshipType[] = RELATIONSHIP_TYPES.filter(
  (t) => !(SOURCE_TYPES as readonly string[]).includes(t),
);

export function typeAlternatives(types: readonly RelationshipType[] | undefined): string {
  return (types?.length ? types : EXPLORE_TYPES).map(quoteIdentifier).join('|');
}

export type Direction = 'out' | 'in' | 'both';

export function relationshipPattern(variable: string, types: string, direction: Direction, length = ''): string {
  const inner = `[${variable}:${types}${length}]`;
  if (direction === 'out') return `-${inner}->`;
  if (direction === 'in') return `<-${inner}-`;
  return `-${inner}-`;
}

/**
 * Whether a relationship is a fact. Links that carry a decision (RESOLVED_TO, SAME_AS) count only
 * once accepted: a proposal or a rejection is not something the sources or the analyst assert.
 */
export function isFact(variable: string): string {
  return `coalesce(${variable}.status, 'accepted') = 'accepted'`;
}

/** How far accepted same-as links are followed from a node: clusters are small. */
export const SAME_AS_HOPS = 5;

/**
 * The nodes read as one entity with `node`: itself and every node its accepted SAME_AS links reach,
 * as a list expression (any node that has no such link gives just itself).
 */
export function sameAsCluster(node: string): string {
  return `COLLECT {
    MATCH (${node})-[sameAs:SAME_AS*0..${SAME_AS_HOPS}]-(member)
    WHERE all(link IN sameAs WHERE link.status = 'accepted')
    RETURN DISTINCT member
  }`;
}
