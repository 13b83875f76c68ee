/**
 * The founding case, loaded as `npm start` loads it, answers the questions of the story.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import type { LoadSummary } from '../../server/load/run.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const read = async (cypher: string, params: Record<string, unknown> = {}) => connection.executor.rows(cypher, params);
let summary: LoadSummary;

async function loadFoundingCase() {
  return runLoad({
    files: [FOUNDING_CASE],
    executor: connection.executor,
    reportDir: await mkdtemp(path.join(tmpdir(), 'backchannel-founding-')),
  });
}

beforeAll(async () => {
  await emptyDatabase(connection);
  summary = await loadFoundingCase();
});
afterAll(() => connection.close());

describe('the founding case', () => {
  it('loads every record without a reject', () => {
    expect(summary.rejected).toBe(0);
    expect(summary.loaded).toBe(summary.read);
  });

  it('names the people and organizations of the article', async () => {
    const names = (await read('MATCH (n:Person|Organization) RETURN n.name AS name')).map((r) => r.name);
    for (const name of [
      'Donald Trump Jr.',
      'Donald Trump',
      'Mike Pence',
      'John Podesta',
      'Hillary Clinton',
      'WikiLeaks',
      'The Atlantic',
      'The Guardian',
      'Fox News',
      'The Week',
      'Russian operatives',
      'US intelligence officials',
    ]) {
      expect(names).toContain(name);
    }
  });

  it("has WikiLeaks' account send Trump Jr.'s account a direct message linking to wlsearch.tk", async () => {
    const rows = await read(`
      MATCH (:Organization {name: 'WikiLeaks'})-[:CONTROLS]->(from:Account)-[:SENT]->(m:Message {kind: 'direct_message'})
            -[:TO]->(to:Account)<-[:CONTROLS]-(:Person {name: 'Donald Trump Jr.'}),
            (m)-[l:LINKS_TO]->(u:Url)
      RETURN from.handle AS from, m.sentFrom.year AS year, m.sentFrom.month AS month, m.sentFrom.day AS day,
             m.sentPrecision AS precision, u.url AS url, l.asWritten AS written`);
    expect(rows).toContainEqual({
      from: 'wikileaks',
      year: 2016,
      month: 10,
      day: 12,
      precision: 'day',
      url: 'http://wlsearch.tk/',
      written: ['wlsearch.tk'],
    });
  });

  it('keeps both spellings of the wlsearch.tk URL on one node', async () => {
    const rows = await read("MATCH (u:Url {domain: 'wlsearch.tk'}) RETURN u.url AS url, u.spellings AS spellings");
    expect(rows).toHaveLength(1);
    expect(new Set(rows[0]!.spellings as string[])).toEqual(new Set(['wlsearch.tk', 'http://wlsearch.tk/']));
  });

  it("records Trump's tweet as 15 minutes after that message, and Trump Jr.'s as two days after", async () => {
    const rows = await read(`
      MATCH (later:Message)-[a:AFTER]->(dm:Message)-[:LINKS_TO]->(:Url {domain: 'wlsearch.tk'})
      MATCH (author)-[:CONTROLS]->(:Account)-[:SENT]->(later)
      RETURN author.name AS author, a.delay AS delay, a.delayPrecision AS precision,
             duration(a.delay).minutes AS minutes, later.sentPrecision AS laterPrecision
      ORDER BY author`);
    expect(rows).toEqual([
      { author: 'Donald Trump', delay: 'PT15M', precision: 'minute', minutes: 15, laterPrecision: 'unknown' },
      { author: 'Donald Trump Jr.', delay: 'P2D', precision: 'day', minutes: 0, laterPrecision: 'unknown' },
    ]);
    const days = await read("MATCH ()-[a:AFTER {delay: 'P2D'}]->() RETURN duration(a.delay).days AS days");
    expect(days).toEqual([{ days: 2 }]);
  });

  it('keeps the exchange as vague as the article: a range from 20 September to 12 October 2016', async () => {
    const rows = await read(`
      MATCH (c:Message {kind: 'conversation'})<-[:PART_OF]-(dm:Message)
      RETURN c.sentPrecision AS precision, toString(date(c.sentFrom)) AS from, toString(date(c.sentTo)) AS to,
             count(dm) AS messages`);
    expect(rows).toEqual([{ precision: 'range', from: '2016-09-20', to: '2016-10-12', messages: 5 }]);
  });

  it('supports every relationship with at least one source, and every node too', async () => {
    const unsupportedRels = await read(`
      MATCH ()-[r]->() WHERE type(r) <> 'SUPPORTED_BY' AND coalesce(size(r.sourceIds), 0) = 0
      RETURN type(r) AS type, r.id AS id`);
    expect(unsupportedRels).toEqual([]);
    const unsupportedNodes = await read(
      'MATCH (n) WHERE NOT n:LoadRun AND NOT n:SchemaMigration AND NOT (n)-[:SUPPORTED_BY]->(:Source) RETURN n.id AS id',
    );
    expect(unsupportedNodes).toEqual([]);
    const danglingSources = await read(`
      MATCH ()-[r]->() UNWIND r.sourceIds AS sid
      OPTIONAL MATCH (s:Source {id: sid}) WITH sid, s WHERE s IS NULL OR s.title IS NULL RETURN DISTINCT sid`);
    expect(danglingSources).toEqual([]);
  });

  it('marks account handles that the article does not print', async () => {
    const rows = await read(`
      MATCH (a:Account)-[:SUPPORTED_BY]->(s:Source)
      RETURN a.handle AS handle, a.note IS NOT NULL AS noted, collect(s.ref) AS sources ORDER BY handle`);
    const byHandle = Object.fromEntries(rows.map((r) => [r.handle, r]));
    expect(byHandle.realdonaldtrump).toMatchObject({
      noted: true,
      sources: expect.arrayContaining(['public-twitter-handles']),
    });
    expect(byHandle.donaldjtrumpjr).toMatchObject({
      noted: true,
      sources: expect.arrayContaining(['public-twitter-handles']),
    });
  });

  it('changes nothing when loaded a second time', async () => {
    const before = await countByLabelAndType(connection.executor);
    const again = await loadFoundingCase();
    expect(again.created).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0 });
    expect(await countByLabelAndType(connection.executor)).toEqual(before);
  });
});
