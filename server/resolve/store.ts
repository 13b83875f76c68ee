/**
 * Reading accounts for resolution and writing its links. Proposals never overwrite a decision: an
 * accepted or rejected link stays as the analyst left it, whatever a later run proposes.
 */
import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
import YAML from 'yaml';
import { z } from 'zod';
import type { Executor } from '../db/executor.js';
import { labelOfId, nodeId, relationshipId } from '../model/keys.js';
import type { AccountFacts, Proposal } from './propose.js';

const PAGE = 5_000;

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

export async function writeProposals(executor: Executor, proposals: readonly Proposal[]): Promise<number> {
  const rows = proposals.map((p) => {
    const person = nodeId('Person', { name: p.person });
    return { ...p, personId: person, id: relationshipId('RESOLVED_TO', p.account, person, {}) };
  });
  let written = 0;
  for (let i = 0; i < rows.length; i += 1_000) {
    const result = await executor.write(
      `UNWIND $rows AS row
       MATCH (a:Account {id: row.account})
       MERGE (p:Person {id: row.personId})
       ON CREATE SET p.name = row.person, p.description = 'Proposed by backchannel resolve from the accounts linked to it.'
       MERGE (a)-[r:RESOLVED_TO {id: row.id}]->(p)
       ON CREATE SET r.status = 'proposed'
       WITH r, row WHERE r.status = 'proposed'
       SET r.confidence = row.confidence, r.method = row.method, r.reason = row.reason, r.evidence = row.evidence`,
      { rows: rows.slice(i, i + 1_000) },
    );
    written += result.summary.counters.updates().relationshipsCreated;
  }
  return written;
}

export class ResolveError extends Error {}

/** Accepts or rejects a link (creating it when an analyst states one no run proposed). */
export async function decide(
  executor: Executor,
  account: string,
  person: string,
  status: 'accepted' | 'rejected',
  by: string,
  method: 'analyst' | 'mapping' = 'analyst',
): Promise<void> {
  if (labelOfId(account) !== 'Account')
    throw new ResolveError(`${account} is not an account id (account:<platform>:<handle>)`);
  if (labelOfId(person) !== 'Person') throw new ResolveError(`${person} is not a person id (person:<name>)`);
  const result = await executor.write(
    `MATCH (a:Account {id: $account})
     OPTIONAL MATCH (p:Person {id: $person})
     WITH a, p WHERE p IS NOT NULL OR $status = 'accepted'
     CALL (a, p) {
       WITH a, p WHERE p IS NULL
       CREATE (n:Person {id: $person, name: $name})
       RETURN n AS person
       UNION
       WITH p WHERE p IS NOT NULL
       RETURN p AS person
     }
     MERGE (a)-[r:RESOLVED_TO {id: $id}]->(person)
     ON CREATE SET r.confidence = 1.0, r.method = $method, r.reason = 'stated by ' + $by, r.evidence = []
     SET r.status = $status, r.decidedBy = $by
     RETURN count(r) AS n`,
    {
      account,
      person,
      status,
      by,
      method,
      name: person
        .replace(/^person:/, '')
        .replace(/-/g, ' ')
        .replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
      id: relationshipId('RESOLVED_TO', account, person, {}),
    },
  );
  if (Number(result.records[0]?.get('n') ?? 0) === 0) {
    throw new ResolveError(`no such account ${account}${status === 'rejected' ? ` or person ${person}` : ''}`);
  }
}

const mappingSchema = z.array(
  z
    .object({
      person: z.string().min(1).describe("The person's name"),
      accounts: z
        .array(z.string().regex(/^(account:)?(email|twitter|web|phone|other):.+$/, 'an account like email:a@b.org'))
        .min(1),
    })
    .strict(),
);

/** A file of known identities: `- person: Phillip K. Allen` / `accounts: [email:phillip.allen@enron.com]`. */
export function readIdentityMapping(file: string): { person: string; accounts: string[] }[] {
  const text = readFileSync(file, 'utf8');
  const parsed = mappingSchema.safeParse(file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResolveError(`${file}: [${issue.path.join('.')}]: ${issue.message}`);
  }
  return parsed.data.map((entry) => ({
    person: entry.person,
    accounts: entry.accounts.map((a) => {
      const [platform, ...rest] = a.replace(/^account:/, '').split(':');
      return nodeId('Account', { platform: platform!, handle: rest.join(':') });
    }),
  }));
}

export type Link = {
  readonly account: string;
  readonly person: string;
  readonly status: string;
  readonly confidence: number;
  readonly method: string;
  readonly reason: string;
};

export async function listLinks(executor: Executor, status?: string): Promise<Link[]> {
  return executor.rows<Link>(
    `MATCH (a:Account)-[r:RESOLVED_TO]->(p:Person)
     WHERE $status IS NULL OR r.status = $status
     RETURN a.id AS account, p.id AS person, r.status AS status, r.confidence AS confidence, r.method AS method, r.reason AS reason
     ORDER BY r.confidence DESC, account`,
    { status: status ?? null },
  );
}
