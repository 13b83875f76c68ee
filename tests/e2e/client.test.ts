/**
 * The analyst's browser client against the real server and Neo4j with the founding case loaded
 * (plus one person whose name is an HTML payload), driven in Debian's Chromium: search, expand,
 * bundles, messages and their sources, paths, the timeline, the console and saved queries, export and
 * import, the shared link, the API token, an outage, and that data stays text under the strict CSP.
 * Screenshots of the key states go to test-artifacts/e2e/.
 */
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Download } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import {
  ARTIFACTS,
  CLIENT_DIST,
  canvasIds,
  checkPrerequisites,
  clickCanvas,
  isVisible,
  launchBrowser,
  openPage,
  screenshot,
  searchAndPick,
  waitForElement,
} from './browser.js';
import type { Watched } from './browser.js';

const TRUMP_JR = 'person:donald-trump-jr';
const TRUMP = 'person:donald-trump';
const WIKILEAKS = 'organization:wikileaks';
const WIKILEAKS_ACCOUNT = 'account:twitter:wikileaks';
const TRUMP_JR_ACCOUNT = 'account:twitter:donaldjtrumpjr';
const PERSON_BUNDLE = `bundle|person|${WIKILEAKS}|${TRUMP_JR}`;
const ACCOUNT_BUNDLE = `bundle|account|${WIKILEAKS_ACCOUNT}|${TRUMP_JR_ACCOUNT}`;
const DM_OCT_12 = 'message:twitter:wikileaks-trumpjr-dm-2016-10-12';
const DM_OCT_3 = 'message:twitter:wikileaks-trumpjr-dm-2016-10-03';
const DM_SEP_20 = 'message:twitter:wikileaks-trumpjr-dm-2016-09-20';
const PAYLOAD = '<img src=x onerror=alert(1)>';
const PAYLOAD_ID = 'person:img-src-x-onerror-alert-1';
/** Reads "invoiceexe.pdf" where bidirectional text is rendered blindly. */
const TROJAN = 'invoice\u202Efdp.exe';
const TROJAN_SHOWN = 'invoice[U+202E]fdp.exe';

/** One person whose name (and description, quote and role) would run script if it were HTML. */
const HOSTILE_RECORDS = [
  {
    node: 'Person',
    properties: {
      ref: 'img-src-x-onerror-alert-1',
      name: PAYLOAD,
      description: '<script>alert(2)</script> a test payload',
    },
    sources: [{ source: 'the-week-trump-jr-wikileaks', quote: '<b onmouseover=alert(3)>not bold</b>' }],
  },
  {
    relationship: 'AFFILIATED_WITH',
    from: { label: 'Person', key: { ref: 'img-src-x-onerror-alert-1' } },
    to: { label: 'Organization', key: { ref: 'wikileaks' } },
    properties: { role: '<svg onload=alert(4)>' },
    sources: [{ source: 'the-week-trump-jr-wikileaks', quote: 'javascript:alert(5)' }],
  },
  {
    node: 'Person',
    properties: {
      name: TROJAN,
      description: `\u2067right-to-left\u2069 javascript:alert(6) data:text/html,<script>alert(7)</script>`,
    },
    sources: [{ source: 'the-week-trump-jr-wikileaks', quote: `says ${TROJAN}` }],
  },
];

const connection = testConnection();
let api: TestApi;
let browser: Browser;
let watched: Watched | null = null;

