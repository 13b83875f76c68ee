/**
 * The path tool's filters (issue 16, item 8) against the real Neo4j holding the founding case: with
 * the tool's default types (correspondence, affiliation and identity, from categories.ts) the path
 * WikiLeaks → Donald Trump Jr. runs through the messages WikiLeaks sent him, not through a message
 * that merely mentions both; direction narrows it further, and the API refuses what it does not know.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { PATH_CATEGORIES, RELATIONSHIP_CATEGORY, typesOf } from '../../server/model/categories.js';
import { runLoad } from '../../server/load/run.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
let api: TestApi;

interface PathBody {
  paths: { nodes: string[]; edges: string[] }[];
  edges: { id: string; type: string; source: string; target: string }[];
}

async function paths(body: Record<string, unknown>): Promise<{ status: number; body: PathBody & { error?: unknown } }> {
  const response = await fetch(`${api.base}/api/paths`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as PathBody };
}

beforeAll(async () => {
  await emptyDatabase(connection);
  const reports = await mkdtemp(path.join(tmpdir(), 'backchannel-paths-'));
  await runLoad({ files: [FOUNDING_CASE], executor: connection.executor, reportDir: reports });
  api = await startApi(connection);
});

afterAll(async () => {
  await api?.close();
  await connection.close();
});

describe('shortest paths, filtered', () => {
  it("WikiLeaks → Donald Trump Jr. goes through correspondence, not a mention, with the tool's defaults", async () => {
    const ends = { from: 'organization:wikileaks', to: 'person:donald-trump-jr' };
    const hopTypes = (body: PathBody) => body.paths[0]!.edges.map((id) => body.edges.find((e) => e.id === id)!.type);
    // Every type: the shortest way is a message that mentions both.
    const unfiltered = await paths(ends);
    expect(unfiltered.status).toBe(200);
    expect(hopTypes(unfiltered.body)).toContain('MENTIONS');
    const { status, body } = await paths({ ...ends, types: typesOf(PATH_CATEGORIES) });
    expect(status).toBe(200);
    expect(body.paths.length).toBe(1);
    const types = hopTypes(body);
    for (const type of types) {
      expect(PATH_CATEGORIES).toContain(RELATIONSHIP_CATEGORY[type as keyof typeof RELATIONSHIP_CATEGORY]);
    }
    expect(types).toEqual(['CONTROLS', 'SENT', 'TO', 'CONTROLS']);
  });

  it('follows the arrows when asked: out from the sender to the recipient, every hop along its arrow', async () => {
    const from = 'account:twitter:wikileaks';
    const to = 'account:twitter:donaldjtrumpjr';
    const out = await paths({ from, to, direction: 'out', types: ['SENT', 'TO'], all: true });
    expect(out.body.paths.length).toBeGreaterThan(0);
    for (const p of out.body.paths) {
      // Each hop runs from the node before it to the node after it.
      p.edges.forEach((id, i) => {
        const e = out.body.edges.find((x) => x.id === id)!;
        expect([e.source, e.target]).toEqual([p.nodes[i], p.nodes[i + 1]]);
      });
    }
    const both = await paths({ from, to, types: ['SENT', 'TO'], all: true });
    expect(both.body.paths.length).toBeGreaterThanOrEqual(out.body.paths.length);
  });

  it('refuses an unknown direction or type with a one-line error naming it', async () => {
    const bad = await paths({ from: 'organization:wikileaks', to: 'person:donald-trump', direction: 'sideways' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/direction/);
    const badType = await paths({ from: 'organization:wikileaks', to: 'person:donald-trump', types: ['LIKES'] });
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body)).toMatch(/types/);
  });
});
