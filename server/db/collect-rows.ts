/**
 * Reading a statement's rows inside a transaction with a row cap, the rest discarded by the server: a
 * step of the driver's, below every module that runs a capped query.
 */
import type { ManagedTransaction, ResultSummary } from 'neo4j-driver';

export interface CollectedRows {
  readonly columns: string[];
  readonly records: Record<string, unknown>[];
  readonly truncated: boolean;
  readonly summary?: ResultSummary;
}

/** Reads at most `rowCap` records; the rest are discarded by the server, not transferred. */
export async function collectRows(
  tx: ManagedTransaction,
  cypher: string,
  params: Record<string, unknown>,
  rowCap: number,
): Promise<CollectedRows> {
  const result = tx.run(cypher, params);
  const records: Record<string, unknown>[] = [];
  let truncated = false;
  for await (const record of result) {
    if (records.length >= rowCap) {
      truncated = true;
      break;
    }
    records.push(record.toObject());
  }
  const columns = [...(await result.keys())];
  return { columns, records, truncated, ...(truncated ? {} : { summary: await result.summary() }) };
}
