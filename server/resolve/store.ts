/**
 * Keeping resolution's proposals and decisions. A proposal is a `Proposal` node, bookkeeping like a
 * load run: search, counts, expansion, bundles and paths never see it. Only acceptance writes the
 * link it proposes (`RESOLVED_TO` from an account to a person, created then if need be, or `SAME_AS`
 * between two entities); a rejection removes that link again. A later run never overrides a decision:
 * it refreshes the evidence of what is still only proposed, and nothing else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import YAML from 'yaml';
import { z } from 'zod';
import type { Executor } from '../db/executor.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { RELATIONSHIPS } from '../model/graph-model.js';
import { labelOfId, nodeId, relationshipId } from '../model/keys.js';
import type { AccountFacts, LinkProposal, LinkType, Proposal } from './propose.js';
import type { EntityFacts } from './same-as.js';
import { InputError } from '../errors.js';

const PAGE = 5_000;
const BATCH = 1_000;

export class ResolveError extends InputError {
  constructor(message: string) {
    super('invalid_resolution', message);
  }
}

export type Decision = 'accepted' | 'rejected';

export async function* accountsToResolve(executor: Executor): AsyncGenerator<AccountFacts[]> {
  for (let after = ''; ;) {
    const page = await executor.rows<AccountFacts>(
      `MATCH (a:Account) WHERE a.id > $after
       RETURN a.id AS id, a.platform AS platform, a.handle AS handle,
              coalesce(a.displayNames, CASE WHEN a.displayName IS NULL THEN [] ELSE [a.displayName] END) AS displayNames
       ORDER BY a.id LIMIT $page`,
      { after, page: neo4j.int(PAGE) },
    );
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.id;
  }
}

/** An account → person proposal as a link; the person is scoped to resolution (`person:resolve:…`). */
export function accountLink(p: Proposal): LinkProposal {
  return {
    type: 'RESOLVED_TO',
    from: p.account,
    to: nodeId('Person', { ref: p.personRef, name: p.person }),
    toName: p.person,
    confidence: p.confidence,
    method: p.method,
    reason: p.reason,
    evidence: p.evidence,
  };
}

/** Same-as has no direction: one proposal per pair, from the smaller id. */
function oriented(link: LinkProposal): LinkProposal {
  return link.type === 'SAME_AS' && link.from > link.to ? { ...link, from: link.to, to: link.from } : link;
}

function proposalRow(link: LinkProposal) {
  const l = oriented(link);
  const ref = relationshipId(l.type, l.from, l.to, {});
  return { ...l, toName: l.toName ?? null, evidence: [...l.evidence], ref, id: nodeId('Proposal', { ref }) };
}

/** Writes proposals; returns how many are new. Decided ones keep their decision and evidence. */
export async function writeProposals(executor: Executor, links: readonly LinkProposal[]): Promise<number> {
  const rows = links.map(proposalRow);
  let created = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const result = await executor.write(
      `UNWIND $rows AS row
       MERGE (p:Proposal {id: row.id})
       ON CREATE SET p.ref = row.ref, p.type = row.type, p.from = row.from, p.to = row.to, p.status = 'proposed'
       WITH p, row WHERE p.status = 'proposed'
       SET p.toName = row.toName, p.confidence = row.confidence, p.method = row.method, p.reason = row.reason,
           p.evidence = row.evidence`,
      { rows: rows.slice(i, i + BATCH) },
    );
    created += result.summary.counters.updates().nodesCreated;
  }
  return created;
}

/**
 * Applies decisions to proposals (by their ref). Accepting writes the link, creating a proposed
 * person first if it is not there; rejecting removes the link, and a person that only resolution
 * created and nothing links to any more. Returns the refs decided (a link between nodes that are
 * not there is not).
 */
