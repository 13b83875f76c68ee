/**
 * Resolution against the real Neo4j: proposals are bookkeeping that no search, count, expansion,
 * bundle or path sees; accepting writes the link (and the proposed person); a rejection holds against
 * later runs; an accepted same-as joins the founding case's Donald Trump Jr. and TrumpWorld's
 * "DONALD TRUMP JR." into one entity for bundles, paths, search and expansion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, FOUNDING_CASE } from '../../server/config.js';
import { applySchema } from '../../server/scripts/migrations.js';
import { loadMapping } from '../../server/ingest/mapping/index.js';
import { runLoad } from '../../server/load/run.js';
import { relationshipId } from '../../server/model/keys.js';
import type { RelationshipType } from '../../server/model/graph-model.js';
import { bundles } from '../../server/queries/bundles.js';
import { expand } from '../../server/queries/expand.js';
import { shortestPaths } from '../../server/queries/paths.js';
import { search } from '../../server/queries/search.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { resolveCommand } from '../../server/cli/commands/resolve.js';
import { proposeLinks } from '../../server/resolve/propose.js';
import { proposeSameAs } from '../../server/resolve/same-as.js';
import {
  accountLink,
  accountsToResolve,
  decide,
  entitiesToCompare,
  listProposals,
  ResolveError,
  writeProposals,
} from '../../server/resolve/store.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import { sharedData } from '../support/shared-data.js';

const connection = testConnection();
const executor = connection.executor;

const JR = 'person:donald-trump-jr';
const TW_JR = 'person:trumpworld:name:DONALD TRUMP JR.';
const TW_ORG = 'organization:trumpworld:name:TRUMP HOTEL COLLECTION';
const ZORBA = 'account:email:quentin.zorba@example.org';

/** A relationship row for the fixture, with the id the model derives. */
const rel = (type: RelationshipType, from: string, to: string, props: Record<string, unknown> = {}) => ({
  type,
  from,
  to,
  props: { ...props, id: relationshipId(type, from, to, props) },
});

async function buildGraph() {
  const nodes = [
    { label: 'Person', props: { id: JR, ref: 'donald-trump-jr', name: 'Donald Trump Jr.', aliases: ['Trump Jr'] } },
    { label: 'Person', props: { id: TW_JR, ref: 'trumpworld:name:DONALD TRUMP JR.', name: 'DONALD TRUMP JR.' } },
    {
      label: 'Organization',
      props: { id: TW_ORG, ref: 'trumpworld:name:TRUMP HOTEL COLLECTION', name: 'TRUMP HOTEL COLLECTION' },
    },
    { label: 'Organization', props: { id: 'organization:wikileaks', ref: 'wikileaks', name: 'WikiLeaks' } },
    ...[
      ['twitter', 'donaldjtrumpjr', []],
      ['twitter', 'wikileaks', []],
      ['email', 'djtjr@trumporg.example', []],
      ['email', 'assistant@trumporg.example', ['Office Assistant']],
      ['email', 'quentin.zorba@example.org', ['Quentin Zorba (E-mail)', 'Zorba, Quentin']],
      ['email', 'dl-traders-portland@enron.com', ['DL-Traders Portland']],
    ].map(([platform, handle, displayNames]) => ({
      label: 'Account',
      props: { id: `account:${platform}:${handle}`, platform, handle, displayNames },
    })),
    ...[
      ['dm-1', 'twitter', 'direct_message', '2016-09-20T23:59:00Z'],
      ['mail-1', 'email', 'email', '2016-06-03T10:00:00Z'],
    ].map(([ref, platform, kind, sent]) => ({
      label: 'Message',
      props: {
        id: `message:${platform}:${ref}`,
        platform,
        ref,
        kind,
        text: `${ref} text`,
        sentFrom: sent,
        sentTo: sent,
      },
    })),
  ];
  const relationships = [
    rel('CONTROLS', JR, 'account:twitter:donaldjtrumpjr'),
    rel('CONTROLS', 'organization:wikileaks', 'account:twitter:wikileaks'),
    rel('SENT', 'account:twitter:wikileaks', 'message:twitter:dm-1'),
    rel('TO', 'message:twitter:dm-1', 'account:twitter:donaldjtrumpjr'),
    rel('CONTROLS', TW_JR, 'account:email:djtjr@trumporg.example'),
    rel('SENT', 'account:email:assistant@trumporg.example', 'message:email:mail-1'),
    rel('TO', 'message:email:mail-1', 'account:email:djtjr@trumporg.example'),
    rel('AFFILIATED_WITH', TW_JR, TW_ORG, { role: 'Executive Vice President' }),
  ];
  for (const { label, props } of nodes) {
    const { sentFrom, sentTo, ...rest } = props as Record<string, unknown>;
    await executor.write(
      `CREATE (n:${label}) SET n = $props
       FOREACH (t IN CASE WHEN $sentFrom IS NULL THEN [] ELSE [1] END |
         SET n.sentFrom = datetime($sentFrom), n.sentTo = datetime($sentTo), n.sentPrecision = 'instant')`,
      { props: rest, sentFrom: sentFrom ?? null, sentTo: sentTo ?? null },
    );
  }
  for (const { type, from, to, props } of relationships) {
    await executor.write(`MATCH (a {id: $from}), (b {id: $to}) CREATE (a)-[r:${type}]->(b) SET r = $props`, {
      from,
      to,
      props,
    });
  }
}

