/**
 * Case files: a named investigation kept in Neo4j as a `Case` bookkeeping node. Saving keeps the
 * version it replaces in the case's history; opening says what has changed in the data since it was
 * saved (elements gone, loads that touched its nodes, messages between its people loaded since,
 * same-as decisions on them); replaying checks that every element it shows still exists, which
 * makes an investigation a regression test.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import { toJson } from '../db/driver-values.js';
import type { Json, JsonNode } from '../db/driver-values.js';
import { AppError } from '../errors.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { labelOfId, nodeId, typeOfRelationshipId } from '../model/keys.js';
import type { RelationshipType } from '../model/graph-model.js';
import { graphNode } from './graph.js';
import type { GraphNode } from './graph.js';
import { NotFoundError, nodesByIds } from './match.js';
import { RECIPIENT_TYPES } from '../model/graph-model.js';

/** The recipient relationship types, as a Cypher type alternation (the model's, in its order). */
const RECIPIENTS = RECIPIENT_TYPES.join('|');

export interface CaseView {
  /** Ids of the nodes and relationships on the canvas. */
  readonly elements: string[];
  readonly positions?: Record<string, { x: number; y: number }> | undefined;
  readonly styles?: Record<string, unknown> | undefined;
  readonly filters?: Record<string, unknown> | undefined;
}

export interface CaseNote {
  readonly on: string;
  readonly text: string;
}

export interface CaseInput {
  readonly name: string;
  readonly question?: string | undefined;
  readonly view: CaseView;
  readonly notes: CaseNote[];
}

export interface SavedCase extends CaseInput {
  readonly ref: string;
  readonly savedAt: string;
  readonly dataVersion: string | null;
  /** This version and the earlier ones kept. */
  readonly versions: number;
}

/** Earlier versions kept per case. */
export const HISTORY = 20;

const caseId = (ref: string) => nodeId('Case', { ref });

function savedCase(node: JsonNode): SavedCase {
  const p = node.properties;
  return {
    ref: String(p.ref),
    name: String(p.name),
    ...(typeof p.question === 'string' ? { question: p.question } : {}),
    view: JSON.parse(String(p.view)) as CaseView,
    notes: typeof p.notes === 'string' ? (JSON.parse(p.notes) as CaseNote[]) : [],
    savedAt: String(p.savedAt),
    dataVersion: typeof p.dataVersion === 'string' ? p.dataVersion : null,
    versions: (Array.isArray(p.history) ? p.history.length : 0) + 1,
  };
}

export async function saveCase(executor: Executor, ref: string, input: CaseInput): Promise<SavedCase> {
  const dataVersion = await executor.dataVersion();
  const node = await executor.transaction('WRITE', async (tx) => {
    // A write first takes the case's lock: two saves at once keep both versions, one after the other.
    const locked = await tx.run('MERGE (c:Case {id: $id}) SET c.ref = $ref RETURN c', { id: caseId(ref), ref });
    const current = (toJson(locked.records[0]!.get('c')) as unknown as JsonNode).properties;
    const previous =
      typeof current.view === 'string'
        ? [
            JSON.stringify({
              name: current.name,
              question: current.question ?? null,
              view: current.view,
              notes: current.notes ?? null,
              savedAt: current.savedAt,
            }),
          ]
        : [];
    const history = [...((current.history as string[] | undefined) ?? []), ...previous].slice(-HISTORY);
    const saved = await tx.run(
      `MATCH (c:Case {id: $id})
       SET c.name = $name, c.question = $question, c.view = $view, c.notes = $notes,
           c.elements = $elements, c.savedAt = datetime(), c.dataVersion = $dataVersion, c.history = $history
       RETURN c`,
      {
        id: caseId(ref),
        name: input.name,
        question: input.question ?? null,
        view: JSON.stringify(input.view),
        notes: JSON.stringify(input.notes),
        elements: [...new Set(input.view.elements)].sort(),
        dataVersion,
        history,
      },
    );
    return toJson(saved.records[0]!.get('c')) as unknown as JsonNode;
  });
  return savedCase(node);
}

export async function listCases(executor: Executor): Promise<{ ref: string; name: string; savedAt: string }[]> {
  return executor.rows<{ ref: string; name: string; savedAt: string }>(
    'MATCH (c:Case) RETURN c.ref AS ref, c.name AS name, toString(c.savedAt) AS savedAt ORDER BY c.savedAt DESC LIMIT 1000',
  );
}

