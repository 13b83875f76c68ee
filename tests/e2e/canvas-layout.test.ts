/**
 * Layouts never stack nodes (issue 16, item 1): a canvas with a 500-leaf hub, a second hub and a
 * few pairs (several components) is imported, laid out by fcose, re-laid out with L, by Concentric,
 * then by Force-directed again; after each, fewer than 1% of the nodes lie within 5 px of another
 * (the measure of client/src/spread.ts, applied to the positions in the page).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stackedShare } from '../../client/src/spread.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import { CLIENT_DIST, checkPrerequisites, launchBrowser, openPage, screenshot } from './browser.js';
import type { Watched } from './browser.js';

const connection = testConnection();
let api: TestApi;
let browser: Browser;
let watched: Watched | null = null;

beforeAll(async () => {
  checkPrerequisites();
  await emptyDatabase(connection);
  api = await startApi(connection, { clientDir: CLIENT_DIST });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await connection.close();
});

afterEach(async () => {
  if (!watched) return;
  const { errors, context } = watched;
  watched = null;
  await context.close();
  expect(errors).toEqual([]);
});

/**
 * Two stars (500 and 90 leaves, the second's leaves also in a ring, as messages of one thread reply
 * to each other) and 20 separate pairs: 632 nodes in 22 components, more edges than nodes (so a big
 * force layout is its draft, spectral step alone, which gives alike leaves one spot).
 */
function starsAndPairs(): { nodes: unknown[]; edges: unknown[] } {
  const node = (id: string, label: string) => ({
    data: { id, label, labels: [label], caption: id, properties: { name: id } },
  });
  const nodes = [node('hub:a', 'Account'), node('hub:b', 'Account')];
  const edges: unknown[] = [];
  const link = (source: string, target: string) =>
    edges.push({ data: { id: `e${edges.length}`, type: 'MENTIONS', source, target, properties: {} } });
  for (let i = 0; i < 500; i++) {
    nodes.push(node(`leaf:a:${i}`, 'Message'));
    link(`leaf:a:${i}`, 'hub:a');
  }
  for (let i = 0; i < 90; i++) {
    nodes.push(node(`leaf:b:${i}`, 'Message'));
    link(`leaf:b:${i}`, 'hub:b');
    link(`leaf:b:${i}`, `leaf:b:${(i + 1) % 90}`);
  }
  for (let i = 0; i < 20; i++) {
    nodes.push(node(`pair:${i}:x`, 'Person'), node(`pair:${i}:y`, 'Organization'));
    link(`pair:${i}:x`, `pair:${i}:y`);
  }
  return { nodes, edges };
}

/** Counts the layouts finished so far (each ends with "Laid out N nodes" in the status line). */
function layoutsDone(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __laidOut: number }).__laidOut);
}

function stackedOnCanvas(page: Page): Promise<number> {
  return page
    .evaluate(() =>
      window.__backchannel.cy.nodes().map((n) => (n as unknown as { position(): { x: number; y: number } }).position()),
    )
    .then((points) => stackedShare(points, 5));
}

describe('layouts on a canvas of several components', () => {
  it('never stack nodes: fcose, L again, Concentric, then Force-directed', async () => {
    watched = await openPage(browser, `${api.base}/?test`);
    const { page } = watched;
    await page.locator('.search-input').waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __laidOut: number };
      w.__laidOut = 0;
      const line = document.querySelector('.status-line')!;
      new MutationObserver(() => {
        if (/^Laid out/.test(line.textContent ?? '')) w.__laidOut++;
      }).observe(line, { childList: true, subtree: true, characterData: true });
    });
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'backchannel-stars-')), 'stars.json');
    const { nodes, edges } = starsAndPairs();
    await writeFile(
      file,
      JSON.stringify({
        format: 'backchannel-canvas',
        version: 1,
        nodes,
        edges,
        hidden: [],
        filters: {},
        timeWindow: null,
      }),
    );
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import' }).click(),
    ]);
    await chooser.setFiles(file);
    const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 90_000, interval: 200 });
    await poll(() => layoutsDone(page)).toBe(1);
    expect(await page.evaluate(() => window.__backchannel.cy.nodes().map((n) => n.id()).length)).toBe(632);
    expect(await stackedOnCanvas(page)).toBeLessThan(0.01);

    // The steps: click the empty canvas, press L.
    const box = (await page.locator('#cy').boundingBox())!;
    await page.mouse.click(box.x + 5, box.y + box.height - 5);
    await page.keyboard.press('l');
    await poll(() => layoutsDone(page)).toBe(2);
    expect(await stackedOnCanvas(page)).toBeLessThan(0.01);

    await page.locator('#layout').selectOption('concentric');
    await poll(() => layoutsDone(page)).toBe(3);
    expect(await stackedOnCanvas(page)).toBeLessThan(0.01);
    await screenshot(page, 'layout-concentric-stars');

    await page.locator('#layout').selectOption('fcose');
    await poll(() => layoutsDone(page)).toBe(4);
    expect(await stackedOnCanvas(page)).toBeLessThan(0.01);
    await screenshot(page, 'layout-fcose-stars');
  });
});
