/**
 * The real data sets of ../shared/data through `backchannel load`'s path into the real Neo4j:
 * the Enron mailboxes, the IRA tweet sample, NBC's accounts; each loaded twice without a change.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../server/load/run.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { PROJECT_ROOT } from '../../server/config.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import { sharedData } from '../support/shared-data.js';

const connection = testConnection();
const enron = sharedData('enron-maildir');
const ira = sharedData('fivethirtyeight-ira-sample/SubdataSample.csv');
const nbc = sharedData('nbc-russian-trolls/users.csv');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'real-'));
});
afterAll(() => connection.close());

async function loadTwice(files: string[]) {
  await emptyDatabase(connection);
  const first = await runLoad({
    files,
    executor: connection.executor,
    reportDir: path.join(dir, `${Date.now()}-1`),
    batchSize: 5_000,
  });
  const counts = await countByLabelAndType(connection.executor);
  const second = await runLoad({
    files,
    executor: connection.executor,
    reportDir: path.join(dir, `${Date.now()}-2`),
    batchSize: 5_000,
  });
  expect(await countByLabelAndType(connection.executor)).toEqual(counts);
  expect(second.created).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0 });
  return { first, counts };
}

const rows = <T extends object>(cypher: string, params: Record<string, unknown> = {}) =>
  connection.executor.rows<T>(cypher, params);

describe.skipIf(!enron.available)(`the Enron mailboxes${enron.why}`, () => {
  it('load one Message per Message-ID and one Account per normalised address, twice without a change', async () => {
    const { first, counts } = await loadTwice([enron.path]);
    expect(first.rejected).toBe(0);
    expect(counts.nodes.Message).toBe(1_332);
    const [distinct] = await rows<{ ids: number; handles: number; accounts: number }>(
      `MATCH (m:Message) WITH count(DISTINCT m.ref) AS ids
       MATCH (a:Account) RETURN ids, count(DISTINCT a.handle) AS handles, count(a) AS accounts`,
    );
    expect(distinct).toEqual({ ids: 1_332, handles: counts.nodes.Account, accounts: counts.nodes.Account });
    const [allen] = await rows<{ sent: number; names: string[]; file: string; record: string }>(
      `MATCH (a:Account {id: 'account:email:phillip.allen@enron.com'})-[:SENT]->(m)
       RETURN count(m) AS sent, a.displayNames AS names, min(m.loadedFrom) AS file, min(m.loadedRecord) AS record`,
    );
    expect(allen!.sent).toBeGreaterThan(10);
    expect(allen!.names.join(' ')).toMatch(/Allen/);
    expect(allen!.file).toMatch(/^enron-maildir\/allen-p\//);
    expect(allen!.record).toMatch(/@/);
    const [zoned] = await rows<{ offsets: string[] }>(
      'MATCH (m:Message) WHERE m.sentFrom IS NOT NULL RETURN collect(DISTINCT m.sentFrom.offset) AS offsets',
    );
    expect(zoned!.offsets).toEqual(expect.arrayContaining(['-07:00', '-08:00']));
  });

  it('joins reply threads, whichever message loads first', async () => {
    await emptyDatabase(connection);
    const mbox = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'email', 'mailbox.mbox');
    await runLoad({ files: [mbox], executor: connection.executor, reportDir: path.join(dir, 'mbox') });
    const replies = await rows<{ reply: string; original: string; originalSubject: string | null }>(
      'MATCH (r:Message)-[:REPLIES_TO]->(o:Message) RETURN r.ref AS reply, o.ref AS original, o.subject AS originalSubject',
    );
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.originalSubject !== null)).toBe(true);
  });

  it('proposes the people behind the accounts from their display names, writes nothing before a decision, and keeps decisions', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { testEnv } = await import('../support/neo4j.js');
    await emptyDatabase(connection);
    await runLoad({ files: [enron.path], executor: connection.executor, reportDir: path.join(dir, 'resolve') });
    const run = (args: string[]) =>
      promisify(execFile)(path.join(PROJECT_ROOT, 'bin', 'backchannel'), args, { env: testEnv() });
    const countsBefore = await countByLabelAndType(connection.executor);
    const proposed = await run(['resolve']);
    expect(proposed.stderr).toMatch(/Resolve: \d+ accounts read, \d+ new proposals/);
    // Proposals are bookkeeping: no Person, no link, no count changes until an analyst decides.
    expect(await countByLabelAndType(connection.executor)).toEqual(countsBefore);
    expect(countsBefore.nodes.Person).toBe(0);
    const proposal = (account: string) =>
      rows<{ person: string; status: string; confidence: number; evidence: string[] }>(
        `MATCH (p:Proposal {from: $account, type: 'RESOLVED_TO'})
         RETURN p.to AS person, p.status AS status, p.confidence AS confidence, p.evidence AS evidence`,
        { account },
      );
    const [allen] = await proposal('account:email:phillip.allen@enron.com');
    expect(allen).toMatchObject({ person: 'person:resolve:phillip-k-allen', status: 'proposed', confidence: 0.9 });
    expect(allen!.evidence.join(' ')).toMatch(/Allen/);
    expect(await proposal('account:email:dl-ga-all_enron_worldwide1@enron.com')).toEqual([]);
    await run(['resolve', 'accept', 'account:email:phillip.allen@enron.com', allen!.person]);
    const [accepted] = await rows<{ name: string }>(
      `MATCH (:Account {id: 'account:email:phillip.allen@enron.com'})-[:RESOLVED_TO {status: 'accepted'}]->(p:Person)
       RETURN p.name AS name`,
    );
    expect(accepted).toEqual({ name: 'Phillip K. Allen' });
    await run(['resolve', 'reject', 'account:email:phillip.allen@enron.com', allen!.person]);
    await run(['resolve']);
    const [after] = await proposal('account:email:phillip.allen@enron.com');
    expect(after!.status).toBe('rejected');
    // The load of four mailboxes and four command runs (each its own process) take minutes on a busy machine.
  }, 600_000);
});

describe.skipIf(!ira.available || !nbc.available)(`the IRA tweet sample and NBC accounts${ira.why}${nbc.why}`, () => {
  it('load authors, tweets, mentions and expanded URLs, twice without a change', async () => {
    const { first, counts } = await loadTwice([ira.path, nbc.path]);
    expect(first.rejected).toBe(0);
    expect(counts.nodes.Message).toBe(2_925);
    const [authors] = await rows<{ authors: number; withUrl: number; mentions: number }>(
      `MATCH (a:Account)-[:SENT]->(:Message) WITH count(DISTINCT a) AS authors
       MATCH (m:Message)-[:LINKS_TO]->(u:Url) WHERE NOT u.domain = 't.co' WITH authors, count(DISTINCT m) AS withUrl
       MATCH ()-[r:MENTIONS]->() RETURN authors, withUrl, count(r) AS mentions`,
    );
    expect(authors).toMatchObject({ authors: 851, withUrl: 2_125 });
    expect(authors!.mentions).toBeGreaterThan(1_000);
    const [profiles] = await rows<{ n: number }>(
      'MATCH (a:Account) WHERE a.followers IS NOT NULL AND a.createdAt IS NOT NULL RETURN count(a) AS n',
    );
    expect(profiles!.n).toBeGreaterThan(300);
  });
});

const trumpworld = sharedData('trumpworld/trumpworld.csv');

describe.skipIf(!trumpworld.available)(`TrumpWorld through its mapping${trumpworld.why}`, () => {
  it('loads people, organizations and connections, each relationship with its source, twice without a change', async () => {
    const { loadMapping } = await import('../../server/ingest/mapping/index.js');
    const mapping = await loadMapping(path.join(PROJECT_ROOT, 'cypher', 'mappings', 'trumpworld.yaml'));
    await emptyDatabase(connection);
    const load = (n: number) =>
      runLoad({
        files: [trumpworld.path],
        mapping,
        executor: connection.executor,
        reportDir: path.join(dir, `tw-${n}`),
      });
    const first = await load(1);
    const counts = await countByLabelAndType(connection.executor);
    await load(2);
    expect(await countByLabelAndType(connection.executor)).toEqual(counts);
    // 3,380 rows, each a few records (nodes, the connection, its sources).
    expect(first).toMatchObject({ read: 6_758, rejected: 0 });
    expect(counts.nodes.Person).toBe(640);
    // Names are the key within TrumpWorld only as written: "INVESCO LTD." and "INVESCO, LTD." are two
    // records now (three such pairs), for a same-as decision to join, not a silent merge.
    expect(counts.nodes.Organization).toBe(2_029);
    const [unsourced] = await rows<{ n: number; dangling: number }>(
      `MATCH ()-[r:AFFILIATED_WITH|CONNECTED_TO]->() WITH r, coalesce(r.sourceIds, []) AS ids
       OPTIONAL MATCH (s:Source) WHERE s.id IN ids
       WITH r, ids, count(s) AS found
       RETURN sum(CASE WHEN size(ids) = 0 THEN 1 ELSE 0 END) AS n, sum(CASE WHEN found < size(ids) THEN 1 ELSE 0 END) AS dangling`,
    );
    expect(unsourced).toEqual({ n: 0, dangling: 0 });
    const [trump] = await rows<{ n: number }>(
      "MATCH (:Person {id: 'person:trumpworld:name:DONALD J. TRUMP'})-[r]-() RETURN count(r) AS n",
    );
    expect(trump!.n).toBeGreaterThan(100);
  });
});
