import type { Executor } from '../db/executor.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { NODE_LABELS, RELATIONSHIP_TYPES } from '../model/schema.js';

export interface Counts {
  readonly nodes: Record<string, number>;
  readonly relationships: Record<string, number>;
}

/** Counts per label and type from Neo4j's count store (constant time), for the model's labels only. */
export async function countByLabelAndType(executor: Executor): Promise<Counts> {
  const parts = [
    ...NODE_LABELS.map((l) => `CALL () { MATCH (n:${quoteIdentifier(l)}) RETURN count(n) AS \`n:${l}\` }`),
    ...RELATIONSHIP_TYPES.map(
      (t) => `CALL () { MATCH ()-[r:${quoteIdentifier(t)}]->() RETURN count(r) AS \`r:${t}\` }`,
    ),
  ];
  const result = await executor.read(`${parts.join('\n')}\nRETURN *`, {}, { timeoutMs: 10_000 });
  const row = result.records[0]!.toObject() as Record<string, number>;
  const nodes: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  for (const [key, value] of Object.entries(row)) {
    const [kind, name] = key.split(':') as [string, string];
    (kind === 'n' ? nodes : relationships)[name] = value;
  }
  return { nodes, relationships };
}
