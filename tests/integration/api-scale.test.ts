/**
 * The API's bounds on a generated graph of 10,000 messages (bench/generate): hubs with thousands of
 * neighbours answer one capped page at a time and say how many more there are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAccount, SIZES, typicalAccount } from '../../bench/generate/dataset.js';
import { loadGeneratedDataset } from '../../bench/generate/write.js';
import type { LoadSummary } from '../../server/load/run.js';
import { nodeId } from '../../server/model/keys.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const options = { messages: SIZES.S, seed: 7 };
const hub = nodeId('Account', { ...hubAccount(options) });
const typical = nodeId('Account', { ...typicalAccount(options) });
let api: TestApi;
let summary: LoadSummary;

beforeAll(async () => {
  await emptyDatabase(connection);
  ({ summary } = await loadGeneratedDataset(connection.executor, options));
  api = await startApi(connection);
}, 600_000);
afterAll(async () => {
  await api?.close();
  await connection.close();
});

describe('a generated graph of 10,000 messages', () => {
  it('loads without rejects', async () => {
    expect(summary.rejected).toBe(0);
    const { body } = await api.get('/api/stats');
    expect(body.counts.nodes.Message).toBe(SIZES.S);
  });

  it("pages a hub's thousands of neighbours and says how many more there are", async () => {
    const first = await api.post('/api/expand', { ids: [hub] });
    expect(first.status).toBe(200);
    expect(first.body.total).toBeGreaterThan(1_000);
    expect(first.body.edges).toHaveLength(50);
    expect(first.body.more).toBe(first.body.total - 50);
    const next = await api.post('/api/expand', { ids: [hub], offset: 50, limit: 500 });
    expect(next.body.edges).toHaveLength(500);
    expect(next.body.more).toBe(first.body.total - 550);
    const firstIds = new Set(first.body.edges.map((e: { id: string }) => e.id));
    expect(next.body.edges.filter((e: { id: string }) => firstIds.has(e.id))).toEqual([]);
    expect((await api.post('/api/expand', { ids: [hub], limit: 501 })).status).toBe(400);
  });

  it('leaves out neighbours already on the canvas', async () => {
    const first = await api.post('/api/expand', { ids: [hub], limit: 20 });
    const onCanvas = first.body.nodes.map((n: { id: string }) => n.id).filter((id: string) => id !== hub);
    const rest = await api.post('/api/expand', { ids: [hub], limit: 20, exclude: onCanvas });
    expect(rest.body.total).toBe(first.body.total - onCanvas.length);
    expect(rest.body.nodes.filter((n: { id: string }) => onCanvas.includes(n.id))).toEqual([]);
  });

  it('expands a typical account completely in one page', async () => {
    const { body } = await api.post('/api/expand', { ids: [typical] });
    expect(body.total).toBeGreaterThan(0);
    expect(body.total).toBeLessThan(50);
    expect(body.more).toBe(0);
  });

  it("bundles the hub's mailbox into one edge per correspondent and direction, capped", async () => {
    const { body } = await api.post('/api/bundles', { ids: [hub], limit: 100 });
    expect(body.edges).toHaveLength(100);
    expect(body.more).toBe(body.total - 100);
    const counts = body.edges.map((e: { properties: { messages: number } }) => e.properties.messages);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const top = body.edges[0];
    const page = await api.get(
      `/api/bundles/messages?from=${encodeURIComponent(top.source)}&to=${encodeURIComponent(top.target)}&limit=10`,
    );
    expect(page.body.total).toBe(top.properties.messages);
    const times = page.body.messages.map((m: { properties: { sentFrom: string } }) => m.properties.sentFrom);
    expect(times).toEqual([...times].sort());
  });

  it('caps search totals and timeline pages', async () => {
    const search = await api.get('/api/search?q=example&limit=5');
    expect(search.body.items).toHaveLength(5);
    expect(search.body.total).toBeGreaterThan(5);
    const timeline = await api.get('/api/timeline?from=2014-01-01T00:00:00Z&to=2018-12-31T23:59:59Z&limit=100');
    expect(timeline.body.items).toHaveLength(100);
    expect(timeline.body.total).toBe(SIZES.S);
    expect(timeline.body.more).toBe(SIZES.S - 100);
    // Five years: counted per month, in Neo4j.
    expect(timeline.body.histogram.unit).toBe('month');
    const binned = timeline.body.histogram.bins.reduce((n: number, d: { count: number }) => n + d.count, 0);
    expect(binned + timeline.body.spanning).toBe(SIZES.S);
  });

  it('pages the timeline from a cursor, in time order, each page after the last', async () => {
    const window = 'from=2014-01-01T00:00:00Z&to=2018-12-31T23:59:59Z';
    const first = await api.get(`/api/timeline?${window}&limit=100`);
    const second = await api.get(`/api/timeline?${window}&limit=100&after=${first.body.next}`);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(100);
    expect(second.body.more).toBe(SIZES.S - 200);
    const offsetPage = await api.get(`/api/timeline?${window}&limit=100&offset=100`);
    const ids = (answer: { body: { items: { message: { id: string } }[] } }) =>
      answer.body.items.map((i) => i.message.id);
    expect(ids(second)).toEqual(ids(offsetPage));
    const times = [...first.body.items, ...second.body.items].map((i: { from: string }) => Date.parse(i.from));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const bad = await api.get(`/api/timeline?${window}&after=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('after: not a cursor from an earlier timeline answer');
    // A week: counted per day; the page is the window's messages.
    const week = await api.get('/api/timeline?from=2016-03-07T00:00:00Z&to=2016-03-13T23:59:59Z&limit=500');
    expect(week.body.histogram.unit).toBe('day');
    const inWeek = week.body.histogram.bins.reduce((n: number, d: { count: number }) => n + d.count, 0);
    expect(inWeek + week.body.spanning).toBe(week.body.total);
    expect(week.body.items).toHaveLength(Math.min(500, week.body.total));
  });
});
