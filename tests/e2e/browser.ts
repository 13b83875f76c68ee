/**
 * What the browser tests share: headless Chromium driven by playwright-core (which one, and from
 * where: ./chromium.ts), a page that records every dialog, page error and Content-Security-Policy
 * violation, screenshots kept as artifacts, and a few ways to reach canvas elements (which are
 * pixels on a <canvas>, so their positions come from the page's test hook, `?test`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/config.js';
import { launchChromium } from './chromium.js';

export const CLIENT_DIST = path.join(PROJECT_ROOT, 'client', 'dist');
export const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'e2e');

/** Fails loudly, with what to do, when the built client is missing (launchBrowser does for the browser). */
export function checkPrerequisites(): void {
  if (!existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error(
      `The client is not built: ${CLIENT_DIST}/index.html is missing. Build it first: npm run build:client (npx vite build client).`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface Watched {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly dialogs: string[];
  readonly errors: string[];
  readonly cspViolations: string[];
  readonly consoleMessages: string[];
}

/** A fresh page (its own storage) that records what must never happen. */
export async function openPage(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const watched: Watched = { page, context, dialogs: [], errors: [], cspViolations: [], consoleMessages: [] };
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    watched.consoleMessages.push(`${message.type()}: ${text}`);
    if (/Content[- ]Security[- ]Policy/i.test(text)) watched.cspViolations.push(text);
  });
  await page.exposeFunction('__reportCsp', (text: string) => watched.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp(t: string): void }).__reportCsp(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  await page.goto(url);
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

interface Hook {
  cy: {
    getElementById(id: string): {
      empty(): boolean;
      isNode(): boolean;
      visible(): boolean;
      renderedPosition(): { x: number; y: number };
      renderedMidpoint(): { x: number; y: number };
      position(): { x: number; y: number };
      data(key: string): unknown;
    };
    nodes(): { map<T>(f: (n: { id(): string }) => T): T[] };
    edges(): { map<T>(f: (n: { id(): string }) => T): T[] };
    container(): HTMLElement;
  };
}

declare global {
  interface Window {
    __backchannel: Hook;
  }
}

/** Ids of the nodes (or edges) on the canvas. */
export function canvasIds(page: Page, group: 'nodes' | 'edges' = 'nodes'): Promise<string[]> {
  return page.evaluate((g) => window.__backchannel.cy[g]().map((e) => e.id()), group);
}

export function isVisible(page: Page, id: string): Promise<boolean> {
  return page.evaluate((i) => {
    const e = window.__backchannel.cy.getElementById(i);
    return !e.empty() && e.visible();
  }, id);
}

export function waitForElement(page: Page, id: string, timeout = 15_000): Promise<unknown> {
  return page.waitForFunction((i) => !window.__backchannel.cy.getElementById(i).empty(), id, { timeout });
}

/** Where an element is drawn, in page coordinates (a node's centre, an edge's midpoint). */
export async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((i) => {
    const cy = window.__backchannel.cy;
    const e = cy.getElementById(i);
    if (e.empty()) throw new Error(`${i} is not on the canvas`);
    const p = e.isNode() ? e.renderedPosition() : e.renderedMidpoint();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

/** Waits until the viewport and the element stop moving (after a fit, a layout). */
async function settled(page: Page, id: string): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const now = JSON.stringify(await pointOf(page, id));
    if (now === last) return;
    last = now;
    await page.waitForTimeout(80);
  }
}

/** Clicks an element of the canvas as the analyst would, with the mouse. */
export async function clickCanvas(
  page: Page,
  id: string,
  options: { double?: boolean; right?: boolean; modifiers?: ('Shift' | 'Control')[] } = {},
): Promise<void> {
  await settled(page, id);
  const p = await pointOf(page, id);
  for (const m of options.modifiers ?? []) await page.keyboard.down(m);
  if (options.double) await page.mouse.dblclick(p.x, p.y);
  else await page.mouse.click(p.x, p.y, options.right ? { button: 'right' } : {});
  for (const m of options.modifiers ?? []) await page.keyboard.up(m);
}

/** Types in the search box and picks the suggestion for this node id. */
export async function searchAndPick(page: Page, query: string, id: string): Promise<void> {
  await page.fill('.search-input', query);
  const option = page.locator(`.suggestion[data-id="${id}"]`);
  await option.waitFor();
  await option.click();
  await waitForElement(page, id);
}
