/**
 * Search ranks exact identifiers first (issue 16, item 4), against the real Neo4j holding the
 * founding case, TrumpWorld and the Enron mailboxes: a whole address finds its account first (not a
 * message quoting it), "trump jr" finds the person above TrumpWorld's source pages, an id finds its
 * node, and results filter by type (validated by the API).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE, PROJECT_ROOT } from '../../server/config.js';
import { loadMapping } from '../../server/ingest/mapping/index.js';
import { runLoad } from '../../server/load/run.js';
import { search } from '../../server/queries/search.js';
import type { SearchOptions } from '../../server/queries/search.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import { sharedData } from '../support/shared-data.js';

const connection = testConnection();
const executor = connection.executor;
// One mailbox of the Enron maildir (the one holding messages to and about don.baughman@enron.com): the
// whole maildir took minutes to load on a busy machine.
const enron = sharedData('enron-maildir/meyers-a');
const trumpworld = sharedData('trumpworld/trumpworld.csv');
let api: TestApi;

const find = (q: string, more: Partial<SearchOptions> = {}) =>
  search(executor, { q, mode: 'plain', offset: 0, limit: 12, ...more });

afterAll(async () => {
  await api?.close();
  await connection.close();
});

describe.skipIf(!enron.available || !trumpworld.available)(
  `search over the founding case, TrumpWorld and Enron${enron.why}${trumpworld.why}`,
  () => {
    beforeAll(async () => {
      await emptyDatabase(connection);
      const reports = await mkdtemp(path.join(tmpdir(), 'backchannel-search-'));
      await runLoad({ files: [FOUNDING_CASE, enron.path], executor, reportDir: path.join(reports, 'native') });
      await runLoad({
        files: [trumpworld.path],
        mapping: await loadMapping(path.join(PROJECT_ROOT, 'cypher', 'mappings', 'trumpworld.yaml')),
        executor,
        reportDir: path.join(reports, 'trumpworld'),
      });
      api = await startApi(connection);
    }, 300_000);

    it('puts the account of a whole address first, marked exact, above messages quoting it', async () => {
      const found = await find('don.baughman@enron.com');
      expect(found.items[0]).toMatchObject({
        node: { id: 'account:email:don.baughman@enron.com', label: 'Account' },
        exact: true,
      });
      // The messages that quote the address still come, after it and not exact.
      expect(found.items.slice(1).some((i) => i.node.label === 'Message')).toBe(true);
      expect(found.items.slice(1).every((i) => !i.exact)).toBe(true);
      // Any case, and a handle written with its @.
      expect((await find('Don.Baughman@Enron.com')).items[0]!.node.id).toBe('account:email:don.baughman@enron.com');
      expect((await find('@wikileaks')).items[0]!.node.id).toBe('account:twitter:wikileaks');
    });

    it('ranks the person "trump jr" above the TrumpWorld source pages that list him', async () => {
      const found = await find('trump jr');
      expect(found.items[0]!.node.label).toBe('Person');
      expect(found.items[0]!.node.caption).toMatch(/trump jr/i);
      // Both records of him (the founding case's and TrumpWorld's) come before any source page.
      const firstSource = found.items.findIndex((i) => i.node.label === 'Source');
      const him = found.items.flatMap((i, at) =>
        /trump jr/i.test(i.node.caption) && i.node.label === 'Person' ? [at] : [],
      );
      expect(him).toHaveLength(2);
      expect(firstSource).toBeGreaterThan(Math.max(...him));
    });

    it('finds a node by its id first, and an exact name before names that contain it', async () => {
      expect((await find('person:donald-trump-jr')).items[0]).toMatchObject({
        node: { id: 'person:donald-trump-jr' },
        exact: true,
      });
      const trump = await find('donald trump');
      expect(trump.items[0]).toMatchObject({ node: { id: 'person:donald-trump' }, exact: true });
    });

    it('filters by type, and the API refuses a type the model does not have', async () => {
      const messages = await find('don.baughman@enron.com', { labels: ['Message'] });
      expect(messages.items.length).toBeGreaterThan(0);
      expect(messages.items.every((i) => i.node.label === 'Message')).toBe(true);
      const answer = await fetch(
        `${api.base}/api/search?q=${encodeURIComponent('don.baughman@enron.com')}&labels=Account`,
      );
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { items: { node: { id: string } }[] };
      expect(body.items[0]!.node.id).toBe('account:email:don.baughman@enron.com');
      expect(body.items.every((i) => i.node.id.startsWith('account:'))).toBe(true);
      const bad = await fetch(`${api.base}/api/search?q=x&labels=Spaceship`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toMatch(/labels/);
    });
  },
);