async function applyDecisions(executor: Executor, refs: readonly string[], status: Decision, by: string) {
  const decided: string[] = [];
  for (let i = 0; i < refs.length; i += BATCH) {
    const ids = refs.slice(i, i + BATCH).map((ref) => nodeId('Proposal', { ref }));
    const result = await executor.write(
      `UNWIND $ids AS id
       MATCH (p:Proposal {id: id})
       OPTIONAL MATCH (account:Account {id: p.from}) WHERE p.type = 'RESOLVED_TO'
       OPTIONAL MATCH (fromPerson:Person {id: p.from}) WHERE p.type = 'SAME_AS'
       OPTIONAL MATCH (fromOrg:Organization {id: p.from}) WHERE p.type = 'SAME_AS'
       OPTIONAL MATCH (toPerson:Person {id: p.to})
       OPTIONAL MATCH (toOrg:Organization {id: p.to}) WHERE p.type = 'SAME_AS'
       WITH p, coalesce(account, fromPerson, fromOrg) AS a, coalesce(toPerson, toOrg) AS b
       WHERE $status = 'rejected' OR (a IS NOT NULL AND (b IS NOT NULL OR p.type = 'RESOLVED_TO'))
       SET p.status = $status, p.decidedBy = $by, p.decidedAt = datetime()
       WITH p, a, b
       CALL (p, a) {
         WITH p, a WHERE $status = 'accepted' AND p.type = 'RESOLVED_TO'
         MERGE (person:Person {id: p.to})
         ON CREATE SET person.ref = substring(p.to, size('person:')), person.name = coalesce(p.toName, p.to),
                       person.description = 'Created when an analyst accepted a link proposed by backchannel resolve.'
         MERGE (a)-[r:RESOLVED_TO {id: p.ref}]->(person)
         SET r.status = 'accepted', r.confidence = p.confidence, r.method = p.method, r.reason = p.reason,
             r.evidence = coalesce(p.evidence, []), r.decidedBy = $by
       }
       CALL (p, a, b) {
         WITH p, a, b WHERE $status = 'accepted' AND p.type = 'SAME_AS'
         MERGE (a)-[r:SAME_AS {id: p.ref}]->(b)
         SET r.status = 'accepted', r.confidence = p.confidence, r.method = p.method, r.reason = p.reason,
             r.evidence = coalesce(p.evidence, []), r.decidedBy = $by
       }
       CALL (p) {
         WITH p WHERE $status = 'rejected'
         OPTIONAL MATCH ()-[r:RESOLVED_TO|SAME_AS {id: p.ref}]->(b)
         DELETE r
         WITH b WHERE b:Person AND b.id STARTS WITH 'person:resolve:' AND NOT EXISTS { (b)--() }
         DELETE b
       }
       RETURN p.ref AS ref`,
      { ids, status, by },
    );
    decided.push(...result.records.map((r) => r.get('ref') as string));
  }
  return decided;
}

function linkType(from: string, to: string): LinkType {
  const [a, b] = [labelOfId(from), labelOfId(to)];
  if (a === 'Account' && b === 'Person') return 'RESOLVED_TO';
  if (a && a === b && (RELATIONSHIPS.SAME_AS.from as readonly string[]).includes(a)) return 'SAME_AS';
  throw new ResolveError(
    `${from} → ${to}: a link goes from an account to a person (account:…, person:…) or joins two people or two organizations`,
  );
}

/** "person:identities:name:Jane Doe" → "Jane Doe"; "person:resolve:jane-doe" → "Jane Doe". */
function nameOfPersonId(id: string): string {
  const ref = id.replace(/^person:/, '');
  return (ref.split(':').at(-1) ?? ref).replace(/-/g, ' ').replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase());
}

/**
 * Accepts or rejects the link between two nodes: the proposal a run made, or one an analyst (or a
 * file of known identities) states without a proposal.
 */
export async function decide(
  executor: Executor,
  from: string,
  to: string,
  status: Decision,
  by: string,
  method: 'analyst' | 'mapping' = 'analyst',
  toName?: string,
): Promise<void> {
  const type = linkType(from, to);
  const link: LinkProposal = {
    type,
    from,
    to,
    toName: toName ?? nameOfPersonId(to),
    confidence: 1,
    method,
    reason: `stated by ${by}`,
    evidence: [],
  };
  const stated = proposalRow(link);
  const [state] = await executor.rows<{ proposal: boolean; from: boolean; to: boolean }>(
    `OPTIONAL MATCH (p:Proposal {id: $id})
     RETURN p IS NOT NULL AS proposal,
            EXISTS { MATCH (n:${quoteIdentifier(labelOfId(stated.from)!)} {id: $from}) } AS from,
            EXISTS { MATCH (n:${quoteIdentifier(labelOfId(stated.to)!)} {id: $to}) } AS to`,
    { id: stated.id, from: stated.from, to: stated.to },
  );
  if (!state!.proposal && status === 'rejected') throw new ResolveError(`no proposal links ${from} to ${to}`);
  for (const end of ['from', 'to'] as const) {
    const mayCreate = end === 'to' && type === 'RESOLVED_TO';
    if (!state![end] && !mayCreate) throw new ResolveError(`no such ${labelOfId(stated[end])}: ${stated[end]}`);
  }
  if (!state!.proposal) await writeProposals(executor, [link]);
  await applyDecisions(executor, [stated.ref], status, by);
}

