import type { Executor } from '../db/executor.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { NODE_DEFS, NODE_LABELS, RELATIONSHIP_TYPES } from '../model/graph-model.js';

export interface Counts {
  readonly nodes: Record<string, number>;
  readonly relationships: Record<string, number>;
}

/**
 * Counts per label and type from Neo4j's count store (constant time), for the model's data labels
 * (bookkeeping such as load runs is left out: re-running a load adds a run, not data).
 */
export async function countByLabelAndType(executor: Executor): Promise<Counts> {
  const parts = [
    ...NODE_LABELS.filter((l) => !NODE_DEFS[l].meta).map(
      (l) => `CALL () { MATCH (n:${quoteIdentifier(l)}) RETURN count(n) AS \`n:${l}\` }`,
    ),
    ...RELATIONSHIP_TYPES.map(
      (t) => `CALL () { MATCH ()-[r:${quoteIdentifier(t)}]->() RETURN count(r) AS \`r:${t}\` }`,
    ),
  ];
  const [row] = await executor.rows<Record<string, number>>(`${parts.join('\n')}\nRETURN *`, {}, { timeoutMs: 10_000 });
  const nodes: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  for (const [key, value] of Object.entries(row!)) {
    const [kind, name] = key.split(':') as [string, string];
    (kind === 'n' ? nodes : relationships)[name] = value;
  }
  return { nodes, relationships };
}

export interface Coverage {
  readonly first: string | null;
  readonly last: string | null;
  readonly dated: number;
  readonly undated: number;
  readonly perYear: { year: number; messages: number }[];
}

/** What the database holds by time: the span of dated messages, and how many per year. */
export async function timeCoverage(executor: Executor): Promise<Coverage> {
  const [row] = await executor.rows<Coverage>(
    `CALL () {
       MATCH (m:Message) WHERE m.sentFrom IS NOT NULL
       RETURN min(m.sentFrom) AS first, max(m.sentTo) AS last, count(m) AS dated
     }
     CALL () { MATCH (m:Message) WHERE m.sentFrom IS NULL RETURN count(m) AS undated }
     CALL () {
       MATCH (m:Message) WHERE m.sentFrom IS NOT NULL
       WITH m.sentFrom.year AS year, count(*) AS messages ORDER BY year
       RETURN collect({year: year, messages: messages}) AS perYear
     }
     RETURN first, last, dated, undated, perYear`,
    {},
    { timeoutMs: 30_000 },
  );
  return row!;
}