async function loadCase(executor: Executor, ref: string): Promise<SavedCase> {
  const [row] = await executor.rows<{ c: JsonNode }>('MATCH (c:Case {id: $id}) RETURN c', { id: caseId(ref) });
  if (!row) throw new NotFoundError(`case ${JSON.stringify(ref)}`);
  return savedCase(row.c);
}

export interface Replay {
  /** Elements still in the data. */
  readonly present: number;
  /** Elements gone from the data (deleted, or merged away). */
  readonly missing: string[];
  /** Elements that are not Backchannel ids (the client's correspondence bundles): not checked. */
  readonly unchecked: string[];
  readonly same: boolean;
}

/** Which of the case's elements are still in the data, each looked up through its label's or type's id index. */
export async function replayElements(executor: Executor, elements: readonly string[]): Promise<Replay> {
  const nodes = elements.filter((id) => labelOfId(id));
  const relationships = elements.filter((id) => !labelOfId(id) && typeOfRelationshipId(id));
  const unchecked = elements.filter((id) => !labelOfId(id) && !typeOfRelationshipId(id));
  const types = [...new Set(relationships.map((id) => typeOfRelationshipId(id)!))] as RelationshipType[];
  const found = new Set<string>();
  if (nodes.length) {
    for (const r of await executor.rows<{ id: string }>(`${nodesByIds(nodes, 'ids')} RETURN n.id AS id`, {
      ids: nodes,
    })) {
      found.add(r.id);
    }
  }
  if (types.length) {
    const branches = types.map((t) => `MATCH ()-[r:${quoteIdentifier(t)}]->() WHERE r.id IN $ids RETURN r.id AS id`);
    const rows = await executor.rows<{ id: string }>(`CALL () { ${branches.join(' UNION ')} } RETURN id`, {
      ids: relationships,
    });
    for (const r of rows) found.add(r.id);
  }
  const missing = [...nodes, ...relationships].filter((id) => !found.has(id));
  return { present: found.size, missing, unchecked, same: missing.length === 0 };
}

export interface CaseChanges {
  /** Loads that ran after the case was saved. */
  readonly loadsSince: number;
  /** The case's nodes those loads wrote to: their values may have changed. */
  readonly touched: string[];
  /** Messages those loads added between two of the case's people, accounts or organizations. */
  readonly newMessages: GraphNode[];
  /** Same-as and account links decided after the case was saved that involve its nodes. */
  readonly decisions: { ref: string; status: string; from: string; to: string }[];
}

export interface OpenedCase {
  readonly case: SavedCase;
  /** Something in the data changed since it was saved (the changes say what). */
  readonly stale: boolean;
  readonly changes: CaseChanges;
  readonly replay: Replay;
}

/** Newest messages listed per case opening. */
const NEW_MESSAGES = 50;

async function changesSince(executor: Executor, saved: SavedCase): Promise<CaseChanges> {
  const nodes = saved.view.elements.filter((id) => labelOfId(id));
  const [row] = await executor.rows<{
    runs: string[];
    decisions: { ref: string; status: string; from: string; to: string }[];
  }>(
    `MATCH (c:Case {id: $id})
     RETURN COLLECT { MATCH (r:LoadRun) WHERE r.startedAt > c.savedAt RETURN r.id } AS runs,
            COLLECT {
              MATCH (p:Proposal) WHERE p.decidedAt > c.savedAt AND (p.from IN $nodes OR p.to IN $nodes)
              RETURN {ref: p.ref, status: p.status, from: p.from, to: p.to}
            } AS decisions`,
    { id: caseId(saved.ref), nodes },
  );
  const runs = row?.runs ?? [];
  if (runs.length === 0 || nodes.length === 0) {
    return { loadsSince: runs.length, touched: [], newMessages: [], decisions: row?.decisions ?? [] };
  }
  const [found] = await executor.rows<{ touched: string[]; messages: Json[] }>(
    `${nodesByIds(nodes, 'nodes')}
     WITH collect(n) AS parties
     RETURN [p IN parties WHERE any(r IN coalesce(p.loadRuns, []) WHERE r IN $runs) | p.id] AS touched,
            COLLECT {
              UNWIND parties AS a
              MATCH (a)-[:SENT]->(m:Message)-[:${RECIPIENTS}]->(b)
              WHERE b IN parties AND any(r IN coalesce(m.loadRuns, []) WHERE r IN $runs)
              RETURN DISTINCT m ORDER BY m.sentFrom DESC LIMIT $limit
            } AS messages`,
    { nodes, runs, limit: neo4j.int(NEW_MESSAGES) },
  );
  return {
    loadsSince: runs.length,
    touched: found?.touched ?? [],
    newMessages: (found?.messages ?? []).map((m) => graphNode(m as unknown as JsonNode)),
    decisions: row?.decisions ?? [],
  };
}

