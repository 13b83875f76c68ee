/**
 * Questions about time and flow, through the API against the real Neo4j: time-respecting paths,
 * "who could have reached X by T", and cascades. On the founding case, with answers written down
 * from the article and the Mueller report excerpt; on a generated graph whose answers are planted.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { startApi } from '../support/api.js';
import { plantedPosts, score } from '../support/planted-coordination.js';
import type { Planted } from '../support/planted-coordination.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
let api: TestApi;
let dir: string;
let coordinated: Planted;

const DM_SEP_20 = 'message:twitter:wikileaks-trumpjr-dm-2016-09-20';
const EMAIL_SEP_20 = 'message:email:trumpjr-campaign-staff-email-2016-09-20';
const DM_OCT_12 = 'message:twitter:wikileaks-trumpjr-dm-2016-10-12';
const JR_TWEET = 'message:twitter:trumpjr-tweet-wlsearch-link';
const TRUMP_TWEET = 'message:twitter:donaldtrump-tweet-very-little-pick-up';

/** Native records of a tweet or DM sent by a twitter account at an exact time (the message and its SENT). */
const account = (handle: string) => ({ label: 'Account', key: { platform: 'twitter', handle } });
function sentMessage(ref: string, kind: string, by: string, at: string, text?: string | null, precision = 'instant') {
  const message = { label: 'Message', key: { platform: 'twitter', ref } };
  const records = [
    {
      node: 'Message',
      properties: {
        platform: 'twitter',
        ref,
        kind,
        ...(text ? { text } : {}),
        sentPrecision: precision,
        sentFrom: at,
        sentTo: at,
      },
    },
    { relationship: 'SENT', from: account(by), to: message },
  ];
  return { message, records };
}

/** A planted graph: DMs between accounts at known minutes of one day. */
async function plantedFile(): Promise<string> {
  const at = (minute: number) => new Date(Date.UTC(2020, 0, 1, 0, minute)).toISOString();
  const lines: object[] = [];
  const dm = (ref: string, from: string, to: string, minute: number) => {
    const { message, records } = sentMessage(ref, 'direct_message', from, at(minute), ref, 'minute');
    lines.push(...records, { relationship: 'TO', from: message, to: account(to) });
  };
  for (const handle of ['planted_a', 'planted_b', 'planted_c', 'planted_d']) {
    lines.push({ node: 'Account', properties: { platform: 'twitter', handle } });
  }
  // a tells b at minute 10; b wrote to c at minute 5, before it knew (the time-blind path a-b-c);
  // b tells d at 20, d tells c at 30: the only time-respecting way to c.
  dm('planted-ab', 'planted_a', 'planted_b', 10);
  dm('planted-bc', 'planted_b', 'planted_c', 5);
  dm('planted-bd', 'planted_b', 'planted_d', 20);
  dm('planted-dc', 'planted_d', 'planted_c', 30);
  const file = path.join(dir, 'planted.ndjson');
  await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

/** Planted coordinated groups among noise, as native records (tests/support/planted-coordination.ts). */
async function coordinationFile(): Promise<string> {
  coordinated = plantedPosts({
    seed: 11,
    groups: 4,
    groupSize: 5,
    campaigns: 5,
    noiseAccounts: 200,
    noisePosts: 1_500,
  });
  const handle = (id: string) => id.replace('account:twitter:', '');
  const lines: object[] = [];
  for (const author of new Set(coordinated.posts.map((p) => p.author))) {
    lines.push({ node: 'Account', properties: { platform: 'twitter', handle: handle(author) } });
  }
  for (const post of coordinated.posts) {
    const ref = post.id.replace('message:planted:', 'coordination-');
    const { message, records } = sentMessage(
      ref,
      'tweet',
      handle(post.author),
      new Date(post.at).toISOString(),
      post.text,
    );
    lines.push(
      ...records,
      ...post.urls.map((url) => ({
        relationship: 'LINKS_TO',
        from: message,
        to: { label: 'Url', key: { url: url.replace('url:', '') } },
      })),
    );
  }
  const file = path.join(dir, 'coordination.ndjson');
  await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'flow-'));
  await emptyDatabase(connection);
  for (const file of [FOUNDING_CASE, await plantedFile(), await coordinationFile()]) {
    const summary = await runLoad({
      files: [file],
      executor: connection.executor,
      reportDir: path.join(dir, 'report'),
    });
    expect(summary.rejected).toBe(0);
  }
  api = await startApi(connection);
});
afterAll(async () => {
  await api.close();
  await connection.close();
});

