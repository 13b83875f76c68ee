/**
 * Issue 16, item 3: a party with no correspondence (an IRA account that only tweets) expands by
 * default to what it does have — its messages, grouped by type and paged — through the client's own
 * Explorer and Api against a real API server on the IRA sample.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../client/src/api.js';
import { Explorer } from '../../client/src/explorer.js';
import { GraphState } from '../../client/src/graph-state.js';
import { PROJECT_ROOT } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { nodeId } from '../../server/model/keys.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const JANE = nodeId('Account', { platform: 'twitter', handle: 'JaneDoe_Test' });
let server: TestApi;

beforeAll(async () => {
  await emptyDatabase(connection);
  await runLoad({
    files: [path.join(PROJECT_ROOT, 'tests', 'fixtures', 'twitter', 'ira-tweets.csv')],
    format: 'ira-tweets-csv',
    executor: connection.executor,
    reportDir: path.join(os.tmpdir(), `backchannel-expand-default-${process.pid}`),
  });
  server = await startApi(connection);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await connection.close();
});

function explorerOn(api: Api) {
  const state = new GraphState();
  const notices: string[] = [];
  const explorer = new Explorer(
    api,
    state,
    { select: () => {}, highlight: () => {}, filteredOut: () => 0 },
    { notify: (m) => notices.push(m), say: (m) => notices.push(m) },
  );
  return { state, notices, explorer };
}

describe('the default expansion of an account that only tweets', () => {
  it('shows its tweets, grouped by type, where correspondence bundles find nothing', async () => {
    const api = new Api({}, server.base);
    const { state, notices, explorer } = explorerOn(api);
    const { node } = await api.node(JANE);
    await explorer.addNodes([node]);
    // No correspondence: the bundles are empty.
    expect((await api.expand({ ids: [JANE], bundle: true, level: 'account' })).total).toBe(0);
    await explorer.expand(JANE);
    const messages = [...state.nodes.values()].filter((n) => n.label === 'Message').map((n) => n.id);
    const tweets = [...state.edges.values()].filter((e) => e.type === 'SENT' && e.source === JANE).map((e) => e.target);
    expect(tweets.length).toBeGreaterThan(0);
    expect(messages).toEqual(expect.arrayContaining(tweets));
    // Grouped: what each type holds is said, its own tweets among them.
    expect(notices.at(-1)).toMatch(
      new RegExp(`^Expanded .* \\(.*SENT→ ${tweets.length}.*\\) — ${messages.length} new node`),
    );
    // Its tweets' own neighbours (the accounts it mentions, the links) are one expansion further.
    await explorer.expand(tweets[0]!);
    expect([...state.nodes.values()].some((n) => n.label === 'Url' || (n.label === 'Account' && n.id !== JANE))).toBe(
      true,
    );
  });
});