/** What `backchannel resolve` does: account proposals, then same-as proposals. */
async function runResolve(): Promise<number> {
  let created = 0;
  for await (const page of accountsToResolve(executor)) {
    created += await writeProposals(executor, proposeLinks(page).map(accountLink));
  }
  return created + (await writeProposals(executor, proposeSameAs(await entitiesToCompare(executor))));
}

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();

beforeAll(async () => {
  await applySchema(executor);
  await emptyDatabase(connection);
  await buildGraph();
}, 300_000);
afterAll(() => connection.close());

describe('resolve', () => {
  it('writes nothing that search, counts or expansion see before anyone decides', async () => {
    const before = await countByLabelAndType(executor);
    expect(await runResolve()).toBe(2);
    expect(await countByLabelAndType(executor)).toEqual(before);
    const proposals = await listProposals(executor);
    expect(proposals.map((p) => [p.type, p.from, p.to, p.status, p.confidence])).toEqual([
      ['RESOLVED_TO', ZORBA, 'person:resolve:quentin-zorba', 'proposed', 0.9],
      ['SAME_AS', JR, TW_JR, 'proposed', 0.9],
    ]);
    expect(
      (await search(executor, { q: 'Zorba', mode: 'plain', offset: 0, limit: 10 })).items.map((i) => i.node.label),
    ).toEqual(['Account']);
    const expanded = await expand(executor, { ids: [JR], direction: 'both', offset: 0, limit: 50 });
    expect(ids(expanded.nodes)).toEqual(['account:twitter:donaldjtrumpjr', JR]);
    // A second run proposes nothing new.
    expect(await runResolve()).toBe(0);
  });

  it('creates the person and the link on acceptance, and a rejection holds against later runs', async () => {
    await decide(executor, ZORBA, 'person:resolve:quentin-zorba', 'accepted', 'test');
    const [person] = await executor.rows<{ name: string; status: string }>(
      `MATCH (:Account {id: $account})-[r:RESOLVED_TO]->(p:Person {id: 'person:resolve:quentin-zorba'})
       RETURN p.name AS name, r.status AS status`,
      { account: ZORBA },
    );
    expect(person).toEqual({ name: 'Quentin Zorba', status: 'accepted' });
    await decide(executor, ZORBA, 'person:resolve:quentin-zorba', 'rejected', 'test');
    expect(await runResolve()).toBe(0);
    const [after] = await executor.rows<{ links: number; people: number; status: string }>(
      `MATCH (p:Proposal {from: $account})
       RETURN p.status AS status, COUNT { ()-[:RESOLVED_TO]->() } AS links,
              COUNT { (:Person {id: 'person:resolve:quentin-zorba'}) } AS people`,
      { account: ZORBA },
    );
    expect(after).toEqual({ status: 'rejected', links: 0, people: 0 });
    await expect(decide(executor, ZORBA, 'person:nobody', 'rejected', 'test')).rejects.toThrow(ResolveError);
    await expect(decide(executor, JR, 'organization:wikileaks', 'accepted', 'test')).rejects.toThrow(
      /from an account to a person .* or joins two people or two organizations/,
    );
  });

  it('reads an accepted same-as cluster as one entity in bundles, paths, search and expansion', async () => {
    const bundlesOfJr = async () => bundles(executor, { ids: [JR], level: 'person', limit: 50 });
    const pathToHotels = async () =>
      shortestPaths(executor, { from: JR, to: TW_ORG, maxHops: 4, all: false, limit: 5 });
    const searchJr = async () => search(executor, { q: 'Donald Trump Jr', mode: 'plain', offset: 0, limit: 10 });

    expect((await bundlesOfJr()).edges.map((e) => [e.source, e.target])).toEqual([['organization:wikileaks', JR]]);
    expect((await pathToHotels()).paths).toEqual([]);
    expect((await searchJr()).items.map((i) => i.node.id).sort()).toEqual([JR, TW_JR]);

    // `backchannel resolve accept --min-confidence 0.9 --kind entities`
    const said: string[] = [];
    await resolveCommand(
      (work) => work(connection),
      (line) => said.push(line),
    ).parseAsync(['accept', '--min-confidence', '0.9', '--kind', 'entities', '--by', 'test'], { from: 'user' });
    expect(said).toEqual(['1 proposals accepted (confidence ≥ 0.9).']);

    const joined = await bundlesOfJr();
    expect(joined.edges.map((e) => [e.source, e.target, e.properties.messages])).toEqual([
      ['account:email:assistant@trumporg.example', JR, 1],
      ['organization:wikileaks', JR, 1],
    ]);
    expect(ids(joined.nodes)).toEqual(
      ['account:email:assistant@trumporg.example', 'organization:wikileaks', JR, TW_JR].sort(),
    );
    const path = await pathToHotels();
    expect(path.paths.map((p) => p.nodes)).toEqual([[JR, TW_JR, TW_ORG]]);
    const found = await searchJr();
    expect(found.items).toHaveLength(1);
    expect([found.items[0]!.node.id, ...(found.items[0]!.sameAs ?? []).map((n) => n.id)].sort()).toEqual([JR, TW_JR]);
    const expanded = await expand(executor, { ids: [JR], direction: 'both', offset: 0, limit: 50 });
    expect(ids(expanded.nodes)).toEqual(
      [JR, TW_JR, TW_ORG, 'account:twitter:donaldjtrumpjr', 'account:email:djtjr@trumporg.example'].sort(),
    );
    expect(expanded.edges.map((e) => e.type).sort()).toEqual(['AFFILIATED_WITH', 'CONTROLS', 'CONTROLS', 'SAME_AS']);

    // Undone: the two are two again, and a later run does not propose them back.
    await decide(executor, JR, TW_JR, 'rejected', 'test');
    expect(await runResolve()).toBe(0);
    expect((await pathToHotels()).paths).toEqual([]);
    expect((await searchJr()).items).toHaveLength(2);
    expect((await listProposals(executor, { type: 'SAME_AS' })).map((p) => p.status)).toEqual(['rejected']);
  });
});

