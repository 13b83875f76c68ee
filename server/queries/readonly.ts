/**
 * Running an analyst's own Cypher (the console, saved queries, the runner without --write) safely:
 *   1. a denylist for what READ transactions do not stop (LOAD CSV reads files and URLs, dbms.*
 *      administers the server, SHOW/TERMINATE TRANSACTIONS sees other users' work, USE switches database);
 *   2. a pre-flight EXPLAIN whose query type must be read-only, for a clear error before anything runs;
 *   3. a READ transaction (Neo4j itself refuses writes) with a timeout and a row cap.
 */
import type { Executor } from '../db/executor.js';
import { toJson } from '../db/driver-values.js';
import type { Json } from '../db/driver-values.js';
import { QueryError } from '../errors.js';
import { collectRows } from '../db/collect-rows.js';
import { scanCypher, SplitError } from '../scripts/split.js';
import { GraphBuilder } from './graph.js';
import type { Graph } from './graph.js';

const DENIED: [RegExp, string][] = [
  [/\bLOAD\s+CSV\b/i, 'LOAD CSV reads files and URLs'],
  [/\bCALL\s+dbms\s*\./i, 'dbms procedures administer the server'],
  [/\b(SHOW|TERMINATE)\s+(?:\w+\s+)?TRANSACTIONS?\b/i, 'transactions of other users are not visible here'],
  [/(^|[^.\w])USE\s+[`\w]/i, 'queries run on the configured database only'],
  [
    /\bCALL\s+apoc\s*\.\s*(load|import|export|cypher\.run\w*Write|periodic)/i,
    'APOC file, network and write procedures are not allowed',
  ],
];

export function deniedReason(cypher: string): string | undefined {
  let segments;
  try {
    segments = scanCypher(cypher);
  } catch (error) {
    // An unterminated string or comment: the analyst's syntax error, said before Neo4j is asked.
    if (error instanceof SplitError)
      throw new QueryError('query_invalid', error.message, 400, { line: error.line, column: error.column });
    throw error;
  }
  const code = segments.map((s) => (s.kind === 'code' ? s.text : ' ')).join('');
  for (const [pattern, reason] of DENIED) if (pattern.test(code)) return reason;
  return undefined;
}

export interface ReadOnlyOptions {
  readonly rowCap: number;
  readonly timeoutMs: number;
  readonly metadata?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface TableAndGraph {
  readonly columns: string[];
  readonly rows: Record<string, Json>[];
  readonly truncated: boolean;
  readonly rowCap: number;
  readonly graph: Graph;
  readonly elapsedMs: number;
}

export function refuseIfDenied(cypher: string): void {
  const reason = deniedReason(cypher);
  if (reason) throw new QueryError('not_allowed', `This statement is not allowed here: ${reason}.`, 403, { reason });
}

export async function runReadOnly(
  executor: Executor,
  cypher: string,
  params: Record<string, unknown>,
  options: ReadOnlyOptions,
): Promise<TableAndGraph> {
  refuseIfDenied(cypher);
  const started = Date.now();
  const plan = await executor.read(`EXPLAIN ${cypher}`, params, { timeoutMs: options.timeoutMs });
  const queryType = plan.summary.queryType;
  if (queryType !== 'r') {
    throw new QueryError(
      'read_only',
      `This query ${queryType === 's' ? 'changes the schema' : 'writes'}, and only reads are allowed here.`,
      403,
      { queryType },
    );
  }
  const { columns, records, truncated } = await executor.transaction(
    'READ',
    (tx) => collectRows(tx, cypher, params, options.rowCap),
    {
      timeoutMs: options.timeoutMs,
      ...(options.metadata ? { metadata: options.metadata } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const rows = records.map((r) => toJson(r) as Record<string, Json>);
  const builder = new GraphBuilder();
  for (const row of rows) builder.addAll(row);
  const missing = builder.missingEndpoints();
  if (missing.length > 0) {
    // A query returning only relationships still draws: fetch the nodes they join.
    const ends = await executor.read(
      'MATCH (n) WHERE elementId(n) IN $ids RETURN n',
      { ids: missing },
      { timeoutMs: options.timeoutMs },
    );
    for (const record of ends.records) builder.addAll(toJson(record.get('n')));
  }
  return { columns, rows, truncated, rowCap: options.rowCap, graph: builder.build(), elapsedMs: Date.now() - started };
}
