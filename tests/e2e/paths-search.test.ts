/**
 * The path tool and search in the browser (issue 16, items 4 and 8), on the founding case: the start
 * card opens the founding case's own entities; an exact handle is marked and first, with no "type
 * more to narrow"; the type filter narrows suggestions; two selected nodes offer the path filters,
 * and the answer is listed hop by hop with sources, never through a mention by default; several
 * shortest paths are stepped through one at a time.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import {
  CLIENT_DIST,
  checkPrerequisites,
  clickCanvas,
  launchBrowser,
  openPage,
  screenshot,
  searchAndPick,
  waitForElement,
} from './browser.js';
import type { Watched } from './browser.js';

const connection = testConnection();
let api: TestApi;
let browser: Browser;
let watched: Watched | null = null;

beforeAll(async () => {
  checkPrerequisites();
  await emptyDatabase(connection);
  const reports = await mkdtemp(path.join(tmpdir(), 'backchannel-e2e-paths-'));
  await runLoad({ files: [FOUNDING_CASE], executor: connection.executor, reportDir: reports });
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
  const { errors, dialogs, context } = watched;
  watched = null;
  await context.close();
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

/** Waits for a condition in the page (a search answers after its debounce and the server's reply). */
const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

async function open(): Promise<Watched> {
  watched = await openPage(browser, `${api.base}/?test`);
  await watched.page.locator('.start-entity').first().waitFor();
  return watched;
}

describe('search and the path tool', () => {
  it('offers the founding case by id, marks an exact handle first and filters by type', async () => {
    const { page } = await open();
    const starts = await page.locator('.start-entity').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(starts).toEqual(['organization:wikileaks', 'person:donald-trump-jr', 'url:http://wlsearch.tk/']);

    await page.fill('.search-input', '@wikileaks');
    const first = page.locator('.suggestion').first();
    await eventually(() => first.getAttribute('data-id')).toBe('account:twitter:wikileaks');
    await eventually(() => first.locator('.exact-badge').count()).toBe(1);
    await eventually(() => page.locator('.suggestions').textContent()).not.toMatch(/type more to narrow/);

    await page.locator('.search-type').selectOption('Message');
    await page.fill('.search-input', 'wikileaks');
    // Only messages (the organization and the account named WikiLeaks are left out).
    await eventually(() =>
      page
        .locator('.suggestion')
        .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-label')))].join()),
    ).toBe('Message');
    await screenshot(page, 'search-type-filter');
  });

  it('lists the path WikiLeaks → Donald Trump Jr. hop by hop, without mentions, and steps through alternatives', async () => {
    const { page } = await open();
    await page.locator('.start-entity[data-id="organization:wikileaks"]').click();
    await waitForElement(page, 'organization:wikileaks');
    await searchAndPick(page, 'Donald Trump Jr', 'person:donald-trump-jr');
    await clickCanvas(page, 'organization:wikileaks', { modifiers: ['Shift'] });
    const panel = page.locator('.path-panel');
    await panel.waitFor();
    // The defaults: correspondence, affiliation and identity checked, mentions not.
    const checked = await panel
      .locator('.path-category')
      .evaluateAll((els) =>
        els.filter((e) => (e.querySelector('input') as HTMLInputElement).checked).map((e) => e.textContent!.trim()),
      );
    expect(checked).toEqual(['correspondence', 'affiliation', 'identity']);
    await panel.getByRole('button', { name: 'Shortest path', exact: true }).click();
    await panel.locator('.hop').first().waitFor();
    // Through the messages WikiLeaks sent him, each hop with its source (not a message mentioning both).
    const hops = await panel.locator('.hop').allTextContents();
    expect(hops.map((hop) => /(CONTROLS|SENT|TO)/.exec(hop)?.[1])).toEqual(['CONTROLS', 'SENT', 'TO', 'CONTROLS']);
    expect(hops.join('\n')).not.toMatch(/MENTIONS|LINKS_TO/);
    expect(await panel.locator('.hop-source').count()).toBe(4);
    await screenshot(page, 'path-hops');

    // Between the two accounts, several shortest paths (one per message): stepped one at a time.
    await searchAndPick(page, '@wikileaks', 'account:twitter:wikileaks');
    await searchAndPick(page, '@donaldjtrumpjr', 'account:twitter:donaldjtrumpjr');
    // Selected as the API would leave them (the shift-click gesture is the first part's): on a busy
    // machine the view may still be moving from the pick, and a click can land beside the node.
    await page.evaluate(() => {
      const cy = window.__backchannel.cy as unknown as {
        $(selector: string): { unselect(): void };
        getElementById(id: string): { select(): void };
      };
      cy.$(':selected').unselect();
      cy.getElementById('account:twitter:wikileaks').select();
      cy.getElementById('account:twitter:donaldjtrumpjr').select();
    });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'All shortest paths' }).click();
    const count = panel.locator('.path-count');
    await count.waitFor();
    const total = Number(/of (\d+)/.exec((await count.textContent())!)![1]);
    expect(total).toBeGreaterThan(1);
    expect(await count.textContent()).toMatch(/Path 1 of/);
    const firstHops = await panel.locator('.hop').allTextContents();
    await panel.getByRole('button', { name: 'Next path' }).click();
    await eventually(() => count.textContent()).toMatch(/Path 2 of/);
    expect(await panel.locator('.hop').allTextContents()).not.toEqual(firstHops);
    // Only the shown path is highlighted.
    const highlighted = await page.evaluate(
      () =>
        window.__backchannel.cy
          .nodes()
          .map((n) => n as unknown as { hasClass(c: string): boolean; id(): string })
          .filter((n) => n.hasClass('hl'))
          .map((n) => n.id()).length,
    );
    expect(highlighted).toBe(3);
    await screenshot(page, 'path-step');
  });
});