const trumpworld = sharedData('trumpworld/trumpworld.csv');

describe.skipIf(!trumpworld.available)(`resolve over the founding case and TrumpWorld, loaded${trumpworld.why}`, () => {
  it('proposes Donald Trump Jr. and DONALD TRUMP JR. as one; accepted, his paths, bundles and search include both', async () => {
    await emptyDatabase(connection);
    const reports = await mkdtemp(path.join(tmpdir(), 'backchannel-resolve-'));
    await runLoad({ files: [FOUNDING_CASE], executor, reportDir: path.join(reports, 'founding') });
    await runLoad({
      files: [trumpworld.path],
      mapping: await loadMapping(path.join(PROJECT_ROOT, 'cypher', 'mappings', 'trumpworld.yaml')),
      executor,
      reportDir: path.join(reports, 'trumpworld'),
    });
    const before = await countByLabelAndType(executor);
    await runResolve();
    expect(await countByLabelAndType(executor)).toEqual(before);
    const sameAs = await listProposals(executor, { type: 'SAME_AS' });
    expect(sameAs).toContainEqual(
      expect.objectContaining({ from: JR, to: TW_JR, status: 'proposed', confidence: 0.9 }),
    );

    const ZAIKA = 'person:trumpworld:name:ANDRIY ZAIKA';
    const pathToZaika = async () => shortestPaths(executor, { from: JR, to: ZAIKA, maxHops: 4, all: false, limit: 5 });
    expect((await pathToZaika()).paths).toEqual([]);
    await decide(executor, JR, TW_JR, 'accepted', 'test');

    expect((await pathToZaika()).paths.map((p) => p.nodes)).toEqual([[JR, TW_JR, ZAIKA]]);
    const { nodes } = await bundles(executor, { ids: [JR], level: 'person', limit: 50 });
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining([JR, TW_JR]));
    const found = await search(executor, { q: 'Donald Trump Jr', mode: 'plain', offset: 0, limit: 10 });
    const hit = found.items.find((i) => [i.node.id, ...(i.sameAs ?? []).map((n) => n.id)].includes(JR));
    expect([hit!.node.id, ...(hit!.sameAs ?? []).map((n) => n.id)].sort()).toEqual([JR, TW_JR]);
    // The curated name is untouched: the two stay two records, read as one.
    const [names] = await executor.rows<{ curated: string; imported: string }>(
      'MATCH (a:Person {id: $jr}), (b:Person {id: $tw}) RETURN a.name AS curated, b.name AS imported',
      { jr: JR, tw: TW_JR },
    );
    expect(names).toEqual({ curated: 'Donald Trump Jr.', imported: 'DONALD TRUMP JR.' });
  }, 600_000);
});