describe('time-respecting paths', () => {
  it('WikiLeaks reached the Trump campaign through the 20 September DM and Trump Jr.’s email forwarding it, in that order', async () => {
    const { status, body } = await api.post('/api/flow/path', {
      from: 'organization:wikileaks',
      to: 'organization:trump-campaign',
    });
    expect(status).toBe(200);
    expect(body.reached).toBe(true);
    expect(body.hops.map((h: { kind: string }) => h.kind)).toEqual(['identity', 'message', 'identity', 'message']);
    expect(
      body.hops.filter((h: { message: unknown }) => h.message).map((h: { message: { id: string } }) => h.message.id),
    ).toEqual([DM_SEP_20, EMAIL_SEP_20]);
    const [, dm, , email] = body.hops;
    expect(dm.time).toMatchObject({ from: '2016-09-20T00:00:00.000Z', precision: 'day' });
    expect(dm.sources.length).toBeGreaterThan(0);
    // Both are known only to the day; the email itself says it forwards the DM ("See below").
    expect(email).toMatchObject({ order: 'certain', orderBasis: 'REFERS_TO' });
    expect(body.notes).toEqual([]);
    // Drawable: the DM and the email with their senders and recipients.
    expect(body.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([DM_SEP_20, EMAIL_SEP_20]));
    expect(body.ordinary).not.toBeNull();
  });

  it('finds no time-respecting path to Donald Trump: the DM that names him was private, though a time-blind path exists', async () => {
    const { body } = await api.post('/api/flow/path', { from: 'account:twitter:wikileaks', to: 'person:donald-trump' });
    expect(body.reached).toBe(false);
    expect(body.hops).toEqual([]);
    expect(body.ordinary).not.toBeNull();
  });

  it('takes the later hop when the direct one came before the information arrived (planted data)', async () => {
    const { body } = await api.post('/api/flow/path', {
      from: 'account:twitter:planted_a',
      to: 'account:twitter:planted_c',
    });
    expect(body.reached).toBe(true);
    expect(body.hops.map((h: { message: { id: string } }) => h.message.id)).toEqual([
      'message:twitter:planted-ab',
      'message:twitter:planted-bd',
      'message:twitter:planted-dc',
    ]);
    expect(body.at).toEqual({ from: '2020-01-01T00:30:00.000Z', to: '2020-01-01T00:30:00.000Z' });
    expect(body.ordinary.hops).toBe(4);
    expect(body.ordinary.nodes).toContain('message:twitter:planted-bc');
  });

  it('honours the longest delay between hops and the window, and answers the latest departure', async () => {
    const planted = { from: 'account:twitter:planted_a', to: 'account:twitter:planted_c' };
    expect((await api.post('/api/flow/path', { ...planted, maxDelayMinutes: 5 })).body.reached).toBe(false);
    expect((await api.post('/api/flow/path', { ...planted, maxDelayMinutes: 10 })).body.reached).toBe(true);
    expect((await api.post('/api/flow/path', { ...planted, before: '2020-01-01T00:25:00Z' })).body.reached).toBe(false);
    const latest = await api.post('/api/flow/path', { ...planted, mode: 'latest', before: '2020-01-01T01:00:00Z' });
    expect(latest.body).toMatchObject({ reached: true, mode: 'latest', at: { to: '2020-01-01T00:10:00.000Z' } });
  });

  it('says who could have reached the campaign by 21 September 2016, and nobody by the 19th', async () => {
    const by21 = await api.get('/api/flow/reach?to=organization:trump-campaign&before=2016-09-21T00:00:00Z');
    expect(by21.status).toBe(200);
    const ids = by21.body.reached.map((r: { node: { id: string } }) => r.node.id);
    expect(ids).toEqual(
      expect.arrayContaining(['person:donald-trump-jr', 'account:twitter:wikileaks', 'organization:wikileaks']),
    );
    const jr = by21.body.reached.find((r: { node: { id: string } }) => r.node.id === 'person:donald-trump-jr');
    expect(jr).toMatchObject({ hops: 1, latestDeparture: '2016-09-20T23:59:59.000Z' });
    const by19 = await api.get('/api/flow/reach?to=organization:trump-campaign&before=2016-09-19T00:00:00Z');
    expect(by19.body).toMatchObject({ total: 0, reached: [] });
  });

  it('refuses a window that ends before it starts, a negative delay and a non-id, naming the field', async () => {
    const window = await api.post('/api/flow/path', {
      from: 'organization:wikileaks',
      to: 'organization:trump-campaign',
      after: '2016-10-01T00:00:00Z',
      before: '2016-09-01T00:00:00Z',
    });
    expect(window.status).toBe(400);
    expect(window.body.error.message).toMatch(/after/);
    const delay = await api.post('/api/flow/path', {
      from: 'organization:wikileaks',
      to: 'organization:trump-campaign',
      maxDelayMinutes: -1,
    });
    expect(delay.status).toBe(400);
    expect(delay.body.error.message).toMatch(/maxDelayMinutes/);
    const id = await api.post('/api/flow/path', { from: 'wikileaks', to: 'organization:trump-campaign' });
    expect(id.status).toBe(400);
    expect(id.body.error.message).toMatch(/^from: /);
  });
});