beforeAll(async () => {
  checkPrerequisites();
  await emptyDatabase(connection);
  const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-e2e-'));
  const hostile = path.join(dir, 'hostile.ndjson');
  await writeFile(hostile, HOSTILE_RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const summary = await runLoad({
    files: [FOUNDING_CASE, hostile],
    executor: connection.executor,
    reportDir: path.join(dir, 'report'),
  });
  expect(summary.rejected).toBe(0);
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
  const { dialogs, errors, cspViolations, context } = watched;
  watched = null;
  await context.close();
  // Nothing from the data ran, nothing broke, and the CSP had nothing to block.
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  expect(cspViolations).toEqual([]);
});

/** Waits for a condition in the page (the first answers of a fresh database can take a few seconds). */
const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

async function open(query = '?test', base = api.base): Promise<Watched> {
  watched = await openPage(browser, `${base}/${query}`);
  await watched.page.locator('.start-entity').first().waitFor();
  return watched;
}

async function expandTrumpJr(w: Watched): Promise<void> {
  const { page } = w;
  await searchAndPick(page, 'Trump Jr', TRUMP_JR);
  await page.locator('.details-title', { hasText: 'Donald Trump Jr.' }).waitFor();
  await page.keyboard.press('e');
  await waitForElement(page, PERSON_BUNDLE);
}

describe('the analyst in the browser', () => {
  it('starts on a page that says what is loaded and offers the founding case', async () => {
    const { page } = await open();
    const start = page.locator('.start-card');
    await eventually(() => start.textContent()).toMatch(/Messages from 20 Sep 2016 to 12 Oct 2016/);
    expect(await start.textContent()).toMatch(/nodes and \d+ relationships in Neo4j 5\.26/);
    const starts = await page
      .locator('.start-entity')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));
    expect(starts).toEqual([WIKILEAKS, TRUMP_JR, 'url:http://wlsearch.tk/']);
    // The legend is the model's: every label, with its icon.
    expect(await page.locator('.legend-row[data-key="Message"]').textContent()).toContain('Message');
    await screenshot(page, '01-start-page');
  });

  it('searches "Trump Jr", expands him, opens the bundle from WikiLeaks, and reads a message with its source', async () => {
    const w = await open();
    const { page } = w;
    await page.fill('.search-input', 'Trump Jr');
    const suggestion = page.locator(`.suggestion[data-id="${TRUMP_JR}"]`);
    await suggestion.waitFor();
    expect(await suggestion.locator('.badge').getAttribute('title')).toBe('Person');
    expect(await suggestion.locator('.suggestion-caption').textContent()).toBe('Donald Trump Jr.');
    await screenshot(page, '02-search-suggestions');
    await suggestion.click();
    await waitForElement(page, TRUMP_JR);
    await eventually(() => page.locator('.start').isHidden()).toBe(true);
    await page.locator('.details-title', { hasText: 'Donald Trump Jr.' }).waitFor();

    // Expand (keyboard): correspondence as bundles, his account through CONTROLS.
    await page.keyboard.press('e');
    await waitForElement(page, PERSON_BUNDLE);
    await waitForElement(page, TRUMP_JR_ACCOUNT);
    const caption = await page.evaluate(
      (id) => window.__backchannel.cy.getElementById(id).data('caption'),
      PERSON_BUNDLE,
    );
    expect(caption).toBe('3 msgs · 20 Sep–12 Oct 2016');
    await screenshot(page, '03-trump-jr-expanded');

    // His account, double-clicked: the bundle of direct messages from WikiLeaks' account.
    await clickCanvas(page, TRUMP_JR_ACCOUNT, { double: true });
    await waitForElement(page, ACCOUNT_BUNDLE);
    await waitForElement(page, WIKILEAKS_ACCOUNT);

    // The bundle lists its three messages in time order.
    await clickCanvas(page, PERSON_BUNDLE);
    const items = page.locator('.bundle-message');
    await eventually(() => items.count()).toBe(3);
    expect(await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).toEqual([
      DM_SEP_20,
      DM_OCT_3,
      DM_OCT_12,
    ]);
    expect(await items.nth(2).locator('.when').textContent()).toContain('12 Oct 2016 (day)');
    await screenshot(page, '04-bundle-messages');

    // Open the message of 12 October: its text, its time with precision, what followed, its sources.
    await items.nth(2).locator('button.link').first().click();
    const text = page.locator('.message-text');
    await text.waitFor();
    expect(await text.textContent()).toContain(
      'Strongly suggest your dad tweets this link if he mentions us wlsearch.tk',
    );
    const details = page.locator('#details');
    expect(await details.textContent()).toContain('12 Oct 2016 (day)');
    expect(await details.textContent()).toMatch(/Followed 15 minutes later by/);
    const quotes = await page.locator('.citation .quote').allTextContents();
    expect(quotes.some((q) => q.includes('On October 12, 2016, WikiLeaks wrote again'))).toBe(true);
    await screenshot(page, '05-message-and-sources');

    // Back to the bundle, and its messages onto the canvas.
    await page.getByRole('button', { name: '← Back' }).click();
    await page.getByRole('button', { name: /Add these 3 messages to the canvas/ }).click();
    await waitForElement(page, DM_OCT_12);
    await waitForElement(page, DM_SEP_20);

    // Undo and redo the last change.
    await page.locator('#cy').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await eventually(() => canvasIds(page)).not.toContain(DM_OCT_12);
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => canvasIds(page)).toContain(DM_OCT_12);
  });

  it('finds the shortest path from WikiLeaks to Donald Trump', async () => {
    const { page } = await open();
    await page.locator(`.start-entity[data-id="${WIKILEAKS}"]`).click();
    await waitForElement(page, WIKILEAKS);
    await searchAndPick(page, 'Donald Trump', TRUMP);
    // Shift-click adds WikiLeaks to the selection: two nodes, a path.
    await clickCanvas(page, WIKILEAKS, { modifiers: ['Shift'] });
    const pathButton = page.locator('#toolbar').getByRole('button', { name: 'Path', exact: true });
    await eventually(() => pathButton.isEnabled()).toBe(true);
    await pathButton.click();
    await page.locator('.toast', { hasText: /shortest path of \d hops? highlighted/ }).waitFor();
    const answer = await api.post('/api/paths', { from: WIKILEAKS, to: TRUMP });
    const path: { nodes: string[]; edges: string[] } = answer.body.paths[0];
    const onCanvas = await canvasIds(page);
    for (const id of path.nodes) expect(onCanvas).toContain(id);
    expect(await canvasIds(page, 'edges')).toEqual(expect.arrayContaining(path.edges));
    const highlighted = await page.evaluate(
      (ids) =>
        ids.every((id) =>
          (window.__backchannel.cy.getElementById(id) as unknown as { hasClass(c: string): boolean }).hasClass('hl'),
        ),
      [...path.nodes, ...path.edges],
    );
    expect(highlighted).toBe(true);
    await screenshot(page, '06-shortest-path');
  });

  it('expands raw by type one page at a time, shows more, collapses, hides and filters', async () => {
    const { page } = await open();
    await searchAndPick(page, 'wikileaks', WIKILEAKS_ACCOUNT);
    // The details panel lists the relationships by type and direction: expand SENT only, one at a time.
    const form = page.locator('.expand-form');
    await form.locator('li', { hasText: 'SENT' }).waitFor();
    for (const box of await form.locator('input[type="checkbox"]').all()) await box.uncheck();
    await form.locator('li', { hasText: 'SENT' }).locator('input[type="checkbox"]').check();
    await form.locator('input[type="number"]').fill('1');
    await form.getByRole('button', { name: 'Expand checked (raw)' }).click();
    const more = page.locator('#details').getByRole('button', { name: /^Show \d+ more$/ });
    await more.waitFor();
    expect(await more.textContent()).toBe('Show 3 more');
    expect((await canvasIds(page)).length).toBe(2);
    await more.click();
    await eventually(() => canvasIds(page).then((ids) => ids.length)).toBe(3);
    await page.locator('#details').getByRole('button', { name: 'Show 2 more' }).waitFor();
    await screenshot(page, '07-raw-expand-show-more');

    // Collapse takes away what the expansion added, and only that.
    await page.locator('#details').getByRole('button', { name: 'Collapse' }).click();
    await eventually(() => canvasIds(page)).toEqual([WIKILEAKS_ACCOUNT]);

    // Default expansion, then hide the selection (H) and show it again.
    await page.keyboard.press('e');
    await waitForElement(page, ACCOUNT_BUNDLE);
    await clickCanvas(page, TRUMP_JR_ACCOUNT);
    await page.keyboard.press('h');
    await eventually(() => isVisible(page, TRUMP_JR_ACCOUNT)).toBe(false);
    await page.getByRole('button', { name: 'Show 1 hidden' }).click();
    await eventually(() => isVisible(page, TRUMP_JR_ACCOUNT)).toBe(true);

    // The legend filters by label: no accounts, then accounts again.
    await page.locator('#filter-label-Account').uncheck();
    await eventually(() => isVisible(page, WIKILEAKS_ACCOUNT)).toBe(false);
    await page.locator('#filter-label-Account').check();
    await eventually(() => isVisible(page, WIKILEAKS_ACCOUNT)).toBe(true);
  });

  it('brushes the timeline to 12 October 2016 and the canvas keeps only what happened then', async () => {
    const w = await open();
    const { page } = w;
    await expandTrumpJr(w);
    await clickCanvas(page, PERSON_BUNDLE);
    await page.getByRole('button', { name: /Add these 3 messages to the canvas/ }).click();
    await waitForElement(page, DM_OCT_12);
    await page.locator('#tab-timeline').click();
    const bar = page.locator('.histogram .bar[data-day="2016-10-12"]');
    await bar.waitFor();
    await screenshot(page, '08-timeline');
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + box.height - 1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 1, box.y + box.height - 1, { steps: 4 });
    await page.mouse.up();
    await expect
      .poll(() => page.locator('.timeline-controls input[type="date"]').first().inputValue())
      .toBe('2016-10-12');
    await eventually(() => isVisible(page, DM_SEP_20)).toBe(false);
    expect(await isVisible(page, DM_OCT_3)).toBe(false);
    expect(await isVisible(page, DM_OCT_12)).toBe(true);
    // The bundle of Trump Jr.'s replies (21 September) is outside the window too.
    expect(await isVisible(page, `bundle|person|${TRUMP_JR}|${WIKILEAKS}`)).toBe(false);
    const list = page.locator('.timeline-list .timeline-item');
    expect(await list.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id))).toEqual([DM_OCT_12]);
    expect(await list.first().textContent()).toMatch(/followed 15 minutes later by/);
    await screenshot(page, '09-timeline-12-october');
    await page.locator('.timeline-controls').getByRole('button', { name: 'Clear' }).click();
    await eventually(() => isVisible(page, DM_SEP_20)).toBe(true);
  });

  it('runs a console query, shows a table and a graph, and adds the graph to the canvas', async () => {
    const { page } = await open();
    await page.locator('#tab-console').click();
    const editor = page.locator('.cm-content');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(
      'MATCH p = (a:Account {id: $id})-[:SENT]->(m:Message)-[:TO]->(b:Account)\nRETURN p, m.sentFrom AS sent ORDER BY sent',
    );
    await page.locator('textarea.params').fill(JSON.stringify({ id: WIKILEAKS_ACCOUNT }));
    await page.locator('.console-side').getByRole('button', { name: 'Run' }).click();
    const rows = page.locator('.results-table tbody tr');
    await eventually(() => rows.count()).toBe(3);
    expect(await page.locator('.results-summary').textContent()).toMatch(/3 rows · 5 nodes, 6 relationships/);
    await screenshot(page, '10-console-answer');
    await page.getByRole('button', { name: 'Add the graph to the canvas' }).click();
    await waitForElement(page, DM_OCT_12);
    expect(await canvasIds(page)).toEqual(expect.arrayContaining([WIKILEAKS_ACCOUNT, TRUMP_JR_ACCOUNT, DM_SEP_20]));

    // Errors are shown inline in the API's words; a write is refused.
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('MATCH (n:Person) DETACH DELETE n');
    await page.keyboard.press('Control+Enter');
    const error = page.locator('.console .inline-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^read_only: /);
    await screenshot(page, '11-console-error');
  });

  it('runs a saved query from a form generated from its parameters', async () => {
    const { page } = await open();
    await page.locator('#tab-queries').click();
    await page.locator('.query-name[data-name="temporal-correlation"]').click();
    const minutes = page.locator('input[data-param="minutes"]');
    expect(await minutes.inputValue()).toBe('60');
    await minutes.fill('30');
    await page.locator('.query-form').getByRole('button', { name: 'Run' }).click();
    const table = page.locator('.queries .results-table');
    await table.waitFor();
    expect(await table.textContent()).toContain('PT15M');
    await screenshot(page, '12-saved-query');
  });

  it('exports PNG, SVG, JSON and CSV, and re-imports the JSON with the same positions', async () => {
    const w = await open();
    const { page } = w;
    await expandTrumpJr(w);
    const before = (await canvasIds(page)).sort();
    const positions = await page.evaluate(
      (ids) => Object.fromEntries(ids.map((id) => [id, window.__backchannel.cy.getElementById(id).position()])),
      before,
    );
    const exportAs = async (item: string) => {
      await page.locator('.dropdown > summary', { hasText: 'Export' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: item }).click(),
      ]);
      const file = path.join(ARTIFACTS, download.suggestedFilename());
      await download.saveAs(file);
      return file;
    };
    const png = await readFile(await exportAs('PNG image'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5_000);
    const svgText = await readFile(await exportAs('SVG image'), 'utf8');
    expect(svgText).toMatch(/^<\?xml|<svg/);
    const jsonFile = await exportAs('JSON canvas');
    const doc = JSON.parse(await readFile(jsonFile, 'utf8'));
    expect(doc.format).toBe('backchannel-canvas');
    expect(doc.nodes.map((n: { data: { id: string } }) => n.data.id).sort()).toEqual(before);
    // CSV: two files, nodes and edges.
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.locator('.dropdown > summary', { hasText: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'CSV (nodes and edges)' }).click();
    await eventually(() => downloads.length).toBe(2);
    const [nodesCsv, edgesCsv] = await Promise.all(
      downloads.map(async (d) => {
        const file = path.join(ARTIFACTS, d.suggestedFilename());
        await d.saveAs(file);
        return readFile(file, 'utf8');
      }),
    );
    expect(nodesCsv!.split('\r\n')[0]).toMatch(/^id,label,caption,x,y,/);
    expect(nodesCsv).toContain(`${TRUMP_JR},Person,Donald Trump Jr.,`);
    expect(edgesCsv!.split('\r\n')[0]).toMatch(/^id,type,source,target,caption/);
    expect(edgesCsv).toContain(`${PERSON_BUNDLE},CORRESPONDENCE,${WIKILEAKS},${TRUMP_JR},3 msgs · 20 Sep–12 Oct 2016`);

    // Clear, then import the file: the same nodes where they were.
    await page.getByRole('button', { name: 'Clear' }).click();
    await eventually(() => canvasIds(page)).toEqual([]);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import' }).click(),
    ]);
    await chooser.setFiles(jsonFile);
    await eventually(async () => (await canvasIds(page)).sort()).toEqual(before);
    const after = await page.evaluate(
      (ids) => Object.fromEntries(ids.map((id) => [id, window.__backchannel.cy.getElementById(id).position()])),
      before,
    );
    for (const id of before) {
      expect(after[id]!.x).toBeCloseTo(positions[id]!.x, 0);
      expect(after[id]!.y).toBeCloseTo(positions[id]!.y, 0);
    }
    expect(await canvasIds(page, 'edges')).toContain(PERSON_BUNDLE);
    await screenshot(page, '13-reimported');
  });

  it('lays out a canvas of 3,000 nodes in steps (draft, then refined) with an indicator, and pans on a texture', async () => {
    const { page } = await open();
    const labels = ['Person', 'Account', 'Message', 'Organization'];
    const nodes = Array.from({ length: 3_000 }, (_, i) => {
      const label = labels[i % labels.length]!;
      return {
        data: {
          id: `synthetic:${i}`,
          label,
          labels: [label],
          caption: `${label} ${i}`,
          properties: { name: `${label} ${i}` },
        },
      };
    });
    // A random tree (seeded: the same tree every run): one component, like a big expansion.
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) - 1) / 2_147_483_646;
    const edges = nodes.slice(1).map((n, i) => ({
      data: {
        id: `e${i}`,
        type: 'MENTIONS',
        source: `synthetic:${Math.floor(random() * (i + 1))}`,
        target: n.data.id,
        properties: {},
      },
    }));
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'backchannel-big-')), 'big.json');
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
    // Every text the "laying out…" indicator shows (the layout blocks the page between them).
    await page.evaluate(() => {
      const overlay = document.getElementById('overlay')!;
      const seen: string[] = [];
      (window as unknown as { __overlay: string[] }).__overlay = seen;
      new MutationObserver(() => {
        if (overlay.textContent) seen.push(overlay.textContent);
      }).observe(overlay, { childList: true, subtree: true, characterData: true });
    });
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import' }).click(),
    ]);
    await chooser.setFiles(file);
    await eventually(() => canvasIds(page).then((ids) => ids.length)).toBe(3_000);
    await page.locator('#overlay').waitFor({ state: 'hidden', timeout: 60_000 });
    const shown = await page.evaluate(() => (window as unknown as { __overlay: string[] }).__overlay);
    expect(shown).toContainEqual(expect.stringMatching(/Laying out 3,000 nodes \(draft quality, step 1 of 2\)/));
    expect(shown).toContainEqual(expect.stringMatching(/Refining the layout of 3,000 nodes \(step 2 of 2\)/));
    expect((await canvasIds(page)).length).toBe(3_000);
    const texture = await page.evaluate(
      () =>
        (window.__backchannel.cy as unknown as { renderer(): { textureOnViewport: boolean } }).renderer()
          .textureOnViewport,
    );
    expect(texture).toBe(true);
    // Every node got a position of its own (the layout ran), and the page still answers.
    const spread = await page.evaluate(() => {
      const xs = window.__backchannel.cy
        .nodes()
        .map((n) => (n as unknown as { position(): { x: number } }).position().x);
      return Math.max(...xs) - Math.min(...xs);
    });
    expect(spread).toBeGreaterThan(500);
    await page.locator('.search-input').fill('wikileaks');
    await page.locator('.suggestion').first().waitFor();
    await screenshot(page, '14-three-thousand-nodes');
  });

  it('keeps the view in a link that restores it', async () => {
    const w = await open();
    const { page } = w;
    await expandTrumpJr(w);
    const ids = (await canvasIds(page)).sort();
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.locator('.share-link').inputValue();
    expect(link).toMatch(/#view=[\w-]+$/);
    await w.context.close();
    watched = null;
    const second = await openPage(browser, link.replace(/^http:\/\/[^/]+\//, `${api.base}/`));
    watched = second;
    await waitForElement(second.page, PERSON_BUNDLE);
    await eventually(async () => (await canvasIds(second.page)).sort()).toEqual(ids);
  });

  it('shows a name that is an HTML payload as text, and runs nothing', async () => {
    const { page } = await open();
    await page.fill('.search-input', 'onerror');
    const suggestion = page.locator(`.suggestion[data-id="${PAYLOAD_ID}"]`);
    await suggestion.waitFor();
    expect(await suggestion.locator('.suggestion-caption').textContent()).toBe(PAYLOAD);
    await suggestion.click();
    await waitForElement(page, PAYLOAD_ID);
    const title = page.locator('.details-title');
    await eventually(() => title.textContent()).toBe(PAYLOAD);
    await page.locator('.citation .quote').first().waitFor();
    expect(await page.locator('#details').textContent()).toContain('<script>alert(2)</script> a test payload');
    expect(await page.locator('.citation .quote').first().textContent()).toBe('<b onmouseover=alert(3)>not bold</b>');
    // Expanding draws the role on the canvas (as canvas text) and in the edge's details.
    await page.keyboard.press('e');
    await waitForElement(page, WIKILEAKS);
    const edge = (await canvasIds(page, 'edges')).find((id) => id.startsWith('AFFILIATED_WITH|'))!;
    await clickCanvas(page, edge);
    await page.locator('.details-subtitle', { hasText: '<svg onload=alert(4)>' }).waitFor();
    // A "javascript:" quote is text, never a link.
    expect(await page.locator('#details a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator('img[src="x"], svg[onload], b[onmouseover], script:not([src])').count()).toBe(0);
    await screenshot(page, '15-html-payload-as-text');
  });

  it('shows the invisible characters of a bidirectional-override name in the list, the panel and on the canvas', async () => {
    const { page } = await open();
    await page.fill('.search-input', 'invoice');
    const suggestion = page.locator('.suggestion', { hasText: 'invoice' });
    await suggestion.waitFor();
    expect(await suggestion.locator('.suggestion-caption').textContent()).toBe(TROJAN_SHOWN);
    const id = (await suggestion.getAttribute('data-id'))!;
    await suggestion.click();
    await waitForElement(page, id);
    const title = page.locator('.details-title');
    await eventually(() => title.textContent()).toBe(TROJAN_SHOWN);
    await page.locator('.citation .quote').first().waitFor();
    const details = (await page.locator('#details').textContent())!;
    expect(details).toContain('[U+2067]right-to-left[U+2069]');
    expect(details).toContain(`says ${TROJAN_SHOWN}`);
    // No control character reached the page's text, and no data became a link.
    const pageText = await page.evaluate(() => document.body.innerText);
    expect(pageText).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(await page.locator('a[href^="javascript"], a[href^="data"]').count()).toBe(0);
    expect(await page.evaluate((i) => window.__backchannel.cy.getElementById(i).data('caption'), id)).toBe(
      TROJAN_SHOWN,
    );
    await screenshot(page, '16-bidi-controls-shown');
  });

  it('asks once for the API token when the server requires one, and keeps it for the tab', async () => {
    const guarded = await startApi(connection, { clientDir: CLIENT_DIST, apiToken: 'e2e-secret-token-0123456789' });
    try {
      watched = await openPage(browser, `${guarded.base}/?test`);
      const { page } = watched;
      const dialog = page.locator('dialog.dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('This server requires an API token.');
      await screenshot(page, '16-token-form');
      await page.locator('#api-token').fill('e2e-secret-token-0123456789');
      await page.getByRole('button', { name: 'Use this token' }).click();
      await page.locator('.start-entity').first().waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('backchannel.apiToken'))).toBe(
        'e2e-secret-token-0123456789',
      );
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  it('says the database is unavailable while it answers 503, and recovers by itself', async () => {
    const { page } = await open();
    let refused = 0;
    await page.route('**/api/search?*', async (route) => {
      if (refused < 1) {
        refused++;
        await route.fulfill({
          status: 503,
          headers: { 'retry-after': '1', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'unavailable', message: 'Neo4j is unavailable' } }),
        });
      } else await route.continue();
    });
    await page.fill('.search-input', 'wlsearch');
    const banner = page.locator('#banner');
    await eventually(() => banner.textContent()).toMatch(/Database unavailable, retrying/);
    await screenshot(page, '17-database-unavailable');
    await page.locator('.suggestion[data-id="url:http://wlsearch.tk/"]').waitFor();
    await eventually(() => banner.isHidden()).toBe(true);
  });
});
