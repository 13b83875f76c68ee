/**
 * Case files through the API against the real Neo4j: saved exactly, reopened with what changed in
 * the data since, replayed as a regression check, and exported as a self-contained report whose
 * every text is escaped and whose policy allows no script.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
let api: TestApi;
let dir: string;

const DM = 'message:twitter:wikileaks-trumpjr-dm-2016-10-12';
const WIKILEAKS = 'account:twitter:wikileaks';
const JR = 'account:twitter:donaldjtrumpjr';

async function load(file: string) {
  const summary = await runLoad({ files: [file], executor: connection.executor, reportDir: path.join(dir, 'report') });
  expect(summary.rejected).toBe(0);
}

let view: { elements: string[]; positions: Record<string, { x: number; y: number }>; filters: Record<string, unknown> };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cases-'));
  await emptyDatabase(connection);
  await load(FOUNDING_CASE);
  const [row] = await connection.executor.rows<{ sent: string; to: string }>(
    `MATCH (:Account {id: $wikileaks})-[s:SENT]->(:Message {id: $dm})-[t:TO]->(:Account {id: $jr})
     RETURN s.id AS sent, t.id AS to`,
    { wikileaks: WIKILEAKS, dm: DM, jr: JR },
  );
  view = {
    elements: [WIKILEAKS, DM, JR, row!.sent, row!.to, 'bundle:client-side'],
    positions: { [WIKILEAKS]: { x: 0, y: 0 }, [DM]: { x: 120, y: -40 }, [JR]: { x: 240, y: 0 } },
    filters: { window: { from: '2016-10-01T00:00:00Z', to: '2016-10-31T00:00:00Z' } },
  };
  api = await startApi(connection);
});
afterAll(async () => {
  await api.close();
  await connection.close();
});

describe('case files', () => {
  it('keeps a case exactly as saved, with its history, and reopens it fresh', async () => {
    const saved = await api.post('/api/cases/wlsearch-link', {
      name: 'The wlsearch.tk link',
      question: 'Did Trump Jr. pass on the link WikiLeaks sent him?',
      view,
      notes: [{ on: DM, text: 'Mueller report: <b>sent</b> the link & asked' }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ref: 'wlsearch-link', versions: 1 });
    const again = await api.post('/api/cases/wlsearch-link', {
      name: 'The wlsearch.tk link',
      question: 'Did Trump Jr. tweet the link WikiLeaks sent him?',
      view,
      notes: [{ on: DM, text: 'Mueller report: <b>sent</b> the link & asked' }],
    });
    expect(again.body.versions).toBe(2);
    const opened = await api.get('/api/cases/wlsearch-link');
    expect(opened.status).toBe(200);
    expect(opened.body.case).toMatchObject({
      question: 'Did Trump Jr. tweet the link WikiLeaks sent him?',
      view,
      notes: [{ on: DM, text: 'Mueller report: <b>sent</b> the link & asked' }],
    });
    expect(opened.body).toMatchObject({
      stale: false,
      replay: { same: true, present: 5, missing: [], unchecked: ['bundle:client-side'] },
    });
    const list = await api.get('/api/cases');
    expect(list.body.cases.map((c: { ref: string }) => c.ref)).toContain('wlsearch-link');
  });

  it('says what changed in the data since: a later load, its new message between the case’s parties', async () => {
    const file = path.join(dir, 'later.ndjson');
    const message = { label: 'Message', key: { platform: 'twitter', ref: 'case-test-later-dm' } };
    await writeFile(
      file,
      [
        // A later record of one of the case's accounts: its values may have changed.
        { node: 'Account', properties: { platform: 'twitter', handle: 'wikileaks', displayName: 'WikiLeaks, later' } },
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: 'case-test-later-dm',
            kind: 'direct_message',
            text: 'a later DM',
            sentPrecision: 'day',
            sentFrom: '2016-10-20T00:00:00Z',
            sentTo: '2016-10-20T23:59:59Z',
          },
        },
        {
          relationship: 'SENT',
          from: { label: 'Account', key: { platform: 'twitter', handle: 'wikileaks' } },
          to: message,
        },
        {
          relationship: 'TO',
          from: message,
          to: { label: 'Account', key: { platform: 'twitter', handle: 'donaldjtrumpjr' } },
        },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    await load(file);
    const { body } = await api.get('/api/cases/wlsearch-link');
    expect(body.stale).toBe(true);
    expect(body.changes.loadsSince).toBe(1);
    expect(body.changes.newMessages.map((m: { id: string }) => m.id)).toEqual(['message:twitter:case-test-later-dm']);
    // The record of WikiLeaks' account; Trump Jr.'s was only named as a recipient.
    expect(body.changes.touched).toEqual([WIKILEAKS]);
    // Still exactly what was saved.
    expect(body.case.view).toEqual(view);
  });

  it('replays a case as a regression check: an element gone from the data is named', async () => {
    await api.post('/api/cases/with-a-ghost', {
      name: 'A ghost',
      view: { elements: [WIKILEAKS, 'person:nobody-at-all'] },
    });
    const replay = await api.post('/api/cases/with-a-ghost/replay', {});
    expect(replay.body).toEqual({ present: 1, missing: ['person:nobody-at-all'], unchecked: [], same: false });
    expect((await api.get('/api/cases/with-a-ghost')).body.stale).toBe(true);
  });

  it('exports a self-contained report: sources and quotes, escaped notes, the Cypher to reproduce it, no script', async () => {
    const response = await fetch(`${api.base}/api/cases/wlsearch-link/report`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).not.toMatch(/script-src|unsafe/);
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Mueller report: &#60;b&#62;sent&#60;/b&#62; the link &#38; asked');
    expect(html).toContain('<svg');
    expect(html).toContain('MATCH (n:`Account`) WHERE n.id IN $ids');
    expect(html).toContain(`&#34;${DM}&#34;`);
    // The DM's source and its quote, as the founding case gives them.
    const [source] = await connection.executor.rows<{ title: string }>(
      'MATCH (:Message {id: $dm})-[:SUPPORTED_BY]->(s:Source) RETURN coalesce(s.title, s.ref) AS title LIMIT 1',
      { dm: DM },
    );
    expect(html).toContain(source!.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`));
    expect(html).toContain('The data changed since this case was saved');
  });

  it('refuses a bad case name, an empty title and an unknown case, naming what', async () => {
    const bad = await api.post('/api/cases/Bad%20Name!', { name: 'x', view: { elements: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^ref: /);
    const empty = await api.post('/api/cases/ok-name', { name: ' ', view: { elements: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^body\.name: /);
    expect((await api.get('/api/cases/no-such-case')).status).toBe(404);
  });
});