describe('cascades', () => {
  it('follows wlsearch.tk from the WikiLeaks DM to Trump Jr.’s tweet two days later, proven by the DM itself', async () => {
    const { status, body } = await api.get('/api/flow/cascade?item=domain&value=wlsearch.tk');
    expect(status).toBe(200);
    expect(body.posts.map((p: { message: { id: string } }) => p.message.id)).toEqual([DM_OCT_12, JR_TWEET]);
    expect(body.first).toBe(DM_OCT_12);
    const [, tweet] = body.posts;
    expect(tweet).toMatchObject({ parent: DM_OCT_12, link: 'message' });
    expect(tweet.time.derived).toMatchObject({ anchor: DM_OCT_12, delay: 'P2D', asStated: 'two days later' });
    expect(body.perHour.map((h: { posts: number }) => h.posts)).toEqual([1, 1]);
  });

  it('marks Donald Trump’s tweet 15 minutes after the DM as inferred: no message reached him', async () => {
    const { body } = await api.get(`/api/flow/cascade?item=message&value=${encodeURIComponent(DM_OCT_12)}`);
    const trump = body.posts.find((p: { message: { id: string } }) => p.message.id === TRUMP_TWEET);
    expect(trump).toMatchObject({ parent: DM_OCT_12, link: 'inferred' });
    expect(trump.time.derived.asStated).toMatch(/15 minutes after/);
    const jr = body.posts.find((p: { message: { id: string } }) => p.message.id === JR_TWEET);
    expect(jr).toMatchObject({ parent: DM_OCT_12, link: 'message' });
  });

  it('finds a cascade by URL as written and by phrase, and refuses what is not an item', async () => {
    const byUrl = await api.get(`/api/flow/cascade?item=url&value=${encodeURIComponent('HTTP://WLSearch.tk')}`);
    expect(byUrl.body.total).toBe(2);
    const byPhrase = await api.get(`/api/flow/cascade?item=phrase&value=${encodeURIComponent('dishonest media')}`);
    expect(byPhrase.body.posts.map((p: { message: { id: string } }) => p.message.id)).toEqual([TRUMP_TWEET]);
    expect((await api.get('/api/flow/cascade?item=hashtag&value=x')).status).toBe(400);
    const notMessage = await api.get('/api/flow/cascade?item=message&value=person:donald-trump');
    expect(notMessage.status).toBe(400);
    expect(notMessage.body.error.message).toMatch(/^value: /);
    expect((await api.get('/api/flow/cascade?item=url&value=javascript:alert(1)')).status).toBe(400);
  });
});

describe('coordination', () => {
  it('finds the planted groups among noise accounts in the database, each with its shared items', async () => {
    const { status, body } = await api.get('/api/flow/coordination?withinMinutes=10&minItems=3');
    expect(status).toBe(200);
    const found = body.groups.map((g: { accounts: { id: string }[] }) => g.accounts.map((a) => a.id));
    const { precision, recall } = score(found, coordinated.groups);
    process.stderr.write(
      `[coordination] through the API: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    for (const group of body.groups) {
      expect(group.items.length).toBeGreaterThanOrEqual(3);
      expect(group.items.every((i: { spanSeconds: number }) => i.spanSeconds <= 600)).toBe(true);
    }
    const strict = await api.get('/api/flow/coordination?withinMinutes=10&minItems=50');
    expect(strict.body.groups).toEqual([]);
    expect((await api.get('/api/flow/coordination?from=2016-10-01T00:00:00Z&to=2016-09-01T00:00:00Z')).status).toBe(
      400,
    );
    expect((await api.get('/api/flow/coordination?withinMinutes=-1')).status).toBe(400);
  });
});