/** Decides every open proposal at or above a confidence, optionally of one type. Returns how many. */
export async function decideByConfidence(
  executor: Executor,
  minConfidence: number,
  status: Decision,
  by: string,
  type?: LinkType,
): Promise<number> {
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new ResolveError(`--min-confidence must be 0 to 1`);
  const refs = await executor.rows<{ ref: string }>(
    `MATCH (p:Proposal {status: 'proposed'})
     WHERE p.confidence >= $min AND ($type IS NULL OR p.type = $type)
     RETURN p.ref AS ref ORDER BY p.ref`,
    { min: minConfidence, type: type ?? null },
  );
  return (
    await applyDecisions(
      executor,
      refs.map((r) => r.ref),
      status,
      by,
    )
  ).length;
}

const mappingSchema = z.array(
  z
    .object({
      person: z.string().min(1).describe("The person's name, or the id of a person already in the graph"),
      accounts: z
        .array(z.string().regex(/^(account:)?(email|twitter|web|phone|other):.+$/, 'an account like email:a@b.org'))
        .min(1),
    })
    .strict(),
);

/**
 * A file of known identities: `- person: Phillip K. Allen` / `accounts: [email:phillip.allen@enron.com]`.
 * A name becomes a person of the file's own dataset (`identities:name:Phillip K. Allen`); a
 * `person:…` id names one already in the graph.
 */
export function readIdentityMapping(file: string): { person: string; name: string; accounts: string[] }[] {
  const text = readFileSync(file, 'utf8');
  const parsed = mappingSchema.safeParse(file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResolveError(`${file}: [${issue.path.join('.')}]: ${issue.message}`);
  }
  const dataset = path.basename(file).replace(/\.[^.]*$/, '');
  return parsed.data.map((entry) => ({
    person: entry.person.startsWith('person:')
      ? entry.person
      : nodeId('Person', { ref: `${dataset}:name:${entry.person}`, name: entry.person }),
    name: entry.person,
    accounts: entry.accounts.map((a) => {
      const [platform, ...rest] = a.replace(/^account:/, '').split(':');
      return nodeId('Account', { platform: platform!, handle: rest.join(':') });
    }),
  }));
}

export type ListedProposal = {
  readonly type: LinkType;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly confidence: number;
  readonly method: string;
  readonly reason: string;
};

export async function listProposals(
  executor: Executor,
  filter: { status?: string; type?: LinkType } = {},
): Promise<ListedProposal[]> {
  return executor.rows<ListedProposal>(
    `MATCH (p:Proposal)
     WHERE ($status IS NULL OR p.status = $status) AND ($type IS NULL OR p.type = $type)
     RETURN p.type AS type, p.from AS from, p.to AS to, p.status AS status, p.confidence AS confidence,
            p.method AS method, p.reason AS reason
     ORDER BY p.confidence DESC, p.ref`,
    { status: filter.status ?? null, type: filter.type ?? null },
  );
}

/** Every person and organization, with the accounts it acts through, for same-as proposals. */
export async function entitiesToCompare(executor: Executor): Promise<EntityFacts[]> {
  return executor.rows<EntityFacts>(
    `CALL () {
       MATCH (n:Person) RETURN n, 'Person' AS label
       UNION ALL
       MATCH (n:Organization) RETURN n, 'Organization' AS label
     }
     WITH n, label WHERE n.name IS NOT NULL
     RETURN n.id AS id, label, coalesce(n.ref, substring(n.id, size(toLower(label)) + 1)) AS ref, n.name AS name,
            COLLECT {
              MATCH (n)-[:CONTROLS]->(a:Account) RETURN a.id AS account
              UNION
              MATCH (a:Account)-[:RESOLVED_TO {status: 'accepted'}]->(n) RETURN a.id AS account
            } AS accounts
     ORDER BY id`,
    {},
    { timeoutMs: 120_000 },
  );
}