export async function openCase(executor: Executor, ref: string): Promise<OpenedCase> {
  const saved = await loadCase(executor, ref);
  const [changes, replay] = await Promise.all([
    changesSince(executor, saved),
    replayElements(executor, saved.view.elements),
  ]);
  const stale = !replay.same || changes.loadsSince > 0 || changes.decisions.length > 0;
  return { case: saved, stale, changes, replay };
}

export interface Citation {
  readonly source: string;
  readonly title: string;
  readonly quote: string | null;
}

export interface CaseFacts {
  readonly nodes: { node: GraphNode; sources: Citation[] }[];
  readonly facts: { id: string; type: string; from: string; to: string; sources: Citation[] }[];
}

/** The case's elements as they are in the data now, each with the sources and quotes behind it. */
export async function caseFacts(executor: Executor, saved: SavedCase): Promise<CaseFacts> {
  const nodes = saved.view.elements.filter((id) => labelOfId(id));
  if (nodes.length === 0) return { nodes: [], facts: [] };
  const rels = saved.view.elements.filter((id) => !labelOfId(id) && typeOfRelationshipId(id));
  const [nodeRows, factRows] = await Promise.all([
    executor.rows<{ n: JsonNode; sources: Citation[] }>(
      `${nodesByIds(nodes, 'ids')}
       RETURN n, COLLECT {
         MATCH (n)-[s:SUPPORTED_BY]->(src:Source)
         RETURN {source: src.id, title: coalesce(src.title, src.ref), quote: s.quote} AS c ORDER BY c.source
       } AS sources`,
      { ids: nodes },
    ),
    executor.rows<{ id: string; type: string; from: string; to: string; sources: Citation[] }>(
      `${nodesByIds(nodes, 'ids', 'a')}
       MATCH (a)-[r]->(b) WHERE b.id IN $ids AND r.id IN $rels
       WITH a, r, b, coalesce(r.sourceIds, []) AS sids, coalesce(r.sourceQuotes, []) AS quotes
       RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to,
              [i IN range(0, size(sids) - 1) |
                {source: sids[i], title: COLLECT { MATCH (s:Source {id: sids[i]}) RETURN coalesce(s.title, s.ref) }[0],
                 quote: quotes[i]}] AS sources
       ORDER BY id`,
      { ids: nodes, rels },
    ),
  ]);
  return {
    nodes: nodeRows.map((r) => ({ node: graphNode(r.n), sources: r.sources })),
    facts: factRows.map((f) => ({ ...f, sources: f.sources.map((c) => ({ ...c, title: c.title ?? c.source })) })),
  };
}

/** The Cypher that brings the case's elements back, and its parameters: values never in the text. */
export function reproduction(saved: SavedCase): { cypher: string; params: { ids: string[] } } {
  const ids = [...saved.view.elements].filter((id) => labelOfId(id) || typeOfRelationshipId(id)).sort();
  const nodes = ids.filter((id) => labelOfId(id));
  return {
    cypher: nodes.length
      ? `${nodesByIds(nodes, 'ids')}\nOPTIONAL MATCH (n)-[r]->(m) WHERE m.id IN $ids AND r.id IN $ids\nRETURN n, r, m`
      : 'RETURN null',
    params: { ids },
  };
}

export function validRef(ref: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(ref)) {
    throw new AppError(
      'invalid_parameter',
      `ref: ${JSON.stringify(ref.slice(0, 100))} is not a case name (lower-case letters, digits and dashes, up to 80)`,
      400,
      { parameter: 'ref' },
    );
  }
  return ref;
}

export { loadCase };
